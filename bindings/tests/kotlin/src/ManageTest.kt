package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.KpiGroup
import com.fieldsales.ffi.QuotaMetric
import com.fieldsales.ffi.Role
import java.time.LocalDate
import java.time.ZoneId
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** A manager's tools on a standalone store: quotas, attainment, KPIs, planning for a rep. */
class ManageTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun quotasAttainmentAndKpis() {
        newStore(tmp.root, "mia", Role.MANAGER).use { store ->
            val me = store.identity()
            val month = store.today().substring(0, 7) // YYYY-MM on the user's calendar
            val shop = Shop(store)
            val o = store.newOrder(shop.account.id, listOf(line(shop.product, 3_000)))
            store.submitOrder(o.id)

            val quota = store.setQuota(me.userName, null, month, QuotaMetric.REVENUE, 10_000)
            assertEquals(me.userId, quota.userId)
            assertNull(quota.territoryId)
            assertEquals(month, quota.period)
            assertEquals(QuotaMetric.REVENUE, quota.metric)
            val replaced = store.setQuota(me.userName, null, month, QuotaMetric.REVENUE, 15_000)
            assertEquals("setting again replaces", quota.id, replaced.id)
            assertEquals(listOf(replaced), store.quotas(month))
            assertEquals(emptyList<Any>(), store.quotas("2001-01"))

            // a standalone store counts everything as actual: 37.50 net of 150.00
            val row = store.attainment(month).single()
            assertEquals("mia", row.user)
            assertEquals(me.userId, row.userId)
            assertEquals(QuotaMetric.REVENUE, row.metric)
            assertEquals(15_000L, row.target)
            assertEquals(3_750L, row.actual)
            assertEquals(0L, row.pending)
            assertEquals(25.0, row.pct, 0.05)

            val kpi = store.kpis(month, KpiGroup.REP).single { it.id == me.userId }
            assertEquals(3_750L, kpi.revenueMinor)
            assertEquals(1L, kpi.orders)
            assertEquals(3_750L, kpi.avgOrderMinor)
            assertEquals(25.0, kpi.quotaPct!!, 0.05)
            assertEquals(emptyList<Any>(), store.kpis(month, KpiGroup.TERRITORY))

            assertFails<FieldSalesException.Invalid> { store.quotas("November") }
            assertFails<FieldSalesException.Invalid> { store.attainment("2026-13") }
            assertFails<FieldSalesException.Invalid> { store.kpis("last month", KpiGroup.REP) }
            assertFails<FieldSalesException.Invalid> { store.setQuota(null, null, month, QuotaMetric.ORDERS, 5) }
            assertFails<FieldSalesException.Invalid> { store.setQuota(me.userName, null, month, QuotaMetric.ORDERS, 0) }
            assertFails<FieldSalesException.NotFound> { store.setQuota("nobody", null, month, QuotaMetric.VISITS, 5) }
            assertFails<FieldSalesException.NotFound> { store.setQuota(null, "no-territory", month, QuotaMetric.NEW_ACCOUNTS, 5) }
            // a standalone store holds no territory to give or take
            assertFails<FieldSalesException.NotFound> { store.assignTerritory("no-territory", me.userName) }
            assertFails<FieldSalesException.NotFound> { store.unassignTerritory("no-territory", me.userName) }
        }
    }

    @Test
    fun planAVisitForAUserByName() {
        newStore(tmp.root, "mia", Role.MANAGER).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val start = LocalDate.parse(store.today()).plusDays(1).atTime(8, 30)
                .atZone(ZoneId.of(store.identity().zone)).toInstant().toEpochMilli()
            val v = store.planVisitFor("mia", a.id, start, 60)
            assertEquals(store.identity().userId, v.ownerId)
            assertEquals(start + 3_600_000, v.plannedEndMs)
            assertEquals(listOf(v.id), store.visitsOn(LocalDate.parse(store.today()).plusDays(1).toString()).map { it.id })
            val e = assertFails<FieldSalesException.NotFound> { store.planVisitFor("nobody", a.id, start, 60) }
            assertEquals("nobody", e.id)
        }
    }

    @Test
    fun nothingToReviewOnAFreshStore() {
        newStore(tmp.root).use { store ->
            // a standalone store holds no territories and has had no sync to reject or merge
            assertEquals(emptyList<Any>(), store.territories())
            assertEquals(emptyList<Any>(), store.rejections())
            assertFalse(store.dismissRejection(1))
            assertEquals(emptyList<Any>(), store.conflicts())
            assertFalse(store.dismissConflict("no-doc", "name"))
        }
    }
}

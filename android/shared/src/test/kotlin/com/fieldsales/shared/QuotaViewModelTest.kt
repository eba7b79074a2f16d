package com.fieldsales.shared

import com.fieldsales.ffi.NewLine
import com.fieldsales.ffi.QuotaMetric
import com.fieldsales.ffi.Role
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class QuotaViewModelTest : StoreTest() {
    @Test
    fun attainmentOfTheCurrentMonthCountsSubmittedOrders() {
        val repo = open(Role.MANAGER, "mia")
        val month = Periods.of(repo.store.today()).month
        repo.store.setQuota("mia", null, month, QuotaMetric.REVENUE, 100_000)
        val vm = QuotaViewModel(repo, scope)
        val s = vm.state.await { it.attainment.isNotEmpty() }
        assertEquals(month, s.period)
        val row = s.attainment.single()
        assertEquals(QuotaMetric.REVENUE, row.metric)
        assertEquals(100_000L, row.target)
        assertEquals(0L, row.actual + row.pending)

        val acme = repo.account("Acme")
        val widget = repo.product("W1", "Widget", 12_500)
        val order = repo.store.newOrder(acme.id, listOf(NewLine(widget.id, 2_000, 0)))
        repo.store.submitOrder(order.id)
        val after = vm.state.await { it.attainment.single().let { a -> a.actual + a.pending } > 0 }.attainment.single()
        assertTrue("$after", after.actual + after.pending > 0)
        assertTrue(after.pct >= 0.0)

        // the quarter counts the same order; it has no quota yet
        vm.selectPeriod(s.periods!!.quarter)
        val quarter = vm.state.await { it.period == s.periods!!.quarter || vm.error.value != null }
        assertEquals(null, vm.error.value)
        assertTrue(quarter.attainment.isEmpty())
        assertEquals(after.actual + after.pending, quarter.kpis.single().revenueMinor)
    }
}

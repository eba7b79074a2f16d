package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSalesException
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** Orders: totals for known prices, line edits, submit and cancel, and what a state refuses. */
class OrdersTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun totalsFollowTheLines() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            // 3 x 12.50 = 37.50 net, 20 % tax 7.50, total 45.00
            val o = store.newOrder(shop.account.id, listOf(line(shop.product, 3_000)))
            assertEquals("draft", o.status)
            assertTrue(o.number.isNotEmpty())
            assertEquals(shop.account.id, o.accountId)
            assertEquals(store.identity().userId, o.ownerId)
            assertEquals("EUR", o.currency)
            assertEquals(store.today(), o.orderDate)
            val l = o.lines.single()
            assertEquals(shop.product.id, l.productId)
            assertEquals(1250L, l.unitPriceMinor)
            assertEquals(3750L, l.netMinor)
            assertEquals(750L, l.taxMinor)
            assertEquals(Triple(3750L, 750L, 4500L), Triple(o.subtotalMinor, o.taxMinor, o.totalMinor))
            assertEquals(o, store.getOrder(o.id))

            // + 0.5 at 10 % off: 5.625 -> 5.62 (half to even), tax 1.124 -> 1.12
            val two = store.addOrderLine(o.id, line(shop.product, 500, 1000))
            assertEquals(2, two.lines.size)
            val added = two.lines[1]
            assertEquals(562L, added.netMinor)
            assertEquals(112L, added.taxMinor)
            assertEquals(Triple(4312L, 862L, 5174L), Triple(two.subtotalMinor, two.taxMinor, two.totalMinor))

            // that line to 2 at 10 % off: 22.50 + 4.50
            val changed = store.changeOrderLine(o.id, added.lineId, 2_000, null)
            assertEquals(1000L, changed.lines[1].discountBp)
            assertEquals(2250L, changed.lines[1].netMinor)
            assertEquals(Triple(6000L, 1200L, 7200L), Triple(changed.subtotalMinor, changed.taxMinor, changed.totalMinor))

            val one = store.removeOrderLine(o.id, o.lines[0].lineId)
            assertEquals(listOf(added.lineId), one.lines.map { it.lineId })
            assertEquals(Triple(2250L, 450L, 2700L), Triple(one.subtotalMinor, one.taxMinor, one.totalMinor))
            assertEquals(listOf(o.id), store.accountDetail(shop.account.id, 10u).orders.map { it.id })
        }
    }

    @Test
    fun aLineIsPricedBeforeItIsAddedAndNothingIsWritten() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            val pending = store.pendingChanges()
            // 5 at 10 % off: 56.25 net, 11.25 tax
            val preview = store.priceLine(shop.account.id, line(shop.product, 5_000, 1_000))
            assertEquals(shop.product.id, preview.productId)
            assertEquals(1250L, preview.unitPriceMinor)
            assertEquals(Pair(5625L, 1125L), Pair(preview.netMinor, preview.taxMinor))
            assertEquals(emptyList<Any>(), store.listOrders(null, null, 10u, 0u))
            assertEquals("a preview writes nothing", pending, store.pendingChanges())
            val added = store.newOrder(shop.account.id, listOf(line(shop.product, 5_000, 1_000))).lines.single()
            assertEquals(Pair(preview.netMinor, preview.taxMinor), Pair(added.netMinor, added.taxMinor))
            assertFails<FieldSalesException.Invalid> { store.priceLine(shop.account.id, line(shop.product, -1)) }
            assertFails<FieldSalesException.NotFound> { store.priceLine("no-account", line(shop.product, 1_000)) }
        }
    }

    @Test
    fun submitFreezesAndCancelEnds() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            val o = store.newOrder(shop.account.id, listOf(line(shop.product, 1_000)))
            assertNull(o.submittedAtMs)
            val submitted = store.submitOrder(o.id)
            assertEquals("submitted", submitted.status)
            assertNotNull(submitted.submittedAtMs)

            val frozen = assertFails<FieldSalesException.Conflict> { store.addOrderLine(o.id, line(shop.product, 1_000)) }
            assertEquals("not_editable", frozen.code)
            assertTrue(frozen.reason, frozen.reason.contains("submitted"))
            assertEquals("invalid_transition", assertFails<FieldSalesException.Conflict> { store.submitOrder(o.id) }.code)
            assertEquals("refusals changed nothing", submitted, store.getOrder(o.id))

            val draft = store.newOrder(shop.account.id, listOf(line(shop.product, 2_000)))
            assertEquals("cancelled", store.cancelOrder(draft.id).status)
            assertEquals(listOf(draft.id), store.listOrders(shop.account.id, "cancelled", 10u, 0u).map { it.id })
            assertEquals(listOf(o.id), store.listOrders(null, "submitted", 10u, 0u).map { it.id })
            assertEquals(setOf(o.id, draft.id), store.listOrders(null, null, 10u, 0u).map { it.id }.toSet())
            assertEquals(1, store.listOrders(null, null, 1u, 1u).size)
        }
    }

    @Test
    fun badOrdersAreRefused() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            assertFails<FieldSalesException.Invalid> { store.newOrder(shop.account.id, listOf(line(shop.product, 0))) }
            assertFails<FieldSalesException.Invalid> { store.newOrder(shop.account.id, listOf(line(shop.product, 1_000, 10_001))) }
            assertFails<FieldSalesException.NotFound> { store.newOrder("no-account", listOf(line(shop.product, 1_000))) }
            assertFails<FieldSalesException.Invalid> { store.listOrders(null, "shipped-ish", 10u, 0u) }
            val o = store.newOrder(shop.account.id, emptyList())
            assertEquals(0L, o.totalMinor)
            val e = assertFails<FieldSalesException.NotFound> { store.removeOrderLine(o.id, "no-line") }
            assertEquals("no-line", e.id)
            assertFails<FieldSalesException.NotFound> { store.changeOrderLine(o.id, "no-line", 1_000, null) }
            assertFails<FieldSalesException.NotFound> { store.getOrder("no-order") }
            assertEquals("nothing refused was stored", listOf(o.id), store.listOrders(null, null, 10u, 0u).map { it.id })
        }
    }
}

package com.fieldsales.ffi.tests

import com.fieldsales.ffi.AccountEdit
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.NewPriceList
import com.fieldsales.ffi.NewProduct
import com.fieldsales.ffi.QuotaMetric
import com.fieldsales.ffi.Role
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The customer's money and conditions: profile, account locale and conditions, price lists, order approval. */
class SellingTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun aThaiManagersCustomersArePricedFromTheirListAndConditions() {
        newStore(tmp.root, "somchai", Role.MANAGER, "Asia/Bangkok").use { s ->
            val me = s.setProfile(null, "THB", "th-TH")
            assertEquals(listOf("Asia/Bangkok", "THB", "th-TH"), listOf(me.zone, me.currency, me.locale))
            assertFails<FieldSalesException.Invalid> { s.setProfile(null, null, "th TH") }
            assertEquals("th-TH", s.identity().locale)

            val water = s.createProduct(NewProduct("TH1", "น้ำดื่มตราช้าง 600 มล.", 1_250, "THB", 700))
            val shop = s.createAccount(newAccount("ร้านกาแฟดอยช้างเชียงใหม่"))
            assertEquals(listOf("THB", "th-TH"), listOf(shop.currency, shop.locale))
            val edited = s.editAccount(shop.id, AccountEdit(discountBp = 250, terms = "ชำระเงินภายใน 30 วัน"))
            assertEquals(250L, edited.discountBp)
            assertFails<FieldSalesException.Invalid> { s.editAccount(shop.id, AccountEdit(paymentTermsDays = 400)) }

            var list = s.createPriceList(NewPriceList("ราคาพิเศษ", "THB"))
            s.setListPrice(list.id, water.id, 1_000, 0)
            list = s.assignPriceListToAccount(list.id, shop.id)
            assertEquals(listOf(shop.id), list.accountIds)
            assertEquals(listOf(list), s.listPriceLists())
            assertFails<FieldSalesException.NotFound> { s.setListPrice(list.id, "no-product", 1, 0) }

            val o = s.newOrder(shop.id, listOf(line(water, 2_000)))
            assertEquals(1_000L, o.lines.single().unitPriceMinor)
            assertEquals(250L, o.discountBp)
            // 2 x 10.00 less 2.5 %, in THB
            assertEquals(1_950L, o.subtotalMinor)
            val q = s.newQuote(shop.id, 30)
            assertEquals("ชำระเงินภายใน 30 วัน", q.terms)

            // a manager's own decision on a draft order's discount
            val asked = s.requestOrderApproval(o.id)
            assertTrue(asked.approvalRequested)
            assertEquals(listOf(o.id), s.ordersAwaitingApproval().map { it.id })
            val decided = s.approveOrderDiscount(o.id)
            assertEquals(true, decided.approval?.approved)
            assertTrue(s.ordersAwaitingApproval().isEmpty())
        }
    }

    @Test
    fun aRefusedDiscountSegmentListsAndBuddhistEraQuotas() {
        newStore(tmp.root, "somchai", Role.MANAGER, "Asia/Bangkok").use { s ->
            s.setProfile(null, "THB", "th-TH")
            val water = s.createProduct(NewProduct("TH1", "ชาเขียว", 10_000, "THB", 700))
            val shop = s.createAccount(newAccount("มินิมาร์ทบ้านสวน").copy(segment = "B"))
            val list = s.createPriceList(NewPriceList("ราคาส่ง", "THB"))
            s.setListPrice(list.id, water.id, 9_000, 0)
            assertEquals(listOf("B"), s.assignPriceListToSegment(list.id, "B").segments)
            assertEquals(listOf(water.id), s.getPriceList(list.id).prices.map { it.productId })
            val o = s.newOrder(shop.id, listOf(line(water, 1_000, 3_000)))
            assertEquals(9_000L, o.lines.single().unitPriceMinor)
            s.requestOrderApproval(o.id)
            val refused = s.rejectOrderDiscount(o.id)
            assertEquals(false, refused.approval?.approved)

            assertEquals("2026-12", s.periodLabel("2569-12"))
            assertFails<FieldSalesException.Invalid> { s.periodLabel("2569-13") }
            val q = s.setQuotaIn("somchai", null, s.periodLabel("2569-12"), QuotaMetric.REVENUE, 500_000, "VND")
            assertEquals(listOf("2026-12", "VND"), listOf(q.period, q.currency))
        }
    }
}

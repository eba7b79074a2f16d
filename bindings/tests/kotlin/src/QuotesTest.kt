package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.QuoteTerms
import com.fieldsales.ffi.SignatureInput
import com.fieldsales.ffi.Stroke
import com.fieldsales.ffi.StrokePoint
import com.fieldsales.ffi.Verification
import java.time.LocalDate
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** Quotes: draft, approval, present, sign with strokes, verify, PDF, convert; revise, decline. */
class QuotesTest {
    @get:Rule
    val tmp = TemporaryFolder()

    private val strokes = listOf(
        Stroke(listOf(StrokePoint(10, 40, 0), StrokePoint(30, 10, 16), StrokePoint(55, 42, 33))),
        Stroke(listOf(StrokePoint(60, 30, 0), StrokePoint(90, 31, 20))),
    )

    @Test
    fun draftApprovePresentSignVerifyPrintConvert() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            val today = LocalDate.parse(store.today())
            val q0 = store.newQuote(shop.account.id, 30)
            assertEquals("draft", q0.status)
            assertEquals(1L, q0.revision)
            assertEquals(today.toString(), q0.quoteDate)
            assertEquals(today.plusDays(30).toString(), q0.validUntil)
            assertEquals("Acme", q0.customerName)
            assertEquals(q0, store.getQuote(q0.id))

            val q1 = store.addQuoteLine(q0.id, line(shop.product, 3_000))
            assertEquals(Triple(3750L, 750L, 4500L), Triple(q1.subtotalMinor, q1.taxMinor, q1.totalMinor))
            // 10 % on the whole quote: 33.75 + 6.75
            val q2 = store.setQuoteDiscount(q0.id, 1000)
            assertEquals(1000L, q2.discountBp)
            assertEquals(Triple(3375L, 675L, 4050L), Triple(q2.subtotalMinor, q2.taxMinor, q2.totalMinor))
            val extra = store.addQuoteLine(q0.id, line(shop.product, 1_000)).lines[1]
            val q3 = store.removeQuoteLine(q0.id, extra.lineId)
            assertEquals(1, q3.lines.size)
            // 4 at 5 % off, then 10 % on the quote: 50.00 x .95 x .9 = 42.75, tax 8.55
            val q4 = store.changeQuoteLine(q0.id, q3.lines[0].lineId, 4_000, 500)
            assertEquals(Triple(4275L, 855L, 5130L), Triple(q4.subtotalMinor, q4.taxMinor, q4.totalMinor))
            val until = today.plusDays(10).toString()
            val q5 = store.setQuoteTerms(q0.id, QuoteTerms("Delivery within 2 weeks", 14, until))
            assertEquals("Delivery within 2 weeks", q5.terms)
            assertEquals(14L, q5.paymentTermsDays)
            assertEquals(until, q5.validUntil)
            assertFails<FieldSalesException.Invalid> { store.setQuoteTerms(q0.id, QuoteTerms(null, null, "2001-01-01")) }

            assertEquals("approval_requested", store.requestQuoteApproval(q0.id).status)
            val approved = store.approveQuote(q0.id)
            assertEquals("approved", approved.status)
            val decision = approved.approval!!
            assertTrue(decision.approved)
            assertEquals("ada", decision.decidedByName)
            assertEquals(1000L, decision.discountBp)

            assertFails<FieldSalesException.Invalid> { store.quotePdf(q0.id) } // printed once presented
            assertEquals(Verification.Unsigned, store.verifyQuote(q0.id))
            val presented = store.presentQuote(q0.id)
            assertEquals("presented", presented.status)
            assertTrue(String(store.quotePdf(q0.id), Charsets.ISO_8859_1).startsWith("%PDF"))

            val consent = store.consentText(q0.id, "Jo Buyer")
            assertTrue(consent, consent.contains("Jo Buyer"))
            val place = GeoPoint(52.52, 13.405)
            val signed = store.signQuote(q0.id, SignatureInput("Jo Buyer", "Purchasing", null, strokes, place))
            assertEquals("signed", signed.status)
            val sig = signed.signature!!
            assertEquals("Jo Buyer", sig.signerName)
            assertEquals("Purchasing", sig.signerRole)
            assertEquals(consent, sig.consentText)
            assertEquals(strokes, sig.strokes)
            assertEquals(place, sig.place)
            assertEquals(store.identity().deviceId, sig.deviceId)
            assertTrue(sig.contentHash.isNotEmpty())
            assertEquals(Verification.Valid, store.verifyQuote(q0.id))
            val pdf = store.quotePdf(q0.id)
            assertTrue(String(pdf.copyOfRange(0, 5), Charsets.ISO_8859_1) == "%PDF-")
            assertEquals("not_editable", assertFails<FieldSalesException.Conflict> { store.setQuoteDiscount(q0.id, 0) }.code)

            val converted = store.convertQuote(q0.id)
            assertEquals("converted", converted.quote.status)
            assertEquals(converted.order.id, converted.quote.orderId)
            val order = converted.order
            assertEquals("submitted", order.status)
            assertEquals(q0.id, order.fromQuoteId)
            assertEquals(Triple(4275L, 855L, 5130L), Triple(order.subtotalMinor, order.taxMinor, order.totalMinor))
            assertEquals(signed.lines, order.lines)
            assertEquals(order, store.getOrder(order.id))
            assertEquals(Verification.Valid, store.verifyQuote(q0.id))
            assertEquals(listOf(q0.id), store.listQuotes(shop.account.id, "converted", 10u, 0u).map { it.id })
            assertEquals(listOf(q0.id), store.accountDetail(shop.account.id, 10u).quotes.map { it.id })
        }
    }

    @Test
    fun rejectReviseAndDecline() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            val q = store.newQuote(shop.account.id, 14)
            store.addQuoteLine(q.id, line(shop.product, 1_000, 2_500))
            store.requestQuoteApproval(q.id)
            val refused = store.rejectQuote(q.id)
            assertEquals("approval_rejected", refused.status)
            assertFalse(refused.approval!!.approved)
            // reworking the quote brings it back to draft, without the old decision
            val reworked = store.changeQuoteLine(q.id, refused.lines[0].lineId, null, 0)
            assertEquals("draft", reworked.status)
            assertNull(reworked.approval)
            store.presentQuote(q.id)

            val r2 = store.reviseQuote(q.id)
            assertEquals("draft", r2.status)
            assertEquals(q.number, r2.number)
            assertEquals(2L, r2.revision)
            assertEquals(q.id, r2.previousId)
            assertEquals(listOf(1L, 2L), store.quoteRevisions(q.number).map { it.revision })
            val superseded = assertFails<FieldSalesException.Conflict> {
                store.signQuote(q.id, SignatureInput("Jo Buyer", "Owner", "I agree.", strokes, null))
            }
            assertEquals("superseded", superseded.code)

            assertEquals("declined", store.declineQuote(q.id).status)
            assertEquals("invalid_transition", assertFails<FieldSalesException.Conflict> { store.declineQuote(q.id) }.code)
            assertEquals(listOf(q.id), store.listQuotes(null, "declined", 10u, 0u).map { it.id })
            assertEquals(listOf(r2.id), store.listQuotes(shop.account.id, "draft", 10u, 0u).map { it.id })
            assertEquals(2, store.listQuotes(null, null, 10u, 0u).size)
            assertEquals(1, store.listQuotes(null, null, 1u, 1u).size)

            // a signed quote is revised too; the signed revision stays as it is, still valid
            val s = store.newQuote(shop.account.id, 14)
            store.addQuoteLine(s.id, line(shop.product, 2_000))
            store.presentQuote(s.id)
            store.signQuote(s.id, SignatureInput("Jo Buyer", "Owner", "I agree.", strokes, null))
            val s2 = store.reviseQuote(s.id)
            assertEquals(Pair(2L, s.id), Pair(s2.revision, s2.previousId))
            assertEquals(store.getQuote(s.id).lines, s2.lines)
            assertEquals("signed", store.getQuote(s.id).status)
            assertEquals(Verification.Valid, store.verifyQuote(s.id))
            assertEquals("I agree.", store.getQuote(s.id).signature!!.consentText)
        }
    }

    @Test
    fun badQuotesAreRefused() {
        newStore(tmp.root).use { store ->
            val shop = Shop(store)
            assertFails<FieldSalesException.Invalid> { store.newQuote(shop.account.id, 0) }
            assertFails<FieldSalesException.NotFound> { store.newQuote("no-account", 30) }
            val q = store.newQuote(shop.account.id, 30)
            assertFails<FieldSalesException.Invalid> { store.presentQuote(q.id) } // no lines
            assertFails<FieldSalesException.Invalid> { store.requestQuoteApproval(q.id) }
            assertFails<FieldSalesException.Invalid> { store.setQuoteDiscount(q.id, 10_001) }
            assertFails<FieldSalesException.Invalid> { store.listQuotes(null, "pending", 10u, 0u) }
            assertEquals("invalid_transition", assertFails<FieldSalesException.Conflict> { store.approveQuote(q.id) }.code)
            assertEquals("invalid_transition", assertFails<FieldSalesException.Conflict> { store.convertQuote(q.id) }.code)
            assertFails<FieldSalesException.NotFound> { store.getQuote("no-quote") }
            assertEquals(emptyList<Any>(), store.quoteRevisions("Q-none"))
            assertNotNull(store.getQuote(q.id))
        }
    }
}

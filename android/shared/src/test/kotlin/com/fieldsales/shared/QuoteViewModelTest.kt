package com.fieldsales.shared

import com.fieldsales.ffi.Role
import com.fieldsales.ffi.Verification
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test

class QuoteViewModelTest : StoreTest() {
    private fun QuoteViewModel.draw() {
        pad.begin(10f, 40f, 5_000)
        pad.moveTo(20f, 35f, 5_016)
        pad.moveTo(35f, 45f, 5_033)
        pad.end()
        pad.begin(50f, 30f, 5_400)
        pad.moveTo(60f, 50f, 5_420)
        pad.end()
    }

    @Test
    fun aQuoteIsPresentedSignedVerifiedPrintedAndConvertedToAnOrder() {
        val repo = open(Role.MANAGER)
        val acme = repo.account("Acme")
        val widget = repo.product("W1", "Widget", 1250)
        val quoteId = repo.store.newQuote(acme.id, 30).id
        val vm = QuoteViewModel(repo, scope, quoteId, debounceMs = 10)
        assertTrue(vm.state.await { it.quote != null }.editable)

        vm.addLine(widget.id, 4_000).done()
        val priced = vm.state.await { it.quote!!.lines.size == 1 }.quote!!
        assertEquals(repo.store.getQuote(quoteId).totalMinor, priced.totalMinor)
        vm.present().done()
        assertTrue(vm.state.await { it.quote!!.status == "presented" }.canSign)

        // no signature yet: refused before the store is asked
        vm.onSignerName("Dana Schulz")
        vm.onSignerRole("Purchasing")
        vm.sign().done()
        assertEquals(UiError.Input(InputProblem.SIGNATURE_MISSING), vm.error.value)

        val shown = vm.state.await { it.consentFor == "Dana Schulz" }.consentText!!
        assertTrue(shown, shown.contains("Dana Schulz"))
        vm.draw()
        val drawn = vm.pad.strokes.value
        vm.sign().done()
        assertEquals(null, vm.error.value)
        val signed = vm.state.await { it.quote!!.status == "signed" && it.verification != null }
        val signature = signed.quote!!.signature!!
        assertEquals("Dana Schulz", signature.signerName)
        assertEquals("Purchasing", signature.signerRole)
        assertEquals(shown, signature.consentText)
        assertEquals(drawn, signature.strokes)
        assertEquals(Verification.Valid, signed.verification)
        assertTrue(vm.pad.isEmpty)

        var pdf: ByteArray? = null
        vm.pdf { pdf = it }.done()
        assertEquals("%PDF", String(pdf!!.copyOfRange(0, 4), Charsets.US_ASCII))

        var orderId: String? = null
        vm.convert { orderId = it }.done()
        assertNotNull(orderId)
        val order = repo.store.getOrder(orderId!!)
        assertEquals("submitted", order.status)
        assertEquals(quoteId, order.fromQuoteId)
        assertEquals(signed.quote!!.totalMinor, order.totalMinor)
        assertEquals(orderId, vm.state.await { it.quote!!.status == "converted" }.quote!!.orderId)
    }
}

package com.fieldsales.shared

import com.fieldsales.ffi.Role
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

class OrderEntryViewModelTest : StoreTest() {
    @Test
    fun linesAndTotalsAreTheCoresAndTheOrderSubmits() {
        val repo = open(Role.MANAGER)
        val acme = repo.account("Acme")
        val widget = repo.product("W1", "Widget", 1250, taxBp = 1900)
        val gadget = repo.product("G1", "Gadget", 9999, taxBp = 700)
        val vm = OrderEntryViewModel(repo, scope, acme.id, debounceMs = 10)
        assertEquals(listOf("Gadget", "Widget"), vm.state.await { it.products.size == 2 }.products.map { it.name })
        vm.onProductQuery("wid")
        vm.state.await { it.products.map { p -> p.name } == listOf("Widget") }
        assertEquals(null, vm.state.value.order) // nothing written by looking

        vm.addLine(widget.id, 3_000, discountBp = 1_000).done()
        vm.addLine(gadget.id, 1_500).done()
        val id = vm.state.value.order!!.id
        val core = repo.store.getOrder(id)
        val shown = vm.state.await { it.order == core }.order!!
        assertEquals(2, shown.lines.size)
        assertEquals(core.subtotalMinor, shown.subtotalMinor)
        assertEquals(core.taxMinor, shown.taxMinor)
        assertEquals(core.totalMinor, shown.totalMinor)
        assertEquals(shown.lines.sumOf { it.netMinor }, shown.subtotalMinor)
        assertTrue(shown.totalMinor > 0)

        // a changed quantity is priced again by the core
        vm.changeLine(shown.lines.first { it.productId == widget.id }.lineId, qtyMilli = 4_000).done()
        val changed = repo.store.getOrder(id)
        assertTrue(changed.totalMinor > core.totalMinor)
        vm.state.await { it.order == changed }

        vm.removeLine(changed.lines.first { it.productId == gadget.id }.lineId).done()
        vm.submit().done()
        val submitted = vm.state.await { it.order?.status == "submitted" }
        assertFalse(submitted.editable)
        assertEquals(repo.store.getOrder(id).totalMinor, submitted.order!!.totalMinor)
        assertEquals(1, submitted.order!!.lines.size)

        // the core refuses edits of a submitted order; the screen says why
        vm.addLine(widget.id, 1_000).done()
        assertTrue("${vm.error.value}", vm.error.value is UiError.Conflict)
    }

    @Test
    fun badQuantitiesAndSubmittingNothingAreRefusedAndADraftCanBeDiscarded() {
        val repo = open(Role.MANAGER)
        val acme = repo.account("Acme")
        val widget = repo.product("W1", "Widget", 1250)
        val vm = OrderEntryViewModel(repo, scope, acme.id, debounceMs = 10)
        vm.submit().done()
        assertEquals(UiError.Input(InputProblem.NO_LINE_YET), vm.error.value)
        vm.addLine(widget.id, 0).done()
        assertEquals(UiError.Input(InputProblem.QUANTITY_NOT_POSITIVE), vm.error.value)
        vm.addLine("no-such-product", 1_000).done()
        assertTrue("${vm.error.value}", vm.error.value is UiError.Invalid)
        assertEquals(null, vm.state.value.order)

        // a draft the rep discards is cancelled before the screen leaves
        vm.addLine(widget.id, 1_000).done()
        var left = false
        vm.cancel { left = true }.done()
        assertTrue(left)
        assertEquals("cancelled", repo.store.getOrder(vm.state.value.order!!.id).status)
    }
}

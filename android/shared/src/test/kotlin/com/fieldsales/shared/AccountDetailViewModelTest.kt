package com.fieldsales.shared

import com.fieldsales.ffi.NewLine
import com.fieldsales.ffi.Role
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class AccountDetailViewModelTest : StoreTest() {
    @Test
    fun aNewOrderShowsUpInTheHistoryOnceItIsWritten() {
        val repo = open(Role.MANAGER)
        val acme = repo.account("Acme")
        val widget = repo.product("W1", "Widget", 1250)
        val vm = AccountDetailViewModel(repo, scope, acme.id)
        val before = vm.state.await { it.detail != null }.detail!!
        assertEquals("Acme", before.account.name)
        assertTrue(before.orders.isEmpty())

        // written by the order screen's view-model, heard here through the store's listener
        val entry = OrderEntryViewModel(repo, scope, acme.id, debounceMs = 10)
        entry.addLine(widget.id, 2_000).done()
        val orderId = entry.state.value.order!!.id
        val after = vm.state.await { it.detail?.orders?.isNotEmpty() == true }.detail!!
        assertEquals(listOf(orderId), after.orders.map { it.id })

        // and a second one, written straight to the store
        repo.store.newOrder(acme.id, listOf(NewLine(widget.id, 1_000, 0)))
        assertEquals(2, vm.state.await { it.detail?.orders?.size == 2 }.detail!!.orders.size)
    }

    @Test
    fun visitsQuotesAndTasksStartHere() {
        val repo = open(Role.REP)
        val acme = repo.account("Acme")
        val vm = AccountDetailViewModel(repo, scope, acme.id)
        var visitId: String? = null
        var quoteId: String? = null
        vm.visitNow { visitId = it }.done()
        vm.newQuote { quoteId = it }.done()
        vm.addTask("Send the catalogue", null).done()
        vm.addTask("  ").done()
        assertEquals(UiError.Input(InputProblem.TASK_TITLE_MISSING), vm.error.value)
        val d = vm.state.await {
            it.detail?.run { visits.isNotEmpty() && quotes.isNotEmpty() && tasks.isNotEmpty() } == true
        }.detail!!
        assertEquals(visitId, d.visits.single().id)
        assertEquals(quoteId, d.quotes.single().id)
        assertEquals("Send the catalogue", d.tasks.single().title)
        vm.completeTask(d.tasks.single().id).done()
        vm.state.await { it.detail?.tasks?.single()?.status == "done" }
    }

    @Test
    fun anAccountThatIsNotHereIsNotFound() {
        val repo = open(Role.REP)
        val vm = AccountDetailViewModel(repo, scope, "no-such-account")
        assertEquals(UiError.NotFound("account"), vm.error.await { it != null })
        assertEquals(null, vm.state.value.detail)
    }
}

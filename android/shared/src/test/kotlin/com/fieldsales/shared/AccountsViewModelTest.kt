package com.fieldsales.shared

import com.fieldsales.ffi.Role
import org.junit.Assert.assertEquals
import org.junit.Test

class AccountsViewModelTest : StoreTest() {
    @Test
    fun theListFollowsTheDebouncedQueryAndNewAccounts() {
        val repo = open(Role.REP)
        repo.account("Acme Trading")
        repo.account("Acme Foods")
        repo.account("Beta Bakery")
        val vm = AccountsViewModel(repo, scope, debounceMs = 50)
        val names = { s: AccountsState -> s.accounts.map { it.name } }

        assertEquals(listOf("Acme Foods", "Acme Trading", "Beta Bakery"), names(vm.state.await { it.resultsFor == "" }))
        // typing: the field follows each key, the list only the settled text
        for (text in listOf("a", "ac", "acm", "acme")) vm.onQueryChange(text)
        assertEquals("acme", vm.state.value.query)
        assertEquals(listOf("Acme Foods", "Acme Trading"), names(vm.state.await { it.resultsFor == "acme" }))
        vm.onQueryChange("bet")
        assertEquals(listOf("Beta Bakery"), names(vm.state.await { it.resultsFor == "bet" }))

        // an account written elsewhere (another screen, a sync) shows up under the query
        vm.onQueryChange("acme")
        vm.state.await { it.resultsFor == "acme" }
        repo.account("Acme Tools")
        vm.state.await { it.accounts.size == 3 && it.resultsFor == "acme" }
        vm.onQueryChange("")
        assertEquals(4, vm.state.await { it.resultsFor == "" }.accounts.size)
    }

    @Test
    fun aNewAccountNeedsANameAndThenAppears() {
        val repo = open(Role.REP)
        val vm = AccountsViewModel(repo, scope, debounceMs = 10)
        vm.createAccount(" ", "Berlin", "10115", "DE").done()
        assertEquals(UiError.Input(InputProblem.ACCOUNT_NAME_MISSING), vm.error.value)
        var created: String? = null
        vm.createAccount("Gamma GmbH", "Berlin", "10115", "DE") { created = it }.done()
        assertEquals(null, vm.error.value)
        val s = vm.state.await { it.accounts.isNotEmpty() }
        assertEquals(created, s.accounts.single().id)
    }
}

package com.fieldsales.shared

import com.fieldsales.ffi.Account
import com.fieldsales.ffi.AccountQuery
import com.fieldsales.ffi.NewAccount
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.Territory
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.FlowPreview
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.debounce
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.flatMapLatest
import kotlinx.coroutines.flow.map

data class AccountsState(
    /** What the search field shows, as typed. */
    val query: String = "",
    /** The query [accounts] answer; lags [query] by the debounce. Null before the first read. */
    val resultsFor: String? = null,
    val accounts: List<Account> = emptyList(),
    /** The territories this phone holds: where a new account can go. */
    val territories: List<Territory> = emptyList(),
)

/**
 * Accounts by name with a search field. Typing is debounced ([debounceMs]) so a fast typist
 * causes one query, and clearing the field shows the full list at once. The list re-reads
 * when accounts change (a sync, a new account).
 */
@OptIn(FlowPreview::class, ExperimentalCoroutinesApi::class)
class AccountsViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
    debounceMs: Long = 300,
    private val pageSize: UInt = 200u,
) : ScreenModel<AccountsState>(AccountsState(), scope) {
    private val query = MutableStateFlow("")

    init {
        query
            .debounce { if (it.isBlank()) 0 else debounceMs }
            .map { it.trim() }
            .distinctUntilChanged()
            .flatMapLatest { q ->
                repo.observe(RecordKind.ACCOUNT) {
                    listAccounts(AccountQuery(q.ifEmpty { null }, null, null, pageSize, 0u))
                }.map { r -> r.map { q to it } }
            }
            .into { (q, list) -> copy(resultsFor = q, accounts = list) }
        repo.observe(RecordKind.TERRITORY) { territories() }.into { copy(territories = it) }
    }

    fun onQueryChange(text: String) {
        query.value = text
        setState { copy(query = text) }
    }

    /**
     * A new account with what the rep knows at the door; [onCreated] gets its id. The server
     * refuses a rep's account without a territory, so [territoryId] defaults to the only
     * territory the phone holds (a rep with several picks one).
     */
    fun createAccount(
        name: String,
        city: String,
        postalCode: String,
        country: String,
        visitFrequencyDays: Long = 0,
        territoryId: String? = state.value.territories.singleOrNull()?.id,
        onCreated: (String) -> Unit = {},
    ) = action {
        requireInput(name.isNotBlank(), InputProblem.ACCOUNT_NAME_MISSING)
        val account = repo.call {
            createAccount(
                NewAccount(
                    name = name.trim(), legalName = "", phone = "", email = "", street = "",
                    city = city.trim(), postalCode = postalCode.trim(), country = country.trim(),
                    geo = null, segment = "", territoryId = territoryId, visitFrequencyDays = visitFrequencyDays,
                ),
            )
        }
        onCreated(account.id)
    }
}

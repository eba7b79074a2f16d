package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.WindowInsets
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Search
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.FilterChip
import androidx.compose.material3.FloatingActionButton
import androidx.compose.material3.Icon
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ListRow
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.ffi.Territory
import com.fieldsales.shared.AccountsViewModel
import com.fieldsales.shared.Repository

/** Accounts by name with a search field; a new account from the + button. */
@Composable
fun AccountsScreen(repo: Repository, onAccount: (String) -> Unit) {
    val vm = screenModel { AccountsViewModel(repo, it) }
    val state by vm.state.collectAsStateWithLifecycle()
    var adding by rememberSaveable { mutableStateOf(false) }
    Scaffold(
        // the outer scaffold (Navigation.kt) already keeps clear of the system bars
        contentWindowInsets = WindowInsets(0, 0, 0, 0),
        floatingActionButton = {
            FloatingActionButton(onClick = { adding = true }) { Icon(Icons.Filled.Add, contentDescription = stringResource(R.string.accounts_new)) }
        },
    ) { padding ->
        LazyColumn(Modifier.fillMaxSize().padding(padding)) {
            item { ScreenStatus(vm) }
            item {
                OutlinedTextField(
                    value = state.query,
                    onValueChange = vm::onQueryChange,
                    leadingIcon = { Icon(Icons.Filled.Search, contentDescription = null) },
                    placeholder = { Text(stringResource(R.string.accounts_search)) },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth().padding(16.dp),
                )
            }
            if (state.resultsFor != null && state.accounts.isEmpty()) {
                item { EmptyLine(stringResource(if (state.query.isBlank()) R.string.accounts_empty else R.string.accounts_no_match)) }
            }
            items(state.accounts, key = { it.id }) { a ->
                ListRow(
                    title = a.name,
                    subtitle = listOf(a.street, "${a.postalCode} ${a.city}".trim()).filter { it.isNotBlank() }.joinToString(", "),
                    onClick = { onAccount(a.id) },
                )
            }
        }
    }
    if (adding) {
        NewAccountDialog(
            territories = state.territories,
            onDismiss = { adding = false },
            onCreate = { name, city, postal, country, territory ->
                vm.createAccount(name, city, postal, country, territoryId = territory) { id ->
                    adding = false
                    onAccount(id)
                }
            },
        )
    }
}

@Composable
private fun NewAccountDialog(
    territories: List<Territory>,
    onDismiss: () -> Unit,
    onCreate: (String, String, String, String, String?) -> Unit,
) {
    var name by rememberSaveable { mutableStateOf("") }
    var city by rememberSaveable { mutableStateOf("") }
    var postal by rememberSaveable { mutableStateOf("") }
    var country by rememberSaveable { mutableStateOf("DE") }
    // the server refuses a rep's account outside her territories
    var territory by rememberSaveable { mutableStateOf(territories.singleOrNull()?.id) }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.accounts_new)) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(name, { name = it }, label = { Text(stringResource(R.string.field_name)) }, singleLine = true)
                OutlinedTextField(city, { city = it }, label = { Text(stringResource(R.string.field_city)) }, singleLine = true)
                OutlinedTextField(postal, { postal = it }, label = { Text(stringResource(R.string.field_postal_code)) }, singleLine = true)
                OutlinedTextField(country, { country = it.uppercase().take(2) }, label = { Text(stringResource(R.string.field_country)) }, singleLine = true)
                for (t in territories) {
                    FilterChip(selected = territory == t.id, onClick = { territory = t.id }, label = { Text(t.name) })
                }
            }
        },
        confirmButton = { TextButton(onClick = { onCreate(name, city, postal, country, territory) }) { Text(stringResource(R.string.action_create)) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.action_cancel)) } },
    )
}

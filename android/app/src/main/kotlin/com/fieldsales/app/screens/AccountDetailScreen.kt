package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ListRow
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.app.ui.appLocale
import com.fieldsales.app.ui.statusText
import com.fieldsales.shared.AccountDetailViewModel
import com.fieldsales.shared.Repository
import com.fieldsales.shared.Units

/** One account: its details, contacts and history; start a visit, an order or a quote here. */
@Composable
fun AccountDetailScreen(
    repo: Repository,
    accountId: String,
    onVisit: (String) -> Unit,
    onOrder: (String?) -> Unit,
    onQuote: (String) -> Unit,
) {
    val vm = screenModel { AccountDetailViewModel(repo, it, accountId) }
    val state by vm.state.collectAsStateWithLifecycle()
    val detail = state.detail
    val locale = appLocale()
    var task by rememberSaveable { mutableStateOf("") }
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm) }
        if (detail == null) return@LazyColumn
        val a = detail.account
        item {
            Text(a.name, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.padding(16.dp))
            Text(
                listOf(a.street, "${a.postalCode} ${a.city}".trim(), a.country, a.phone, a.email)
                    .filter { it.isNotBlank() }.joinToString("\n"),
                modifier = Modifier.padding(horizontal = 16.dp),
            )
            if (a.notes.isNotBlank()) Text(a.notes, Modifier.padding(16.dp), style = MaterialTheme.typography.bodySmall)
        }
        item {
            Row(Modifier.fillMaxWidth().padding(16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Button(onClick = { vm.visitNow(onPlanned = onVisit) }) { Text(stringResource(R.string.account_visit_now)) }
                OutlinedButton(onClick = { onOrder(null) }) { Text(stringResource(R.string.account_new_order)) }
                OutlinedButton(onClick = { vm.newQuote(onCreated = onQuote) }) { Text(stringResource(R.string.account_new_quote)) }
            }
        }
        item { SectionTitle(stringResource(R.string.account_contacts)) }
        if (detail.contacts.isEmpty()) item { EmptyLine(stringResource(R.string.account_no_contacts)) }
        items(detail.contacts, key = { it.id }) { c ->
            ListRow(c.name, listOf(c.title, c.phone, c.email).filter { it.isNotBlank() }.joinToString(" · "))
        }
        item { SectionTitle(stringResource(R.string.account_orders)) }
        if (detail.orders.isEmpty()) item { EmptyLine(stringResource(R.string.account_no_orders)) }
        items(detail.orders, key = { it.id }) { o ->
            ListRow(
                title = "${o.number} · ${statusText(o.status)}",
                subtitle = Units.day(o.orderDate, locale),
                trailing = Units.money(o.totalMinor, o.currency),
                onClick = { onOrder(o.id) },
            )
        }
        item { SectionTitle(stringResource(R.string.account_quotes)) }
        if (detail.quotes.isEmpty()) item { EmptyLine(stringResource(R.string.account_no_quotes)) }
        items(detail.quotes, key = { it.id }) { q ->
            ListRow(
                title = stringResource(R.string.quote_number_revision, q.number, q.revision.toString()) + " · " + statusText(q.status),
                subtitle = stringResource(R.string.valid_until, Units.day(q.validUntil, locale)),
                trailing = Units.money(q.totalMinor, q.currency),
                onClick = { onQuote(q.id) },
            )
        }
        item { SectionTitle(stringResource(R.string.account_visits)) }
        if (detail.visits.isEmpty()) item { EmptyLine(stringResource(R.string.account_no_visits)) }
        items(detail.visits, key = { it.id }) { v ->
            ListRow(
                title = Units.dateTime(v.plannedStartMs, state.zone, locale),
                subtitle = listOf(statusText(v.status), v.outcome).filter { it.isNotBlank() }.joinToString(" · "),
                onClick = { onVisit(v.id) },
            )
        }
        item { SectionTitle(stringResource(R.string.account_tasks)) }
        items(detail.tasks, key = { it.id }) { t ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 8.dp), verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = t.status == "done", enabled = t.status == "open", onCheckedChange = { vm.completeTask(t.id) })
                Text(t.due?.let { stringResource(R.string.task_due, t.title, Units.day(it, locale)) } ?: t.title)
            }
        }
        item {
            Row(Modifier.fillMaxWidth().padding(16.dp), verticalAlignment = Alignment.CenterVertically) {
                OutlinedTextField(task, { task = it }, label = { Text(stringResource(R.string.account_new_task)) }, singleLine = true, modifier = Modifier.weight(1f))
                TextButton(onClick = {
                    vm.addTask(task)
                    task = ""
                }) { Text(stringResource(R.string.action_add)) }
            }
        }
    }
}

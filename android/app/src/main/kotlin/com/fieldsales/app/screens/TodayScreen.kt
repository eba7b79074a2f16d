package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ListRow
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.shared.Repository
import com.fieldsales.shared.TodayViewModel
import com.fieldsales.shared.Units

/** Today's visits in driving order, accounts due a visit, open tasks. */
@Composable
fun TodayScreen(repo: Repository, onVisit: (String) -> Unit, onAccount: (String) -> Unit, onLogIn: () -> Unit) {
    val vm = screenModel { TodayViewModel(repo, it) }
    val state by vm.state.collectAsStateWithLifecycle()
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm, onLogIn = onLogIn) }
        item {
            val plan = state.plan
            val summary = if (plan == null || plan.stops.isEmpty()) {
                ""
            } else {
                " · %.1f km (%.1f km in planned order)".format(plan.distanceKm, plan.plannedOrderKm)
            }
            SectionTitle("Visits ${state.date}$summary")
        }
        val stops = state.plan?.stops.orEmpty()
        if (state.plan != null && stops.isEmpty()) item { EmptyLine("No visits planned today.") }
        items(stops, key = { it.visitId }) { stop ->
            ListRow(
                title = stop.accountName,
                subtitle = Units.time(stop.plannedStartMs, state.zone) +
                    (if (stop.place == null) " · no location" else " · %.1f km".format(stop.legKm)),
                onClick = { onVisit(stop.visitId) },
            )
        }
        item { SectionTitle("Due a visit") }
        if (state.due.isEmpty()) item { EmptyLine("Nobody is due.") }
        items(state.due, key = { it.accountId }) { d ->
            ListRow(
                title = d.name,
                subtitle = "every ${d.visitFrequencyDays} days · due ${d.dueOn}",
                trailing = if (d.overdueDays > 0) "${d.overdueDays} d late" else null,
                onClick = { onAccount(d.accountId) },
            )
        }
        item { SectionTitle("Open tasks") }
        if (state.tasks.isEmpty()) item { EmptyLine("No open tasks.") }
        items(state.tasks, key = { it.id }) { t ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 8.dp), verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = false, onCheckedChange = { vm.completeTask(t.id) })
                Text(t.title + (t.due?.let { " · due $it" } ?: ""), style = MaterialTheme.typography.bodyLarge)
            }
        }
    }
}

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
import com.fieldsales.app.ui.plural
import com.fieldsales.shared.Repository
import com.fieldsales.shared.TodayViewModel
import com.fieldsales.shared.Units

/** Today's visits in driving order, accounts due a visit, open tasks. */
@Composable
fun TodayScreen(repo: Repository, onVisit: (String) -> Unit, onAccount: (String) -> Unit, onLogIn: () -> Unit) {
    val vm = screenModel { TodayViewModel(repo, it) }
    val state by vm.state.collectAsStateWithLifecycle()
    val locale = appLocale()
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm, onLogIn = onLogIn) }
        item {
            val plan = state.plan
            val day = Units.day(state.date, locale)
            SectionTitle(
                if (plan == null || plan.stops.isEmpty()) {
                    stringResource(R.string.today_visits, day)
                } else {
                    stringResource(R.string.today_visits_distance, day, Units.km(plan.distanceKm, locale), Units.km(plan.plannedOrderKm, locale))
                },
            )
        }
        val stops = state.plan?.stops.orEmpty()
        if (state.plan != null && stops.isEmpty()) item { EmptyLine(stringResource(R.string.today_no_visits)) }
        items(stops, key = { it.visitId }) { stop ->
            ListRow(
                title = stop.accountName,
                subtitle = Units.time(stop.plannedStartMs, state.zone, locale).let { time ->
                    if (stop.place == null) {
                        stringResource(R.string.stop_no_location, time)
                    } else {
                        stringResource(R.string.stop_leg, time, Units.km(stop.legKm, locale))
                    }
                },
                onClick = { onVisit(stop.visitId) },
            )
        }
        item { SectionTitle(stringResource(R.string.today_due)) }
        if (state.due.isEmpty()) item { EmptyLine(stringResource(R.string.today_nobody_due)) }
        items(state.due, key = { it.accountId }) { d ->
            ListRow(
                title = d.name,
                subtitle = plural(R.plurals.due_every, d.visitFrequencyDays, Units.day(d.dueOn, locale)),
                trailing = if (d.overdueDays > 0) plural(R.plurals.days_late, d.overdueDays) else null,
                onClick = { onAccount(d.accountId) },
            )
        }
        item { SectionTitle(stringResource(R.string.today_open_tasks)) }
        if (state.tasks.isEmpty()) item { EmptyLine(stringResource(R.string.today_no_tasks)) }
        items(state.tasks, key = { it.id }) { t ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 8.dp), verticalAlignment = Alignment.CenterVertically) {
                Checkbox(checked = false, onCheckedChange = { vm.completeTask(t.id) })
                Text(t.due?.let { stringResource(R.string.task_due, t.title, Units.day(it, locale)) } ?: t.title, style = MaterialTheme.typography.bodyLarge)
            }
        }
    }
}

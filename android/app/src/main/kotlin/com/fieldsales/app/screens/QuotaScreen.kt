package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.FilterChip
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ListRow
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.ffi.QuotaMetric
import com.fieldsales.shared.QuotaViewModel
import com.fieldsales.shared.Repository
import com.fieldsales.shared.Units

/** Quota attainment and KPIs for this month (or quarter). */
@Composable
fun QuotaScreen(repo: Repository) {
    val vm = screenModel { QuotaViewModel(repo, it) }
    val state by vm.state.collectAsStateWithLifecycle()
    fun amount(metric: QuotaMetric, v: Long) = if (metric == QuotaMetric.REVENUE) Units.money(v, state.currency) else v.toString()
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm) }
        item {
            Row(Modifier.padding(16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                for (p in state.periods?.all.orEmpty()) {
                    FilterChip(selected = state.period == p, onClick = { vm.selectPeriod(p) }, label = { Text(p) })
                }
            }
        }
        item { SectionTitle("Attainment ${state.period}") }
        if (state.attainment.isEmpty()) item { EmptyLine("No quota for this period on this phone.") }
        items(state.attainment) { a ->
            Column(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp)) {
                Text(
                    "${a.user ?: a.territory ?: ""} · ${a.metric.name.lowercase().replace('_', ' ')}",
                    style = MaterialTheme.typography.bodyLarge,
                )
                LinearProgressIndicator(
                    progress = { (a.pct / 100.0).coerceIn(0.0, 1.0).toFloat() },
                    modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
                )
                Text(
                    "${amount(a.metric, a.actual)} of ${amount(a.metric, a.target)} (%.0f%%)".format(a.pct) +
                        (if (a.pending > 0) " · ${amount(a.metric, a.pending)} not yet synced" else ""),
                    style = MaterialTheme.typography.bodySmall,
                )
            }
        }
        item { SectionTitle("Figures") }
        items(state.kpis, key = { it.id }) { k ->
            ListRow(
                title = k.name,
                subtitle = "${k.orders} orders · avg ${Units.money(k.avgOrderMinor, state.currency)} · " +
                    "${k.visitsCompleted} visits (%.0f%% with an order) · ${k.newAccounts} new accounts".format(k.conversionPct),
                trailing = Units.money(k.revenueMinor, state.currency),
            )
        }
    }
}

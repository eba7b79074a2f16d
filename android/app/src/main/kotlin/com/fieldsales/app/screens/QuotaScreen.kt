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
import com.fieldsales.app.ui.metricText
import com.fieldsales.ffi.QuotaMetric
import com.fieldsales.shared.QuotaViewModel
import com.fieldsales.shared.Repository
import com.fieldsales.shared.Units
import java.text.NumberFormat

/** Quota attainment and KPIs for this month (or quarter). */
@Composable
fun QuotaScreen(repo: Repository) {
    val vm = screenModel { QuotaViewModel(repo, it) }
    val state by vm.state.collectAsStateWithLifecycle()
    val locale = appLocale()
    fun amount(metric: QuotaMetric, v: Long) = if (metric == QuotaMetric.REVENUE) Units.money(v, state.currency) else NumberFormat.getIntegerInstance(locale).format(v)
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm) }
        item {
            Row(Modifier.padding(16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                for (p in state.periods?.all.orEmpty()) {
                    FilterChip(selected = state.period == p, onClick = { vm.selectPeriod(p) }, label = { Text(p) })
                }
            }
        }
        item { SectionTitle(stringResource(R.string.quota_attainment, state.period)) }
        if (state.attainment.isEmpty()) item { EmptyLine(stringResource(R.string.quota_none)) }
        items(state.attainment) { a ->
            Column(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 8.dp)) {
                Text(
                    listOfNotNull(a.user ?: a.territory, metricText(a.metric)).joinToString(" · "),
                    style = MaterialTheme.typography.bodyLarge,
                )
                LinearProgressIndicator(
                    progress = { (a.pct / 100.0).coerceIn(0.0, 1.0).toFloat() },
                    modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
                )
                val actual = amount(a.metric, a.actual)
                val target = amount(a.metric, a.target)
                val pct = Units.percentOf(a.pct, locale)
                Text(
                    if (a.pending > 0) {
                        stringResource(R.string.quota_progress_pending, actual, target, pct, amount(a.metric, a.pending))
                    } else {
                        stringResource(R.string.quota_progress, actual, target, pct)
                    },
                    style = MaterialTheme.typography.bodySmall,
                )
            }
        }
        item { SectionTitle(stringResource(R.string.quota_figures)) }
        fun count(n: Long) = NumberFormat.getIntegerInstance(locale).format(n)
        items(state.kpis, key = { it.id }) { k ->
            ListRow(
                title = k.name,
                subtitle = stringResource(
                    R.string.kpi_summary,
                    count(k.orders),
                    Units.money(k.avgOrderMinor, state.currency),
                    count(k.visitsCompleted),
                    Units.percentOf(k.conversionPct, locale),
                    count(k.newAccounts),
                ),
                trailing = Units.money(k.revenueMinor, state.currency),
            )
        }
    }
}

package com.fieldsales.shared

import com.fieldsales.ffi.Attainment
import com.fieldsales.ffi.Kpi
import com.fieldsales.ffi.KpiGroup
import com.fieldsales.ffi.RecordKind
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.map

data class QuotaState(
    /** The period shown: `2026-11` or `2026-Q4`. */
    val period: String = "",
    /** This month and quarter, for the period switch. */
    val periods: Periods? = null,
    val attainment: List<Attainment> = emptyList(),
    val kpis: List<Kpi> = emptyList(),
    val currency: String = "EUR",
)

/**
 * Quota attainment and KPIs, for the current month (from the store's `today()`, the rep's
 * calendar) unless another period is picked. Orders not yet accepted by the server count as
 * `pending`. Re-read when quotas, orders, visits or accounts change.
 */
class QuotaViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
) : ScreenModel<QuotaState>(QuotaState(), scope) {
    /** Null: the current month. */
    private val picked = MutableStateFlow<String?>(null)

    init {
        combine(picked, repo.changes(*KINDS)) { p, _ -> p }
            .conflate()
            .map { p ->
                attempt {
                    repo.call {
                        val periods = Periods.of(today())
                        val period = p ?: periods.month
                        QuotaState(period, periods, attainment(period), kpis(period, KpiGroup.REP), identity().currency)
                    }
                }
            }
            .into { it }
    }

    fun selectPeriod(period: String) {
        picked.value = period
    }

    private companion object {
        val KINDS = arrayOf(
            RecordKind.QUOTA, RecordKind.ORDER, RecordKind.VISIT, RecordKind.ACCOUNT, RecordKind.USER,
        )
    }
}

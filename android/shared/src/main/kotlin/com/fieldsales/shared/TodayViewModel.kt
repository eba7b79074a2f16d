package com.fieldsales.shared

import com.fieldsales.ffi.DayPlan
import com.fieldsales.ffi.DueAccount
import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.Task
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.map

data class TodayState(
    val date: String = "",
    /** The day's visits in driving order; null until the first read. */
    val plan: DayPlan? = null,
    val due: List<DueAccount> = emptyList(),
    val tasks: List<Task> = emptyList(),
    val zone: String = "UTC",
)

/**
 * Today's plan: the day's visits in the order to drive them, the accounts due a visit, and
 * open tasks. Planning the day stores the order (a Schedule record), so this screen re-plans
 * when visits, accounts or tasks change, never when schedules do (that would loop).
 */
class TodayViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
) : ScreenModel<TodayState>(TodayState(), scope) {
    private val start = MutableStateFlow<GeoPoint?>(null)

    init {
        combine(start, repo.changes(RecordKind.VISIT, RecordKind.ACCOUNT, RecordKind.TASK)) { s, _ -> s }
            .conflate()
            .map { s ->
                attempt {
                    repo.call {
                        // asked each time: the screen may stay open past midnight
                        val day = today()
                        TodayState(day, planDay(day, s), dueAccounts(day), openTasks(100u), identity().zone)
                    }
                }
            }
            .into { it }
    }

    /** Where the day starts (the phone's location); null plans from the first visit. */
    fun setStart(place: GeoPoint?) {
        start.value = place
    }

    fun completeTask(taskId: String) = action { repo.call { completeTask(taskId) } }
}

package com.fieldsales.shared

import com.fieldsales.ffi.AccountDetail
import com.fieldsales.ffi.RecordKind
import kotlinx.coroutines.CoroutineScope

data class AccountDetailState(
    val detail: AccountDetail? = null,
    val zone: String = "UTC",
)

/**
 * One account with its contacts and history (visits, orders, quotes, tasks; newest first),
 * read again whenever any of those kinds change, so an order written on the order screen or
 * pulled by a sync shows up here without a refresh.
 */
class AccountDetailViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
    private val accountId: String,
    historyLimit: UInt = 50u,
) : ScreenModel<AccountDetailState>(AccountDetailState(), scope) {

    init {
        repo.observe(*KINDS) { accountDetail(accountId, historyLimit) to identity().zone }
            .into { (d, zone) -> copy(detail = d, zone = zone) }
    }

    /** Plan a visit starting now and go to it ([onPlanned] gets its id). */
    fun visitNow(minutes: Long = 30, onPlanned: (String) -> Unit = {}) = action {
        val v = repo.call { planVisit(accountId, System.currentTimeMillis(), minutes) }
        onPlanned(v.id)
    }

    /** Plan a visit at [startMs] (UTC). */
    fun planVisit(startMs: Long, minutes: Long = 30) = action {
        repo.call { planVisit(accountId, startMs, minutes) }
    }

    /** A draft quote valid for [validDays]; [onCreated] gets its id. */
    fun newQuote(validDays: Long = 30, onCreated: (String) -> Unit = {}) = action {
        val q = repo.call { newQuote(accountId, validDays) }
        onCreated(q.id)
    }

    /** A follow-up task for this account, due on [due] (`YYYY-MM-DD`) or whenever. */
    fun addTask(title: String, due: String? = null) = action {
        requireInput(title.isNotBlank(), InputProblem.TASK_TITLE_MISSING)
        repo.call { createTask(title.trim(), accountId, due?.ifBlank { null }) }
    }

    fun completeTask(taskId: String) = action { repo.call { completeTask(taskId) } }

    private companion object {
        val KINDS = arrayOf(
            RecordKind.ACCOUNT, RecordKind.CONTACT, RecordKind.VISIT,
            RecordKind.ORDER, RecordKind.QUOTE, RecordKind.TASK,
        )
    }
}

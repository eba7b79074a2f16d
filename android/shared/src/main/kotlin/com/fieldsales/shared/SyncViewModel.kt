package com.fieldsales.shared

import com.fieldsales.ffi.Conflict
import com.fieldsales.ffi.Rejection
import com.fieldsales.ffi.SyncReport
import com.fieldsales.ffi.SyncState
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class SyncUiState(
    val status: SyncStatus = SyncStatus(SyncState.IDLE),
    /** Records changed on this phone and not yet on the server. */
    val pending: Long = 0,
    /** Edits the server refused (each record was reset to the server's state), newest first. */
    val rejections: List<Rejection> = emptyList(),
    /** Fields two people changed at once, with the values that lost. */
    val conflicts: List<Conflict> = emptyList(),
    /** What the last sync from this screen did. */
    val lastReport: SyncReport? = null,
    val serverUrl: String? = null,
)

/**
 * The sync status screen: the named state and progress (from the store's sync listener),
 * pending changes, a "sync now" action whose failure is a typed message (Offline: try again
 * later, nothing lost; Unauthorized: log in again), and what the server refused or merged,
 * each dismissable once read.
 */
class SyncViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
) : ScreenModel<SyncUiState>(SyncUiState(status = repo.syncStatus.value), scope) {
    /** Dismissing a rejection or conflict is not a record change; this re-reads after one. */
    private val dismissed = MutableStateFlow(0)

    init {
        scope.launch { repo.syncStatus.collect { s -> setState { copy(status = s) } } }
        combine(
            repo.changes(*Repository.ALL_KINDS),
            dismissed,
            // a sync that ended (or failed) changes what is pending and refused
            repo.syncStatus.map { it.state }.distinctUntilChanged(),
        ) { _, _, _ -> }
            .conflate()
            .map {
                attempt {
                    repo.call { Lists(pendingChanges(), rejections(), conflicts(), identity().serverUrl) }
                }
            }
            .into { l -> copy(pending = l.pending, rejections = l.rejections, conflicts = l.conflicts, serverUrl = l.serverUrl) }
    }

    private class Lists(
        val pending: Long,
        val rejections: List<Rejection>,
        val conflicts: List<Conflict>,
        val serverUrl: String?,
    )

    fun syncNow() = action {
        val report = repo.sync()
        setState { copy(lastReport = report) }
    }

    fun dismissRejection(id: Long) = action {
        repo.call { dismissRejection(id) }
        dismissed.update { it + 1 }
    }

    fun dismissConflict(docId: String, path: String) = action {
        repo.call { dismissConflict(docId, path) }
        dismissed.update { it + 1 }
    }
}

package com.fieldsales.shared

import com.fieldsales.ffi.DataListener
import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.LogoutReport
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.SyncListener
import com.fieldsales.ffi.SyncProgress
import com.fieldsales.ffi.SyncReport
import com.fieldsales.ffi.SyncState
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.withContext

/**
 * What the sync status line shows: the store's named state and the running sync's progress.
 * Typed, not words: the app maps the state and [SyncProgress.phase] to string resources.
 */
data class SyncStatus(
    val state: SyncState,
    /** The last progress report of the running sync; null when no sync ran since it ended. */
    val progress: SyncProgress? = null,
)

/** Why the session over a store ended; the app then shows the sign-in screen. */
sealed interface SessionEnd {
    /** The user signed out; the store was deleted (with unsynced work if it was forced). */
    data class SignedOut(val report: LogoutReport) : SessionEnd

    /**
     * An administrator revoked this phone: the core has already wiped the store, so the
     * sign-in screen says why the data is gone rather than a plain "log in again".
     */
    data class Revoked(val reason: String) : SessionEnd
}

/**
 * The app's one door to the store. Reads and writes run on [io] (the store's calls block on
 * SQLite); every list a screen shows is a [Flow] that reads again after the store reports a
 * committed change of the kinds it depends on, whether the app wrote it or a sync brought it.
 *
 * One per open store; [close] removes the sync listener (the store itself is closed by its owner).
 *
 * [forgetKey] deletes the store's key (`StoreKeys.forget` in the app); it runs once when the
 * session ends ([ended]), because a key whose store is gone only helps whoever copies it.
 */
class Repository(
    val store: FieldSales,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    private val forgetKey: () -> Unit = {},
) : AutoCloseable {
    private val mutableEnded = MutableStateFlow<SessionEnd?>(null)

    /**
     * Null while the session lasts; how it ended once the user signed out or any call found
     * the device revoked. Collected by the app, which then leaves the signed-in screens.
     */
    val ended: StateFlow<SessionEnd?> = mutableEnded.asStateFlow()

    private val status = MutableStateFlow(SyncStatus(store.syncState()))

    /** The store's sync state and the running sync's progress, from the store's [SyncListener]. */
    val syncStatus: StateFlow<SyncStatus> = status.asStateFlow()

    private val syncListenerId: ULong = store.addSyncListener(object : SyncListener {
        override fun onProgress(progress: SyncProgress) {
            status.update { it.copy(progress = progress) }
        }

        override fun onState(state: SyncState) {
            // a new sync starts without the last one's figures; a finished one keeps them
            status.update {
                SyncStatus(state, if (state == SyncState.SYNCING) null else it.progress)
            }
        }
    })

    /**
     * Emits once when collected and again after every committed change of any of [kinds].
     * Conflated: a burst of writes (a sync) gives one re-read, not one per write. The store's
     * listeners are registered before the first emission, so no change falls between them.
     */
    fun changes(vararg kinds: RecordKind): Flow<Unit> = callbackFlow {
        // called on the writer's thread, after the commit: never block, never throw
        val listener = object : DataListener {
            override fun onChanged(kind: RecordKind) {
                trySend(Unit)
            }
        }
        val ids = kinds.distinct().map { store.addDataListener(it, listener) }
        trySend(Unit)
        awaitClose { ids.forEach { store.removeListener(it) } }
    }.conflate()

    /**
     * [read] now and after every change of [kinds], each result (or the error a read threw)
     * in order. A failed read does not end the flow: the next change reads again.
     */
    fun <T> observe(vararg kinds: RecordKind, read: FieldSales.() -> T): Flow<Result<T>> =
        changes(*kinds).map { attempt { call(read) } }

    /** One blocking store call on [io]. */
    suspend fun <T> call(block: FieldSales.() -> T): T = withContext(io) { watching { store.block() } }

    /** Push and pull until even with the server; progress and state arrive on [syncStatus]. */
    suspend fun sync(): SyncReport = watching { store.sync() }

    /**
     * Sign out (`logout`): the store is deleted and the session ends. Refusals (unsynced work,
     * server out of reach) come back as the core's exceptions and change nothing;
     * [SignOutViewModel] turns them into the questions to ask.
     */
    suspend fun logout(force: Boolean): LogoutReport {
        val report = watching { store.logout(force) }
        end(SessionEnd.SignedOut(report))
        return report
    }

    /** Every call goes through here, so a revocation seen by any screen ends the session. */
    private inline fun <T> watching(block: () -> T): T =
        try {
            block()
        } catch (e: FieldSalesException.DeviceRevoked) {
            end(SessionEnd.Revoked(e.reason))
            throw e
        } catch (e: FieldSalesException) {
            // a screen still reading the wiped store (no tables left) shows why it is empty,
            // not a storage error
            val ended = mutableEnded.value
            if (ended is SessionEnd.Revoked) throw FieldSalesException.DeviceRevoked(ended.reason)
            throw e
        }

    /** The first end wins: a revocation seen during a sign-out does not become a sign-out. */
    private fun end(how: SessionEnd) {
        if (mutableEnded.value != null) return
        // the key goes before anyone is told, so the sign-in screen never shows with it still
        // on disk; a key that fails to go must not keep the user in a session that is over
        runCatching(forgetKey)
        mutableEnded.compareAndSet(null, how)
    }

    override fun close() {
        store.removeListener(syncListenerId)
    }

    companion object {
        /** Every kind of record: for screens that show counts over all of them. */
        val ALL_KINDS: Array<RecordKind> = RecordKind.entries.toTypedArray()
    }
}

/** [block]'s value or its failure, letting cancellation through. */
suspend fun <T> attempt(block: suspend () -> T): Result<T> =
    try {
        Result.success(block())
    } catch (e: CancellationException) {
        throw e
    } catch (e: Exception) {
        Result.failure(e)
    }

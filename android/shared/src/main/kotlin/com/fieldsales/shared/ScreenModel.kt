package com.fieldsales.shared

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * The base of every screen's view-model: plain Kotlin, no Android. It lives as long as the
 * [scope] it is given (on Android a `ViewModel`'s `viewModelScope`, in tests a scope the test
 * cancels) and exposes one [StateFlow] of the screen's state, a [StateFlow] of the message to
 * show, and whether an action is running.
 *
 * Actions return their [Job] so a caller (a test) can wait for them; a screen ignores it.
 */
abstract class ScreenModel<S>(initial: S, protected val scope: CoroutineScope) {
    private val mutableState = MutableStateFlow(initial)
    private val mutableError = MutableStateFlow<UiError?>(null)
    private val running = MutableStateFlow(0)

    /** Actions run one after the other, so a double tap cannot create two drafts. */
    private val actions = Mutex()

    val state: StateFlow<S> = mutableState.asStateFlow()

    /** What went wrong last, until the user dismisses it or the next action succeeds. */
    val error: StateFlow<UiError?> = mutableError.asStateFlow()

    /** How many actions are running (a screen shows progress and disables buttons when > 0). */
    val busy: StateFlow<Int> = running.asStateFlow()

    fun dismissError() {
        mutableError.value = null
    }

    protected fun setState(update: S.() -> S) = mutableState.update(update)

    /**
     * Show [e]. "This phone was signed out by your administrator" stays until it is dismissed
     * or an action succeeds: the core wipes a revoked phone's store, and a read that raced the
     * wipe fails with a storage error that must not replace the reason the data is gone.
     */
    protected fun fail(e: Throwable) {
        val next = e.toUiError()
        mutableError.update { current -> if (current is UiError.DeviceRevoked && !next.needsLogin) current else next }
    }

    /** Run [block] after the actions before it; its failure becomes [error]. */
    protected fun action(block: suspend () -> Unit): Job = scope.launch {
        running.update { it + 1 }
        try {
            actions.withLock {
                block()
                mutableError.value = null
            }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            fail(e)
        } finally {
            running.update { it - 1 }
        }
    }

    /** Fold each read of [flow] into the state; a failed read shows its error and keeps the state. */
    protected fun <T> Flow<Result<T>>.into(update: S.(T) -> S): Job = scope.launch {
        collect { r -> r.fold({ v -> setState { update(v) } }, ::fail) }
    }
}

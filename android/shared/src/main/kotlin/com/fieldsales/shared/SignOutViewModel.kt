package com.fieldsales.shared

import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.LogoutReport
import kotlinx.coroutines.CoroutineScope

/**
 * Where a sign-out stands: what the screen shows (nothing, a question, or the way out). The
 * questions carry counts, not sentences: the app words them with plurals in the user's language.
 */
sealed interface SignOutStep {
    /** No sign-out asked for, or the user cancelled one. */
    data object Idle : SignOutStep

    /**
     * Refused: work on this phone has not reached the server. The screen asks, offering
     * [SignOutViewModel.syncNow] and [SignOutViewModel.signOutAnyway].
     * [photos] is null when the store could not say how many.
     */
    data class ConfirmUnsynced(val documents: Long, val photos: Long?) : SignOutStep

    /**
     * Refused: the server cannot be reached to end the session. The screen offers
     * [SignOutViewModel.signOutAnyway] or [SignOutViewModel.cancel]; [reason] is the core's.
     */
    data class ConfirmOffline(val reason: String) : SignOutStep

    /** Done: the store and its key are gone; the app shows the sign-in screen. */
    data class SignedOut(val report: LogoutReport) : SignOutStep
}

/**
 * Sign out, asking first when it would lose something (docs: android/README.md, "Sign out").
 * The first attempt never discards: `logout(force = false)`. Unsynced work and an unreachable
 * server become a question ([step]); only "Sign out anyway" forces. Any other failure
 * (a storage error, a revoked device) is the screen's [error], and a revocation ends the
 * session through the repository like any call.
 */
class SignOutViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
) : ScreenModel<SignOutStep>(SignOutStep.Idle, scope) {
    fun signOut() = action { attempt(force = false) }

    /** What the question's "Sign out anyway" calls: discards what is unsynced. */
    fun signOutAnyway() = action { attempt(force = true) }

    /** The unsynced question's "Sync now": sync, then try the careful sign-out again. */
    fun syncNow() = action {
        // the question stays up while syncing: a failed sync leaves it there, with its error
        repo.sync()
        attempt(force = false)
    }

    fun cancel() = setState { SignOutStep.Idle }

    private suspend fun attempt(force: Boolean) {
        val next = try {
            SignOutStep.SignedOut(repo.logout(force))
        } catch (e: FieldSalesException.Conflict) {
            if (e.code != "unsynced") throw e
            unsynced()
        } catch (e: FieldSalesException.Offline) {
            SignOutStep.ConfirmOffline(e.reason)
        }
        setState { next }
    }

    /**
     * The counts of the refusal, as the store gives them (`unsyncedWork`). When the store
     * cannot be read, the documents come from `pendingChanges` and the photos go uncounted,
     * never wrong.
     */
    private suspend fun unsynced(): SignOutStep.ConfirmUnsynced =
        try {
            val w = repo.call { unsyncedWork() }
            SignOutStep.ConfirmUnsynced(w.documents.toLong(), w.photos.toLong())
        } catch (e: FieldSalesException) {
            if (e is FieldSalesException.DeviceRevoked) throw e
            SignOutStep.ConfirmUnsynced(runCatching { repo.call { pendingChanges() } }.getOrDefault(0L), null)
        }
}

package com.fieldsales.app

import android.app.Application
import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.loginWithKey
import com.fieldsales.shared.Repository
import com.fieldsales.shared.SessionEnd
import com.fieldsales.shared.StoreKeys
import com.fieldsales.shared.UiError
import com.fieldsales.shared.toUiError
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.filterNotNull
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import java.io.File

/** What the activity shows: a spinner, the login screen, or the app over an open store. */
sealed interface AppState {
    data object Opening : AppState

    /** No store on this phone yet, or the user signed out; [error] says why when it failed. */
    data class NeedsLogin(val error: UiError? = null) : AppState

    data class Ready(val repository: Repository) : AppState
}

/**
 * Holds the store of the signed-in user, opened once for the life of the process (in
 * `filesDir/stores/`, one file per user, so a manager borrowing the phone never writes into
 * the rep's store), and the [Repository] over it. The login screen calls [loggedIn] with the
 * store `login` opened there.
 */
class FieldSalesApp : Application() {
    private val appScope = CoroutineScope(SupervisorJob() + Dispatchers.IO)
    private val mutableState = MutableStateFlow<AppState>(AppState.Opening)
    val state: StateFlow<AppState> = mutableState.asStateFlow()

    private val prefs get() = getSharedPreferences("login", MODE_PRIVATE)

    /** Every store is encrypted with its own key, kept wrapped by the Android Keystore. */
    private val storeKeys by lazy { StoreKeys(KeystoreKeyWrapper()) }

    /** A user's store file; created by their first login. */
    private fun storePath(user: String): String {
        val dir = File(filesDir, "stores").apply { mkdirs() }
        return File(dir, user.lowercase().replace(Regex("[^a-z0-9._-]"), "_") + ".db").path
    }

    /** The server of the last login, to fill the login screen's field. */
    val lastServerUrl: String get() = prefs.getString("server", null) ?: "http://127.0.0.1:8080"

    /** The store of the last login, opened at start. */
    private val lastStore: String? get() = prefs.getString("store", null)

    override fun onCreate() {
        super.onCreate()
        // opening reads the schema (and upgrades it): off the main thread
        appScope.launch {
            val path = lastStore
            mutableState.value = if (path != null && File(path).exists()) {
                runCatching { FieldSales.openWithKey(path, storeKeys.keyFor(path)) }
                    .fold({ ready(it, path) }, { AppState.NeedsLogin(it.toUiError()) })
            } else {
                AppState.NeedsLogin()
            }
        }
    }

    /** What the login screen calls: opens (or creates) the user's store. */
    suspend fun logIn(serverUrl: String, user: String, password: String): FieldSales {
        val path = storePath(user)
        val store = try {
            loginWithKey(path, storeKeys.keyFor(path), serverUrl, user, password)
        } catch (e: FieldSalesException.DeviceRevoked) {
            // the core emptied this user's store on the phone: its file and key go too, and
            // the login screen shows UiError.DeviceRevoked
            storeKeys.forget(path)
            deleteStoreFiles(path)
            throw e
        }
        prefs.edit().putString("server", serverUrl).putString("store", path).apply()
        return store
    }

    fun loggedIn(store: FieldSales) {
        val path = lastStore ?: return
        mutableState.value = ready(store, path)
    }

    /** Waits for the open store's session to end; replaced with the store. */
    private var watching: Job? = null

    /**
     * The signed-in state over [store], watching for its session to end: a sign-out from the
     * Sync screen or a revocation seen by any call. The repository forgets the store's key
     * either way (a key whose store is gone only helps whoever copies it).
     */
    private fun ready(store: FieldSales, path: String): AppState.Ready {
        val repo = Repository(store, forgetKey = { storeKeys.forget(path) })
        watching?.cancel()
        watching = appScope.launch {
            val end = repo.ended.filterNotNull().first()
            ended(repo, path, end)
        }
        return AppState.Ready(repo)
    }

    private fun ended(repo: Repository, path: String, end: SessionEnd) {
        prefs.edit().remove("store").apply()
        mutableState.value = AppState.NeedsLogin(
            // the administrator's wipe gets its own message; a sign-out the user asked for none
            (end as? SessionEnd.Revoked)?.let { UiError.DeviceRevoked(it.reason) },
        )
        repo.close()
        runCatching { repo.store.closeStore() }
        if (end is SessionEnd.Revoked) {
            // the core emptied the file; removed too, as its key is gone and a new login makes both afresh
            deleteStoreFiles(path)
        }
    }

    private fun deleteStoreFiles(path: String) {
        for (suffix in listOf("", "-wal", "-shm")) File(path + suffix).delete()
    }

    /**
     * Close the store and show the login screen (after Unauthorized: the session expired).
     * Nothing is deleted: logging in again opens the same store, with its unsynced work. The
     * Sync screen's Sign out is another thing: it ends the session and deletes the store
     * (`SignOutViewModel`), and [ready] sees it end.
     */
    fun closeForLogin() {
        val ready = mutableState.value as? AppState.Ready ?: return
        watching?.cancel()
        mutableState.value = AppState.NeedsLogin()
        appScope.launch {
            ready.repository.close()
            runCatching { ready.repository.store.closeStore() }
        }
    }
}

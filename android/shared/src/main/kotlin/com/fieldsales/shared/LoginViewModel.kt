package com.fieldsales.shared

import com.fieldsales.ffi.FieldSales
import kotlinx.coroutines.CoroutineScope

data class LoginState(
    val serverUrl: String = "",
    val user: String = "",
    val password: String = "",
    /** The store the login opened; the app keeps it and leaves the login screen. */
    val store: FieldSales? = null,
)

/**
 * Log in at a server. [login] opens (or creates) the user's store: on Android
 * `{ url, user, pw -> login(storePath, url, user, pw) }` with the store in `filesDir`.
 */
class LoginViewModel(
    scope: CoroutineScope,
    private val login: suspend (serverUrl: String, user: String, password: String) -> FieldSales,
    serverUrl: String = "",
) : ScreenModel<LoginState>(LoginState(serverUrl = serverUrl), scope) {

    fun onServerUrl(v: String) = setState { copy(serverUrl = v.trim()) }
    fun onUser(v: String) = setState { copy(user = v.trim()) }
    fun onPassword(v: String) = setState { copy(password = v) }

    fun submit() = action {
        val s = state.value
        // said here rather than by the core, so the fields are named as the screen names them
        requireInput(
            s.serverUrl.startsWith("http://") || s.serverUrl.startsWith("https://"),
            InputProblem.SERVER_URL_SCHEME,
        )
        requireInput(s.user.isNotEmpty() && s.password.isNotEmpty(), InputProblem.CREDENTIALS_MISSING)
        val store = login(s.serverUrl, s.user, s.password)
        setState { copy(password = "", store = store) }
    }
}

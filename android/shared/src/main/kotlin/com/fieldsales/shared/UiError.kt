package com.fieldsales.shared

import com.fieldsales.ffi.FieldSalesException

/**
 * What a screen tells the user when something failed: one case per [FieldSalesException]
 * variant, so a screen can act on the kind (offer a retry when offline, send the user to the
 * login screen when unauthorized) and show [text].
 */
sealed class UiError {
    /** The sentence the screen shows. */
    abstract val text: String

    /** Whether the screen should offer to try again later (nothing was lost). */
    open val retryable: Boolean get() = false

    /** Whether the user must log in again before this can work. */
    open val needsLogin: Boolean get() = false

    data class NotFound(val kind: String) : UiError() {
        override val text get() = "This $kind is not on this phone (any more)."
    }

    data class Invalid(val reason: String) : UiError() {
        override val text get() = reason
    }

    data class Forbidden(val reason: String) : UiError() {
        override val text get() = "You may not do this: $reason"
    }

    /** The record's state does not allow it; [code] is the rule's stable code. */
    data class Conflict(val code: String, val reason: String) : UiError() {
        override val text get() = reason
    }

    data class Offline(val reason: String) : UiError() {
        override val text get() =
            "The server cannot be reached. Your work is saved on this phone; sync again later."
        override val retryable get() = true
    }

    data class Unauthorized(val reason: String) : UiError() {
        override val text get() = "You are signed out. Log in again to sync."
        override val needsLogin get() = true
    }

    /**
     * An administrator revoked this phone and the core deleted its data: not the generic
     * "log in again", because the user should know the work on the phone is gone and why.
     */
    data class DeviceRevoked(val reason: String) : UiError() {
        override val text get() =
            "This phone was signed out by your administrator; its data was removed from this phone."
        override val needsLogin get() = true
    }

    data class Storage(val reason: String) : UiError() {
        override val text get() = "The phone's storage failed: $reason"
    }

    data class Internal(val reason: String) : UiError() {
        override val text get() = "Something went wrong: $reason"
    }
}

/** The one place an exception becomes a screen's message. */
fun Throwable.toUiError(): UiError = when (this) {
    is FieldSalesException.NotFound -> UiError.NotFound(kind)
    is FieldSalesException.Invalid -> UiError.Invalid(reason)
    is FieldSalesException.Forbidden -> UiError.Forbidden(reason)
    is FieldSalesException.Conflict -> UiError.Conflict(code, reason)
    is FieldSalesException.Offline -> UiError.Offline(reason)
    is FieldSalesException.Unauthorized -> UiError.Unauthorized(reason)
    // the phone's data is already gone: the sign-in screen, saying so
    is FieldSalesException.DeviceRevoked -> UiError.DeviceRevoked(reason)
    is FieldSalesException.Storage -> UiError.Storage(reason)
    is FieldSalesException.Internal -> UiError.Internal(reason)
    is InvalidInput -> UiError.Invalid(reason)
    // a bug on the Kotlin side; the class name says more than a null message
    else -> UiError.Internal(message ?: this::class.java.simpleName)
}

/** Input a screen refuses before it reaches the store (an empty field, a malformed number). */
class InvalidInput(val reason: String) : Exception(reason)

/** Refuse the input with [reason] unless [ok]. */
fun requireInput(ok: Boolean, reason: () -> String) {
    if (!ok) throw InvalidInput(reason())
}

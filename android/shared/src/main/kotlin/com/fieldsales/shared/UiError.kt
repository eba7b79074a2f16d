package com.fieldsales.shared

import com.fieldsales.ffi.FieldSalesException

/**
 * What a screen tells the user when something failed: one case per [FieldSalesException]
 * variant, so a screen can act on the kind (offer a retry when offline, send the user to the
 * login screen when unauthorized), plus [Input] for what a view-model refused itself. No case
 * carries a sentence of its own: the app maps each kind (and [InputProblem]) to a string
 * resource in the user's language. The core's `reason` is kept as a detail the screen may add.
 */
sealed class UiError {
    /** Whether the screen should offer to try again later (nothing was lost). */
    open val retryable: Boolean get() = false

    /** Whether the user must log in again before this can work. */
    open val needsLogin: Boolean get() = false

    data class NotFound(val kind: String) : UiError()

    /** The core refused the input; [reason] is its explanation. */
    data class Invalid(val reason: String) : UiError()

    /** A screen's own check refused the input before it reached the store. */
    data class Input(val problem: InputProblem) : UiError()

    data class Forbidden(val reason: String) : UiError()

    /** The record's state does not allow it; [code] is the rule's stable code. */
    data class Conflict(val code: String, val reason: String) : UiError()

    data class Offline(val reason: String) : UiError() {
        override val retryable get() = true
    }

    data class Unauthorized(val reason: String) : UiError() {
        override val needsLogin get() = true
    }

    /**
     * An administrator revoked this phone and the core deleted its data: not the generic
     * "log in again", because the user should know the work on the phone is gone and why.
     */
    data class DeviceRevoked(val reason: String) : UiError() {
        override val needsLogin get() = true
    }

    data class Storage(val reason: String) : UiError()

    data class Internal(val reason: String) : UiError()
}

/** What a view-model refuses before calling the store; each has a string resource in the app. */
enum class InputProblem {
    SERVER_URL_SCHEME,
    CREDENTIALS_MISSING,
    ACCOUNT_NAME_MISSING,
    TASK_TITLE_MISSING,
    QUANTITY_NOT_POSITIVE,
    NO_LINE_YET,
    SIGNER_NAME_MISSING,
    SIGNATURE_MISSING,
    OUTCOME_MISSING,
    NOTE_EMPTY,
    PHOTO_EMPTY,
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
    is InvalidInput -> UiError.Input(problem)
    // a bug on the Kotlin side; the class name says more than a null message
    else -> UiError.Internal(message ?: this::class.java.simpleName)
}

/** Input a screen refuses before it reaches the store (an empty field, a malformed number). */
class InvalidInput(val problem: InputProblem) : Exception(problem.name)

/** Refuse the input with [problem] unless [ok]. */
fun requireInput(ok: Boolean, problem: InputProblem) {
    if (!ok) throw InvalidInput(problem)
}

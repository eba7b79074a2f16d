package com.fieldsales.app.ui

import androidx.annotation.StringRes
import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.res.pluralStringResource
import androidx.compose.ui.res.stringResource
import androidx.core.os.ConfigurationCompat
import com.fieldsales.app.R
import com.fieldsales.ffi.QuotaMetric
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.SyncPhase
import com.fieldsales.ffi.SyncState
import com.fieldsales.shared.InputProblem
import com.fieldsales.shared.SyncStatus
import com.fieldsales.shared.UiError
import java.util.Locale

// The view-models hand the screens typed states (UiError, InputProblem, SyncStatus, the core's
// status labels and enums); this file is where they become words, from the string resources
// of the user's language. The core's `reason` (English, for logs and support) is shown only
// as the detail of an error the app has no sentence of its own for.

/** The locale the resources are read in: what dates, times and percentages are written in. */
@Composable
@ReadOnlyComposable
fun appLocale(): Locale = ConfigurationCompat.getLocales(LocalConfiguration.current)[0] ?: Locale.getDefault()

/** The sentence for a failed action or read. */
@Composable
fun UiError.message(): String = when (this) {
    is UiError.NotFound -> stringResource(R.string.error_not_found)
    is UiError.Invalid -> stringResource(R.string.error_invalid, reason)
    is UiError.Input -> stringResource(problem.res())
    is UiError.Forbidden -> stringResource(R.string.error_forbidden, reason)
    is UiError.Conflict -> conflictRes(code)?.let { stringResource(it) }
        ?: stringResource(R.string.error_conflict_other, reason)
    is UiError.Offline -> stringResource(R.string.error_offline)
    is UiError.Unauthorized -> stringResource(R.string.error_unauthorized)
    is UiError.DeviceRevoked -> stringResource(R.string.error_device_revoked)
    is UiError.Storage -> stringResource(R.string.error_storage, reason)
    is UiError.Internal -> stringResource(R.string.error_internal, reason)
}

@StringRes
private fun InputProblem.res(): Int = when (this) {
    InputProblem.SERVER_URL_SCHEME -> R.string.input_server_url_scheme
    InputProblem.CREDENTIALS_MISSING -> R.string.input_credentials_missing
    InputProblem.ACCOUNT_NAME_MISSING -> R.string.input_account_name_missing
    InputProblem.TASK_TITLE_MISSING -> R.string.input_task_title_missing
    InputProblem.QUANTITY_NOT_POSITIVE -> R.string.input_quantity_not_positive
    InputProblem.NO_LINE_YET -> R.string.input_no_line_yet
    InputProblem.SIGNER_NAME_MISSING -> R.string.input_signer_name_missing
    InputProblem.SIGNATURE_MISSING -> R.string.input_signature_missing
    InputProblem.OUTCOME_MISSING -> R.string.input_outcome_missing
    InputProblem.NOTE_EMPTY -> R.string.input_note_empty
    InputProblem.PHOTO_EMPTY -> R.string.input_photo_empty
}

/** The core's stable rule codes (`Conflict.code`) the app has a sentence for. */
@StringRes
private fun conflictRes(code: String): Int? = when (code) {
    "not_editable" -> R.string.error_conflict_not_editable
    "invalid_transition" -> R.string.error_conflict_invalid_transition
    "quote_expired" -> R.string.error_conflict_quote_expired
    "superseded" -> R.string.error_conflict_superseded
    "discount_over_limit" -> R.string.error_conflict_discount_over_limit
    else -> null
}

/**
 * A record's status as the core stores it (`checked_in`, `approval_requested`) in words; a
 * status this version does not know yet (from a newer server) is shown as stored.
 */
@Composable
fun statusText(status: String): String = when (status) {
    "draft" -> stringResource(R.string.status_draft)
    "submitted" -> stringResource(R.string.status_submitted)
    "confirmed" -> stringResource(R.string.status_confirmed)
    "rejected" -> stringResource(R.string.status_rejected)
    "fulfilled" -> stringResource(R.string.status_fulfilled)
    "invoiced" -> stringResource(R.string.status_invoiced)
    "cancelled" -> stringResource(R.string.status_cancelled)
    "approval_requested" -> stringResource(R.string.status_approval_requested)
    "approved" -> stringResource(R.string.status_approved)
    "approval_rejected" -> stringResource(R.string.status_approval_rejected)
    "presented" -> stringResource(R.string.status_presented)
    "signed" -> stringResource(R.string.status_signed)
    "converted" -> stringResource(R.string.status_converted)
    "declined" -> stringResource(R.string.status_declined)
    "expired" -> stringResource(R.string.status_expired)
    "planned" -> stringResource(R.string.status_planned)
    "checked_in" -> stringResource(R.string.status_checked_in)
    "completed" -> stringResource(R.string.status_completed)
    "missed" -> stringResource(R.string.status_missed)
    "open" -> stringResource(R.string.status_open)
    "done" -> stringResource(R.string.status_done)
    else -> status
}

@Composable
fun kindText(kind: RecordKind): String = stringResource(
    when (kind) {
        RecordKind.TERRITORY -> R.string.kind_territory
        RecordKind.USER -> R.string.kind_user
        RecordKind.ACCOUNT -> R.string.kind_account
        RecordKind.CONTACT -> R.string.kind_contact
        RecordKind.PRODUCT -> R.string.kind_product
        RecordKind.PRICE_LIST -> R.string.kind_price_list
        RecordKind.STOCK -> R.string.kind_stock
        RecordKind.VISIT -> R.string.kind_visit
        RecordKind.ORDER -> R.string.kind_order
        RecordKind.QUOTE -> R.string.kind_quote
        RecordKind.QUOTA -> R.string.kind_quota
        RecordKind.TASK -> R.string.kind_task
        RecordKind.SCHEDULE -> R.string.kind_schedule
    },
)

@Composable
fun metricText(metric: QuotaMetric): String = stringResource(
    when (metric) {
        QuotaMetric.REVENUE -> R.string.metric_revenue
        QuotaMetric.ORDERS -> R.string.metric_orders
        QuotaMetric.VISITS -> R.string.metric_visits
        QuotaMetric.NEW_ACCOUNTS -> R.string.metric_new_accounts
    },
)

/** The sync status line: the store's state, and the running sync's phase and counts. */
@Composable
fun SyncStatus.text(): String = when (state) {
    SyncState.IDLE -> stringResource(R.string.sync_state_idle)
    SyncState.OFFLINE -> stringResource(R.string.sync_state_offline)
    SyncState.ERROR -> stringResource(R.string.sync_state_error)
    SyncState.SYNCING -> progress?.let { p ->
        when (p.phase) {
            SyncPhase.PUSHING -> stringResource(R.string.sync_phase_pushing, p.pushed.toLong(), p.toPush.toLong())
            SyncPhase.PULLING -> stringResource(R.string.sync_phase_pulling, p.pulled.toLong())
            SyncPhase.BLOBS -> stringResource(R.string.sync_phase_photos)
            SyncPhase.DONE -> stringResource(R.string.sync_phase_finishing)
        }
    } ?: stringResource(R.string.sync_state_syncing)
}

/** A count in a plural resource whose first argument is the count. */
@Composable
fun plural(@androidx.annotation.PluralsRes id: Int, count: Long, vararg more: Any): String =
    pluralStringResource(id, count.coerceIn(0, Int.MAX_VALUE.toLong()).toInt(), count, *more)

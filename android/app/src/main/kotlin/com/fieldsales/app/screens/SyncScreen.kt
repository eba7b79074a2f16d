package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.app.ui.appLocale
import com.fieldsales.app.ui.kindText
import com.fieldsales.app.ui.plural
import com.fieldsales.app.ui.text
import com.fieldsales.ffi.SyncState
import com.fieldsales.shared.Repository
import com.fieldsales.shared.SignOutStep
import com.fieldsales.shared.SignOutViewModel
import com.fieldsales.shared.SyncViewModel
import com.fieldsales.shared.Units
import java.util.TimeZone

/**
 * Sync state and progress, sync now, what the server refused and what merged with a conflict,
 * and sign out. [onLogIn] is the error card's "Log in" after an expired session.
 */
@Composable
fun SyncScreen(repo: Repository, onLogIn: () -> Unit) {
    val vm = screenModel { SyncViewModel(repo, it) }
    val state by vm.state.collectAsStateWithLifecycle()
    val signOut = screenModel { SignOutViewModel(repo, it) }
    SignOutQuestion(signOut)
    val locale = appLocale()
    val zone = TimeZone.getDefault().id
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm, onRetry = { vm.syncNow() }, onLogIn = onLogIn) }
        item { ScreenStatus(signOut, onLogIn = onLogIn) }
        item {
            Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(state.status.text(), style = MaterialTheme.typography.titleLarge)
                Text(plural(R.plurals.sync_pending, state.pending))
                state.serverUrl?.let { Text(stringResource(R.string.sync_server, it), style = MaterialTheme.typography.bodySmall) }
                state.lastReport?.let { r ->
                    Text(
                        stringResource(
                            R.string.sync_last_report,
                            r.pushed.toLong(),
                            r.pulled.toLong(),
                            r.rejected.size.toLong(),
                            r.roundTrips.toLong(),
                            r.durationMs.toLong(),
                        ),
                        style = MaterialTheme.typography.bodySmall,
                    )
                }
                Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    Button(onClick = { vm.syncNow() }, enabled = state.status.state != SyncState.SYNCING) { Text(stringResource(R.string.sync_now)) }
                    // asks first only when signing out would lose work or cannot reach the server
                    OutlinedButton(onClick = { signOut.signOut() }) { Text(stringResource(R.string.sign_out)) }
                }
            }
        }
        item { SectionTitle(stringResource(R.string.sync_refused)) }
        if (state.rejections.isEmpty()) item { EmptyLine(stringResource(R.string.sync_nothing_refused)) }
        items(state.rejections, key = { it.id }) { r ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 6.dp), verticalAlignment = Alignment.CenterVertically) {
                Column(Modifier.weight(1f)) {
                    Text("${kindText(r.kind)} · ${r.reason}")
                    Text("${r.detail} · ${Units.dateTime(r.atMs, zone, locale)}", style = MaterialTheme.typography.bodySmall)
                    Text(stringResource(R.string.sync_change_undone), style = MaterialTheme.typography.bodySmall)
                }
                TextButton(onClick = { vm.dismissRejection(r.id) }) { Text(stringResource(R.string.action_ok)) }
            }
        }
        item { SectionTitle(stringResource(R.string.sync_conflicts)) }
        if (state.conflicts.isEmpty()) item { EmptyLine(stringResource(R.string.sync_no_conflicts)) }
        items(state.conflicts, key = { it.docId + "/" + it.path }) { c ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 6.dp), verticalAlignment = Alignment.CenterVertically) {
                Column(Modifier.weight(1f)) {
                    Text("${kindText(c.kind)} · ${c.path}")
                    Text(stringResource(R.string.conflict_kept, c.winner.valueJson + (c.winner.by?.let { " ($it)" } ?: "")))
                    for (l in c.losers) {
                        Text(
                            stringResource(R.string.conflict_lost, l.valueJson + (l.by?.let { " ($it)" } ?: "")),
                            style = MaterialTheme.typography.bodySmall,
                        )
                    }
                }
                TextButton(onClick = { vm.dismissConflict(c.docId, c.path) }) { Text(stringResource(R.string.action_ok)) }
            }
        }
    }
}

/**
 * The question [SignOutViewModel] asks when signing out would lose something. Once signed out,
 * the app leaves for the login screen by itself (it watches the repository's session).
 */
@Composable
private fun SignOutQuestion(vm: SignOutViewModel) {
    val step by vm.state.collectAsStateWithLifecycle()
    when (val s = step) {
        is SignOutStep.ConfirmUnsynced -> AlertDialog(
            onDismissRequest = vm::cancel,
            title = { Text(stringResource(R.string.sign_out_unsynced_title)) },
            text = { Text(unsyncedText(s)) },
            confirmButton = { TextButton(onClick = { vm.signOutAnyway() }) { Text(stringResource(R.string.sign_out_anyway)) } },
            dismissButton = {
                Row {
                    TextButton(onClick = vm::cancel) { Text(stringResource(R.string.action_cancel)) }
                    TextButton(onClick = { vm.syncNow() }) { Text(stringResource(R.string.sync_now)) }
                }
            },
        )
        is SignOutStep.ConfirmOffline -> AlertDialog(
            onDismissRequest = vm::cancel,
            title = { Text(stringResource(R.string.sign_out_offline_title)) },
            text = { Text(stringResource(R.string.sign_out_offline_text)) },
            confirmButton = { TextButton(onClick = { vm.signOutAnyway() }) { Text(stringResource(R.string.sign_out_anyway)) } },
            dismissButton = { TextButton(onClick = vm::cancel) { Text(stringResource(R.string.action_cancel)) } },
        )
        SignOutStep.Idle, is SignOutStep.SignedOut -> Unit
    }
}

/** What signing out would lose, counted with the language's plurals. */
@Composable
private fun unsyncedText(s: SignOutStep.ConfirmUnsynced): String {
    val changes = plural(R.plurals.sign_out_changes, s.documents)
    val photos = s.photos
    val what = when (photos) {
        null -> stringResource(R.string.sign_out_changes_and_unknown_photos, changes)
        0L -> changes
        else -> stringResource(R.string.sign_out_changes_and_photos, changes, plural(R.plurals.sign_out_photos, photos))
    }
    return stringResource(R.string.sign_out_unsynced_text, what)
}

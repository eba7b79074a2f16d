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
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.ffi.SyncState
import com.fieldsales.shared.Repository
import com.fieldsales.shared.SignOutStep
import com.fieldsales.shared.SignOutViewModel
import com.fieldsales.shared.SyncViewModel
import java.time.Instant

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
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm, onRetry = { vm.syncNow() }, onLogIn = onLogIn) }
        item { ScreenStatus(signOut, onLogIn = onLogIn) }
        item {
            Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                Text(state.status.label.replaceFirstChar { it.uppercase() }, style = MaterialTheme.typography.titleLarge)
                Text("${state.pending} change(s) waiting for the server")
                state.serverUrl?.let { Text("Server $it", style = MaterialTheme.typography.bodySmall) }
                state.lastReport?.let { r ->
                    Text(
                        "Last sync: ${r.pushed} up, ${r.pulled} down, ${r.rejected.size} refused, " +
                            "${r.roundTrips} round trip(s), ${r.durationMs} ms",
                        style = MaterialTheme.typography.bodySmall,
                    )
                }
                Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    Button(onClick = { vm.syncNow() }, enabled = state.status.state != SyncState.SYNCING) { Text("Sync now") }
                    // asks first only when signing out would lose work or cannot reach the server
                    OutlinedButton(onClick = { signOut.signOut() }) { Text("Sign out") }
                }
            }
        }
        item { SectionTitle("Refused by the server") }
        if (state.rejections.isEmpty()) item { EmptyLine("Nothing refused.") }
        items(state.rejections, key = { it.id }) { r ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 6.dp), verticalAlignment = Alignment.CenterVertically) {
                Column(Modifier.weight(1f)) {
                    Text("${r.kind.name.lowercase()} · ${r.reason}")
                    Text("${r.detail} · ${Instant.ofEpochMilli(r.atMs)}", style = MaterialTheme.typography.bodySmall)
                    Text("Your change was undone; the record is as the server has it.", style = MaterialTheme.typography.bodySmall)
                }
                TextButton(onClick = { vm.dismissRejection(r.id) }) { Text("OK") }
            }
        }
        item { SectionTitle("Changed by two people at once") }
        if (state.conflicts.isEmpty()) item { EmptyLine("No conflicts.") }
        items(state.conflicts, key = { it.docId + "/" + it.path }) { c ->
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 6.dp), verticalAlignment = Alignment.CenterVertically) {
                Column(Modifier.weight(1f)) {
                    Text("${c.kind.name.lowercase()} · ${c.path}")
                    Text("Kept: ${c.winner.valueJson}" + (c.winner.by?.let { " ($it)" } ?: ""))
                    for (l in c.losers) {
                        Text("Lost: ${l.valueJson}" + (l.by?.let { " ($it)" } ?: ""), style = MaterialTheme.typography.bodySmall)
                    }
                }
                TextButton(onClick = { vm.dismissConflict(c.docId, c.path) }) { Text("OK") }
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
            title = { Text("Unsynced work") },
            text = { Text(s.text) },
            confirmButton = { TextButton(onClick = { vm.signOutAnyway() }) { Text("Sign out anyway") } },
            dismissButton = {
                Row {
                    TextButton(onClick = vm::cancel) { Text("Cancel") }
                    TextButton(onClick = { vm.syncNow() }) { Text("Sync now") }
                }
            },
        )
        is SignOutStep.ConfirmOffline -> AlertDialog(
            onDismissRequest = vm::cancel,
            title = { Text("Server unreachable") },
            text = { Text(s.text) },
            confirmButton = { TextButton(onClick = { vm.signOutAnyway() }) { Text("Sign out anyway") } },
            dismissButton = { TextButton(onClick = vm::cancel) { Text("Cancel") } },
        )
        SignOutStep.Idle, is SignOutStep.SignedOut -> Unit
    }
}

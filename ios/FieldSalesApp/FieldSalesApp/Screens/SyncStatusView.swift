import SwiftUI
import FieldSales
import FieldSalesFFI

/// How syncing goes (named state, progress, what is waiting to go), what the server refused
/// and what two people changed at once, each dismissable; and who is signed in.
struct SyncStatusView: View {
    @Environment(AppModel.self) private var app
    @State private var model: SyncStatusModel
    @State private var confirmSignOut = false

    init(session: Session) {
        _model = State(initialValue: SyncStatusModel(session: session))
    }

    var body: some View {
        List {
            statusSection

            Section {
                if model.rejections.isEmpty {
                    Text("Nothing was refused.")
                        .foregroundStyle(.secondary)
                }
                ForEach(model.rejections, id: \.id) { rejection in
                    RejectionRow(rejection: rejection) {
                        _Concurrency.Task { await model.dismiss(rejectionId: rejection.id) }
                    }
                }
            } header: {
                Text("Refused by the server")
            } footer: {
                Text("The server refused these edits and reset the records to its own state.")
            }

            Section {
                if model.conflicts.isEmpty {
                    Text("No conflicts.")
                        .foregroundStyle(.secondary)
                }
                ForEach(model.conflicts, id: \.self) { conflict in
                    ConflictRow(conflict: conflict) {
                        _Concurrency.Task { await model.dismiss(conflict: conflict) }
                    }
                }
            } header: {
                Text("Changed by two people")
            } footer: {
                Text("Every phone shows the kept value; the others are listed until you dismiss them.")
            }

            identitySection
        }
        .navigationTitle("Sync")
        .refreshable { await app.syncNow() }
        .task { await model.run() }
        .onChange(of: app.syncGeneration) { _, _ in
            _Concurrency.Task { await model.load() }
        }
        .confirmationDialog("Sign out?", isPresented: $confirmSignOut, titleVisibility: .visible) {
            Button("Sign out", role: .destructive) {
                _Concurrency.Task { await app.signOut() }
            }
        } message: {
            if app.canSync {
                Text("This phone's copy of your data is deleted; what is synced stays on the server.")
            } else {
                Text("Your data stays on this phone for your next sign-in.")
            }
        }
        // the questions SignOutFlow asks when signing out would lose work or cannot reach the server
        .alert(signOutTitle, isPresented: signOutAsking) {
            if case .confirmUnsynced = app.signOutFlow.step {
                Button("Sync now") {
                    _Concurrency.Task { await app.syncThenSignOut() }
                }
            }
            Button("Sign out anyway", role: .destructive) {
                _Concurrency.Task { await app.signOutAnyway() }
            }
            Button("Cancel", role: .cancel) { app.cancelSignOut() }
        } message: {
            Text(app.signOutFlow.question ?? "")
        }
        .messageAlert($model.message)
    }

    private var statusSection: some View {
        Section("Status") {
            LabeledContent("State") {
                Label(app.syncState.label, systemImage: stateIcon)
            }
            if let progress = app.progress {
                VStack(alignment: .leading, spacing: 4) {
                    Text(progress.phase.label)
                    if progress.toPush > 0 {
                        ProgressView(value: Double(min(progress.pushed, progress.toPush)), total: Double(progress.toPush))
                    } else {
                        ProgressView()
                    }
                    Text("\(progress.pushed) sent · \(progress.pulled) received · \(progress.roundTrips) round trips")
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
            }
            LabeledContent("Waiting to be sent") {
                Text(app.pendingChanges, format: .number)
            }
            if let at = app.lastSyncAt {
                LabeledContent("Last sync") {
                    Text(at, style: .relative) + Text(" ago")
                }
            }
            if let report = app.lastReport {
                Text("\(report.pushed) sent, \(report.pulled) received, \(report.rejected.count) refused in \(report.durationMs) ms")
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            if let error = app.lastSyncError {
                VStack(alignment: .leading, spacing: 4) {
                    Label(error.title, systemImage: "exclamationmark.triangle")
                        .foregroundStyle(.orange)
                    Text(error.detail)
                        .font(.caption)
                }
                if error.action == .signIn {
                    Button("Sign in again") {
                        _Concurrency.Task { await app.signInAgain() }
                    }
                }
            }
            if app.canSync {
                Button {
                    _Concurrency.Task { await app.syncNow() }
                } label: {
                    Label("Sync now", systemImage: "arrow.triangle.2.circlepath")
                }
                .disabled(app.syncState == .syncing)
            } else {
                Text("This store is on this phone only; it does not sync.")
                    .foregroundStyle(.secondary)
            }
        }
    }

    private var signOutAsking: Binding<Bool> {
        Binding(
            get: { app.signOutFlow.question != nil },
            // every way out of the alert is one of its buttons, each of which moves the flow on;
            // cancelling here as well could run before "Sign out anyway" and swallow it
            set: { _ in })
    }

    private var signOutTitle: String {
        if case .confirmOffline = app.signOutFlow.step {
            return "Server unreachable"
        }
        return "Unsynced work"
    }

    private var identitySection: some View {
        Section("Signed in") {
            if let me = app.identity {
                LabeledContent("User", value: me.userName)
                LabeledContent("Role", value: roleLabel(me.role))
                LabeledContent("Server", value: me.serverUrl ?? "none (this phone only)")
                LabeledContent("Time zone", value: me.zone)
            }
            Button("Sign out", role: .destructive) { confirmSignOut = true }
        }
    }

    private var stateIcon: String {
        switch app.syncState {
        case .idle: return "checkmark.circle"
        case .syncing: return "arrow.triangle.2.circlepath"
        case .offline: return "wifi.slash"
        case .error: return "exclamationmark.triangle"
        }
    }

    private func roleLabel(_ role: Role) -> String {
        switch role {
        case .rep: return "Sales rep"
        case .manager: return "Manager"
        case .admin: return "Admin"
        }
    }
}

private struct RejectionRow: View {
    let rejection: Rejection
    let dismiss: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text("\(rejection.kind.label): \(Formats.status(rejection.reason))")
                    .font(.headline)
                Spacer()
                Button("Dismiss", action: dismiss)
                    .buttonStyle(.borderless)
            }
            if !rejection.detail.isEmpty {
                Text(rejection.detail)
                    .font(.callout)
            }
            Text(Formats.dateTime(ms: rejection.atMs))
                .font(.caption)
                .foregroundStyle(.secondary)
        }
    }
}

private struct ConflictRow: View {
    let conflict: Conflict
    let dismiss: () -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text("\(conflict.kind.label): \(conflict.path)")
                    .font(.headline)
                Spacer()
                Button("Dismiss", action: dismiss)
                    .buttonStyle(.borderless)
            }
            Text("Kept: \(conflict.winner.valueJson)\(by(conflict.winner))")
                .font(.callout)
            ForEach(Array(conflict.losers.enumerated()), id: \.offset) { _, loser in
                Text("Not kept: \(loser.valueJson)\(by(loser))")
                    .font(.callout)
                    .foregroundStyle(.secondary)
            }
            Text(Formats.dateTime(ms: conflict.detectedAtMs))
                .font(.caption)
                .foregroundStyle(.secondary)
        }
    }

    private func by(_ value: ConflictValue) -> String {
        value.by.map { " (\($0))" } ?? ""
    }
}

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
                    Text(Strings.text("sync_nothing_refused"))
                        .foregroundStyle(.secondary)
                }
                ForEach(model.rejections, id: \.id) { rejection in
                    RejectionRow(rejection: rejection) {
                        _Concurrency.Task { await model.dismiss(rejectionId: rejection.id) }
                    }
                }
            } header: {
                Text(Strings.text("sync_refused"))
            } footer: {
                Text(Strings.text("sync_refused_hint"))
            }

            Section {
                if model.conflicts.isEmpty {
                    Text(Strings.text("sync_no_conflicts"))
                        .foregroundStyle(.secondary)
                }
                ForEach(model.conflicts, id: \.self) { conflict in
                    ConflictRow(conflict: conflict) {
                        _Concurrency.Task { await model.dismiss(conflict: conflict) }
                    }
                }
            } header: {
                Text(Strings.text("sync_conflicts"))
            } footer: {
                Text(Strings.text("sync_conflicts_hint"))
            }

            identitySection
        }
        .navigationTitle(Strings.text("tab_sync"))
        .refreshable { await app.syncNow() }
        .task { await model.run() }
        .onChange(of: app.syncGeneration) { _, _ in
            _Concurrency.Task { await model.load() }
        }
        .confirmationDialog(Strings.text("sign_out_question"), isPresented: $confirmSignOut, titleVisibility: .visible) {
            Button(Strings.text("sign_out"), role: .destructive) {
                _Concurrency.Task { await app.signOut() }
            }
        } message: {
            if app.canSync {
                Text(Strings.text("sign_out_deletes"))
            } else {
                Text(Strings.text("sign_out_keeps"))
            }
        }
        // the questions SignOutFlow asks when signing out would lose work or cannot reach the server
        .alert(signOutTitle, isPresented: signOutAsking) {
            if case .confirmUnsynced = app.signOutFlow.step {
                Button(Strings.text("sync_now")) {
                    _Concurrency.Task { await app.syncThenSignOut() }
                }
            }
            Button(Strings.text("sign_out_anyway"), role: .destructive) {
                _Concurrency.Task { await app.signOutAnyway() }
            }
            Button(Strings.text("action_cancel"), role: .cancel) { app.cancelSignOut() }
        } message: {
            Text(app.signOutFlow.question ?? "")
        }
        .messageAlert($model.message)
    }

    private var statusSection: some View {
        Section(Strings.text("field_status")) {
            LabeledContent(Strings.text("field_state")) {
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
                    Text(Strings.text("sync_progress", Int64(progress.pushed), Int64(progress.pulled), Int64(progress.roundTrips)))
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
            }
            LabeledContent(Strings.text("sync_waiting")) {
                Text(app.pendingChanges, format: .number)
            }
            if let at = app.lastSyncAt {
                LabeledContent(Strings.text("sync_last")) {
                    Text(at, format: .relative(presentation: .named))
                }
            }
            if let report = app.lastReport {
                Text(
                    Strings.text(
                        "sync_report", Int64(report.pushed), Int64(report.pulled), Int64(report.rejected.count),
                        Int64(report.durationMs)))
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
                    Button(Strings.text("action_sign_in_again")) {
                        _Concurrency.Task { await app.signInAgain() }
                    }
                }
            }
            if app.canSync {
                Button {
                    _Concurrency.Task { await app.syncNow() }
                } label: {
                    Label(Strings.text("sync_now"), systemImage: "arrow.triangle.2.circlepath")
                }
                .disabled(app.syncState == .syncing)
            } else {
                Text(Strings.text("sync_demo_store"))
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
            return Strings.text("sign_out_offline_title")
        }
        return Strings.text("sign_out_unsynced_title")
    }

    private var identitySection: some View {
        Section(Strings.text("section_signed_in")) {
            if let me = app.identity {
                LabeledContent(Strings.text("login_user"), value: me.userName)
                LabeledContent(Strings.text("field_role"), value: roleLabel(me.role))
                LabeledContent(Strings.text("login_server_url"), value: me.serverUrl ?? Strings.text("server_none"))
                LabeledContent(Strings.text("field_time_zone"), value: me.zone)
            }
            Button(Strings.text("sign_out"), role: .destructive) { confirmSignOut = true }
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
        case .rep: return Strings.text("role_rep")
        case .manager: return Strings.text("role_manager")
        case .admin: return Strings.text("role_admin")
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
                Button(Strings.text("action_dismiss"), action: dismiss)
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
                Button(Strings.text("action_dismiss"), action: dismiss)
                    .buttonStyle(.borderless)
            }
            Text(Strings.text("conflict_kept", conflict.winner.valueJson + by(conflict.winner)))
                .font(.callout)
            ForEach(Array(conflict.losers.enumerated()), id: \.offset) { _, loser in
                Text(Strings.text("conflict_lost", loser.valueJson + by(loser)))
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

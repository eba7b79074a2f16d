import SwiftUI
import FieldSales
import FieldSalesFFI

/// Accounts by name, searched as you type (every word, prefixes match), a page at a time.
struct AccountsView: View {
    @State private var model: AccountsModel
    @State private var adding = false

    init(session: Session) {
        _model = State(initialValue: AccountsModel(session: session))
    }

    var body: some View {
        List {
            ForEach(model.accounts, id: \.id) { account in
                NavigationLink(value: Route.account(id: account.id)) {
                    AccountRow(account: account)
                }
                .onAppear {
                    if account.id == model.accounts.last?.id {
                        _Concurrency.Task { await model.loadMore() }
                    }
                }
            }
        }
        .overlay {
            if model.accounts.isEmpty && !model.isLoading {
                if model.search.isEmpty {
                    ContentUnavailableView(
                        Strings.text("accounts_none_title"), systemImage: "building.2",
                        description: Text(Strings.text("accounts_none_hint")))
                } else {
                    ContentUnavailableView.search(text: model.search)
                }
            }
        }
        .searchable(text: $model.search, prompt: Strings.text("accounts_search_prompt"))
        .task(id: model.search) {
            // wait for a pause in typing; a new keystroke cancels this task
            if !model.search.isEmpty {
                try? await _Concurrency.Task.sleep(for: .milliseconds(250))
            }
            guard !_Concurrency.Task.isCancelled else { return }
            await model.reload()
        }
        .task { await model.run() }
        .refreshable { await model.reload() }
        .navigationTitle(Strings.text("tab_accounts"))
        .toolbar {
            ToolbarItem(placement: .primaryAction) {
                Button { adding = true } label: {
                    Label(Strings.text("accounts_new"), systemImage: "plus")
                }
            }
        }
        .sheet(isPresented: $adding) {
            NewAccountSheet(model: model)
        }
        .messageAlert($model.message)
    }
}

private struct AccountRow: View {
    let account: Account

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(account.name)
            let place = [account.city, account.segment].filter { !$0.isEmpty }.joined(separator: " · ")
            if !place.isEmpty {
                Text(place)
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
        }
    }
}

/// A new account: what the rep knows at the door; the rest can follow.
struct NewAccountSheet: View {
    let model: AccountsModel
    @Environment(\.dismiss) private var dismiss
    @State private var account = AccountsModel.blankAccount()
    @State private var saving = false
    /// The model's message while this sheet is up (an alert cannot show behind a sheet).
    @State private var message: UserMessage?

    var body: some View {
        NavigationStack {
            Form {
                Section {
                    TextField(Strings.text("field_name"), text: $account.name)
                    TextField(Strings.text("field_legal_name"), text: $account.legalName)
                    TextField(Strings.text("field_segment"), text: $account.segment)
                    if !model.territories.isEmpty {
                        Picker(Strings.text("field_territory"), selection: $account.territoryId) {
                            ForEach(model.territories, id: \.id) { territory in
                                Text(territory.name).tag(Optional(territory.id))
                            }
                        }
                    }
                }
                Section(Strings.text("field_address")) {
                    TextField(Strings.text("field_street"), text: $account.street)
                    TextField(Strings.text("field_postal_code"), text: $account.postalCode)
                    TextField(Strings.text("field_city"), text: $account.city)
                    TextField(Strings.text("field_country"), text: $account.country)
                }
                Section(Strings.text("section_contact")) {
                    TextField(Strings.text("field_phone"), text: $account.phone)
                        .keyboardType(.phonePad)
                    TextField(Strings.text("field_email"), text: $account.email)
                        .keyboardType(.emailAddress)
                        .textInputAutocapitalization(.never)
                        .autocorrectionDisabled()
                }
                Section {
                    Stepper(value: $account.visitFrequencyDays, in: 0...364, step: 7) {
                        Text(
                            account.visitFrequencyDays == 0
                                ? Strings.text("visit_rhythm_none")
                                : Strings.text("visit_every", account.visitFrequencyDays))
                    }
                }
            }
            .navigationTitle(Strings.text("accounts_new"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(Strings.text("action_cancel")) { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(Strings.text("action_add"), action: save)
                        .disabled(saving || account.name.trimmingCharacters(in: .whitespaces).isEmpty)
                }
            }
            .messageAlert($message)
            .task {
                await model.loadTerritories()
                if account.territoryId == nil {
                    account.territoryId = model.defaultTerritoryId
                }
            }
        }
    }

    private func save() {
        saving = true
        let new = account
        _Concurrency.Task {
            let created = await model.create(new)
            saving = false
            if created != nil {
                dismiss()
            } else {
                message = model.message
                model.message = nil
            }
        }
    }
}

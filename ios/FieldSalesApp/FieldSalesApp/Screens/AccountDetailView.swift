import SwiftUI
import FieldSales
import FieldSalesFFI

/// An account with its contacts and history (visits, orders, quotes, tasks), newest first,
/// and the ways to start work there.
struct AccountDetailView: View {
    @State private var model: AccountDetailModel
    @Environment(Navigator.self) private var navigator
    @State private var newTask = ""
    @State private var addingContact = false

    init(session: Session, accountId: String) {
        _model = State(initialValue: AccountDetailModel(session: session, accountId: accountId))
    }

    var body: some View {
        List {
            if let detail = model.detail {
                AccountHeader(account: detail.account)

                Section {
                    Button {
                        visitNow()
                    } label: {
                        Label(Strings.text("account_visit_now"), systemImage: "figure.walk.arrival")
                    }
                    NavigationLink(value: Route.order(accountId: model.accountId, orderId: nil)) {
                        Label(Strings.text("account_new_order"), systemImage: "cart")
                    }
                    NavigationLink(value: Route.quote(accountId: model.accountId, quoteId: nil)) {
                        Label(Strings.text("account_new_quote"), systemImage: "doc.text")
                    }
                }

                Section {
                    ForEach(detail.contacts, id: \.id) { contact in
                        ContactRow(contact: contact)
                    }
                    Button(Strings.text("contact_add")) { addingContact = true }
                } header: {
                    Text(Strings.text("account_contacts"))
                }

                Section(Strings.text("account_visits")) {
                    if detail.visits.isEmpty { Text(Strings.text("account_no_visits")).foregroundStyle(.secondary) }
                    ForEach(detail.visits, id: \.id) { visit in
                        NavigationLink(value: Route.visit(id: visit.id)) {
                            HistoryRow(
                                title: Formats.dateTime(ms: visit.checkInMs ?? visit.plannedStartMs),
                                subtitle: visit.outcome.isEmpty ? nil : visit.outcome,
                                status: visit.status, trailing: nil)
                        }
                    }
                }

                Section(Strings.text("account_orders")) {
                    if detail.orders.isEmpty { Text(Strings.text("account_no_orders")).foregroundStyle(.secondary) }
                    ForEach(detail.orders, id: \.id) { order in
                        NavigationLink(value: Route.order(accountId: model.accountId, orderId: order.id)) {
                            HistoryRow(
                                title: order.number, subtitle: Formats.day(order.orderDate), status: order.status,
                                trailing: Formats.money(order.totalMinor, order.currency))
                        }
                    }
                }

                Section(Strings.text("account_quotes")) {
                    if detail.quotes.isEmpty { Text(Strings.text("account_no_quotes")).foregroundStyle(.secondary) }
                    ForEach(detail.quotes, id: \.id) { quote in
                        NavigationLink(value: Route.quote(accountId: model.accountId, quoteId: quote.id)) {
                            HistoryRow(
                                title: Strings.text("quote_number_revision", quote.number, String(quote.revision)),
                                subtitle: Strings.text("valid_until", Formats.day(quote.validUntil)), status: quote.status,
                                trailing: Formats.money(quote.totalMinor, quote.currency))
                        }
                    }
                }

                Section(Strings.text("account_tasks")) {
                    ForEach(detail.tasks, id: \.id) { task in
                        TaskRow(task: task) {
                            _Concurrency.Task { await model.complete(taskId: task.id) }
                        }
                    }
                    TextField(Strings.text("account_new_task"), text: $newTask)
                        .submitLabel(.done)
                        .onSubmit(addTask)
                }
            } else if model.isLoading {
                ProgressView()
            }
        }
        .navigationTitle(model.detail?.account.name ?? Strings.text("title_account"))
        .navigationBarTitleDisplayMode(.inline)
        .refreshable { await model.load() }
        .task { await model.run() }
        .sheet(isPresented: $addingContact) {
            NewContactSheet { name, title, phone, email in
                await model.addContact(name: name, title: title, phone: phone, email: email)
            }
        }
        .messageAlert($model.message)
    }

    private func visitNow() {
        _Concurrency.Task {
            if let visitId = await model.visitNow() {
                navigator.open(.visit(id: visitId))
            }
        }
    }

    private func addTask() {
        let title = newTask.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { return }
        newTask = ""
        _Concurrency.Task { await model.addTask(title: title, due: nil) }
    }
}

private struct AccountHeader: View {
    let account: Account

    var body: some View {
        Section {
            let address = [account.street, [account.postalCode, account.city].filter { !$0.isEmpty }.joined(separator: " "), account.country]
                .filter { !$0.isEmpty }
            if !address.isEmpty {
                LabeledContent(Strings.text("field_address")) {
                    Text(address.joined(separator: "\n")).multilineTextAlignment(.trailing)
                }
            }
            if !account.phone.isEmpty {
                LabeledContent(Strings.text("field_phone")) {
                    if let url = URL(string: "tel:" + account.phone.filter { $0.isNumber || $0 == "+" }) {
                        Link(account.phone, destination: url)
                    } else {
                        Text(account.phone)
                    }
                }
            }
            if !account.email.isEmpty {
                LabeledContent(Strings.text("field_email")) {
                    if let url = URL(string: "mailto:" + account.email) {
                        Link(account.email, destination: url)
                    } else {
                        Text(account.email)
                    }
                }
            }
            if !account.segment.isEmpty {
                LabeledContent(Strings.text("field_segment"), value: account.segment)
            }
            if account.visitFrequencyDays > 0 {
                LabeledContent(Strings.text("field_visit_rhythm"), value: Strings.text("visit_every", account.visitFrequencyDays))
            }
            if account.creditLimitMinor > 0 {
                LabeledContent(Strings.text("field_credit_limit"), value: Formats.money(account.creditLimitMinor, account.currency))
            }
            if !account.notes.isEmpty {
                Text(account.notes)
                    .font(.callout)
                    .foregroundStyle(.secondary)
            }
        }
    }
}

private struct ContactRow: View {
    let contact: Contact

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(contact.name)
            let summary = [contact.title, contact.phone, contact.email].filter { !$0.isEmpty }.joined(separator: " · ")
            if !summary.isEmpty {
                Text(summary)
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
        }
    }
}

/// A visit, order or quote in an account's history.
private struct HistoryRow: View {
    let title: String
    let subtitle: String?
    let status: String
    let trailing: String?

    var body: some View {
        HStack {
            VStack(alignment: .leading, spacing: 2) {
                Text(title)
                HStack(spacing: 4) {
                    StatusBadge(status: status)
                    if let subtitle {
                        Text(subtitle)
                    }
                }
                .font(.caption)
                .foregroundStyle(.secondary)
            }
            Spacer()
            if let trailing {
                Text(trailing)
                    .monospacedDigit()
            }
        }
    }
}

/// A record's status label from the core, as words.
struct StatusBadge: View {
    let status: String

    var body: some View {
        Text(Formats.status(status))
            .padding(.horizontal, 6)
            .padding(.vertical, 1)
            .background(.quaternary, in: Capsule())
    }
}

private struct NewContactSheet: View {
    let save: (String, String, String, String) async -> Void
    @Environment(\.dismiss) private var dismiss
    @State private var name = ""
    @State private var title = ""
    @State private var phone = ""
    @State private var email = ""

    var body: some View {
        NavigationStack {
            Form {
                TextField(Strings.text("field_name"), text: $name)
                TextField(Strings.text("field_contact_title"), text: $title)
                TextField(Strings.text("field_phone"), text: $phone)
                    .keyboardType(.phonePad)
                TextField(Strings.text("field_email"), text: $email)
                    .keyboardType(.emailAddress)
                    .textInputAutocapitalization(.never)
                    .autocorrectionDisabled()
            }
            .navigationTitle(Strings.text("contact_new"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(Strings.text("action_cancel")) { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(Strings.text("action_add")) {
                        let values = (name, title, phone, email)
                        dismiss()
                        _Concurrency.Task { await save(values.0, values.1, values.2, values.3) }
                    }
                    .disabled(name.trimmingCharacters(in: .whitespaces).isEmpty)
                }
            }
        }
    }
}

import SwiftUI
import FieldSales
import FieldSalesFFI

/// Today's plan: the day's visits in driving order, the accounts due for a visit, open tasks.
struct TodayView: View {
    @State private var model: TodayModel
    @Environment(Navigator.self) private var navigator
    @State private var newTask = ""

    init(session: Session) {
        _model = State(initialValue: TodayModel(session: session))
    }

    var body: some View {
        List {
            Section {
                if let plan = model.plan, !plan.stops.isEmpty {
                    ForEach(plan.stops, id: \.visitId) { stop in
                        NavigationLink(value: Route.visit(id: stop.visitId)) {
                            StopRow(stop: stop)
                        }
                    }
                } else {
                    Text("No visits planned today.")
                        .foregroundStyle(.secondary)
                }
            } header: {
                Text("Plan")
            } footer: {
                if let plan = model.plan, plan.stops.count > 1 {
                    Text("\(plan.distanceKm, format: .number.precision(.fractionLength(1))) km in this order (\(plan.plannedOrderKm, format: .number.precision(.fractionLength(1))) km by planned times).")
                }
            }

            Section("Due for a visit") {
                if model.due.isEmpty {
                    Text("No account is due.")
                        .foregroundStyle(.secondary)
                }
                ForEach(model.due, id: \.accountId) { due in
                    NavigationLink(value: Route.account(id: due.accountId)) {
                        DueRow(due: due)
                    }
                    .swipeActions {
                        Button("Visit now") { visitNow(due.accountId) }
                            .tint(.accentColor)
                    }
                }
            }

            Section("Open tasks") {
                ForEach(model.tasks, id: \.id) { task in
                    TaskRow(task: task) {
                        _Concurrency.Task { await model.complete(taskId: task.id) }
                    }
                }
                TextField("New task", text: $newTask)
                    .submitLabel(.done)
                    .onSubmit(addTask)
            }
        }
        .navigationTitle(model.date.isEmpty ? "Today" : Formats.day(model.date))
        .refreshable { await model.load() }
        .task { await model.run() }
        .messageAlert($model.message)
    }

    private func visitNow(_ accountId: String) {
        _Concurrency.Task {
            if let visitId = await model.visitNow(accountId: accountId) {
                navigator.open(.visit(id: visitId))
            }
        }
    }

    private func addTask() {
        let title = newTask.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { return }
        newTask = ""
        _Concurrency.Task { await model.addTask(title: title, accountId: nil, due: nil) }
    }
}

private struct StopRow: View {
    let stop: PlanStop

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(stop.accountName.isEmpty ? "Account" : stop.accountName)
                .font(.headline)
            HStack(spacing: 4) {
                Text(Formats.time(ms: stop.plannedStartMs))
                if stop.legKm > 0 {
                    Text("· \(stop.legKm, format: .number.precision(.fractionLength(1))) km")
                }
                if stop.place == nil {
                    Text("· no location")
                }
            }
            .font(.subheadline)
            .foregroundStyle(.secondary)
        }
    }
}

private struct DueRow: View {
    let due: DueAccount

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            Text(due.name)
            Group {
                if due.overdueDays > 0 {
                    Text("\(due.overdueDays) days overdue")
                        .foregroundStyle(.red)
                } else {
                    Text("Due \(Formats.day(due.dueOn))")
                        .foregroundStyle(.secondary)
                }
            }
            .font(.caption)
        }
    }
}

/// A task with a button that completes it.
struct TaskRow: View {
    let task: FieldSalesFFI.Task
    let complete: () -> Void

    var body: some View {
        HStack {
            Button(action: complete) {
                Image(systemName: task.status == "open" ? "circle" : "checkmark.circle.fill")
            }
            .buttonStyle(.borderless)
            .disabled(task.status != "open")
            .accessibilityLabel("Complete")
            VStack(alignment: .leading, spacing: 2) {
                Text(task.title)
                if let due = task.due {
                    Text("Due \(Formats.day(due))")
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
            }
        }
    }
}

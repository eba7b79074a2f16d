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
                    Text(Strings.text("today_no_visits"))
                        .foregroundStyle(.secondary)
                }
            } header: {
                Text(Strings.text("today_plan"))
            } footer: {
                if let plan = model.plan, plan.stops.count > 1 {
                    Text(Strings.text("today_distance", plan.distanceKm.formatted(.number.precision(.fractionLength(1))), plan.plannedOrderKm.formatted(.number.precision(.fractionLength(1)))))
                }
            }

            Section(Strings.text("today_due")) {
                if model.due.isEmpty {
                    Text(Strings.text("today_nobody_due"))
                        .foregroundStyle(.secondary)
                }
                ForEach(model.due, id: \.accountId) { due in
                    NavigationLink(value: Route.account(id: due.accountId)) {
                        DueRow(due: due)
                    }
                    .swipeActions {
                        Button(Strings.text("account_visit_now")) { visitNow(due.accountId) }
                            .tint(.accentColor)
                    }
                }
            }

            Section(Strings.text("today_open_tasks")) {
                ForEach(model.tasks, id: \.id) { task in
                    TaskRow(task: task) {
                        _Concurrency.Task { await model.complete(taskId: task.id) }
                    }
                }
                TextField(Strings.text("account_new_task"), text: $newTask)
                    .submitLabel(.done)
                    .onSubmit(addTask)
            }
        }
        .navigationTitle(model.date.isEmpty ? Strings.text("tab_today") : Formats.day(model.date))
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
            Text(stop.accountName.isEmpty ? Strings.text("title_account") : stop.accountName)
                .font(.headline)
            HStack(spacing: 4) {
                Text(Formats.time(ms: stop.plannedStartMs))
                if stop.legKm > 0 {
                    Text(Strings.text("stop_km", stop.legKm.formatted(.number.precision(.fractionLength(1)))))
                }
                if stop.place == nil {
                    Text(Strings.text("stop_no_location_short"))
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
                    Text(Strings.text("days_late", due.overdueDays))
                        .foregroundStyle(.red)
                } else {
                    Text(Strings.text("due_on", Formats.day(due.dueOn)))
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
            .accessibilityLabel(Strings.text("action_complete"))
            VStack(alignment: .leading, spacing: 2) {
                Text(task.title)
                if let due = task.due {
                    Text(Strings.text("due_on", Formats.day(due)))
                        .font(.caption)
                        .foregroundStyle(.secondary)
                }
            }
        }
    }
}

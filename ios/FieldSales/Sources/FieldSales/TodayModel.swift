import Foundation
import Observation
import FieldSalesFFI

/// Today's plan: the day's visits in driving order, the accounts due for a visit, open tasks.
@Observable
@MainActor
public final class TodayModel {
    public private(set) var date = ""
    public private(set) var plan: DayPlan?
    public private(set) var due: [DueAccount] = []
    public private(set) var tasks: [FieldSalesFFI.Task] = []
    public private(set) var isLoading = false
    public var message: UserMessage?

    private let session: Session

    public init(session: Session) {
        self.session = session
    }

    /// Load, then reload whenever visits, tasks or accounts change, until the calling task is
    /// cancelled (the screen went away). Not on `.schedule`: planning the day writes the
    /// schedule, and listening to it would plan again forever.
    public func run() async {
        await load()
        for await _ in session.changes(of: [.visit, .task, .account]) {
            await load()
        }
    }

    public func load() async {
        isLoading = true
        defer { isLoading = false }
        do {
            let s = try await session.run { ffi -> TodaySnapshot in
                let today = try ffi.today()
                return TodaySnapshot(
                    date: today,
                    plan: try ffi.planDay(date: today, start: nil),
                    due: try ffi.dueAccounts(date: today),
                    tasks: try ffi.openTasks(limit: 100))
            }
            date = s.date
            plan = s.plan
            due = s.due
            tasks = s.tasks
        } catch {
            message = UserMessage(error)
        }
    }

    public func complete(taskId: String) async {
        do {
            _ = try await session.run { ffi in try ffi.completeTask(taskId: taskId) }
        } catch {
            message = UserMessage(error)
        }
    }

    /// Plan a visit to a due account starting now; returns the visit's id to open it.
    public func visitNow(accountId: String, minutes: Int64 = 30) async -> String? {
        let now = Formats.ms(Date())
        do {
            return try await session.run { ffi in
                try ffi.planVisit(accountId: accountId, startMs: now, minutes: minutes).id
            }
        } catch {
            message = UserMessage(error)
            return nil
        }
    }

    public func addTask(title: String, accountId: String?, due: String?) async {
        do {
            _ = try await session.run { ffi in try ffi.createTask(title: title, accountId: accountId, due: due) }
        } catch {
            message = UserMessage(error)
        }
    }
}

struct TodaySnapshot: Sendable {
    var date: String
    var plan: DayPlan
    var due: [DueAccount]
    var tasks: [FieldSalesFFI.Task]
}

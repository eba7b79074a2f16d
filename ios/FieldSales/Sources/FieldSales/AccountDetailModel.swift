import Foundation
import Observation
import FieldSalesFFI

/// One account with its contacts and what happened there, newest first.
@Observable
@MainActor
public final class AccountDetailModel {
    public let accountId: String
    public private(set) var detail: AccountDetail?
    public private(set) var isLoading = false
    public var message: UserMessage?

    private let session: Session
    private let historyLimit: UInt32

    public init(session: Session, accountId: String, historyLimit: UInt32 = 30) {
        self.session = session
        self.accountId = accountId
        self.historyLimit = historyLimit
    }

    public func run() async {
        await load()
        for await _ in session.changes(of: [.account, .contact, .visit, .order, .quote, .task]) {
            await load()
        }
    }

    public func load() async {
        let id = accountId
        let limit = historyLimit
        isLoading = true
        defer { isLoading = false }
        do {
            detail = try await session.run { ffi in try ffi.accountDetail(id: id, historyLimit: limit) }
        } catch {
            message = UserMessage(error)
        }
    }

    /// Plan a visit here starting now; returns its id to open the visit screen.
    public func visitNow(minutes: Int64 = 30) async -> String? {
        let id = accountId
        let now = Formats.ms(Date())
        do {
            return try await session.run { ffi in
                try ffi.planVisit(accountId: id, startMs: now, minutes: minutes).id
            }
        } catch {
            message = UserMessage(error)
            return nil
        }
    }

    /// A follow-up task for this account, due on a `YYYY-MM-DD` day or not.
    public func addTask(title: String, due: String?) async {
        let id = accountId
        do {
            _ = try await session.run { ffi in try ffi.createTask(title: title, accountId: id, due: due) }
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

    public func addContact(name: String, title: String, phone: String, email: String) async {
        let contact = NewContact(accountId: accountId, name: name, title: title, phone: phone, email: email)
        do {
            _ = try await session.run { ffi in try ffi.createContact(contact: contact) }
        } catch {
            message = UserMessage(error)
        }
    }

    /// Add a paragraph to the account's notes (a colleague's notes written meanwhile stay).
    public func addNote(_ note: String) async {
        let id = accountId
        let edit = AccountEdit(
            name: nil, phone: nil, email: nil, street: nil, city: nil, postalCode: nil, segment: nil,
            priceListId: nil, visitFrequencyDays: nil, note: note)
        do {
            _ = try await session.run { ffi in try ffi.editAccount(id: id, edit: edit) }
        } catch {
            message = UserMessage(error)
        }
    }
}

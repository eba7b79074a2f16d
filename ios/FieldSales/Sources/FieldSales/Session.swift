import Foundation
import FieldSalesFFI

// The bindings export a record named `Task`, which shadows Swift's concurrency `Task` in every
// file that imports FieldSalesFFI. Files here say `_Concurrency.Task` for the one and
// `FieldSalesFFI.Task` for the other (check-sources.sh enforces it).

/// One open device store, and the only way into it.
///
/// Every call into the bindings that blocks (SQLite, Automerge) runs through `run` on this
/// actor's own serial queue, never on the main actor and never on Swift's cooperative thread
/// pool. Slow calls that the bindings already make `async` (`sync`, `login`) run on the core's
/// own tokio runtime and are awaited without holding the queue.
public actor Session {
    /// The binding object; reached only through `run`, `sync` and the listeners below.
    private let ffi: FieldSalesFFI.FieldSales
    private let queue: DispatchSerialQueue

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        queue.asUnownedSerialExecutor()
    }

    /// The reason, once, when any call found this device revoked by an administrator (the core
    /// has wiped the store by then). `AppModel` listens and leaves for the sign-in screen, so
    /// whichever screen made the call, the app ends the session the same way.
    public nonisolated let revocations: AsyncStream<String>
    private let revoked: AsyncStream<String>.Continuation

    init(_ ffi: FieldSalesFFI.FieldSales) {
        self.ffi = ffi
        self.queue = DispatchSerialQueue(label: "fieldsales.store")
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        self.revocations = stream
        self.revoked = continuation
    }

    /// Pass `error` on, telling `revocations` first when it is a revocation.
    private nonisolated func watch(_ error: any Error) -> any Error {
        if case FieldSalesError.DeviceRevoked(let reason)? = error as? FieldSalesError {
            revoked.yield(reason)
            revoked.finish()
        }
        return error
    }

    // MARK: - Opening

    /// Create a store that is not bound to a server (a demo, a trial): its user owns its data.
    /// `zone` is the IANA zone of the user's days, e.g. `Europe/Berlin`.
    public static func create(path: String, userName: String, role: Role, zone: String) async throws -> Session {
        try await offMain {
            Session(try FieldSalesFFI.FieldSales.create(path: path, userName: userName, role: role, zone: zone))
        }
    }

    /// Open an existing store.
    public static func open(path: String) async throws -> Session {
        try await offMain { Session(try FieldSalesFFI.FieldSales.open(path: path)) }
    }

    /// Open an existing store encrypted with `key` (from `StoreKeychain`); a plain store is
    /// encrypted in place first.
    public static func open(path: String, key: Data) async throws -> Session {
        try await offMain { Session(try FieldSalesFFI.FieldSales.openWithKey(path: path, key: key)) }
    }

    /// `create`, encrypted with `key`.
    public static func create(path: String, userName: String, role: Role, zone: String, key: Data) async throws -> Session {
        try await offMain {
            Session(try FieldSalesFFI.FieldSales.createWithKey(path: path, userName: userName, role: role, zone: zone, key: key))
        }
    }

    /// `login` into a store encrypted with `key`.
    public static func login(path: String, key: Data, serverUrl: String, user: String, password: String) async throws -> Session {
        Session(try await FieldSalesFFI.loginWithKey(path: path, key: key, serverUrl: serverUrl, user: user, password: password))
    }

    /// Log `user` in at `serverUrl` and open their store at `path`, created on the first login.
    /// Nothing is created if the server refuses.
    public static func login(path: String, serverUrl: String, user: String, password: String) async throws -> Session {
        Session(try await FieldSalesFFI.login(path: path, serverUrl: serverUrl, user: user, password: password))
    }

    // MARK: - Calls

    /// Run blocking binding calls on this store's queue, e.g.
    /// `try await session.run { ffi in try ffi.listAccounts(query: q) }`.
    /// Several calls in one closure see the store without other work of this session between them.
    public func run<T: Sendable>(_ body: @Sendable (FieldSalesFFI.FieldSales) throws -> T) throws -> T {
        do {
            return try body(ffi)
        } catch {
            throw watch(error)
        }
    }

    /// Push local changes and pull the server's until both sides are even. Fails with
    /// `FieldSalesError.Offline` when the server cannot be reached; nothing local is lost.
    public nonisolated func sync() async throws -> SyncReport {
        do {
            return try await ffi.sync()
        } catch {
            throw watch(error)
        }
    }

    /// Sign out: end the session on the server and delete this store; the session is closed
    /// afterwards. Refused with `FieldSalesError.Conflict` (code `unsynced`) while work is
    /// unsynced and `Offline` when the server cannot be reached, unless `force`. `AppModel`
    /// decides through `SignOutFlow` when to force.
    public nonisolated func logout(force: Bool) async throws -> LogoutReport {
        do {
            return try await ffi.logout(force: force)
        } catch {
            throw watch(error)
        }
    }

    /// Close the store; later calls fail with `FieldSalesError.Invalid`. Closing twice is fine.
    public func close() throws {
        try ffi.closeStore()
    }

    // MARK: - Listeners

    /// Ticks when records of any of `kinds` change, by this app's writes or by a sync. Changes
    /// that arrive while the consumer is busy are coalesced into one tick (the newest kind):
    /// a screen re-reads what it shows, it does not replay changes. The listeners are removed
    /// when the consuming task ends or is cancelled.
    public nonisolated func changes(of kinds: [RecordKind]) -> AsyncStream<RecordKind> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: RecordKind.self, bufferingPolicy: .bufferingNewest(1))
        let listener = ChangeListener(continuation)
        let ids = kinds.map { ffi.addDataListener(kind: $0, listener: listener) }
        continuation.onTermination = { [ffi] _ in
            for id in ids {
                _ = ffi.removeListener(id: id)
            }
        }
        return stream
    }

    /// Ticks when records of `kind` change.
    public nonisolated func changes(of kind: RecordKind) -> AsyncStream<RecordKind> {
        changes(of: [kind])
    }

    /// Every sync's progress and state, in order, until the consuming task ends.
    public nonisolated func syncEvents() -> AsyncStream<SyncEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: SyncEvent.self)
        let id = ffi.addSyncListener(listener: SyncEventListener(continuation))
        continuation.onTermination = { [ffi] _ in
            _ = ffi.removeListener(id: id)
        }
        return stream
    }
}

/// What a sync listener heard.
public enum SyncEvent: Sendable, Equatable {
    case progress(SyncProgress)
    case state(SyncState)
}

extension RecordKind {
    /// Every kind of record, for listeners that care about any change.
    public static var all: [RecordKind] {
        [.territory, .user, .account, .contact, .product, .priceList, .stock, .visit, .order,
         .quote, .quota, .task, .schedule]
    }
}

/// Called by the core on whichever thread made the change; it only hands the kind on. It never
/// throws, so it never stops a sync (STYLE habit 3: the listener's errors would come back as
/// values anyway).
final class ChangeListener: DataListener, @unchecked Sendable {
    private let continuation: AsyncStream<RecordKind>.Continuation

    init(_ continuation: AsyncStream<RecordKind>.Continuation) {
        self.continuation = continuation
    }

    func onChanged(kind: RecordKind) throws {
        continuation.yield(kind)
    }
}

final class SyncEventListener: SyncListener, @unchecked Sendable {
    private let continuation: AsyncStream<SyncEvent>.Continuation

    init(_ continuation: AsyncStream<SyncEvent>.Continuation) {
        self.continuation = continuation
    }

    func onProgress(progress: SyncProgress) throws {
        continuation.yield(.progress(progress))
    }

    func onState(state: SyncState) throws {
        continuation.yield(.state(state))
    }
}

/// Blocking work on a background thread, awaited.
func offMain<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await _Concurrency.Task.detached(priority: .userInitiated) { try body() }.value
}

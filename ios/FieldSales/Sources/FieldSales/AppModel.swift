import Foundation
import Observation
import FieldSalesFFI

/// The app as a whole: which store is open, who is signed in, and how syncing goes.
///
/// One store file per user and server lives in `directory` (Application Support in the app).
/// Signing out of a server's store ends the session on the server and deletes the store and its
/// Keychain key, asking first when that would lose unsynced work or cannot reach the server
/// (`SignOutFlow`); a session that merely expired closes the store and keeps it for the same
/// user's next sign-in. The last store opened is reopened at launch without the network.
@Observable
@MainActor
public final class AppModel {
    /// Where the app is.
    public enum Phase: Equatable, Sendable {
        case starting
        case signedOut
        case ready
    }

    public private(set) var phase: Phase = .starting
    public private(set) var session: Session?
    public private(set) var identity: Identity?

    /// The core's named sync state (`idle`, `syncing`, `offline`, `error`).
    public private(set) var syncState: SyncState = .idle
    /// The running sync's progress; `nil` between syncs.
    public private(set) var progress: SyncProgress?
    public private(set) var lastReport: SyncReport?
    public private(set) var lastSyncAt: Date?
    /// Why the last sync failed, until one succeeds.
    public private(set) var lastSyncError: UserMessage?
    /// Documents changed on this phone and not yet on the server.
    public private(set) var pendingChanges: Int64 = 0
    /// Counts finished syncs; screens that show what a sync brings (rejections, conflicts)
    /// reload when it changes.
    public private(set) var syncGeneration = 0
    /// The session ended on the server: the login screen asks for the password again.
    public private(set) var needsSignIn = false
    /// Where a sign-out stands: the question the Sync screen asks while it is `confirm...`.
    public private(set) var signOutFlow = SignOutFlow()
    /// Set when an administrator revoked this phone: the login screen says why the data is gone.
    public private(set) var revokedNotice: UserMessage?
    /// What the login screen offers (the last server and user).
    public private(set) var lastServerUrl = ""
    public private(set) var lastUserName = ""

    /// An error for the whole app (opening, signing in).
    public var message: UserMessage?
    /// Signing in or opening is under way.
    public private(set) var isWorking = false

    /// A store bound to a server can sync; a demo store cannot.
    public var canSync: Bool { identity?.serverUrl != nil }

    private let directory: URL
    private let defaults: UserDefaults
    @ObservationIgnored private var listening: [_Concurrency.Task<Void, Never>] = []

    private static let lastStoreKey = "fieldsales.lastStore"
    private static let lastServerKey = "fieldsales.lastServerUrl"
    private static let lastUserKey = "fieldsales.lastUserName"

    /// `directory` holds the store files; the app passes Application Support.
    public init(directory: URL, defaults: UserDefaults = .standard) {
        self.directory = directory
        self.defaults = defaults
        self.lastServerUrl = defaults.string(forKey: Self.lastServerKey) ?? "http://127.0.0.1:8080"
        self.lastUserName = defaults.string(forKey: Self.lastUserKey) ?? ""
    }

    /// Application Support/FieldSales, where the app keeps its stores (excluded from backups:
    /// the server holds the synced copy, and a restored store would reuse this device's key).
    public nonisolated static func defaultDirectory() throws -> URL {
        var dir = try FileManager.default.url(
            for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true
        ).appendingPathComponent("FieldSales", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try dir.setResourceValues(values)
        return dir
    }

    // MARK: - Opening and closing

    /// Reopen the last store, offline; or show the login screen.
    public func start() async {
        guard phase == .starting else { return }
        guard let name = defaults.string(forKey: Self.lastStoreKey),
              FileManager.default.fileExists(atPath: storePath(name))
        else {
            phase = .signedOut
            return
        }
        let path = storePath(name)
        await enter { try await Session.open(path: path, key: try StoreKeychain.key(for: name)) }
        if phase != .ready {
            phase = .signedOut
        }
    }

    /// Sign in at a server; the first sign-in of a user on this phone creates their store.
    public func login(serverUrl: String, user: String, password: String) async {
        let server = serverUrl.trimmingCharacters(in: .whitespacesAndNewlines)
        let userName = user.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !server.isEmpty, !userName.isEmpty, !password.isEmpty else {
            message = UserMessage(title: Strings.text("msg_check_input"), detail: Strings.text("msg_credentials_needed"))
            return
        }
        let name = Self.storeName(server: server, user: userName)
        let path = storePath(name)
        let failure = await enter(describe: Self.loginMessage) {
            try await Session.login(
                path: path, key: try StoreKeychain.key(for: name), serverUrl: server, user: userName, password: password)
        }
        if case FieldSalesError.DeviceRevoked(let reason)? = failure as? FieldSalesError {
            // the core emptied this phone's store for that user: its file and key go too, and the
            // login screen says why instead of an alert
            StoreKeychain.forget(store: name)
            removeStoreFiles(name)
            message = nil
            revokedNotice = UserMessage(FieldSalesError.DeviceRevoked(reason: reason))
            return
        }
        guard phase == .ready else { return }
        defaults.set(name, forKey: Self.lastStoreKey)
        defaults.set(server, forKey: Self.lastServerKey)
        defaults.set(userName, forKey: Self.lastUserKey)
        lastServerUrl = server
        lastUserName = userName
        needsSignIn = false
        revokedNotice = nil
        await syncNow()
    }

    /// A store on this phone only, for trying the app without a server. Its user is a manager,
    /// so they can also add products and quotas.
    public func startDemo(userName: String = "Demo") async {
        let name = "demo.fieldsales"
        let path = storePath(name)
        let zone = TimeZone.current.identifier
        await enter {
            let key = try StoreKeychain.key(for: name)
            if FileManager.default.fileExists(atPath: path) {
                return try await Session.open(path: path, key: key)
            }
            return try await Session.create(path: path, userName: userName, role: .manager, zone: zone, key: key)
        }
        if phase == .ready {
            defaults.set(name, forKey: Self.lastStoreKey)
        }
    }

    /// The Sign out button. A store bound to a server is signed out there and deleted, asking
    /// first when that would lose something (`signOutFlow`); a store on this phone only has no
    /// session to end, so it is closed and kept.
    public func signOut() async {
        guard canSync else {
            await close()
            return
        }
        await perform(signOutFlow.start())
    }

    /// "Sign out anyway" of either question: discards unsynced work.
    public func signOutAnyway() async {
        await perform(signOutFlow.signOutAnyway())
    }

    /// "Sync now" of the unsynced question: sync, then sign out if nothing is left.
    public func syncThenSignOut() async {
        await perform(signOutFlow.syncFirst())
    }

    public func cancelSignOut() {
        signOutFlow.cancel()
    }

    /// Carry out what `signOutFlow` decided, feeding each outcome back to it until it waits for
    /// the user or is done.
    private func perform(_ first: SignOutFlow.Next) async {
        var next = first
        while true {
            switch next {
            case .ask:
                return
            case .show(let title, let detail):
                message = UserMessage(title: title, detail: detail)
                return
            case .logout(let force):
                guard let session else {
                    signOutFlow.cancel()
                    return
                }
                do {
                    next = signOutFlow.loggedOut(try await session.logout(force: force))
                } catch {
                    await refreshPending()
                    let work = try? await session.run { ffi in try ffi.unsyncedWork() }
                    next = signOutFlow.failed(error, pending: pendingChanges, work: work)
                }
            case .sync:
                guard let session else {
                    signOutFlow.cancel()
                    return
                }
                do {
                    lastReport = try await session.sync()
                    next = signOutFlow.synced()
                } catch {
                    next = signOutFlow.failed(error, pending: pendingChanges)
                }
            case .leave:
                leave()
                return
            case .revoked(let reason):
                await deviceRevoked(reason: reason)
                return
            }
        }
    }

    /// After the store was deleted: its key goes too (it would only help whoever copies it) and
    /// the login screen shows.
    private func leave() {
        if let name = defaults.string(forKey: Self.lastStoreKey) {
            StoreKeychain.forget(store: name)
        }
        detach()
        defaults.removeObject(forKey: Self.lastStoreKey)
        signOutFlow = SignOutFlow()
        phase = .signedOut
    }

    /// An administrator revoked this phone; the core has wiped the store already. The wiped file
    /// and its key are removed (a new sign-in makes both afresh) and the login screen says why.
    /// Reached from any call through `Session.revocations`; a second report does nothing.
    func deviceRevoked(reason: String) async {
        guard let closing = session else { return }
        let name = defaults.string(forKey: Self.lastStoreKey)
        leave()
        needsSignIn = true
        revokedNotice = UserMessage(FieldSalesError.DeviceRevoked(reason: reason))
        try? await closing.close()
        if let name {
            removeStoreFiles(name)
        }
    }

    private func removeStoreFiles(_ name: String) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: storePath(name) + suffix)
        }
    }

    /// Close the store and show the login screen. The store file stays: unsynced work is kept
    /// for the next sign-in of the same user.
    private func close() async {
        let closing = session
        detach()
        defaults.removeObject(forKey: Self.lastStoreKey)
        phase = .signedOut
        if let closing {
            do {
                try await closing.close()
            } catch {
                message = UserMessage(error)
            }
        }
    }

    /// The server ended the session: close the store and ask for the password again.
    public func signInAgain() async {
        needsSignIn = true
        await close()
    }

    // MARK: - Sync

    /// Sync now, unless a sync is running or this store has no server. Errors land in
    /// `lastSyncError`, not in an alert: syncing is background work.
    public func syncNow() async {
        guard let session, canSync, syncState != .syncing else { return }
        syncState = .syncing
        do {
            lastReport = try await session.sync()
            lastSyncAt = Date()
            lastSyncError = nil
        } catch {
            if case FieldSalesError.DeviceRevoked(let reason)? = error as? FieldSalesError {
                await deviceRevoked(reason: reason)
                return
            }
            let m = UserMessage(error)
            lastSyncError = m
            if m.action == .signIn {
                needsSignIn = true
            }
        }
        progress = nil
        if let state = try? await session.run({ ffi in ffi.syncState() }) {
            syncState = state
        }
        await refreshPending()
        syncGeneration += 1
    }

    public func refreshPending() async {
        guard let session else { return }
        if let n = try? await session.run({ ffi in try ffi.pendingChanges() }) {
            pendingChanges = n
        }
    }

    // MARK: - Private

    /// On the login screen, `Unauthorized` means a wrong password, not an expired session.
    nonisolated static func loginMessage(_ error: any Error) -> UserMessage {
        if case FieldSalesError.Unauthorized(let reason)? = error as? FieldSalesError {
            return UserMessage(title: Strings.text("msg_not_signed_in"), detail: UserMessage.sentence(reason))
        }
        return UserMessage(error)
    }

    /// Returns why it failed, if it did (the message is set already).
    @discardableResult
    private func enter(
        describe: (any Error) -> UserMessage = { UserMessage($0) },
        _ open: @escaping @Sendable () async throws -> Session
    ) async -> (any Error)? {
        isWorking = true
        defer { isWorking = false }
        do {
            let s = try await open()
            let id = try await s.run { ffi in try ffi.identity() }
            let state = try await s.run { ffi in ffi.syncState() }
            detach()
            session = s
            identity = id
            syncState = state
            if let url = id.serverUrl {
                lastServerUrl = url
                lastUserName = id.userName
            }
            listen(to: s)
            phase = .ready
            await refreshPending()
            return nil
        } catch {
            message = describe(error)
            return error
        }
    }

    private func listen(to session: Session) {
        let events = session.syncEvents()
        let changes = session.changes(of: RecordKind.all)
        let revocations = session.revocations
        listening = [
            _Concurrency.Task { [weak self] in
                for await reason in revocations {
                    await self?.deviceRevoked(reason: reason)
                }
            },
            _Concurrency.Task { [weak self] in
                for await event in events {
                    self?.apply(event)
                }
            },
            _Concurrency.Task { [weak self] in
                for await _ in changes {
                    await self?.refreshPending()
                }
            },
        ]
    }

    private func apply(_ event: SyncEvent) {
        switch event {
        case .progress(let p):
            progress = p
        case .state(let s):
            syncState = s
            if s != .syncing {
                progress = nil
            }
        }
    }

    private func detach() {
        for t in listening {
            t.cancel()
        }
        listening = []
        session = nil
        identity = nil
        progress = nil
        lastReport = nil
        lastSyncAt = nil
        lastSyncError = nil
        pendingChanges = 0
        syncState = .idle
    }

    private func storePath(_ name: String) -> String {
        directory.appendingPathComponent(name, isDirectory: false).path(percentEncoded: false)
    }

    /// One file per user and server: `ana@127.0.0.1_8080.fieldsales`.
    nonisolated static func storeName(server: String, user: String) -> String {
        var host = "server"
        if let url = URL(string: server), let h = url.host() {
            host = h
            if let port = url.port {
                host += "_\(port)"
            }
        }
        return "\(fileSafe(user))@\(fileSafe(host)).fieldsales"
    }

    private nonisolated static func fileSafe(_ s: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        var out = ""
        for c in s.lowercased() {
            out.append(allowed.contains(c) ? c : "_")
        }
        return out
    }
}

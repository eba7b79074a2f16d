import Foundation
import FieldSalesFFI

/// The decisions of signing out, kept apart from the store and the screens so that the tests
/// walk every path without a server: which question a refusal asks, and what to call next.
/// `AppModel` performs each `Next` and reports back; the Android app's `SignOutViewModel`
/// makes the same decisions with the same sentences.
///
/// The first attempt never discards (`logout(force: false)`); only "Sign out anyway" forces.
public struct SignOutFlow: Equatable, Sendable {
    public enum Step: Equatable, Sendable {
        /// No sign-out asked for, or the user cancelled one.
        case idle
        /// A call is under way.
        case working
        /// Refused: work on this phone has not reached the server. `photos` is nil when the
        /// core's message did not say how many.
        case confirmUnsynced(documents: Int64, photos: Int64?)
        /// Refused: the server cannot be reached to end the session.
        case confirmOffline
        /// Done: the store is gone; its key is forgotten next.
        case signedOut(serverRevoked: Bool)
    }

    /// What the app does next.
    public enum Next: Equatable, Sendable {
        case logout(force: Bool)
        case sync
        /// Forget the store's key and show the sign-in screen.
        case leave
        /// An administrator revoked this phone while it was signing out.
        case revoked(reason: String)
        /// Show this and stay signed in.
        case show(title: String, detail: String)
        /// Wait for the user.
        case ask
    }

    public private(set) var step: Step = .idle
    /// The unsynced question while "Sync now" runs: a failed sync returns to it, so the user
    /// still sees what signing out would lose.
    private var askedBeforeSync: Step?

    public init() {}

    /// The Sign out button.
    public mutating func start() -> Next {
        step = .working
        return .logout(force: false)
    }

    /// "Sign out anyway", offered by both questions: discards what is unsynced.
    public mutating func signOutAnyway() -> Next {
        switch step {
        case .confirmUnsynced, .confirmOffline:
            step = .working
            return .logout(force: true)
        default:
            // a stale button (the question is gone): forcing must always follow a question
            return .ask
        }
    }

    /// "Sync now", offered by the unsynced question: sync, then the careful sign-out again.
    public mutating func syncFirst() -> Next {
        guard case .confirmUnsynced = step else { return .ask }
        askedBeforeSync = step
        step = .working
        return .sync
    }

    public mutating func synced() -> Next {
        askedBeforeSync = nil
        return .logout(force: false)
    }

    public mutating func cancel() {
        askedBeforeSync = nil
        step = .idle
    }

    public mutating func loggedOut(_ logoutReport: LogoutReport) -> Next {
        step = .signedOut(serverRevoked: logoutReport.serverRevoked)
        return .leave
    }

    /// A failed `logout` or `sync`. `work` is what the store says a sign-out would discard
    /// (`unsyncedWork()`); when it could not be read, `pending` (the unsynced documents the
    /// screen last showed) stands in and the photos are not guessed.
    public mutating func failed(_ error: any Error, pending: Int64, work: UnsyncedWork? = nil) -> Next {
        if let asked = askedBeforeSync {
            askedBeforeSync = nil
            if case FieldSalesError.DeviceRevoked(let reason)? = error as? FieldSalesError {
                step = .idle
                return .revoked(reason: reason)
            }
            step = asked
            let m = UserMessage(error)
            return .show(title: m.title, detail: m.detail)
        }
        guard let e = error as? FieldSalesError else {
            step = .idle
            let m = UserMessage(error)
            return .show(title: m.title, detail: m.detail)
        }
        switch e {
        case .Conflict(let code, _) where code == "unsynced":
            if let work {
                step = .confirmUnsynced(documents: Int64(work.documents), photos: Int64(work.photos))
            } else {
                step = .confirmUnsynced(documents: pending, photos: nil)
            }
            return .ask
        case .Offline:
            step = .confirmOffline
            return .ask
        case .DeviceRevoked(let reason):
            step = .idle
            return .revoked(reason: reason)
        default:
            step = .idle
            let m = UserMessage(e)
            return .show(title: m.title, detail: m.detail)
        }
    }

    /// The question's sentence, as the Android app says it, with the language's plurals.
    public var question: String? {
        switch step {
        case .confirmUnsynced(let documents, let photos):
            let docs = Strings.text("sign_out_changes", documents)
            let what: String
            switch photos {
            case nil: what = Strings.text("sign_out_changes_and_unknown_photos", docs)
            case 0?: what = docs
            case let n?: what = Strings.text("sign_out_changes_and_photos", docs, Strings.text("sign_out_photos", n))
            }
            return Strings.text("sign_out_unsynced_text", what)
        case .confirmOffline:
            return Self.offlineQuestion
        default:
            return nil
        }
    }

    static var offlineQuestion: String { Strings.text("sign_out_offline_text") }
}

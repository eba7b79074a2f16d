import Foundation
import FieldSalesFFI

/// An error as a screen shows it: a title, a sentence, and what the user can do about it.
///
/// `FieldSalesError` has one case per thing a screen can do (docs/adr/0005-the-ffi-layer.md); this is the
/// one place that turns them into words. Reasons from the core carry no personal data, so they
/// are shown as the detail.
public struct UserMessage: Identifiable, Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// Nothing to do but read it.
        case none
        /// Sign in again (the session expired or was revoked).
        case signIn
        /// Try again later (offline); nothing was lost.
        case retryLater
    }

    public let id = UUID()
    public let title: String
    public let detail: String
    public let action: Action

    public init(title: String, detail: String, action: Action = .none) {
        self.title = title
        self.detail = detail
        self.action = action
    }

    public init(_ error: any Error) {
        guard let e = error as? FieldSalesError else {
            self.init(title: "Something went wrong", detail: error.localizedDescription)
            return
        }
        switch e {
        case .NotFound(let kind, _):
            self.init(
                title: "Not on this phone",
                detail: "This \(kind.replacingOccurrences(of: "_", with: " ")) is not on this phone. "
                    + "It may have moved to another territory; sync to get the latest.")
        case .Invalid(let reason):
            self.init(title: "Check your input", detail: UserMessage.sentence(reason))
        case .Forbidden(let reason):
            self.init(title: "Not allowed", detail: UserMessage.sentence(reason))
        case .Conflict(let code, let reason):
            self.init(title: UserMessage.conflictTitle(code), detail: UserMessage.sentence(reason))
        case .Offline:
            self.init(
                title: "Offline",
                detail: "The server cannot be reached. Your work is saved on this phone and "
                    + "will sync when you are back online.",
                action: .retryLater)
        case .Unauthorized:
            self.init(
                title: "Sign in again",
                detail: "Your session has ended. Sign in again to sync; nothing on this phone was lost.",
                action: .signIn)
        case .DeviceRevoked:
            self.init(
                title: "This phone was signed out",
                detail: "This phone was signed out by your administrator; its data was removed "
                    + "from this phone. Sign in again to go on.",
                action: .signIn)
        case .Storage(let reason):
            self.init(
                title: "Storage problem",
                detail: "The data on this phone could not be read or written (\(reason)). "
                    + "Free some space or restart the app.")
        case .Internal(let reason):
            self.init(title: "Something went wrong", detail: UserMessage.sentence(reason))
        }
    }

    /// Titles for the core's stable rule codes (`FieldSalesError.Conflict.code`).
    static func conflictTitle(_ code: String) -> String {
        switch code {
        case "not_editable": return "Can no longer be changed"
        case "invalid_transition": return "Not possible now"
        case "quote_expired": return "Quote expired"
        case "superseded": return "A newer revision exists"
        case "discount_over_limit": return "Discount needs approval"
        default: return "Not possible now"
        }
    }

    /// The core's reasons are lower-case fragments ("invalid input: ..."); show them as a sentence.
    static func sentence(_ reason: String) -> String {
        var s = reason
        for prefix in ["invalid input: ", "internal: ", "not signed in: ", "offline: "] where s.hasPrefix(prefix) {
            s.removeFirst(prefix.count)
        }
        guard let first = s.first else { return reason }
        s = first.uppercased() + s.dropFirst()
        if !(s.hasSuffix(".") || s.hasSuffix("!") || s.hasSuffix("?")) {
            s += "."
        }
        return s
    }
}

import Foundation
import FieldSalesFFI

/// An error as a screen shows it: a title, a sentence, and what the user can do about it.
///
/// `FieldSalesError` has one case per thing a screen can do (docs/adr/0005-the-ffi-layer.md); this is the
/// one place that turns them into words, from the string catalog in the user's language
/// (`Strings`). Reasons from the core (English, no personal data) are shown as the detail only
/// where the app has no sentence of its own: invalid input, a refusal, an internal error.
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
            self.init(title: Strings.text("msg_something_wrong"), detail: error.localizedDescription)
            return
        }
        switch e {
        case .NotFound:
            self.init(title: Strings.text("msg_not_found_title"), detail: Strings.text("msg_not_found_detail"))
        case .Invalid(let reason):
            self.init(title: Strings.text("msg_check_input"), detail: UserMessage.sentence(reason))
        case .Forbidden(let reason):
            self.init(title: Strings.text("msg_not_allowed"), detail: UserMessage.sentence(reason))
        case .Conflict(let code, let reason):
            self.init(title: UserMessage.conflictTitle(code), detail: UserMessage.sentence(reason))
        case .Offline:
            self.init(title: Strings.text("msg_offline_title"), detail: Strings.text("msg_offline_detail"), action: .retryLater)
        case .Unauthorized:
            self.init(
                title: Strings.text("action_sign_in_again"), detail: Strings.text("msg_sign_in_again_detail"), action: .signIn)
        case .DeviceRevoked:
            self.init(title: Strings.text("msg_revoked_title"), detail: Strings.text("msg_revoked_detail"), action: .signIn)
        case .Storage(let reason):
            self.init(title: Strings.text("msg_storage_title"), detail: Strings.text("msg_storage_detail", reason))
        case .Internal(let reason):
            self.init(title: Strings.text("msg_something_wrong"), detail: UserMessage.sentence(reason))
        }
    }

    /// Titles for the core's stable rule codes (`FieldSalesError.Conflict.code`).
    static func conflictTitle(_ code: String) -> String {
        switch code {
        case "not_editable": return Strings.text("conflict_title_not_editable")
        case "quote_expired": return Strings.text("conflict_title_quote_expired")
        case "superseded": return Strings.text("conflict_title_superseded")
        case "discount_over_limit": return Strings.text("conflict_title_discount")
        default: return Strings.text("conflict_title_not_possible")
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

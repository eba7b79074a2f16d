import Foundation

/// Every sentence the app and this package show, from the package's string catalog
/// (`Resources/Localizable.xcstrings`: English, Thai, Simplified Chinese, Persian, Vietnamese).
///
/// The views live in the app target, so a bare `Text("Sign in")` would look in the app's main
/// bundle and never find the catalog; they say `Text(Strings.text("action_log_in"))` instead.
/// Keys are names, not English sentences (`action_log_in`), the same names as the Android
/// resources, so one key means one thing on both phones. `scripts/check-strings` fails when a
/// key is missing from the catalog or lacks one of the five languages.
public enum Strings {
    /// The catalog's text for `key` in the user's language, with `arguments` in its `%1$@` /
    /// `%1$lld` places (numbers in the user's locale; `%lld` picks the plural form).
    public static func text(_ key: String, _ arguments: CVarArg...) -> String {
        let format = Bundle.module.localizedString(forKey: key, value: nil, table: "Localizable")
        guard !arguments.isEmpty else { return format }
        return String(format: format, locale: .current, arguments: arguments)
    }

    /// A record's status as the core stores it (`checked_in`) in words ("Checked in"); a status
    /// this version does not know yet (from a newer server) as the words of its label.
    public static func status(_ label: String) -> String {
        let key = "status_" + label
        let words = Bundle.module.localizedString(forKey: key, value: nil, table: "Localizable")
        let text = words == key ? label.replacingOccurrences(of: "_", with: " ") : words
        return text.prefix(1).uppercased(with: .current) + text.dropFirst()
    }
}

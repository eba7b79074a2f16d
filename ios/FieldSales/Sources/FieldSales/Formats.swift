import Foundation
import FieldSalesFFI

/// The core's units as people read them: money is integer minor units (`*Minor`), quantities
/// are thousandths (`*Milli`), rates are basis points (`*Bp`), times are UTC milliseconds
/// (`*Ms`), days are `YYYY-MM-DD` on the rep's calendar.
///
/// Money goes through the core (`formatMoney`, `currencyDecimals`: one ISO 4217 table, VND 0,
/// THB 2, KWD 3 decimals), so the phone shows the amount the PDF, the CLI and the server show.
/// Dates, times and percentages are Foundation's, in the user's locale and calendar (a Thai
/// phone writes the Buddhist year, a Persian one the Solar Hijri date): the core has no date
/// formatter.
public enum Formats {
    /// `2500, "EUR"` as "25.00 EUR": the core's digits with the currency's decimals, then the code.
    public static func money(_ minor: Int64, _ currency: String) -> String {
        "\(formatMoney(minor: minor, currency: currency)) \(currency)"
    }

    /// How many decimals `currency` has, from the core; nil for a code it refuses.
    public static func decimals(_ currency: String) -> Int? {
        (try? currencyDecimals(code: currency)).map(Int.init)
    }

    /// An amount typed by the user (25.5) in minor units of the currency (2550); nil when the
    /// core refuses the currency or the amount has more decimals than the currency (12.5 VND).
    public static func minor(_ amount: Decimal, _ currency: String) -> Int64? {
        guard let places = decimals(currency) else { return nil }
        var scaled = amount
        for _ in 0..<places {
            scaled *= 10
        }
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        guard whole == scaled, abs(whole) <= Decimal(Int64.max) else { return nil }
        return NSDecimalNumber(decimal: whole).int64Value
    }

    /// `2500` as "2.5".
    public static func quantity(_ milli: Int64) -> String {
        decimal(milli, places: 3).formatted()
    }

    /// A quantity typed by the user (2.5) in thousandths (2500).
    public static func milli(_ quantity: Double) -> Int64 {
        Int64((quantity * 1000).rounded())
    }

    /// `1050` basis points as "10.5 %".
    public static func percent(bp: Int64) -> String {
        (Double(bp) / 10_000).formatted(.percent.precision(.fractionLength(0...2)))
    }

    /// A percentage the core computed (`pct`, 0-100 and beyond) as "87.5 %".
    public static func percent(_ pct: Double) -> String {
        (pct / 100).formatted(.percent.precision(.fractionLength(0...1)))
    }

    public static func date(ms: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(ms) / 1000)
    }

    public static func ms(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// A UTC millisecond time as a short date and time.
    public static func dateTime(ms: Int64) -> String {
        date(ms: ms).formatted(date: .abbreviated, time: .shortened)
    }

    /// A UTC millisecond time as a time of day.
    public static func time(ms: Int64) -> String {
        date(ms: ms).formatted(date: .omitted, time: .shortened)
    }

    /// A `YYYY-MM-DD` day as the locale writes it ("22 Nov 2026"); the text itself if it is
    /// not a day.
    public static func day(_ iso: String) -> String {
        guard let d = dayParser.date(from: iso) else { return iso }
        var style = Date.FormatStyle(date: .abbreviated, time: .omitted)
        style.timeZone = utc
        return d.formatted(style)
    }

    private static let utc = TimeZone(identifier: "UTC") ?? .current

    /// `YYYY-MM-DD` as midnight UTC; only used to print the day, never to compute with it.
    private static let dayParser: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = utc
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()

    /// The month a `YYYY-MM-DD` day falls in, as a quota period (`2026-11`).
    public static func month(ofDay iso: String) -> String {
        String(iso.prefix(7))
    }

    /// Snake-case status labels from the core (`checked_in`) as words ("Checked in"), in the
    /// user's language.
    public static func status(_ label: String) -> String {
        Strings.status(label)
    }

    static func decimal(_ value: Int64, places: Int) -> Decimal {
        var d = Decimal(value)
        for _ in 0..<max(0, places) {
            d /= 10
        }
        return d
    }
}

//! Numbers, money and dates as a customer reads them: the locale's digits, grouping and
//! decimal separators, its calendar (Buddhist Era for Thai, Solar Hijri for Persian) and month
//! names. Pure functions of their inputs, shared by the quote PDF and, through the FFI, the
//! phones' screens.
//!
//! | language | digits | group | decimal | money | date |
//! | --- | --- | --- | --- | --- | --- |
//! | en (and unknown) | 0-9 | `,` | `.` | `EUR 1,234.50` | `7 December 2026` |
//! | th | 0-9 | `,` | `.` | `฿1,234.50`, `EUR 1,234.50` | `7 ธันวาคม 2569` (B.E.) |
//! | zh | 0-9 | `,` | `.` | `¥1,234.50`, `EUR 1,234.50` | `2026年12月7日` |
//! | vi | 0-9 | `.` | `,` | `82.500 ₫`, `1.234,50 EUR` | `07/12/2026` |
//! | fa | ۰-۹ | `٬` | `٫` | `۱۲٬۳۴۵ ریال`, `۱٬۲۳۴٫۵۰ EUR` | `۱۶ آذر ۱۴۰۵` (Solar Hijri) |

use icu_calendar::Date;
use icu_calendar::cal::Persian;

use super::{Calendar, language};
use crate::money::decimals;
use crate::time::{Day, Ts};

/// How one language writes numbers.
struct NumberStyle {
    /// The digit zero; the other nine follow it in Unicode.
    zero: char,
    group: &'static str,
    decimal: &'static str,
}

fn style(lang: &str) -> NumberStyle {
    match lang {
        "vi" => NumberStyle {
            zero: '0',
            group: ".",
            decimal: ",",
        },
        "fa" => NumberStyle {
            zero: '\u{06F0}',
            group: "\u{066C}",
            decimal: "\u{066B}",
        },
        _ => NumberStyle {
            zero: '0',
            group: ",",
            decimal: ".",
        },
    }
}

fn digits(s: &str, zero: char) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(u32::from(zero) + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// `v` as a fixed-point number with `places` decimals (`trim`: drop trailing zeros), grouped
/// by thousands, in the locale's digits and separators.
fn fixed(v: i64, places: u32, trim: bool, lang: &str) -> String {
    let st = style(lang);
    let scale = 10u64.pow(places.min(18));
    let a = v.unsigned_abs();
    let int = (a / scale).to_string();
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push_str(st.group);
        }
        grouped.push(c);
    }
    let mut frac = if places == 0 {
        String::new()
    } else {
        format!("{:0width$}", a % scale, width = places as usize)
    };
    if trim {
        while frac.ends_with('0') {
            frac.pop();
        }
    }
    let sign = if v < 0 { "-" } else { "" };
    let body = if frac.is_empty() {
        grouped
    } else {
        format!("{grouped}{}{frac}", st.decimal)
    };
    format!("{sign}{}", digits(&body, st.zero))
}

/// An integer count (a revision, a number of days) in the locale's digits, ungrouped.
pub fn format_number_in(v: i64, locale: &str) -> String {
    digits(&v.to_string(), style(&language(locale)).zero)
}

/// A quantity in thousandths, trailing zeros dropped: `2500` -> `2.5` (en), `2,5` (vi).
pub fn format_qty_in(qty_milli: i64, locale: &str) -> String {
    fixed(qty_milli, 3, true, &language(locale))
}

/// Basis points as a percentage: `1250` -> `12.5 %` (en), `12,5 %` (vi), `۱۲٫۵ %` (fa).
pub fn format_percent_in(bp: i64, locale: &str) -> String {
    format!("{} %", fixed(bp, 2, true, &language(locale)))
}

/// An amount in minor units with the currency's decimals (ISO 4217, [`decimals`]; two for a
/// code outside the table) and the locale's separators and currency sign (module table).
pub fn format_money_in(minor: i64, currency: &str, locale: &str) -> String {
    let lang = language(locale);
    let amount = fixed(minor, decimals(currency).unwrap_or(2), false, &lang);
    match (lang.as_str(), currency) {
        ("th", "THB") => format!("฿{amount}"),
        ("zh", "CNY") => format!("¥{amount}"),
        ("vi", "VND") => format!("{amount} ₫"),
        ("fa", "IRR") => format!("{amount} ریال"),
        ("vi" | "fa", _) => format!("{amount} {currency}"),
        _ => format!("{currency} {amount}"),
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const TH_MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];
/// The months of the Solar Hijri year, Farvardin to Esfand.
const FA_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

fn month_name(names: &[&'static str; 12], month: u32) -> &'static str {
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| names.get(i))
        .copied()
        .unwrap_or("")
}

/// (year, month, day) of a Gregorian day in the Solar Hijri calendar.
fn solar_hijri(day: Day) -> Option<(i32, u32, u32)> {
    use chrono::Datelike;
    let d = day.0;
    let iso = Date::try_new_iso(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()?;
    let p = iso.to_calendar(Persian);
    Some((
        p.year().extended_year(),
        u32::from(p.month().ordinal),
        u32::from(p.day_of_month().0),
    ))
}

/// A day as the locale writes it, in its customary calendar ([`Calendar::of`]):
/// 2026-12-07 is `7 ธันวาคม 2569` (th), `۱۶ آذر ۱۴۰۵` (fa), `2026年12月7日` (zh), `07/12/2026`
/// (vi) and `7 December 2026` (en and any other language).
pub fn format_date(day: Day, locale: &str) -> String {
    use chrono::Datelike;
    let lang = language(locale);
    let (y, m, d) = (day.0.year(), day.0.month(), day.0.day());
    match (Calendar::of(locale), lang.as_str()) {
        (Calendar::Buddhist, _) => format!("{d} {} {}", month_name(&TH_MONTHS, m), y + 543),
        (Calendar::SolarHijri, _) => match solar_hijri(day) {
            Some((py, pm, pd)) => digits(
                &format!("{pd} {} {py}", month_name(&FA_MONTHS, pm)),
                style(&lang).zero,
            ),
            None => day.0.to_string(),
        },
        (Calendar::Gregorian, "zh") => format!("{y}年{m}月{d}日"),
        (Calendar::Gregorian, "vi") => format!("{d:02}/{m:02}/{y}"),
        (Calendar::Gregorian, _) => format!("{d} {} {y}", month_name(&EN_MONTHS, m)),
    }
}

/// An instant as the locale writes it, in UTC: the day as [`format_date`] and the time as
/// `HH:MM UTC` in the locale's digits.
pub fn format_datetime(at: Ts, locale: &str) -> String {
    let utc = at.utc();
    let time = digits(
        &utc.format("%H:%M").to_string(),
        style(&language(locale)).zero,
    );
    format!("{} {time} UTC", format_date(Day(utc.date_naive()), locale))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn money_follows_the_currency_decimals_and_the_locale_separators() {
        assert_eq!(format_money_in(82_500, "VND", "vi-VN"), "82.500 ₫");
        assert_eq!(format_money_in(123_450, "THB", "th-TH"), "฿1,234.50");
        assert_eq!(format_money_in(123_450, "EUR", "vi"), "1.234,50 EUR");
        assert_eq!(format_money_in(123_450, "CNY", "zh-CN"), "¥1,234.50");
        assert_eq!(format_money_in(-6_000, "EUR", "en"), "EUR -60.00");
        assert_eq!(format_money_in(1_234, "KWD", "en"), "KWD 1.234");
        assert_eq!(format_money_in(12_345, "IRR", "fa-IR"), "۱۲۳٫۴۵ ریال");
        assert_eq!(format_money_in(1_234_567, "EUR", "fa"), "۱۲٬۳۴۵٫۶۷ EUR");
        assert_eq!(format_money_in(5, "XYZ", "xx"), "XYZ 0.05");
        assert_eq!(
            format_money_in(i64::MIN, "VND", "vi"),
            "-9.223.372.036.854.775.808 ₫"
        );
    }

    #[test]
    fn quantities_and_percentages_in_the_locale() {
        assert_eq!(format_qty_in(2_500, "vi"), "2,5");
        assert_eq!(format_qty_in(1_234_000, "en"), "1,234");
        assert_eq!(format_qty_in(4_000, "fa"), "۴");
        assert_eq!(format_percent_in(1_250, "th"), "12.5 %");
        assert_eq!(format_percent_in(700, "fa-IR"), "۷ %");
        assert_eq!(format_number_in(30, "fa"), "۳۰");
    }

    #[test]
    fn dates_in_the_customary_calendar() {
        let d = day("2026-12-07");
        assert_eq!(format_date(d, "th-TH"), "7 ธันวาคม 2569");
        assert_eq!(format_date(d, "fa-IR"), "۱۶ آذر ۱۴۰۵");
        assert_eq!(format_date(d, "zh-CN"), "2026年12月7日");
        assert_eq!(format_date(d, "vi"), "07/12/2026");
        assert_eq!(format_date(d, "en"), "7 December 2026");
        assert_eq!(format_date(d, "garbage!"), "7 December 2026");
        // Nowruz: 1 Farvardin 1405 is 21 March 2026
        assert_eq!(format_date(day("2026-03-21"), "fa"), "۱ فروردین ۱۴۰۵");
        assert_eq!(
            format_datetime(Ts::parse("2026-12-07T09:05:00Z").unwrap(), "th"),
            "7 ธันวาคม 2569 09:05 UTC"
        );
    }
}

//! Money, quantities and rates as integers: minor units (`i64`), quantities in thousandths
//! (`qty_milli`), rates and discounts in basis points (`_bp`). No floats touch money.

use crate::error::{Error, Result};

/// Basis points in a whole (100%).
pub const BP_ONE: i64 = 10_000;
/// Thousandths in one unit of quantity.
pub const QTY_ONE: i64 = 1_000;

/// Divide `num / den` and round half to even (banker's rounding). `den` must be positive.
pub fn div_round_half_even(num: i128, den: i128) -> i128 {
    debug_assert!(den > 0, "denominator must be positive");
    let q = num.div_euclid(den);
    let r = num.rem_euclid(den);
    match (2 * r).cmp(&den) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => {
            if q % 2 == 0 {
                q
            } else {
                q + 1
            }
        }
    }
}

/// Narrow an `i128` amount to `i64`, with a typed error instead of an overflow.
pub fn to_minor(v: i128) -> Result<i64> {
    i64::try_from(v).map_err(|_| Error::invalid("amount out of range"))
}

/// Parse a decimal quantity such as `3`, `0.5` or `12.250` into thousandths.
pub fn parse_qty(s: &str) -> Result<i64> {
    parse_fixed(s, 3).ok_or_else(|| {
        Error::invalid(format!(
            "`{s}` is not a quantity (a number with at most 3 decimals)"
        ))
    })
}

/// Parse a decimal amount such as `12.50` into minor units with `decimals` places.
pub fn parse_amount(s: &str, decimals: u32) -> Result<i64> {
    parse_fixed(s, decimals).ok_or_else(|| Error::invalid(format!("`{s}` is not an amount")))
}

/// Digits as people type them: Thai (๐-๙), Persian (۰-۹) and Arabic-Indic (٠-٩) become ASCII,
/// and the Arabic decimal separator (٫) a point, so a Thai or Persian keyboard's `๑๒.๕` or
/// `۱۲٫۵` reads as 12.5. Any other character is kept and refused by the parser.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| {
            let zero = match c {
                '\u{0E50}'..='\u{0E59}' => 0x0E50,
                '\u{06F0}'..='\u{06F9}' => 0x06F0,
                '\u{0660}'..='\u{0669}' => 0x0660,
                '\u{066B}' => return '.',
                _ => return c,
            };
            char::from_digit(u32::from(c) - zero, 10).unwrap_or(c)
        })
        .collect()
}

fn parse_fixed(s: &str, decimals: u32) -> Option<i64> {
    let s = ascii_digits(s);
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if frac.len() > decimals as usize {
        return None;
    }
    let scale = 10i64.checked_pow(decimals)?;
    let int_v: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut frac_v: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..decimals as usize {
        frac_v *= 10;
    }
    let v = int_v.checked_mul(scale)?.checked_add(frac_v)?;
    Some(if neg { -v } else { v })
}

/// Format thousandths as a decimal quantity, trimming trailing zeros (`2500` -> `2.5`).
pub fn format_qty(qty_milli: i64) -> String {
    format_fixed(qty_milli, 3, true)
}

/// Format minor units with two decimals (`4050` -> `40.50`).
pub fn format_minor(minor: i64) -> String {
    format_fixed(minor, 2, false)
}

fn format_fixed(v: i64, decimals: u32, trim: bool) -> String {
    let scale = 10i64.pow(decimals);
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let int = a / scale as u64;
    if decimals == 0 {
        return format!("{sign}{int}");
    }
    let frac = a % scale as u64;
    let mut f = format!("{frac:0width$}", width = decimals as usize);
    if trim {
        while f.ends_with('0') {
            f.pop();
        }
    }
    if f.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{f}")
    }
}

/// Format basis points as a percentage, trimming zeros (`250` -> `2.5 %`, `1000` -> `10 %`).
pub fn format_bp(bp: i64) -> String {
    format!("{} %", format_fixed(bp, 2, true))
}

/// The number of decimals (ISO 4217 minor units) of a currency: VND, JPY, KRW 0; THB, CNY,
/// EUR, IRR 2; KWD, BHD 3. The one table every parse, format and document uses, and the one
/// the phones get through the FFI. Codes without minor units (gold, SDRs, funds) and
/// unknown codes are refused: money here is always in a currency a customer pays in.
pub fn decimals(code: &str) -> Result<u32> {
    iso_currency::Currency::from_code(code)
        .and_then(|c| c.exponent())
        .map(u32::from)
        .ok_or_else(|| Error::invalid(format!("`{code}` is not an ISO 4217 currency code")))
}

/// Validate an ISO 4217 currency code a customer may pay in (see [`decimals`]).
pub fn check_currency(code: &str) -> Result<()> {
    decimals(code).map(|_| ())
}

/// Format minor units with the currency's decimals (`25000` VND -> `25000`, `4050` EUR ->
/// `40.50`, `1234` KWD -> `1.234`). A code outside the table is shown with two decimals.
pub fn format_money(minor: i64, currency: &str) -> String {
    format_fixed(minor, decimals(currency).unwrap_or(2), false)
}

/// Parse a decimal amount in `currency` into its minor units (`12.50` EUR -> 1250; `25000`
/// VND -> 25000; `12.5` VND is refused: the đồng has no minor unit).
pub fn parse_money(s: &str, currency: &str) -> Result<i64> {
    parse_amount(s, decimals(currency)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_even_rounds_ties_to_even() {
        assert_eq!(div_round_half_even(25, 10), 2);
        assert_eq!(div_round_half_even(35, 10), 4);
        assert_eq!(div_round_half_even(26, 10), 3);
        assert_eq!(div_round_half_even(24, 10), 2);
        assert_eq!(div_round_half_even(-25, 10), -2);
        assert_eq!(div_round_half_even(-35, 10), -4);
        assert_eq!(div_round_half_even(-26, 10), -3);
        assert_eq!(div_round_half_even(0, 7), 0);
    }

    #[test]
    fn quantities_parse_and_format() {
        assert_eq!(parse_qty("3").unwrap(), 3000);
        assert_eq!(parse_qty("0.5").unwrap(), 500);
        assert_eq!(parse_qty("12.250").unwrap(), 12250);
        assert_eq!(parse_qty("-1").unwrap(), -1000);
        for bad in ["", "1.2345", "abc", "1,5", "."] {
            assert!(parse_qty(bad).is_err(), "{bad}");
        }
        assert_eq!(format_qty(2500), "2.5");
        assert_eq!(format_qty(3000), "3");
        assert_eq!(format_minor(4050), "40.50");
        assert_eq!(format_minor(-5), "-0.05");
        assert_eq!(parse_amount("12.5", 2).unwrap(), 1250);
    }

    #[test]
    fn currency_codes() {
        assert!(check_currency("EUR").is_ok());
        assert!(check_currency("ABC").is_err());
        assert!(check_currency("XAU").is_err(), "gold has no minor unit");
        assert!(check_currency("eur").is_err());
        assert!(check_currency("EURO").is_err());
    }

    #[test]
    fn each_currency_has_its_own_decimals() {
        for (code, d) in [
            ("VND", 0),
            ("JPY", 0),
            ("KRW", 0),
            ("THB", 2),
            ("CNY", 2),
            ("EUR", 2),
            ("IRR", 2),
            ("KWD", 3),
            ("BHD", 3),
        ] {
            assert_eq!(decimals(code).unwrap(), d, "{code}");
        }
        assert_eq!(format_money(25_000, "VND"), "25000");
        assert_eq!(format_money(4_050, "EUR"), "40.50");
        assert_eq!(format_money(-1_234, "KWD"), "-1.234");
        assert_eq!(format_money(150_000, "THB"), "1500.00");
        assert_eq!(parse_money("25000", "VND").unwrap(), 25_000);
        assert!(parse_money("12.5", "VND").is_err());
        assert_eq!(parse_money("1.234", "BHD").unwrap(), 1_234);
        assert_eq!(parse_money("12.5", "THB").unwrap(), 1_250);
        assert!(parse_money("1", "XYZ").is_err());
    }

    #[test]
    fn thai_persian_and_arabic_indic_digits_are_numbers() {
        assert_eq!(parse_qty("๑๒").unwrap(), 12_000);
        assert_eq!(parse_qty("๒.๕").unwrap(), 2_500);
        assert_eq!(parse_qty("۱۲٫۵").unwrap(), 12_500);
        assert_eq!(parse_qty("٣").unwrap(), 3_000);
        assert_eq!(parse_money("๑๕๐๐.๕๐", "THB").unwrap(), 150_050);
        assert_eq!(parse_money("۲۵۰۰۰", "IRR").unwrap(), 2_500_000);
        // mixed scripts in one number still read digit by digit; letters do not
        assert_eq!(parse_qty("1๒").unwrap(), 12_000);
        assert!(parse_qty("๑ก").is_err());
        assert!(parse_qty("١٬٠٠٠").is_err(), "no grouping separators");
    }
}

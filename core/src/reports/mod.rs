//! Managers' and reps' figures, computed with SQL over the query index (never by loading
//! documents): quota attainment, KPIs per rep and per territory, ABC segmentation.

mod abc;
mod attainment;
mod kpi;

pub use abc::{AbcRow, abc};
pub use attainment::{AttainmentRow, attainment};
pub use kpi::{KpiGroup, KpiRow, kpis};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::time::Day;

/// Order statuses that count as sales: submitted and every later state except cancelled and
/// rejected (a rejected order was never a sale).
pub const SOLD: &str = "('submitted', 'confirmed', 'fulfilled', 'invoiced')";

/// A reporting period: a month (`2026-11`) or a quarter (`2026-Q4`), in UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub start: Day,
    /// First day after the period.
    pub end: Day,
}

impl Period {
    pub fn parse(s: &str) -> Result<Period> {
        let bad = || Error::invalid(format!("`{s}` is not a period (YYYY-MM or YYYY-Qn)"));
        let (y, rest) = s.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let (m0, months) = if let Some(q) = rest.strip_prefix('Q') {
            let q: u32 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            ((q - 1) * 3 + 1, 3)
        } else {
            let m: u32 = rest.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&m) || rest.len() != 2 {
                return Err(bad());
            }
            (m, 1)
        };
        let start = NaiveDate::from_ymd_opt(year, m0, 1).ok_or_else(bad)?;
        let end = start
            .checked_add_months(chrono::Months::new(months))
            .ok_or_else(bad)?;
        Ok(Period {
            start: Day(start),
            end: Day(end),
        })
    }

    /// Bounds as UTC epoch milliseconds.
    pub fn millis(&self) -> (i64, i64) {
        let ms = |d: Day| {
            d.0.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().timestamp_millis())
                .unwrap_or(0)
        };
        (ms(self.start), ms(self.end))
    }
}

/// A period as a user typed it, in their locale's calendar, as the Gregorian label stored on
/// quotas and used by the reports: a Thai user writes the Buddhist Era year as Thai software
/// does (`2569-12` is December 2026); years before 2400 are taken as Gregorian already.
pub fn period_label(input: &str, locale: &str) -> Result<String> {
    let input = crate::money::ascii_digits(input.trim());
    Period::parse(&input)?;
    let Some((y, rest)) = input.split_once('-') else {
        return Ok(input);
    };
    match (crate::locale::Calendar::of(locale), y.parse::<i32>()) {
        (crate::locale::Calendar::Buddhist, Ok(be)) if be >= 2400 => {
            let label = format!("{:04}-{rest}", be - 543);
            Period::parse(&label)?;
            Ok(label)
        }
        _ => Ok(input),
    }
}

/// A Gregorian period label as a user of `locale` reads it (`2026-12` is `2569-12` in Thai).
pub fn period_display(label: &str, locale: &str) -> String {
    match (crate::locale::Calendar::of(locale), label.split_once('-')) {
        (crate::locale::Calendar::Buddhist, Some((y, rest))) => match y.parse::<i32>() {
            Ok(year) => format!("{}-{rest}", year + 543),
            Err(_) => label.to_string(),
        },
        _ => label.to_string(),
    }
}

/// Percent of target, one decimal, from integers: `pct_of(1, 3)` is 33.3.
pub fn pct_of(value: i64, target: i64) -> f64 {
    if target <= 0 {
        return 0.0;
    }
    let tenths = crate::money::div_round_half_even(value as i128 * 1000, target as i128);
    tenths as f64 / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let p = Period::parse("2026-11").unwrap();
        assert_eq!(
            (p.start.to_string(), p.end.to_string()),
            ("2026-11-01".into(), "2026-12-01".into())
        );
        let q = Period::parse("2026-Q4").unwrap();
        assert_eq!(
            (q.start.to_string(), q.end.to_string()),
            ("2026-10-01".into(), "2027-01-01".into())
        );
        for bad in ["2026", "2026-13", "2026-Q5", "26-1", "2026-1", "x-y"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(period_label("2569-12", "th-TH").unwrap(), "2026-12");
        assert_eq!(period_label("๒๕๖๙-Q4", "th").unwrap(), "2026-Q4");
        assert_eq!(period_label("2026-12", "th-TH").unwrap(), "2026-12");
        assert_eq!(period_label("2569-12", "en").unwrap(), "2569-12");
        assert!(period_label("2569-13", "th-TH").is_err());
        assert_eq!(period_display("2026-12", "th-TH"), "2569-12");
        assert_eq!(period_display("2026-Q4", "vi-VN"), "2026-Q4");
        assert_eq!(pct_of(1, 3), 33.3);
        assert_eq!(pct_of(50_000, 100_000), 50.0);
        assert_eq!(pct_of(5, 0), 0.0);
    }
}

//! Time values as they live in documents: UTC instants as Automerge timestamps (milliseconds)
//! and calendar days as `YYYY-MM-DD` strings.

use std::fmt;

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// A UTC instant with millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ts(DateTime<Utc>);

impl Ts {
    pub fn from_millis(ms: i64) -> Self {
        // Out-of-range instants clamp to the epoch rather than panic: they only come from
        // a corrupt or hostile document, and the record stays readable.
        Ts(Utc.timestamp_millis_opt(ms).single().unwrap_or_default())
    }

    pub fn millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    pub fn utc(&self) -> DateTime<Utc> {
        self.0
    }

    pub fn parse(s: &str) -> Result<Self> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| Self::from_millis(d.with_timezone(&Utc).timestamp_millis()))
            .map_err(|e| Error::invalid(format!("`{s}` is not an RFC 3339 time: {e}")))
    }

    pub fn date_utc(&self) -> NaiveDate {
        self.0.date_naive()
    }

    /// The wall-clock time in an IANA zone, `2026-12-07 21:30` (UTC, marked, if the zone is
    /// unknown): what a rep sees on a list.
    pub fn local(&self, zone: &str) -> String {
        match zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => self
                .0
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            Err(_) => self.0.format("%Y-%m-%d %H:%M UTC").to_string(),
        }
    }
}

impl From<DateTime<Utc>> for Ts {
    fn from(d: DateTime<Utc>) -> Self {
        Self::from_millis(d.timestamp_millis())
    }
}

impl fmt::Display for Ts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl Serialize for Ts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ts::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Reconcile for Ts {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.timestamp(self.millis())
    }
}

impl Hydrate for Ts {
    fn hydrate_timestamp(t: i64) -> Result<Self, HydrateError> {
        Ok(Ts::from_millis(t))
    }
    fn hydrate_int(t: i64) -> Result<Self, HydrateError> {
        Ok(Ts::from_millis(t))
    }
}

/// A calendar day, without a zone (validity dates, schedule days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl Day {
    pub fn parse(s: &str) -> Result<Self> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Day)
            .map_err(|_| Error::invalid(format!("`{s}` is not a date (YYYY-MM-DD)")))
    }

    /// The date an instant falls on in an IANA zone (UTC if the zone is unknown).
    pub fn at_in(at: Ts, zone: &str) -> Self {
        match zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => Day(at.utc().with_timezone(&tz).date_naive()),
            Err(_) => Day(at.date_utc()),
        }
    }

    /// The day `days` after this one (saturating at the calendar's end).
    pub fn plus_days(&self, days: u64) -> Self {
        Day(self
            .0
            .checked_add_days(chrono::Days::new(days))
            .unwrap_or(self.0))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Day::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl Reconcile for Day {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.str(self.to_string())
    }
}

impl Hydrate for Day {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        Day::parse(s).map_err(|_| HydrateError::unexpected("a YYYY-MM-DD date", s.to_string()))
    }
}

impl Day {
    /// A day as a user of `locale` types it: a Thai user may write the Buddhist Era year as
    /// Thai software does (`2569-12-07` is 7 December 2026); Thai, Persian and Arabic-Indic
    /// digits are read too. Years before 2400 are Gregorian already. What is stored is
    /// Gregorian.
    pub fn parse_in(s: &str, locale: &str) -> Result<Self> {
        let s = crate::money::ascii_digits(s.trim());
        if crate::locale::Calendar::of(locale) == crate::locale::Calendar::Buddhist
            && let Some((y, rest)) = s.split_once('-')
            && let Ok(be) = y.parse::<i32>()
            && be >= 2400
        {
            return Day::parse(&format!("{:04}-{rest}", be - 543));
        }
        Day::parse(&s)
    }
}

/// Check an IANA time zone name ("Asia/Bangkok").
pub fn check_zone(zone: &str) -> crate::error::Result<()> {
    zone.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| crate::error::Error::invalid(format!("`{zone}` is not an IANA time zone")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_in_the_buddhist_era() {
        use super::Day;
        assert_eq!(
            Day::parse_in("2569-12-07", "th-TH").unwrap().to_string(),
            "2026-12-07"
        );
        assert_eq!(
            Day::parse_in("๒๕๖๙-๑๒-๐๗", "th").unwrap().to_string(),
            "2026-12-07"
        );
        assert_eq!(
            Day::parse_in("2026-12-07", "th").unwrap().to_string(),
            "2026-12-07"
        );
        // for anyone else 2569 is a Gregorian year
        assert_eq!(
            Day::parse_in("2569-12-07", "en").unwrap().to_string(),
            "2569-12-07"
        );
        assert!(Day::parse_in("2569-02-30", "th").is_err());
    }

    #[test]
    fn local_wall_clock() {
        let t = super::Ts::parse("2026-12-07T14:30:00Z").unwrap();
        assert_eq!(t.local("Asia/Bangkok"), "2026-12-07 21:30");
        assert_eq!(t.local("Asia/Tehran"), "2026-12-07 18:00");
        assert_eq!(t.local("nowhere"), "2026-12-07 14:30 UTC");
    }

    use super::*;

    #[test]
    fn ts_round_trips_through_text() {
        let t = Ts::parse("2026-11-22T09:30:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-22T08:30:00.000Z");
        assert_eq!(Ts::parse(&t.to_string()).unwrap(), t);
    }

    #[test]
    fn bad_times_are_typed_errors() {
        assert!(matches!(Ts::parse("yesterday"), Err(Error::Invalid(_))));
        assert!(matches!(Day::parse("2026-13-01"), Err(Error::Invalid(_))));
    }
}

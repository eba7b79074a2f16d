//! Locales: a user's and a customer's language and region as a BCP 47 tag ("th-TH", "fa-IR",
//! "zh-CN", "vi", "en"), checked and put in canonical form once at the boundary, and what the
//! core does with them: which language labels are printed in, and whether dates and periods
//! are written in the Buddhist Era or the Solar Hijri calendar.

mod format;
mod labels;

pub use format::{
    format_date, format_datetime, format_money_in, format_number_in, format_percent_in,
    format_qty_in,
};
pub use labels::{Labels, consent_text, fill, labels};

use icu_locale_core::LanguageIdentifier;

use crate::error::{Error, Result};

/// The locale of stores and accounts made before locales existed.
pub const DEFAULT_LOCALE: &str = "en";

/// Check a BCP 47 language tag and return its canonical spelling ("TH-th" -> "th-TH").
pub fn check_locale(tag: &str) -> Result<String> {
    let tag = tag.trim();
    let id = LanguageIdentifier::try_from_str(&tag.replace('_', "-"))
        .map_err(|_| Error::invalid(format!("`{tag}` is not a locale (e.g. th-TH, vi, fa-IR)")))?;
    if id.language.is_unknown() {
        return Err(Error::invalid(format!(
            "`{tag}` names no language (e.g. th-TH, vi, fa-IR)"
        )));
    }
    Ok(id.to_string())
}

/// The language subtag of a locale ("th" for "th-TH"); "en" for anything unreadable.
pub fn language(tag: &str) -> String {
    LanguageIdentifier::try_from_str(&tag.replace('_', "-"))
        .map(|id| id.language.as_str().to_string())
        .unwrap_or_else(|_| DEFAULT_LOCALE.to_string())
}

/// The calendar a locale's customer documents and period inputs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    /// Thai solar calendar: the Gregorian year + 543.
    Buddhist,
    /// The Iranian calendar.
    SolarHijri,
}

impl Calendar {
    /// The customary calendar of a locale: Buddhist Era for Thai, Solar Hijri for Persian,
    /// Gregorian for everything else (Chinese and Vietnamese business documents use it).
    pub fn of(locale: &str) -> Calendar {
        match language(locale).as_str() {
            "th" => Calendar::Buddhist,
            "fa" => Calendar::SolarHijri,
            _ => Calendar::Gregorian,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_canonical() {
        assert_eq!(check_locale("th-TH").unwrap(), "th-TH");
        assert_eq!(check_locale("TH_th").unwrap(), "th-TH");
        assert_eq!(check_locale("zh-hans-cn").unwrap(), "zh-Hans-CN");
        assert_eq!(check_locale(" vi ").unwrap(), "vi");
        for bad in ["", "x", "th TH", "ภาษาไทย", "und", "en--US"] {
            assert!(check_locale(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn calendars_follow_the_language() {
        assert_eq!(Calendar::of("th-TH"), Calendar::Buddhist);
        assert_eq!(Calendar::of("fa"), Calendar::SolarHijri);
        assert_eq!(Calendar::of("zh-CN"), Calendar::Gregorian);
        assert_eq!(Calendar::of("garbage!"), Calendar::Gregorian);
        assert_eq!(language("vi-VN"), "vi");
    }
}

//! Numbers, money, dates and the quote's words in the customer's locale: the core's formatters
//! (`fieldsales_core::locale`), so the phones' screens write amounts and dates exactly as the
//! quote PDF does.

use fieldsales_core::locale;
use fieldsales_core::time::Day;

use crate::error::FieldSalesError;

/// The labels of the quote PDF and the consent sentence in one language. Templates name their
/// blanks in braces: `title` ({number}, {revision}), `payment_days` ({n}), `page` ({i}, {n}),
/// `consent` ({signer}, {number}, {revision}, {total}).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QuoteLabels {
    pub language: String,
    pub rtl: bool,
    pub title: String,
    pub status: String,
    pub date: String,
    pub valid_until: String,
    pub currency: String,
    pub bill_to: String,
    pub tax_id: String,
    pub phone: String,
    pub description: String,
    pub qty: String,
    pub unit_price: String,
    pub discount: String,
    pub tax_rate: String,
    pub net: String,
    pub no_lines: String,
    pub subtotal: String,
    pub quote_discount: String,
    pub tax: String,
    pub total: String,
    pub payment_days: String,
    pub payment_on_receipt: String,
    pub terms: String,
    pub content_hash: String,
    pub signature: String,
    pub signed_by: String,
    pub signed_at: String,
    pub place: String,
    pub device_key: String,
    pub page: String,
    pub continued: String,
    pub consent: String,
}

/// The labels for a locale's language (English for a language without its own).
#[uniffi::export]
pub fn quote_labels(locale: String) -> QuoteLabels {
    let l = locale::labels(&locale);
    QuoteLabels {
        language: l.language.into(),
        rtl: l.rtl,
        title: l.title.into(),
        status: l.status.into(),
        date: l.date.into(),
        valid_until: l.valid_until.into(),
        currency: l.currency.into(),
        bill_to: l.bill_to.into(),
        tax_id: l.tax_id.into(),
        phone: l.phone.into(),
        description: l.description.into(),
        qty: l.qty.into(),
        unit_price: l.unit_price.into(),
        discount: l.discount.into(),
        tax_rate: l.tax_rate.into(),
        net: l.net.into(),
        no_lines: l.no_lines.into(),
        subtotal: l.subtotal.into(),
        quote_discount: l.quote_discount.into(),
        tax: l.tax.into(),
        total: l.total.into(),
        payment_days: l.payment_days.into(),
        payment_on_receipt: l.payment_on_receipt.into(),
        terms: l.terms.into(),
        content_hash: l.content_hash.into(),
        signature: l.signature.into(),
        signed_by: l.signed_by.into(),
        signed_at: l.signed_at.into(),
        place: l.place.into(),
        device_key: l.device_key.into(),
        page: l.page.into(),
        continued: l.continued.into(),
        consent: l.consent.into(),
    }
}

/// An amount in minor units with the currency's decimals and the locale's separators and
/// currency sign: `82500, "VND", "vi"` -> `82.500 ₫`.
#[uniffi::export]
pub fn format_money_in(minor: i64, currency: String, locale: String) -> String {
    locale::format_money_in(minor, &currency, &locale)
}

/// A quantity in thousandths in the locale's digits: `2500, "vi"` -> `2,5`.
#[uniffi::export]
pub fn format_qty_in(qty_milli: i64, locale: String) -> String {
    locale::format_qty_in(qty_milli, &locale)
}

/// Basis points as a percentage in the locale's digits: `1250, "fa"` -> `۱۲٫۵ %`.
#[uniffi::export]
pub fn format_percent_in(bp: i64, locale: String) -> String {
    locale::format_percent_in(bp, &locale)
}

/// A day (`YYYY-MM-DD`) in the locale's customary calendar: `2026-12-07` is `7 ธันวาคม 2569`
/// for th, `۱۶ آذر ۱۴۰۵` for fa. `Invalid` for a day that is not a date.
#[uniffi::export]
pub fn format_date(day: String, locale: String) -> Result<String, FieldSalesError> {
    Ok(locale::format_date(Day::parse(&day)?, &locale))
}

/// The consent sentence a customer signs, in the locale's language, with the total already
/// formatted ([`format_money_in`]).
#[uniffi::export]
pub fn consent_text_in(
    locale: String,
    signer: String,
    number: String,
    revision: i64,
    total: String,
) -> String {
    locale::consent_text(
        &locale,
        &signer,
        &number,
        &locale::format_number_in(revision, &locale),
        &total,
    )
}

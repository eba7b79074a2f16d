//! A quote as the PDF renderer's plain document: the quote's own content (as signed, for a
//! signed quote), the selling company, the account's address and tax id and the signature,
//! with dates written for the quote's locale.

use super::signing::content_hash_hex;
use crate::locale::{format_date, format_datetime};
use crate::pdf::{DocumentLine, DocumentSignature, QuoteDocument};
use crate::records::{Account, Quote};

/// Who issues a quote, as printed at its head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seller {
    /// The company's legal name (the quote owner's name when no company profile is set).
    pub name: String,
    /// Address, tax id and phone lines, already labelled.
    pub lines: Vec<String>,
    /// PNG or JPEG logo.
    pub logo: Option<Vec<u8>>,
}

/// The document printed for `quote`. Depends on its arguments only, so the same quote, account
/// and seller give the same PDF bytes on every device.
pub fn quote_document(quote: &Quote, account: Option<&Account>, seller: &Seller) -> QuoteDocument {
    let customer_name = match (quote.customer_name.trim(), account) {
        ("", Some(a)) => a.name.clone(),
        (name, _) => name.to_string(),
    };
    let customer_lines = account.map(address_lines).unwrap_or_default();
    let content_hash = match &quote.signature {
        Some(s) => s.content_hash.clone(),
        None => content_hash_hex(quote),
    };
    let locale = quote.locale.as_str();
    QuoteDocument {
        locale: locale.to_string(),
        seller: seller.name.clone(),
        seller_lines: seller.lines.clone(),
        seller_logo: seller.logo.clone(),
        number: quote.number.clone(),
        revision: quote.revision,
        customer_name,
        customer_lines,
        customer_tax_id: account
            .map(|a| a.tax_id.trim().to_string())
            .unwrap_or_default(),
        quote_date: format_date(quote.quote_date, locale),
        valid_until: format_date(quote.valid_until, locale),
        currency: quote.currency.clone(),
        lines: quote
            .lines
            .iter()
            .map(|l| DocumentLine {
                description: l.description.clone(),
                qty_milli: l.qty_milli,
                unit_price_minor: l.unit_price_minor,
                discount_bp: l.discount_bp,
                tax_bp: l.tax_bp,
                net_minor: l.net_minor,
            })
            .collect(),
        discount_bp: quote.discount_bp,
        subtotal_minor: quote.subtotal_minor,
        tax_minor: quote.tax_minor,
        total_minor: quote.total_minor,
        payment_terms_days: quote.payment_terms_days,
        terms: quote.terms.as_str().to_string(),
        content_hash,
        signature: quote.signature.as_ref().map(|s| DocumentSignature {
            signer_name: s.signer_name.clone(),
            signer_role: s.signer_role.clone(),
            signed_at: format_datetime(s.signed_at, locale),
            place: s.place.map(|p| format!("{:.5}, {:.5}", p.lat, p.lon)),
            consent_text: s.consent_text.clone(),
            strokes: s.strokes.0.clone(),
            device_key: s.public_key.clone(),
        }),
    }
}

/// Billing address as printed lines: street, postal code and city, country; empty parts left
/// out.
fn address_lines(a: &Account) -> Vec<String> {
    let b = &a.billing;
    let city = [b.postal_code.trim(), b.city.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    [
        b.street.trim().to_string(),
        city,
        b.country.trim().to_string(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

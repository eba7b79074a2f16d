//! Deterministic PDF rendering of sales quotes, in the customer's language.
//!
//! [`render`] lays a [`QuoteDocument`] out on A4 pages: labels from
//! [`crate::locale::labels`], amounts and numbers formatted for the document's locale, text
//! shaped with rustybuzz and ordered with the Unicode bidi algorithm (Thai, Chinese, Persian
//! right to left, Vietnamese, Latin), drawn with fonts compiled into the core
//! (docs/adr/0012-quote-fonts.md) and embedded as subsets by krilla, so the text stays
//! extractable. Output depends on the input only: no timestamps, no random IDs, so the same
//! document always yields the same bytes on every platform.

mod compose;
mod draw;
mod fonts;
mod sections;
mod signature;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_locales;
mod text;

use crate::error::Result;
use crate::locale::{fill, labels};
use compose::Composer;

/// Everything printed on a quote PDF; plain data so it can be built from a Quote record.
/// Dates arrive formatted for the locale; amounts are formatted here with `locale`.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDocument {
    /// BCP 47 tag of the customer's locale: labels, digits and separators follow it.
    pub locale: String,
    /// The selling company's legal name (or the issuer's name), printed at the top.
    pub seller: String,
    /// The seller's address, tax id and phone lines, may be empty.
    pub seller_lines: Vec<String>,
    /// The seller's logo, PNG or JPEG; one that cannot be read is left out.
    pub seller_logo: Option<Vec<u8>>,
    /// E.g. "Q-00042".
    pub number: String,
    pub revision: i64,
    pub customer_name: String,
    /// Address lines, may be empty.
    pub customer_lines: Vec<String>,
    /// The customer's tax id, may be empty.
    pub customer_tax_id: String,
    /// The quote's date, formatted for the locale (e.g. "7 ธันวาคม 2569").
    pub quote_date: String,
    pub valid_until: String,
    /// ISO code, e.g. "EUR".
    pub currency: String,
    pub lines: Vec<DocumentLine>,
    /// Quote-level discount in basis points (1250 = 12.50 %).
    pub discount_bp: i64,
    /// Money in integer minor units of `currency`.
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment_terms_days: i64,
    /// Free text, may contain newlines, may be long.
    pub terms: String,
    /// Hex SHA-256 (64 chars), always printed.
    pub content_hash: String,
    pub signature: Option<DocumentSignature>,
}

/// One row of the line table.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentLine {
    pub description: String,
    /// Quantity in thousandths (4 units = 4000).
    pub qty_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
}

/// A captured signature and its circumstances.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSignature {
    pub signer_name: String,
    pub signer_role: String,
    /// Formatted for the locale, e.g. "22 November 2026 14:03 UTC".
    pub signed_at: String,
    /// E.g. "48.13710, 11.57540".
    pub place: Option<String>,
    /// The consent sentence exactly as signed.
    pub consent_text: String,
    /// Polylines of (x, y, t_ms) in the pad's own units, y grows downward.
    pub strokes: Vec<Vec<[i64; 3]>>,
    /// Hex public key; printed shortened if it does not fit.
    pub device_key: String,
}

/// Render the quote as a PDF file. Never panics; identical input gives identical bytes.
/// Fails only if the PDF writer does.
pub fn render(doc: &QuoteDocument) -> Result<Vec<u8>> {
    let l = labels(&doc.locale);
    let rev = crate::locale::format_number_in(doc.revision, &doc.locale);
    let title = fill(l.title, &[("number", &doc.number), ("revision", &rev)]);
    let running = format!("{} - {title} {}", doc.seller, l.continued);
    let mut c = Composer::new(running, title.clone());
    sections::header(&mut c, doc, l);
    sections::table(&mut c, doc, l);
    sections::totals(&mut c, doc, l);
    sections::terms(&mut c, doc, l);
    sections::hash(&mut c, doc, l);
    if let Some(sig) = &doc.signature {
        signature::signature(&mut c, sig, l);
    }
    let locale = doc.locale.clone();
    let pages = c.finish(|i, n| {
        let (i, n) = (i as i64, n as i64);
        fill(
            l.page,
            &[
                ("i", &crate::locale::format_number_in(i, &locale)),
                ("n", &crate::locale::format_number_in(n, &locale)),
            ],
        )
    });
    draw::pdf(&title, &pages)
}

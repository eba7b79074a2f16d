//! Deterministic PDF rendering of sales quotes.
//!
//! [`render`] lays a [`QuoteDocument`] out on A4 pages using the standard Type1 fonts
//! Helvetica and Helvetica-Bold with WinAnsiEncoding (no embedded fonts, text stays
//! extractable). Output depends on the input only: no timestamps, no random IDs, so the
//! same document always yields the same bytes.

mod compose;
mod layout;
mod sections;
mod signature;
#[cfg(test)]
mod tests;

use pdf_writer::{Finish, Name, Pdf, Rect, Ref, TextStr};

use compose::{Composer, PAGE_H, PAGE_W};
use layout::encode;

/// Everything printed on a quote PDF; plain data so it can be built from a Quote record.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDocument {
    /// Who issues the quote, printed at the top.
    pub seller: String,
    /// E.g. "Q-00042".
    pub number: String,
    pub revision: i64,
    /// "presented", "signed", ...
    pub status: String,
    pub customer_name: String,
    /// Address lines, may be empty.
    pub customer_lines: Vec<String>,
    /// E.g. "2026-11-22".
    pub quote_date: String,
    pub valid_until: String,
    /// ISO code, e.g. "EUR".
    pub currency: String,
    pub lines: Vec<DocumentLine>,
    /// Quote-level discount in basis points (1250 = 12.50 %).
    pub discount_bp: i64,
    /// Money in integer minor units (cents).
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
    /// E.g. "2026-11-22 14:03:11 UTC".
    pub signed_at: String,
    /// E.g. "48.13710, 11.57540".
    pub place: Option<String>,
    pub consent_text: String,
    /// Polylines of (x, y, t_ms) in the pad's own units, y grows downward.
    pub strokes: Vec<Vec<[i64; 3]>>,
    /// Hex public key; printed shortened if it does not fit.
    pub device_key: String,
}

/// Render the quote as a PDF file. Never panics; identical input gives identical bytes.
pub fn render(doc: &QuoteDocument) -> Vec<u8> {
    let title = format!("Quote {} rev {}", doc.number, doc.revision);
    let running = encode(&format!("{} - {title} (continued)", doc.seller));
    let mut c = Composer::new(running, encode(&title));
    sections::header(&mut c, doc);
    sections::table(&mut c, doc);
    sections::totals(&mut c, doc);
    sections::terms(&mut c, doc);
    sections::hash(&mut c, doc);
    if let Some(sig) = &doc.signature {
        signature::signature(&mut c, sig);
    }
    assemble(&title, c.finish())
}

/// Object ids: 1 catalog, 2 page tree, 3/4 fonts, 5 info, then page/content pairs.
fn assemble(title: &str, pages: Vec<Vec<u8>>) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let ids: Vec<(Ref, Ref)> = (0..pages.len())
        .map(|i| {
            let page = i32::try_from(6 + 2 * i).unwrap_or(i32::MAX - 1);
            (Ref::new(page), Ref::new(page + 1))
        })
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(i32::try_from(ids.len()).unwrap_or(i32::MAX));
    for ((page_id, content_id), data) in ids.iter().zip(&pages) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_id);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular)
            .pair(Name(b"F2"), bold);
        page.finish();
        pdf.stream(*content_id, data);
    }
    for (id, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("fieldsales"));
    pdf.finish()
}

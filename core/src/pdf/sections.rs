//! The blocks of a quote: header, line table, totals, terms and content hash.

use super::QuoteDocument;
use super::compose::{BOTTOM, Composer, FULL, LEFT, RIGHT, TOP, leading};
use super::layout::{Font, encode, fit_size, pct, width, wrap};
use crate::money::{format_minor, format_qty};

/// Font size and row height of the line table.
const CELL: f32 = 9.0;
const ROW: f32 = 12.5;
/// Width of the description column.
const DESC_W: f32 = 195.0;
/// Right edge and width of the numeric columns: qty, unit price, discount, tax, net.
const NUM_COLS: [(f32, f32); 5] = [
    (300.0, 50.0),
    (370.0, 66.0),
    (425.0, 51.0),
    (475.0, 46.0),
    (RIGHT, 66.0),
];
const HEADS: [&str; 5] = ["Qty", "Unit price", "Discount", "Tax", "Net"];

/// Seller, quote number, status, dates and the customer block.
pub(super) fn header(c: &mut Composer, doc: &QuoteDocument) {
    let half = FULL / 2.0 - 10.0;
    let top = c.y;
    let title = encode(&format!("Quote {} rev {}", doc.number, doc.revision));
    let size = fit_size(&title, Font::Bold, 13.0, 6.0, half);
    c.text_right(RIGHT, top - 13.0, Font::Bold, size, &title);
    let mut right_y = top - 17.0;
    let facts = [
        ("Status", &doc.status),
        ("Date", &doc.quote_date),
        ("Valid until", &doc.valid_until),
        ("Currency", &doc.currency),
    ];
    for (label, value) in facts {
        let s = encode(&format!("{label}: {value}"));
        let size = fit_size(&s, Font::Regular, 9.0, 5.0, half);
        right_y -= 12.0;
        c.text_right(RIGHT, right_y, Font::Regular, size, &s);
    }
    let pages = c.page_count();
    c.para(&doc.seller, Font::Bold, 16.0, LEFT, half);
    if c.page_count() == pages {
        c.y = c.y.min(right_y - 4.0);
    }
    c.space(16.0);
    c.para("Bill to", Font::Bold, 8.0, LEFT, FULL);
    c.para(&doc.customer_name, Font::Bold, 11.0, LEFT, FULL);
    for l in &doc.customer_lines {
        c.para(l, Font::Regular, 9.0, LEFT, FULL);
    }
    c.space(18.0);
}

fn table_header(c: &mut Composer) {
    let base = c.y - 9.0;
    c.text(LEFT, base, Font::Bold, 8.5, b"Description");
    for ((right, _), head) in NUM_COLS.iter().zip(HEADS) {
        c.text_right(*right, base, Font::Bold, 8.5, head.as_bytes());
    }
    c.rule(LEFT, RIGHT, base - 4.0, 0.6, 0.0);
    c.y = base - 7.0;
}

/// The line items, one row each; rows wrap their description and flow over pages with the
/// table header repeated.
pub(super) fn table(c: &mut Composer, doc: &QuoteDocument) {
    c.ensure(ROW * 3.0);
    table_header(c);
    if doc.lines.is_empty() {
        c.para("(no line items)", Font::Regular, CELL, LEFT, FULL);
    }
    // A row taller than this can never fit one page and is split line by line instead.
    let page_room = TOP - 22.0 - BOTTOM - 20.0;
    for line in &doc.lines {
        let desc = wrap(&line.description, Font::Regular, CELL, DESC_W);
        let h = desc.len() as f32 * ROW;
        if c.y - h < BOTTOM && h <= page_room {
            c.new_page();
            table_header(c);
        }
        let cells = [
            format_qty(line.qty_milli),
            format_minor(line.unit_price_minor),
            pct(line.discount_bp),
            pct(line.tax_bp),
            format_minor(line.net_minor),
        ];
        for (i, d) in desc.iter().enumerate() {
            if c.ensure(ROW) {
                table_header(c);
            }
            let base = c.y - CELL;
            c.text(LEFT, base, Font::Regular, CELL, d);
            if i == 0 {
                for ((right, w), cell) in NUM_COLS.iter().zip(&cells) {
                    let b = encode(cell);
                    let size = fit_size(&b, Font::Regular, CELL, 3.0, w - 4.0);
                    c.text_right(*right, base, Font::Regular, size, &b);
                }
            }
            c.y -= ROW;
        }
        c.rule(LEFT, RIGHT, c.y + 1.0, 0.25, 0.75);
    }
    c.space(10.0);
}

/// Subtotal, quote discount, tax and total, right-aligned; kept together on one page.
pub(super) fn totals(c: &mut Composer, doc: &QuoteDocument) {
    let cur = &doc.currency;
    let mut rows = vec![(
        Font::Regular,
        9.5,
        format!("Subtotal {cur} {}", format_minor(doc.subtotal_minor)),
    )];
    if doc.discount_bp != 0 {
        rows.push((
            Font::Regular,
            9.5,
            format!("Quote discount {}", pct(doc.discount_bp)),
        ));
    }
    rows.push((
        Font::Regular,
        9.5,
        format!("Tax {cur} {}", format_minor(doc.tax_minor)),
    ));
    rows.push((
        Font::Bold,
        12.0,
        format!("Total {cur} {}", format_minor(doc.total_minor)),
    ));
    let h: f32 = rows.iter().map(|(_, s, _)| leading(*s)).sum::<f32>() + 6.0;
    c.ensure(h);
    let last = rows.len().saturating_sub(1);
    for (i, (font, size, text)) in rows.into_iter().enumerate() {
        if i == last {
            c.rule(RIGHT - 180.0, RIGHT, c.y - 1.0, 0.8, 0.0);
            c.space(5.0);
        }
        let b = encode(&text);
        let size = fit_size(&b, font, size, 4.0, FULL);
        c.text_right(RIGHT, c.y - size, font, size, &b);
        c.space(leading(size));
    }
    c.space(12.0);
}

/// Payment terms and the free-text terms.
pub(super) fn terms(c: &mut Composer, doc: &QuoteDocument) {
    let pay = match doc.payment_terms_days {
        0 => "Payment due on receipt".to_string(),
        1 => "Payment within 1 day".to_string(),
        d => format!("Payment within {d} days"),
    };
    c.para(&pay, Font::Regular, 9.5, LEFT, FULL);
    let text = doc.terms.trim_end();
    if !text.trim().is_empty() {
        c.space(8.0);
        c.ensure(leading(10.0) + 3.0 * leading(8.5));
        c.para("Terms and conditions", Font::Bold, 10.0, LEFT, FULL);
        c.space(2.0);
        c.para(text, Font::Regular, 8.5, LEFT, FULL);
    }
    c.space(12.0);
}

/// "Content hash (SHA-256): <hex>", on one line in a small font whenever it fits.
pub(super) fn hash(c: &mut Composer, doc: &QuoteDocument) {
    let s = format!("Content hash (SHA-256): {}", doc.content_hash);
    let b = encode(&s);
    let size = fit_size(&b, Font::Regular, 8.0, 6.0, FULL);
    if width(Font::Regular, size, &b) <= FULL {
        c.line(LEFT, Font::Regular, size, &b);
    } else {
        c.para(&s, Font::Regular, 6.0, LEFT, FULL);
    }
    c.space(12.0);
}

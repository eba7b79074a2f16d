//! The blocks of a quote: header (seller, logo, customer), line table, totals, terms and
//! content hash.

use super::QuoteDocument;
use super::compose::{BOTTOM, Composer, FULL, LEFT, Op, RIGHT, TOP, fit_size, leading, shape};
use super::text::wrap;
use crate::locale::{
    Labels, fill, format_money_in, format_number_in, format_percent_in, format_qty_in,
};

/// Font size and row height of the line table.
const CELL: f32 = 9.0;
const ROW: f32 = 13.5;
/// Width of the description column.
const DESC_W: f32 = 190.0;
/// Right edge and width of the numeric columns: qty, unit price, discount, tax, net.
const NUM_COLS: [(f32, f32); 5] = [
    (295.0, 50.0),
    (370.0, 72.0),
    (425.0, 52.0),
    (475.0, 46.0),
    (RIGHT, 68.0),
];
/// The logo's box on the header.
const LOGO_W: f32 = 140.0;
const LOGO_H: f32 = 48.0;

fn logo(c: &mut Composer, doc: &QuoteDocument) {
    let Some(bytes) = doc.seller_logo.as_ref().filter(|b| !b.is_empty()) else {
        return;
    };
    let data: krilla::Data = bytes.clone().into();
    let image = krilla::image::Image::from_png(data.clone(), true)
        .or_else(|_| krilla::image::Image::from_jpeg(data, true));
    let Ok(image) = image else {
        return;
    };
    let (w, h) = image.size();
    if w == 0 || h == 0 {
        return;
    }
    let scale = (LOGO_W / w as f32).min(LOGO_H / h as f32);
    let (w, h) = (w as f32 * scale, h as f32 * scale);
    c.push(Op::Image {
        x: LEFT,
        y: c.y - h,
        w,
        h,
        image,
    });
    c.space(h + 8.0);
}

/// Seller (logo, name, address, tax id, phone), the quote's title and dates, and the
/// customer block with its tax id.
pub(super) fn header(c: &mut Composer, doc: &QuoteDocument, l: &Labels) {
    let half = FULL / 2.0 - 10.0;
    let top = c.y;
    let rev = format_number_in(doc.revision, &doc.locale);
    let title = shape(
        &fill(l.title, &[("number", &doc.number), ("revision", &rev)]),
        true,
    );
    let size = fit_size(&title, 13.0, 6.0, half);
    c.text_right(RIGHT, top - 13.0, size, title);
    let mut right_y = top - 17.0;
    for (label, value) in [
        (l.date, &doc.quote_date),
        (l.valid_until, &doc.valid_until),
        (l.currency, &doc.currency),
    ] {
        let s = shape(&format!("{label}: {value}"), false);
        let size = fit_size(&s, 9.0, 5.0, half);
        right_y -= 13.0;
        c.text_right(RIGHT, right_y, size, s);
    }
    let pages = c.page_count();
    logo(c, doc);
    c.para(&doc.seller, true, 15.0, LEFT, half);
    for line in &doc.seller_lines {
        c.para(line, false, 8.5, LEFT, half);
    }
    if c.page_count() == pages {
        c.y = c.y.min(right_y - 4.0);
    }
    c.space(14.0);
    c.para(l.bill_to, true, 8.0, LEFT, FULL);
    c.para(&doc.customer_name, true, 11.0, LEFT, FULL);
    for line in &doc.customer_lines {
        c.para(line, false, 9.0, LEFT, FULL);
    }
    if !doc.customer_tax_id.trim().is_empty() {
        c.para(
            &format!("{}: {}", l.tax_id, doc.customer_tax_id.trim()),
            false,
            9.0,
            LEFT,
            FULL,
        );
    }
    c.space(16.0);
}

fn table_header(c: &mut Composer, l: &Labels) {
    let base = c.y - 9.0;
    let d = shape(l.description, true);
    let size = fit_size(&d, 8.5, 4.0, DESC_W);
    // over a right-to-left column the heading sits at its right edge, as the rows do
    let x = if d.rtl {
        LEFT + DESC_W - d.width_at(size)
    } else {
        LEFT
    };
    c.text(x, base, size, d);
    let heads = [l.qty, l.unit_price, l.discount, l.tax_rate, l.net];
    for ((right, w), head) in NUM_COLS.iter().zip(heads) {
        let h = shape(head, true);
        let size = fit_size(&h, 8.5, 4.0, w - 4.0);
        c.text_right(*right, base, size, h);
    }
    c.rule(LEFT, RIGHT, base - 5.0, 0.6, 0.0);
    c.y = base - 8.0;
}

/// The line items, one row each; rows wrap their description and flow over pages with the
/// table header repeated.
pub(super) fn table(c: &mut Composer, doc: &QuoteDocument, l: &Labels) {
    c.ensure(ROW * 3.0);
    table_header(c, l);
    if doc.lines.is_empty() {
        c.para(l.no_lines, false, CELL, LEFT, FULL);
    }
    let loc = &doc.locale;
    // A row taller than this can never fit one page and is split line by line instead.
    let page_room = TOP - 22.0 - BOTTOM - 20.0;
    for line in &doc.lines {
        let desc = wrap(&line.description, false, CELL, DESC_W);
        let h = desc.len() as f32 * ROW;
        if c.y - h < BOTTOM && h <= page_room {
            c.new_page();
            table_header(c, l);
        }
        let cells = [
            format_qty_in(line.qty_milli, loc),
            format_money_in(line.unit_price_minor, &doc.currency, loc),
            format_percent_in(line.discount_bp, loc),
            format_percent_in(line.tax_bp, loc),
            format_money_in(line.net_minor, &doc.currency, loc),
        ];
        for (i, d) in desc.into_iter().enumerate() {
            if c.ensure(ROW) {
                table_header(c, l);
            }
            let base = c.y - CELL;
            let x = if d.rtl {
                LEFT + DESC_W - d.width_at(CELL)
            } else {
                LEFT
            };
            c.text(x, base, CELL, d);
            if i == 0 {
                for ((right, w), cell) in NUM_COLS.iter().zip(&cells) {
                    let s = shape(cell, false);
                    let size = fit_size(&s, CELL, 3.0, w - 4.0);
                    c.text_right(*right, base, size, s);
                }
            }
            c.y -= ROW;
        }
        c.rule(LEFT, RIGHT, c.y + 2.0, 0.25, 0.75);
    }
    c.space(10.0);
}

/// Subtotal, quote discount, tax and total, right-aligned; kept together on one page.
pub(super) fn totals(c: &mut Composer, doc: &QuoteDocument, l: &Labels) {
    let money = |m: i64| format_money_in(m, &doc.currency, &doc.locale);
    let mut rows = vec![(
        false,
        9.5,
        format!("{} {}", l.subtotal, money(doc.subtotal_minor)),
    )];
    if doc.discount_bp != 0 {
        rows.push((
            false,
            9.5,
            format!(
                "{} {}",
                l.quote_discount,
                format_percent_in(doc.discount_bp, &doc.locale)
            ),
        ));
    }
    rows.push((false, 9.5, format!("{} {}", l.tax, money(doc.tax_minor))));
    rows.push((
        true,
        12.0,
        format!("{} {}", l.total, money(doc.total_minor)),
    ));
    let h: f32 = rows.iter().map(|(_, s, _)| leading(*s)).sum::<f32>() + 6.0;
    c.ensure(h);
    let last = rows.len().saturating_sub(1);
    for (i, (bold, size, text)) in rows.into_iter().enumerate() {
        if i == last {
            c.rule(RIGHT - 200.0, RIGHT, c.y - 1.0, 0.8, 0.0);
            c.space(5.0);
        }
        let s = shape(&text, bold);
        let size = fit_size(&s, size, 4.0, FULL);
        c.text_right(RIGHT, c.y - size, size, s);
        c.space(leading(size));
    }
    c.space(12.0);
}

/// Payment terms and the free-text terms.
pub(super) fn terms(c: &mut Composer, doc: &QuoteDocument, l: &Labels) {
    let pay = match doc.payment_terms_days {
        d if d <= 0 => l.payment_on_receipt.to_string(),
        d => fill(l.payment_days, &[("n", &format_number_in(d, &doc.locale))]),
    };
    c.para(&pay, false, 9.5, LEFT, FULL);
    let text = doc.terms.trim_end();
    if !text.trim().is_empty() {
        c.space(8.0);
        c.ensure(leading(10.0) + 3.0 * leading(8.5));
        c.para(l.terms, true, 10.0, LEFT, FULL);
        c.space(2.0);
        c.para(text, false, 8.5, LEFT, FULL);
    }
    c.space(12.0);
}

/// "Content hash (SHA-256): <hex>", on one line in a small font whenever it fits.
pub(super) fn hash(c: &mut Composer, doc: &QuoteDocument, l: &Labels) {
    let text = format!("{}: {}", l.content_hash, doc.content_hash);
    let s = shape(&text, false);
    let size = fit_size(&s, 8.0, 6.0, FULL);
    if s.width_at(size) <= FULL {
        c.line(LEFT, FULL, size, s);
    } else {
        c.para(&text, false, 6.0, LEFT, FULL);
    }
    c.space(12.0);
}

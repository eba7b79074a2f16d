//! Printing: one JSON value with `--json`, short human text otherwise, and progress on
//! stderr.

use fieldsales_core::generate::Progress;
use fieldsales_core::money::{format_money, format_qty};
use fieldsales_core::records::{Order, Quote};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{CliResult, exit};

/// One line on stdout. A closed pipe means the reader has all it wants: exit 0 without a word,
/// as `head` expects of the commands before it (the store is already committed by then; SQLite
/// needs no clean close). Any other write failure (a full disk behind a redirect) is reported
/// and exits with the storage code rather than panicking as `std::println!` does.
pub fn print_line(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(i32::from(exit::STORAGE));
    }
}

pub struct Out {
    pub json: bool,
}

impl Out {
    /// Print `value` as JSON, or call `human` to print text.
    pub fn emit<T: Serialize>(&self, value: &T, human: impl FnOnce()) -> CliResult {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value)?);
        } else {
            human();
        }
        Ok(())
    }
}

/// An indicatif bar on stderr that follows the generator's phases.
pub fn progress_bar(enabled: bool) -> (ProgressBar, impl FnMut(Progress)) {
    let bar = if enabled {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{prefix:>12} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let b = bar.clone();
    let f = move |p: Progress| {
        b.set_prefix(p.phase);
        b.set_length(p.total as u64);
        b.set_position(p.done as u64);
    };
    (bar, f)
}

/// A quantity in thousandths as a JSON number of units (`2500` -> `2.5`).
pub fn qty_json(qty_milli: i64) -> Value {
    if qty_milli % 1000 == 0 {
        json!(qty_milli / 1000)
    } else {
        // display only: the stored quantity stays an integer of thousandths
        serde_json::from_str(&format_qty(qty_milli)).unwrap_or(Value::Null)
    }
}

fn with_line_qty(mut v: Value) -> Value {
    if let Some(lines) = v.get_mut("lines").and_then(Value::as_array_mut) {
        for l in lines {
            let q = l.get("qty_milli").and_then(Value::as_i64).unwrap_or(0);
            if let Some(m) = l.as_object_mut() {
                m.insert("qty".into(), qty_json(q));
            }
        }
    }
    v
}

/// An order as the CLI shows it: the record plus `qty` per line in units.
/// `s` padded with spaces to `width` terminal columns, by display width: a Thai combining
/// mark takes none, a Chinese character two, so columns line up in any script.
pub fn col(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` right-aligned in `width` columns (amounts).
pub fn rcol(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

pub fn order_json(o: &Order) -> Value {
    with_line_qty(serde_json::to_value(o).unwrap_or(Value::Null))
}

pub fn print_lines(lines: &[fieldsales_core::records::Line], currency: &str) {
    for l in lines {
        println!(
            "  {:>8} x {} {:>10} {}  -{:>3}.{:02}%  net {:>10}  tax {:>8}",
            format_qty(l.qty_milli),
            col(&l.description, 28),
            format_money(l.unit_price_minor, currency),
            currency,
            l.discount_bp / 100,
            l.discount_bp % 100,
            format_money(l.net_minor, currency),
            format_money(l.tax_minor, currency)
        );
    }
}

pub fn print_order(o: &Order) {
    println!(
        "order {} ({})  {}  account {}",
        o.number, o.id, o.status, o.account_id
    );
    print_lines(&o.lines, &o.currency);
    if o.discount_bp != 0 {
        println!(
            "  order discount {}",
            fieldsales_core::money::format_bp(o.discount_bp)
        );
    }
    match (&o.approval, o.approval_requested) {
        (Some(a), _) => println!(
            "  discounts {} by {} (up to {})",
            if a.approved { "approved" } else { "refused" },
            a.decided_by_name,
            fieldsales_core::money::format_bp(a.discount_bp)
        ),
        (None, true) => println!("  discount approval requested"),
        (None, false) => {}
    }
    println!(
        "  subtotal {}  tax {}  total {} {}",
        format_money(o.subtotal_minor, &o.currency),
        format_money(o.tax_minor, &o.currency),
        format_money(o.total_minor, &o.currency),
        o.currency
    );
}

/// A quote as the CLI shows it: the record plus `qty` per line in units.
pub fn quote_json(q: &Quote) -> Value {
    with_line_qty(serde_json::to_value(q).unwrap_or(Value::Null))
}

pub fn print_quote(q: &Quote) {
    println!(
        "quote {} rev {} ({})  {}  {}  valid until {}",
        q.number, q.revision, q.id, q.status, q.customer_name, q.valid_until
    );
    print_lines(&q.lines, &q.currency);
    if q.discount_bp != 0 {
        println!(
            "  quote discount {}.{:02}%",
            q.discount_bp / 100,
            q.discount_bp % 100
        );
    }
    println!(
        "  subtotal {}  tax {}  total {} {}  payment {} days",
        format_money(q.subtotal_minor, &q.currency),
        format_money(q.tax_minor, &q.currency),
        format_money(q.total_minor, &q.currency),
        q.currency,
        q.payment_terms_days
    );
    if let Some(a) = &q.approval {
        println!(
            "  decided by {} at {} for discounts up to {} bp",
            a.decided_by_name, a.decided_at, a.discount_bp
        );
    }
    if let Some(s) = &q.signature {
        println!(
            "  signed by {} ({}) at {}, content hash {}",
            s.signer_name, s.signer_role, s.signed_at, s.content_hash
        );
    }
    if let Some(o) = &q.order_id {
        println!("  converted to order {o}");
    }
}

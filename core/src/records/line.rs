//! Priced lines and their totals, shared by orders and quotes.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::Kind;
use crate::pricing;
use crate::rules::{Checked, RuleViolation};

/// One priced line of an order or quote. Lines are an Automerge list of maps keyed by
/// `line_id`, so two devices adding lines both keep theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Line {
    #[key]
    pub line_id: String,
    pub product_id: String,
    /// The product's name when the line was added, for documents and PDFs.
    pub description: String,
    pub qty_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// Sums over lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
}

/// Recompute each line's amounts from its price, quantity, discounts and tax, then the totals.
/// Amounts that overflow keep their stored values (they cannot be produced through the API).
pub(super) fn normalize_lines(lines: &mut [Line], extra_discount_bp: i64) -> Totals {
    let mut t = Totals::default();
    for l in lines.iter_mut() {
        if let Ok(a) = pricing::line_amounts(
            l.unit_price_minor,
            l.qty_milli,
            l.discount_bp,
            extra_discount_bp,
            l.tax_bp,
        ) {
            l.net_minor = a.net_minor;
            l.tax_minor = a.tax_minor;
        }
        t.subtotal_minor = t.subtotal_minor.saturating_add(l.net_minor);
        t.tax_minor = t.tax_minor.saturating_add(l.tax_minor);
    }
    t.total_minor = t.subtotal_minor.saturating_add(t.tax_minor);
    t
}

/// Totals and line amounts of orders and quotes are derived from prices and quantities.
/// The largest single discount of a document: its own (order- or quote-level) or a line's.
/// What a rep's limit and a manager's approval are compared with.
pub(super) fn max_discount_bp(lines: &[Line], document_bp: i64) -> i64 {
    lines
        .iter()
        .map(|l| l.discount_bp)
        .fold(document_bp, i64::max)
}

pub(super) fn is_derived_amount(path: &str) -> bool {
    matches!(path, "subtotal_minor" | "tax_minor" | "total_minor")
        || (path.starts_with("lines[")
            && (path.ends_with("].net_minor") || path.ends_with("].tax_minor")))
}

/// What every line of an order or quote must hold, and the document's currency.
pub(super) fn check_lines(kind: Kind, currency: &str, lines: &[Line]) -> Checked {
    for l in lines {
        if l.qty_milli <= 0 {
            return Err(RuleViolation::NonPositiveQuantity);
        }
        if !(0..=10_000).contains(&l.discount_bp) {
            return Err(RuleViolation::InvalidRecord {
                detail: format!("discount {} bp out of range", l.discount_bp),
            });
        }
        if l.unit_price_minor < 0 {
            return Err(RuleViolation::InvalidRecord {
                detail: "negative unit price".into(),
            });
        }
        if l.product_id.is_empty() {
            return Err(RuleViolation::UnknownProduct {
                product_id: String::new(),
            });
        }
    }
    if currency.len() != 3 {
        return Err(RuleViolation::InvalidRecord {
            detail: format!("{kind} currency `{currency}` is not an ISO 4217 code"),
        });
    }
    Ok(())
}

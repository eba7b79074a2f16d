//! Orders and their lines.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::records as core;

use super::QuoteApproval;

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Line {
    pub line_id: String,
    pub product_id: String,
    pub description: String,
    pub qty_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// A line to add: the price comes from the account's price list.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewLine {
    pub product_id: String,
    pub qty_milli: i64,
    pub discount_bp: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Order {
    pub id: String,
    pub number: String,
    pub account_id: String,
    pub owner_id: String,
    /// `draft`, `submitted`, `confirmed`, `rejected`, `fulfilled`, `invoiced`, `cancelled`.
    pub status: String,
    pub currency: String,
    pub order_date: String,
    pub lines: Vec<Line>,
    pub discount_bp: i64,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub from_quote_id: Option<String>,
    pub notes: String,
    pub submitted_at_ms: Option<i64>,
    /// The rep asked a manager to approve discounts over their limit.
    pub approval_requested: bool,
    /// A manager's decision on the discounts.
    pub approval: Option<QuoteApproval>,
}

impl From<core::Line> for Line {
    fn from(l: core::Line) -> Self {
        Line {
            line_id: l.line_id,
            product_id: l.product_id,
            description: l.description,
            qty_milli: l.qty_milli,
            unit_price_minor: l.unit_price_minor,
            discount_bp: l.discount_bp,
            tax_bp: l.tax_bp,
            net_minor: l.net_minor,
            tax_minor: l.tax_minor,
        }
    }
}

impl From<NewLine> for fieldsales_core::ops::NewLine {
    fn from(l: NewLine) -> Self {
        fieldsales_core::ops::NewLine::new(l.product_id, l.qty_milli, l.discount_bp)
    }
}

impl From<core::Order> for Order {
    fn from(o: core::Order) -> Self {
        Order {
            notes: o.notes.as_str().to_string(),
            id: o.id,
            number: o.number,
            account_id: o.account_id,
            owner_id: o.owner_id,
            status: o.status.as_str().to_string(),
            currency: o.currency,
            order_date: o.order_date.to_string(),
            lines: o.lines.into_iter().map(Into::into).collect(),
            discount_bp: o.discount_bp,
            subtotal_minor: o.subtotal_minor,
            tax_minor: o.tax_minor,
            total_minor: o.total_minor,
            from_quote_id: o.from_quote_id,
            submitted_at_ms: o.submitted_at.map(|t| t.millis()),
            approval_requested: o.approval_requested,
            approval: o.approval.map(Into::into),
        }
    }
}

//! Orders and quotes: lists of priced lines with totals in minor units.

use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::quote_parts::{QuoteApproval, QuoteSignature};
use super::{
    DOC_SCHEMA, Kind, Record, is_derived_amount, label_enum, new_id, opt_text, text_serde,
    text_value,
};
use crate::pricing;
use crate::time::{Day, Ts};

label_enum!(OrderStatus {
    Draft => "draft",
    Submitted => "submitted",
    Confirmed => "confirmed",
    Rejected => "rejected",
    Fulfilled => "fulfilled",
    Invoiced => "invoiced",
    Cancelled => "cancelled",
});

label_enum!(QuoteStatus {
    Draft => "draft",
    ApprovalRequested => "approval_requested",
    Approved => "approved",
    ApprovalRejected => "approval_rejected",
    Presented => "presented",
    Signed => "signed",
    Converted => "converted",
    Declined => "declined",
    Expired => "expired",
});

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
fn normalize_lines(lines: &mut [Line], extra_discount_bp: i64) -> Totals {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Order {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    /// Human-readable number, unique without coordination: `<device>-<sequence>`.
    pub number: String,
    pub account_id: String,
    pub owner_id: String,
    pub status: OrderStatus,
    pub currency: String,
    /// The date prices are taken at.
    pub order_date: Day,
    pub lines: Vec<Line>,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub from_quote_id: Option<String>,
    #[serde(with = "text_serde")]
    pub notes: Text,
    pub created_at: Ts,
    pub submitted_at: Option<Ts>,
    /// Order-level discount on top of each line's own: set when a quote with a quote-level
    /// discount is converted, so the order's totals equal the signed quote's. Documents from
    /// before it existed read as 0.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub discount_bp: i64,
}

impl Order {
    pub fn new(
        number: impl Into<String>,
        account_id: impl Into<String>,
        owner_id: impl Into<String>,
        currency: impl Into<String>,
    ) -> Self {
        let created_at = Ts::now();
        Order {
            kind: Kind::Order.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            number: number.into(),
            account_id: account_id.into(),
            owner_id: owner_id.into(),
            status: OrderStatus::Draft,
            currency: currency.into(),
            order_date: Day(created_at.date_utc()),
            lines: vec![],
            subtotal_minor: 0,
            tax_minor: 0,
            total_minor: 0,
            from_quote_id: None,
            notes: Text::default(),
            created_at,
            submitted_at: None,
            discount_bp: 0,
        }
    }

    pub fn totals(&self) -> Totals {
        Totals {
            subtotal_minor: self.subtotal_minor,
            tax_minor: self.tax_minor,
            total_minor: self.total_minor,
        }
    }
}

impl Record for Order {
    const KIND: Kind = Kind::Order;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("number", text_value(&self.number)),
            ("account_id", text_value(&self.account_id)),
            ("owner_id", text_value(&self.owner_id)),
            ("status", text_value(self.status.as_str())),
            ("currency", text_value(&self.currency)),
            ("total_minor", SqlValue::Integer(self.total_minor)),
            ("subtotal_minor", SqlValue::Integer(self.subtotal_minor)),
            ("order_date", text_value(&self.order_date.to_string())),
            ("created_at", SqlValue::Integer(self.created_at.millis())),
            (
                "submitted_at",
                self.submitted_at
                    .map_or(SqlValue::Null, |t| SqlValue::Integer(t.millis())),
            ),
            ("from_quote_id", opt_text(&self.from_quote_id)),
        ]
    }
    fn is_derived(path: &str) -> bool {
        is_derived_amount(path)
    }
    fn normalize(&mut self) {
        let t = normalize_lines(&mut self.lines, self.discount_bp);
        self.subtotal_minor = t.subtotal_minor;
        self.tax_minor = t.tax_minor;
        self.total_minor = t.total_minor;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Quote {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub number: String,
    pub account_id: String,
    pub owner_id: String,
    pub status: QuoteStatus,
    pub revision: i64,
    pub currency: String,
    pub quote_date: Day,
    pub valid_until: Day,
    pub lines: Vec<Line>,
    /// Quote-level discount, applied on top of each line's own discount.
    pub discount_bp: i64,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment_terms_days: i64,
    #[serde(with = "text_serde")]
    pub terms: Text,
    pub created_at: Ts,
    // Fields added with signatures (docs/adr/0004). Documents created before them read as
    // the defaults.
    /// The customer's name as quoted (part of the signed content; the account may be renamed
    /// later).
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub customer_name: String,
    /// The revision this one replaces (same number, revision - 1).
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub previous_id: Option<String>,
    /// A manager's decision on the discount, set by the manager's device.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub approval: Option<QuoteApproval>,
    /// The customer's signature, set once by the signing device; it freezes the revision.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub signature: Option<QuoteSignature>,
    /// The order this quote was converted to.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub order_id: Option<String>,
}

impl Quote {
    pub fn new(
        number: impl Into<String>,
        account_id: impl Into<String>,
        owner_id: impl Into<String>,
        currency: impl Into<String>,
        valid_days: i64,
    ) -> Self {
        let created_at = Ts::now();
        let today = created_at.date_utc();
        Quote {
            kind: Kind::Quote.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            number: number.into(),
            account_id: account_id.into(),
            owner_id: owner_id.into(),
            status: QuoteStatus::Draft,
            revision: 1,
            currency: currency.into(),
            quote_date: Day(today),
            valid_until: Day(today + chrono::Days::new(valid_days.max(0) as u64)),
            lines: vec![],
            discount_bp: 0,
            subtotal_minor: 0,
            tax_minor: 0,
            total_minor: 0,
            payment_terms_days: 30,
            terms: Text::default(),
            created_at,
            customer_name: String::new(),
            previous_id: None,
            approval: None,
            signature: None,
            order_id: None,
        }
    }

    /// The largest single discount on the quote, quote-level or line: what a rep's limit and
    /// a manager's approval are compared with.
    pub fn max_discount_bp(&self) -> i64 {
        self.lines
            .iter()
            .map(|l| l.discount_bp)
            .fold(self.discount_bp, i64::max)
    }

    pub fn totals(&self) -> Totals {
        Totals {
            subtotal_minor: self.subtotal_minor,
            tax_minor: self.tax_minor,
            total_minor: self.total_minor,
        }
    }
}

impl Record for Quote {
    const KIND: Kind = Kind::Quote;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("number", text_value(&self.number)),
            ("account_id", text_value(&self.account_id)),
            ("owner_id", text_value(&self.owner_id)),
            ("status", text_value(self.status.as_str())),
            ("total_minor", SqlValue::Integer(self.total_minor)),
            ("valid_until", text_value(&self.valid_until.to_string())),
            ("created_at", SqlValue::Integer(self.created_at.millis())),
        ]
    }
    fn is_derived(path: &str) -> bool {
        is_derived_amount(path)
    }
    fn normalize(&mut self) {
        // a signature freezes the amounts as signed: a later change of rounding rules must
        // not make a signed quote read differently (and so fail verification)
        if self.signature.is_some() {
            return;
        }
        let t = normalize_lines(&mut self.lines, self.discount_bp);
        self.subtotal_minor = t.subtotal_minor;
        self.tax_minor = t.tax_minor;
        self.total_minor = t.total_minor;
    }
}

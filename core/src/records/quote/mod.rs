//! A quote: priced lines for a customer with special conditions, a manager's decision on a
//! discount over the rep's limit, and the customer's signature that freezes a revision.

mod parts;
mod rules;

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile, Text};
use serde::{Deserialize, Serialize};

pub use parts::{QuoteApproval, QuoteSignature, Strokes};
pub use rules::quote_transition_allowed;

use super::line::{is_derived_amount, normalize_lines};
use super::{
    Column, DOC_SCHEMA, Home, Kind, Line, Record, Totals, int, label_enum, text, text_serde,
};
use crate::rules::{Checked, RuleContext};
use crate::time::{Day, Ts};

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
    /// The customer's language (BCP 47) the quote is printed and signed in, taken from the
    /// account when the quote is made. Quotes made before locales read as English.
    #[autosurgeon(missing = "default_locale")]
    #[serde(default = "default_locale")]
    pub locale: String,
}

fn default_locale() -> String {
    crate::locale::DEFAULT_LOCALE.to_string()
}

impl Quote {
    pub fn new(
        env: &Env,
        number: impl Into<String>,
        account_id: impl Into<String>,
        owner_id: impl Into<String>,
        currency: impl Into<String>,
        valid_days: i64,
    ) -> Self {
        let created_at = env.now();
        let today = created_at.date_utc();
        Quote {
            kind: Kind::Quote.as_str().into(),
            id: env.new_id(),
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
            locale: default_locale(),
        }
    }

    /// The largest single discount on the quote, quote-level or line: what a rep's limit and
    /// a manager's approval are compared with.
    pub fn max_discount_bp(&self) -> i64 {
        super::line::max_discount_bp(&self.lines, self.discount_bp)
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
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("number", |q| text(&q.number)),
        Column::text("account_id", |q| text(&q.account_id)),
        Column::text("owner_id", |q| text(&q.owner_id)),
        Column::text("status", |q| text(q.status.as_str())),
        Column::integer("total_minor", |q| int(q.total_minor)),
        Column::text("valid_until", |q| text(&q.valid_until.to_string())),
        Column::integer("created_at", |q| int(q.created_at.millis())),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] =
        &[("account", "account_id, created_at")];

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Account(self.account_id.clone())
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

    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        rules::check_quote(ctx, before, after)
    }
}

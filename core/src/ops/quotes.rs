//! Quotes: drafting with the account's prices and terms, a manager's decision on a discount
//! over the rep's limit, presenting, declining and revising. Signing, verifying, printing and
//! converting are in `quote_signing.rs`. The rules (`rules/quotes.rs`) check every step again.

use autosurgeon::Text;
use serde::{Deserialize, Serialize};

use super::NewLine;
use crate::Store;
use crate::error::{Error, Result};
use crate::records::{Account, Quote, QuoteApproval, QuoteStatus};
use crate::rules::RuleViolation;
use crate::store::{Filter, ListQuery};
use crate::time::Day;

/// A quote's special conditions; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteTerms {
    /// Free-text terms printed on the quote.
    pub terms: Option<String>,
    pub payment_terms_days: Option<i64>,
    pub valid_until: Option<Day>,
}

/// Refuse a status change the quote's lifecycle does not allow, including "again".
pub(super) fn transition(from: QuoteStatus, to: QuoteStatus) -> Result<()> {
    if crate::records::quote_transition_allowed(from, to) {
        Ok(())
    } else {
        Err(RuleViolation::InvalidTransition {
            kind: "quote".into(),
            from: from.to_string(),
            to: to.to_string(),
        }
        .into())
    }
}

/// Whether an edit may go ahead, bringing a quote awaiting or holding a decision back to draft.
fn editable(status: QuoteStatus) -> Result<()> {
    use QuoteStatus::*;
    match status {
        Draft | ApprovalRequested | Approved | ApprovalRejected => Ok(()),
        other => Err(RuleViolation::NotEditable {
            kind: "quote".into(),
            status: other.to_string(),
        }
        .into()),
    }
}

/// Apply an edit: an approval request or decision no longer fits the changed quote, so it goes
/// back to draft (and is presented within the limit, or approved again).
fn reopen(q: &mut Quote) -> Result<()> {
    editable(q.status)?;
    q.status = QuoteStatus::Draft;
    q.approval = None;
    Ok(())
}

impl Store {
    /// The rep's local date.
    pub(super) fn local_today(&self) -> Day {
        self.today()
    }

    /// Quotes, newest first.
    pub fn quotes(&self, q: &super::SalesQuery) -> Result<Vec<Quote>> {
        let status = q
            .status
            .as_deref()
            .map(QuoteStatus::parse)
            .transpose()?
            .map(|s| s.as_str());
        self.list(&q.list(status))
    }

    /// Start a draft quote for an account, dated today on the rep's calendar and valid for
    /// `valid_days`, with the account's currency, language and special conditions (payment
    /// terms, default discount, free-text terms).
    pub fn new_quote(&mut self, account_id: &str, valid_days: i64) -> Result<Quote> {
        if !(1..=365).contains(&valid_days) {
            return Err(Error::invalid("a quote is valid for 1 to 365 days"));
        }
        let account = self.require::<Account>(account_id)?;
        let currency = self.account_currency(&account)?;
        let owner = self.identity().user_id.clone();
        let today = self.local_today();
        let env = self.env().clone();
        self.create_numbered("Q-", |number| {
            let mut quote = Quote::new(&env, number, account_id, owner, currency, valid_days);
            quote.quote_date = today;
            quote.valid_until = today.plus_days(valid_days.unsigned_abs());
            quote.payment_terms_days = account.payment_terms_days;
            quote.discount_bp = account.discount_bp;
            if !account.terms.is_empty() {
                quote.terms.update(&account.terms);
            }
            quote.customer_name = account.name.clone();
            quote.locale = account.locale.clone();
            quote
        })
    }

    /// Add a line priced from the account's price list at the quote's date.
    pub fn add_quote_line(&mut self, quote_id: &str, line: NewLine) -> Result<Quote> {
        let quote = self.require::<Quote>(quote_id)?;
        editable(quote.status)?;
        let account = self.require::<Account>(&quote.account_id)?;
        let lists = self.price_lists()?;
        let priced = self.price_line(
            &account,
            &lists,
            quote.quote_date,
            &quote.currency,
            &line,
            "quote",
        )?;
        self.update::<Quote>(quote_id, |q| {
            reopen(q)?;
            q.lines.push(priced);
            Ok(())
        })
    }

    /// Change a line's quantity or discount; the unit price follows the quantity breaks.
    pub fn change_quote_line(
        &mut self,
        quote_id: &str,
        line_id: &str,
        qty_milli: Option<i64>,
        discount_bp: Option<i64>,
    ) -> Result<Quote> {
        let quote = self.require::<Quote>(quote_id)?;
        editable(quote.status)?;
        let current = quote
            .lines
            .iter()
            .find(|l| l.line_id == line_id)
            .ok_or_else(|| Error::not_found("quote line", line_id))?;
        let new = NewLine {
            product_id: current.product_id.clone(),
            qty_milli: qty_milli.unwrap_or(current.qty_milli),
            discount_bp: discount_bp.unwrap_or(current.discount_bp),
        };
        let account = self.require::<Account>(&quote.account_id)?;
        let lists = self.price_lists()?;
        let repriced = self.price_line(
            &account,
            &lists,
            quote.quote_date,
            &quote.currency,
            &new,
            "quote",
        )?;
        self.update::<Quote>(quote_id, |q| {
            reopen(q)?;
            let l = q
                .lines
                .iter_mut()
                .find(|l| l.line_id == line_id)
                .ok_or_else(|| Error::not_found("quote line", line_id))?;
            l.qty_milli = repriced.qty_milli;
            l.discount_bp = repriced.discount_bp;
            l.unit_price_minor = repriced.unit_price_minor;
            l.tax_bp = repriced.tax_bp;
            Ok(())
        })
    }

    pub fn remove_quote_line(&mut self, quote_id: &str, line_id: &str) -> Result<Quote> {
        self.update::<Quote>(quote_id, |q| {
            reopen(q)?;
            let before = q.lines.len();
            q.lines.retain(|l| l.line_id != line_id);
            if q.lines.len() == before {
                return Err(Error::not_found("quote line", line_id));
            }
            Ok(())
        })
    }

    /// Set the quote-level discount, applied on top of each line's own.
    pub fn set_quote_discount(&mut self, quote_id: &str, discount_bp: i64) -> Result<Quote> {
        if !(0..=10_000).contains(&discount_bp) {
            return Err(Error::invalid(format!(
                "a discount is 0 to 10000 basis points, got {discount_bp}"
            )));
        }
        self.update::<Quote>(quote_id, |q| {
            reopen(q)?;
            q.discount_bp = discount_bp;
            Ok(())
        })
    }

    /// Set the special conditions: free-text terms, payment terms, validity.
    pub fn set_quote_terms(&mut self, quote_id: &str, terms: QuoteTerms) -> Result<Quote> {
        if terms
            .payment_terms_days
            .is_some_and(|d| !(0..=365).contains(&d))
        {
            return Err(Error::invalid("payment terms are 0 to 365 days"));
        }
        self.update::<Quote>(quote_id, |q| {
            reopen(q)?;
            if let Some(t) = &terms.terms {
                q.terms.update(super::nfc(t));
            }
            if let Some(d) = terms.payment_terms_days {
                q.payment_terms_days = d;
            }
            if let Some(v) = terms.valid_until {
                if v < q.quote_date {
                    return Err(Error::invalid(format!(
                        "valid until {v} is before the quote's date {}",
                        q.quote_date
                    )));
                }
                q.valid_until = v;
            }
            Ok(())
        })
    }

    /// Ask a manager to approve the quote's discounts (offline; the request syncs).
    pub fn request_quote_approval(&mut self, quote_id: &str) -> Result<Quote> {
        let q = self.get::<Quote>(quote_id)?;
        self.require_latest(&q)?;
        self.update::<Quote>(quote_id, |q| {
            transition(q.status, QuoteStatus::ApprovalRequested)?;
            if q.lines.is_empty() {
                return Err(Error::invalid("a quote needs at least one line"));
            }
            q.status = QuoteStatus::ApprovalRequested;
            Ok(())
        })
    }

    /// A manager approves the requested discounts: the decision records who and the largest
    /// discount it covers.
    pub fn approve_quote(&mut self, quote_id: &str) -> Result<Quote> {
        self.decide_quote(quote_id, QuoteStatus::Approved)
    }

    /// A manager refuses the requested discounts; the rep reworks the quote in draft.
    pub fn reject_quote(&mut self, quote_id: &str) -> Result<Quote> {
        self.decide_quote(quote_id, QuoteStatus::ApprovalRejected)
    }

    fn decide_quote(&mut self, quote_id: &str, decision: QuoteStatus) -> Result<Quote> {
        let who = self.identity().clone();
        let now = self.now();
        self.update::<Quote>(quote_id, |q| {
            transition(q.status, decision)?;
            q.approval = Some(QuoteApproval {
                approved: decision == QuoteStatus::Approved,
                decided_by: who.user_id.clone(),
                decided_by_name: who.user_name.clone(),
                decided_at: now,
                discount_bp: q.max_discount_bp(),
            });
            q.status = decision;
            Ok(())
        })
    }

    /// Put the quote before the customer: within the presenter's discount limit, or approved.
    pub fn present_quote(&mut self, quote_id: &str) -> Result<Quote> {
        let q = self.get::<Quote>(quote_id)?;
        self.require_latest(&q)?;
        let today = self.local_today();
        self.update::<Quote>(quote_id, |q| {
            transition(q.status, QuoteStatus::Presented)?;
            if q.lines.is_empty() {
                return Err(Error::invalid(
                    "a quote needs at least one line to be presented",
                ));
            }
            if today > q.valid_until {
                return Err(RuleViolation::QuoteExpired {
                    valid_until: q.valid_until.to_string(),
                }
                .into());
            }
            q.status = QuoteStatus::Presented;
            Ok(())
        })
    }

    /// The customer declines (before or after signing, until the quote is converted).
    pub fn decline_quote(&mut self, quote_id: &str) -> Result<Quote> {
        self.update::<Quote>(quote_id, |q| {
            transition(q.status, QuoteStatus::Declined)?;
            q.status = QuoteStatus::Declined;
            Ok(())
        })
    }

    /// Start the next revision of a presented or signed quote: a new draft document with the
    /// same number, `revision + 1`, linked to this one, with its lines (as quoted) and
    /// conditions, dated today. This revision stays as it is, readable and verifiable.
    pub fn revise_quote(&mut self, quote_id: &str) -> Result<Quote> {
        let old = self.get::<Quote>(quote_id)?;
        if !matches!(old.status, QuoteStatus::Presented | QuoteStatus::Signed) {
            return Err(RuleViolation::InvalidTransition {
                kind: "quote".into(),
                from: old.status.to_string(),
                to: "revised".into(),
            }
            .into());
        }
        self.require_latest(&old)?;
        let account = self.require::<Account>(&old.account_id)?;
        let today = self.local_today();
        let validity = (old.valid_until.0 - old.quote_date.0)
            .num_days()
            .clamp(1, 365);
        let owner = self.identity().user_id.clone();
        let mut q = Quote::new(
            self.env(),
            &old.number,
            &old.account_id,
            owner,
            &old.currency,
            validity,
        );
        q.revision = old.revision.saturating_add(1);
        q.previous_id = Some(old.id.clone());
        q.quote_date = today;
        q.valid_until = today.plus_days(validity.unsigned_abs());
        q.lines = old.lines.clone();
        q.discount_bp = old.discount_bp;
        q.payment_terms_days = old.payment_terms_days;
        q.terms = Text::with_value(old.terms.as_str());
        q.customer_name = account.name.clone();
        self.create(q)
    }

    /// Every revision of a quote number on this device, oldest first.
    pub fn quote_revisions(&self, number: &str) -> Result<Vec<Quote>> {
        let mut all: Vec<Quote> = self.list(
            &ListQuery::default()
                .filter(Filter::eq("number", number.to_string()))
                .limit(1_000),
        )?;
        all.sort_by(|a, b| a.revision.cmp(&b.revision).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    /// Only the latest revision of a quote moves on.
    pub(super) fn require_latest(&self, q: &Quote) -> Result<()> {
        let latest = self
            .quote_revisions(&q.number)?
            .iter()
            .map(|r| r.revision)
            .max()
            .unwrap_or(q.revision);
        if latest > q.revision {
            return Err(RuleViolation::Superseded {
                number: q.number.clone(),
                revision: latest,
            }
            .into());
        }
        Ok(())
    }
}

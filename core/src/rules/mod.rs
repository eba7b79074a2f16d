//! Who may write what, and which changes a record may go through (DESIGN.md section 5).
//! The same code runs on the device, to refuse early with a clear error, and on the server,
//! to enforce. A check sees the record before (None on create) and after the change.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::records::{
    Account, Kind, Order, OrderStatus, Quote, Record, Role, Task, TaskStatus, Visit, VisitStatus,
};
use crate::sync::protocol::RejectReason;

mod quotes;

use quotes::check_quote;
pub use quotes::quote_transition_allowed;

/// Why a change was refused. `code()` is its reason on the wire and in metrics.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum RuleViolation {
    #[error("unknown product {product_id}")]
    UnknownProduct { product_id: String },
    #[error("quantity must be greater than zero")]
    NonPositiveQuantity,
    #[error("the {kind} is {status} and can no longer be edited")]
    NotEditable { kind: String, status: String },
    #[error("a {kind} cannot go from {from} to {to}")]
    InvalidTransition {
        kind: String,
        from: String,
        to: String,
    },
    #[error("the field `{field}` cannot be changed")]
    ImmutableField { field: String },
    #[error("not allowed: {detail}")]
    Forbidden { detail: String },
    #[error("the line is in {found}, the {kind} is in {expected}")]
    CurrencyMismatch {
        kind: String,
        expected: String,
        found: String,
    },
    #[error("invalid record: {detail}")]
    InvalidRecord { detail: String },
    /// A discount above the presenter's limit (or above what a manager approved).
    #[error(
        "a discount of {discount_bp} bp is over the limit of {limit_bp} bp: a manager must approve it first"
    )]
    DiscountOverLimit { discount_bp: i64, limit_bp: i64 },
    #[error("the quote was valid until {valid_until} and has expired")]
    QuoteExpired { valid_until: String },
    #[error("invalid signature: {detail}")]
    InvalidSignature { detail: String },
    /// Only the latest revision of a quote moves on; earlier ones stay as they are.
    #[error("revision {revision} of quote {number} replaces this one")]
    Superseded { number: String, revision: i64 },
}

impl RuleViolation {
    /// The reason the server gives for this violation, and the device shows.
    pub fn code(&self) -> RejectReason {
        match self {
            RuleViolation::UnknownProduct { .. } => RejectReason::UnknownProduct,
            RuleViolation::NonPositiveQuantity => RejectReason::NonPositiveQuantity,
            RuleViolation::NotEditable { .. } => RejectReason::NotEditable,
            RuleViolation::InvalidTransition { .. } => RejectReason::InvalidTransition,
            RuleViolation::ImmutableField { .. } => RejectReason::ImmutableField,
            RuleViolation::Forbidden { .. } => RejectReason::Forbidden,
            RuleViolation::CurrencyMismatch { .. } => RejectReason::CurrencyMismatch,
            RuleViolation::InvalidRecord { .. } => RejectReason::InvalidRecord,
            RuleViolation::DiscountOverLimit { .. } => RejectReason::DiscountOverLimit,
            RuleViolation::QuoteExpired { .. } => RejectReason::QuoteExpired,
            RuleViolation::InvalidSignature { .. } => RejectReason::InvalidSignature,
            RuleViolation::Superseded { .. } => RejectReason::Superseded,
        }
    }

    fn forbidden(detail: impl Into<String>) -> Self {
        RuleViolation::Forbidden {
            detail: detail.into(),
        }
    }
}

type Checked = Result<(), RuleViolation>;

/// The user making a change, when the store is bound to a server that grants roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
}

/// What a check knows about the change's author. A standalone store (created with `init`, not
/// bound to a server) has no authority above it: its user owns all its data, so role checks
/// are skipped and only the record's own invariants apply.
#[derive(Debug, Clone, Default)]
pub struct RuleContext {
    pub actor: Option<Actor>,
    /// The largest discount the author may give without a manager's approval (their
    /// `User.max_discount_bp`); `None` when their profile is not known, and then only an
    /// approval already on the quote is checked.
    pub discount_limit_bp: Option<i64>,
}

impl RuleContext {
    pub fn standalone() -> Self {
        RuleContext::default()
    }

    pub fn as_actor(user_id: impl Into<String>, role: Role) -> Self {
        RuleContext {
            actor: Some(Actor {
                user_id: user_id.into(),
                role,
            }),
            discount_limit_bp: None,
        }
    }

    /// The author's discount limit (`User.max_discount_bp`), for quotes they present.
    pub fn with_discount_limit(mut self, max_discount_bp: i64) -> Self {
        self.discount_limit_bp = Some(max_discount_bp);
        self
    }

    fn role(&self) -> Option<Role> {
        self.actor.as_ref().map(|a| a.role)
    }
}

/// Top-level fields whose values differ between `before` and `after`.
pub fn changed_fields<R: Record>(before: &R, after: &R) -> BTreeSet<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return BTreeSet::new();
    };
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

fn immutable(changed: &BTreeSet<String>, fields: &[&str]) -> Checked {
    match fields.iter().find(|f| changed.contains(**f)) {
        Some(f) => Err(RuleViolation::ImmutableField {
            field: f.to_string(),
        }),
        None => Ok(()),
    }
}

/// Check a change to any record: common invariants, then the kind's own rules.
pub fn check<R: Record>(ctx: &RuleContext, before: Option<&R>, after: &R) -> Checked {
    let json = serde_json::to_value(after).map_err(|e| RuleViolation::InvalidRecord {
        detail: e.to_string(),
    })?;
    if json.get("kind").and_then(|k| k.as_str()) != Some(R::KIND.as_str()) {
        return Err(RuleViolation::InvalidRecord {
            detail: format!("kind must be {}", R::KIND),
        });
    }
    if let Some(b) = before {
        immutable(&changed_fields(b, after), &["kind", "id", "created_at"])?;
    }
    check_role(ctx, R::KIND, before.is_none())?;
    let any = after as &dyn std::any::Any;
    let before_any = before.map(|b| b as &dyn std::any::Any);
    if let Some(a) = any.downcast_ref::<Account>() {
        check_account(ctx, before_any.and_then(|b| b.downcast_ref::<Account>()), a)
    } else if let Some(o) = any.downcast_ref::<Order>() {
        check_order(ctx, before_any.and_then(|b| b.downcast_ref::<Order>()), o)
    } else if let Some(q) = any.downcast_ref::<Quote>() {
        check_quote(ctx, before_any.and_then(|b| b.downcast_ref::<Quote>()), q)
    } else if let Some(v) = any.downcast_ref::<Visit>() {
        check_visit(ctx, before_any.and_then(|b| b.downcast_ref::<Visit>()), v)
    } else if let Some(t) = any.downcast_ref::<Task>() {
        check_task(ctx, before_any.and_then(|b| b.downcast_ref::<Task>()), t)
    } else {
        Ok(())
    }
}

/// The role matrix of DESIGN.md section 5, for the kinds a role may not write at all.
fn check_role(ctx: &RuleContext, kind: Kind, creating: bool) -> Checked {
    let Some(role) = ctx.role() else {
        return Ok(());
    };
    let allowed = match (role, kind) {
        (Role::Admin, _) => true,
        (_, Kind::Product | Kind::Stock) => false,
        (Role::Manager, Kind::PriceList) => true,
        (Role::Rep, Kind::PriceList) => false,
        (Role::Rep, Kind::Territory | Kind::Quota) => false,
        // a rep's own profile is written by managers and the back office
        (Role::Rep, Kind::User) => false,
        _ => true,
    };
    if allowed {
        Ok(())
    } else {
        let verb = if creating { "create" } else { "edit" };
        Err(RuleViolation::forbidden(format!(
            "a {role} may not {verb} a {kind}"
        )))
    }
}

fn check_lines(kind: Kind, currency: &str, lines: &[crate::records::Line]) -> Checked {
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

fn is_owner(ctx: &RuleContext, owner_id: &str) -> bool {
    match &ctx.actor {
        Some(a) => a.role != Role::Rep || a.user_id == owner_id,
        None => true,
    }
}

fn check_account(ctx: &RuleContext, before: Option<&Account>, after: &Account) -> Checked {
    if after.name.trim().is_empty() {
        return Err(RuleViolation::InvalidRecord {
            detail: "an account needs a name".into(),
        });
    }
    if let (Some(Role::Rep), Some(before)) = (ctx.role(), before)
        && before.territory_id != after.territory_id
    {
        return Err(RuleViolation::forbidden(
            "only a manager moves an account to another territory",
        ));
    }
    Ok(())
}

/// Whether `to` can be reached from `from` by allowed steps.
fn reachable<S: Copy + PartialEq>(from: S, to: S, all: &[S], step: impl Fn(S, S) -> bool) -> bool {
    let mut seen = vec![from];
    let mut i = 0;
    while i < seen.len() {
        let here = seen[i];
        if here == to {
            return true;
        }
        for &next in all {
            if !seen.contains(&next) && step(here, next) {
                seen.push(next);
            }
        }
        i += 1;
    }
    false
}

pub fn order_transition_allowed(from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    matches!(
        (from, to),
        (Draft, Submitted)
            | (Draft, Cancelled)
            | (Submitted, Confirmed)
            | (Submitted, Rejected)
            | (Submitted, Cancelled)
            | (Confirmed, Fulfilled)
            | (Confirmed, Cancelled)
            | (Fulfilled, Invoiced)
    )
}

fn order_transition_role(role: Role, from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    match role {
        Role::Admin => true,
        // managers approve (confirm or reject) what reps submitted
        Role::Manager => matches!(
            (from, to),
            (Draft, Submitted)
                | (Draft, Cancelled)
                | (Submitted, Confirmed)
                | (Submitted, Rejected)
        ),
        Role::Rep => matches!((from, to), (Draft, Submitted) | (Draft, Cancelled)),
    }
}

fn check_order(ctx: &RuleContext, before: Option<&Order>, after: &Order) -> Checked {
    check_lines(Kind::Order, &after.currency, &after.lines)?;
    if !(0..=10_000).contains(&after.discount_bp) {
        return Err(RuleViolation::InvalidRecord {
            detail: format!("order discount {} bp out of range", after.discount_bp),
        });
    }
    let Some(before) = before else {
        // a document new to the server may have gone through several states offline: it
        // must be reachable from draft by steps this role may take (the back office imports
        // orders in any state)
        let step = |f: OrderStatus, t: OrderStatus| {
            order_transition_allowed(f, t)
                && ctx.role().is_none_or(|r| order_transition_role(r, f, t))
        };
        if ctx.role() != Some(Role::Admin)
            && !reachable(OrderStatus::Draft, after.status, OrderStatus::ALL, step)
        {
            return Err(RuleViolation::InvalidTransition {
                kind: "order".into(),
                from: "new".into(),
                to: after.status.to_string(),
            });
        }
        if !is_owner(ctx, &after.owner_id) {
            return Err(RuleViolation::forbidden(
                "a rep creates orders only as themselves",
            ));
        }
        return Ok(());
    };
    let changed = changed_fields(before, after);
    immutable(
        &changed,
        &["number", "account_id", "owner_id", "from_quote_id"],
    )?;
    if before.status != after.status {
        if !order_transition_allowed(before.status, after.status) {
            return Err(RuleViolation::InvalidTransition {
                kind: "order".into(),
                from: before.status.to_string(),
                to: after.status.to_string(),
            });
        }
        if let Some(a) = &ctx.actor
            && !order_transition_role(a.role, before.status, after.status)
        {
            return Err(RuleViolation::forbidden(format!(
                "a {} may not move an order from {} to {}",
                a.role, before.status, after.status
            )));
        }
    }
    // reps of a territory work its customers' orders together: no owner check on edits
    // (the server's scope check keeps them to their territories)
    if before.status != OrderStatus::Draft {
        let content: BTreeSet<&str> = [
            "lines",
            "currency",
            "discount_bp",
            "order_date",
            "subtotal_minor",
            "tax_minor",
            "total_minor",
        ]
        .into();
        if changed.iter().any(|f| content.contains(f.as_str())) {
            return Err(RuleViolation::NotEditable {
                kind: "order".into(),
                status: before.status.to_string(),
            });
        }
    }
    Ok(())
}

pub fn visit_transition_allowed(from: VisitStatus, to: VisitStatus) -> bool {
    use VisitStatus::*;
    matches!(
        (from, to),
        (Planned, CheckedIn) | (Planned, Cancelled) | (Planned, Missed) | (CheckedIn, Completed)
    )
}

fn check_visit(ctx: &RuleContext, before: Option<&Visit>, after: &Visit) -> Checked {
    if after.planned_end < after.planned_start {
        return Err(RuleViolation::InvalidRecord {
            detail: "a visit cannot end before it starts".into(),
        });
    }
    if !is_owner(ctx, &after.owner_id) {
        return Err(RuleViolation::forbidden(
            "a rep plans and edits only their own visits",
        ));
    }
    let Some(before) = before else {
        return Ok(());
    };
    immutable(&changed_fields(before, after), &["account_id"])?;
    if !is_owner(ctx, &before.owner_id) {
        return Err(RuleViolation::forbidden(
            "a rep edits only their own visits",
        ));
    }
    if before.status != after.status && !visit_transition_allowed(before.status, after.status) {
        return Err(RuleViolation::InvalidTransition {
            kind: "visit".into(),
            from: before.status.to_string(),
            to: after.status.to_string(),
        });
    }
    Ok(())
}

fn check_task(ctx: &RuleContext, before: Option<&Task>, after: &Task) -> Checked {
    if after.title.trim().is_empty() {
        return Err(RuleViolation::InvalidRecord {
            detail: "a task needs a title".into(),
        });
    }
    if !is_owner(ctx, &after.owner_id) {
        return Err(RuleViolation::forbidden("a rep edits only their own tasks"));
    }
    if let Some(before) = before {
        use TaskStatus::*;
        let ok = before.status == after.status
            || matches!(
                (before.status, after.status),
                (Open, Done) | (Open, Cancelled) | (Done, Open)
            );
        if !ok {
            return Err(RuleViolation::InvalidTransition {
                kind: "task".into(),
                from: before.status.to_string(),
                to: after.status.to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Account, Line, QuoteStatus};

    fn line(qty: i64) -> Line {
        Line {
            line_id: crate::records::new_id(),
            product_id: "p".into(),
            description: "Widget".into(),
            qty_milli: qty,
            unit_price_minor: 100,
            discount_bp: 0,
            tax_bp: 0,
            net_minor: 0,
            tax_minor: 0,
        }
    }

    #[test]
    fn every_order_transition_is_allowed_or_refused() {
        let ctx = RuleContext::standalone();
        for &from in OrderStatus::ALL {
            for &to in OrderStatus::ALL {
                if from == to {
                    continue;
                }
                let mut before = Order::new("N-1", "a", "u", "EUR");
                before.status = from;
                let mut after = before.clone();
                after.status = to;
                let r = check(&ctx, Some(&before), &after);
                assert_eq!(
                    r.is_ok(),
                    order_transition_allowed(from, to),
                    "{from} -> {to}"
                );
                if let Err(e) = r {
                    assert_eq!(e.code(), "invalid_transition");
                }
            }
        }
    }

    #[test]
    fn submitted_orders_refuse_line_edits() {
        let ctx = RuleContext::standalone();
        let mut before = Order::new("N-1", "a", "u", "EUR");
        before.status = OrderStatus::Submitted;
        let mut after = before.clone();
        after.lines.push(line(1000));
        let e = check(&ctx, Some(&before), &after).unwrap_err();
        assert!(matches!(e, RuleViolation::NotEditable { .. }));
    }

    #[test]
    fn new_documents_may_arrive_in_any_state_the_role_could_reach_offline() {
        let rep = RuleContext::as_actor("u1", Role::Rep);
        let mut o = Order::new("N-1", "a", "u1", "EUR");
        o.lines.push(line(1000));
        for (status, ok) in [
            (OrderStatus::Submitted, true),
            (OrderStatus::Cancelled, true),
            (OrderStatus::Confirmed, false),
            (OrderStatus::Invoiced, false),
        ] {
            o.status = status;
            assert_eq!(check(&rep, None, &o).is_ok(), ok, "{status}");
        }
        let mut q = Quote::new("Q-1", "a", "u1", "EUR", 30);
        q.status = QuoteStatus::Presented;
        assert!(check(&rep, None, &q).is_ok());
        // signed quotes arrive with their signature: rules/quotes.rs
        q.status = QuoteStatus::Approved;
        assert!(check(&rep, None, &q).is_err(), "a rep cannot approve");
        let admin = RuleContext::as_actor("x", Role::Admin);
        o.status = OrderStatus::Invoiced;
        assert!(check(&admin, None, &o).is_ok());
    }

    #[test]
    fn quantities_must_be_positive() {
        let ctx = RuleContext::standalone();
        let mut o = Order::new("N-1", "a", "u", "EUR");
        o.lines.push(line(0));
        assert_eq!(
            check(&ctx, None, &o).unwrap_err(),
            RuleViolation::NonPositiveQuantity
        );
    }

    #[test]
    fn immutable_fields_are_refused() {
        let ctx = RuleContext::standalone();
        let before = Order::new("N-1", "a", "u", "EUR");
        let mut after = before.clone();
        after.account_id = "b".into();
        assert!(matches!(
            check(&ctx, Some(&before), &after).unwrap_err(),
            RuleViolation::ImmutableField { .. }
        ));
    }

    #[test]
    fn roles_when_bound_to_a_server() {
        let rep = RuleContext::as_actor("u1", Role::Rep);
        let mgr = RuleContext::as_actor("m1", Role::Manager);
        let p = crate::records::Product::new("S", "W", 1, "EUR", 0);
        assert!(check(&rep, None, &p).is_err());
        assert!(check(&mgr, None, &p).is_err());
        assert!(check(&RuleContext::as_actor("x", Role::Admin), None, &p).is_ok());
        assert!(check(&rep, None, &Account::new("A")).is_ok());
        // the territory field is the manager's
        let acc = Account::new("A");
        let mut moved = acc.clone();
        moved.territory_id = Some("t2".into());
        assert!(check(&rep, Some(&acc), &moved).is_err());
        assert!(check(&mgr, Some(&acc), &moved).is_ok());
        // a rep submits but does not confirm
        let mut o = Order::new("N-1", "a", "u1", "EUR");
        o.status = OrderStatus::Submitted;
        let mut c = o.clone();
        c.status = OrderStatus::Confirmed;
        assert!(matches!(
            check(&rep, Some(&o), &c).unwrap_err(),
            RuleViolation::Forbidden { .. }
        ));
        assert!(check(&mgr, Some(&o), &c).is_ok());
        // a rep creates orders only as themselves, and may add to a colleague's draft
        assert!(check(&rep, None, &Order::new("N-2", "a", "someone-else", "EUR")).is_err());
        let theirs = Order::new("N-2", "a", "someone-else", "EUR");
        let mut edit = theirs.clone();
        edit.lines.push(line(1000));
        assert!(check(&rep, Some(&theirs), &edit).is_ok());
    }

    #[test]
    fn visits_and_tasks_follow_their_lifecycles() {
        let ctx = RuleContext::standalone();
        let t0 = crate::time::Ts::from_millis(0);
        for &from in VisitStatus::ALL {
            for &to in VisitStatus::ALL {
                if from == to {
                    continue;
                }
                let mut b = Visit::new("a", "u", t0, t0);
                b.status = from;
                let mut a = b.clone();
                a.status = to;
                assert_eq!(
                    check(&ctx, Some(&b), &a).is_ok(),
                    visit_transition_allowed(from, to),
                    "{from} -> {to}"
                );
            }
        }
        let mut t = Task::new("u", "Call back");
        t.status = TaskStatus::Cancelled;
        let mut reopened = t.clone();
        reopened.status = TaskStatus::Done;
        assert!(check(&ctx, Some(&t), &reopened).is_err());
    }
}

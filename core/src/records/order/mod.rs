//! An order: lines priced from the account's price list at the order's date, with totals in
//! minor units, and its lifecycle from draft to invoiced.

use crate::env::Env;
use std::collections::BTreeSet;

use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

mod approval;

use super::QuoteApproval;
use super::line::{check_lines, is_derived_amount, normalize_lines};
use super::{
    Column, DOC_SCHEMA, Home, Kind, Line, Record, Role, Totals, int, label_enum, opt_text, text,
    text_serde,
};
use crate::rules::{
    Checked, RuleContext, RuleViolation, changed_fields, immutable, is_owner, reachable,
};
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
    // Added with order approvals: documents from before read as none asked, none decided.
    /// The rep asked a manager to approve discounts over their limit (offline; it syncs).
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub approval_requested: bool,
    /// A manager's decision on the order's discounts, set by the deciding device. An order
    /// over its author's limit is submitted only on an approval covering its largest discount.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub approval: Option<QuoteApproval>,
}

impl Order {
    pub fn new(
        env: &Env,
        number: impl Into<String>,
        account_id: impl Into<String>,
        owner_id: impl Into<String>,
        currency: impl Into<String>,
    ) -> Self {
        let created_at = env.now();
        Order {
            kind: Kind::Order.as_str().into(),
            id: env.new_id(),
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
            approval_requested: false,
            approval: None,
        }
    }

    /// The largest single discount on the order, order-level or line.
    pub fn max_discount_bp(&self) -> i64 {
        super::line::max_discount_bp(&self.lines, self.discount_bp)
    }

    /// Where the order's discount approval stands: "requested", "approved", "rejected" or "".
    pub fn approval_state(&self) -> &'static str {
        match (&self.approval, self.approval_requested) {
            (Some(a), _) if a.approved => "approved",
            (Some(_), _) => "rejected",
            (None, true) => "requested",
            (None, false) => "",
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

/// An order's content: editable in draft only.
const CONTENT: [&str; 9] = [
    "approval",
    "approval_requested",
    "lines",
    "currency",
    "discount_bp",
    "order_date",
    "subtotal_minor",
    "tax_minor",
    "total_minor",
];

impl Record for Order {
    const KIND: Kind = Kind::Order;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("number", |o| text(&o.number)),
        Column::text("account_id", |o| text(&o.account_id)),
        Column::text("owner_id", |o| text(&o.owner_id)),
        Column::text("status", |o| text(o.status.as_str())),
        Column::text("currency", |o| text(&o.currency)),
        Column::integer("total_minor", |o| int(o.total_minor)),
        Column::integer("subtotal_minor", |o| int(o.subtotal_minor)),
        Column::text("order_date", |o| text(&o.order_date.to_string())),
        Column::integer("created_at", |o| int(o.created_at.millis())),
        Column::integer("submitted_at", |o| {
            o.submitted_at.map_or(SqlValue::Null, |t| int(t.millis()))
        }),
        Column::text("from_quote_id", |o| opt_text(&o.from_quote_id)),
        Column::text("approval", |o| text(o.approval_state())),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[
        ("created", "created_at"),
        ("account", "account_id, created_at"),
        ("status", "status, created_at"),
        (
            "date",
            "order_date, status, currency, owner_id, account_id, subtotal_minor",
        ),
        ("account_date", "account_id, order_date"),
        ("approval", "approval, created_at"),
    ];

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
        let t = normalize_lines(&mut self.lines, self.discount_bp);
        self.subtotal_minor = t.subtotal_minor;
        self.tax_minor = t.tax_minor;
        self.total_minor = t.total_minor;
    }

    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        check_lines(Kind::Order, &after.currency, &after.lines)?;
        if !(0..=10_000).contains(&after.discount_bp) {
            return Err(RuleViolation::InvalidRecord {
                detail: format!("order discount {} bp out of range", after.discount_bp),
            });
        }
        let Some(before) = before else {
            check_new(ctx, after)?;
            approval::check_decision(ctx, None, after)?;
            return approval::check_discounts(ctx, None, after);
        };
        let changed = changed_fields(before, after)?;
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
            // reps of a territory edit and submit a draft together, but withdrawing one is
            // for the rep who took it
            if after.status == OrderStatus::Cancelled && !is_owner(ctx, &before.owner_id) {
                return Err(RuleViolation::forbidden(
                    "a rep cancels only their own orders",
                ));
            }
        }
        // reps of a territory work its customers' orders together: no owner check on edits
        // (the server's scope check keeps them to their territories)
        if before.status != OrderStatus::Draft {
            let content: BTreeSet<&str> = CONTENT.into();
            if changed.iter().any(|f| content.contains(f.as_str())) {
                return Err(RuleViolation::NotEditable {
                    kind: "order".into(),
                    status: before.status.to_string(),
                });
            }
        }
        approval::check_decision(ctx, Some(before), after)?;
        approval::check_discounts(ctx, Some(before), after)
    }
}

/// A document new to the server may have gone through several states offline: it must be
/// reachable from draft by steps this role may take (the back office imports orders in any
/// state).
fn check_new(ctx: &RuleContext, after: &Order) -> Checked {
    let step = |f: OrderStatus, t: OrderStatus| {
        order_transition_allowed(f, t) && ctx.role().is_none_or(|r| order_transition_role(r, f, t))
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;
    use OrderStatus::*;

    fn line(qty: i64) -> Line {
        Line {
            line_id: Env::system().new_id(),
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

    /// Every status change an order may make, written out.
    const ALLOWED: [(OrderStatus, OrderStatus); 8] = [
        (Draft, Submitted),
        (Draft, Cancelled),
        (Submitted, Confirmed),
        (Submitted, Rejected),
        (Submitted, Cancelled),
        (Confirmed, Fulfilled),
        (Confirmed, Cancelled),
        (Fulfilled, Invoiced),
    ];

    #[test]
    fn every_order_transition_is_allowed_or_refused() {
        let ctx = RuleContext::standalone();
        let mut seen = 0;
        for &from in OrderStatus::ALL {
            for &to in OrderStatus::ALL {
                if from == to {
                    continue;
                }
                let mut before = Order::new(&Env::system(), "N-1", "a", "u", "EUR");
                before.status = from;
                let mut after = before.clone();
                after.status = to;
                let expected = ALLOWED.contains(&(from, to));
                let r = check(&ctx, Some(&before), &after);
                assert_eq!(r.is_ok(), expected, "{from} -> {to}");
                assert_eq!(
                    order_transition_allowed(from, to),
                    expected,
                    "{from} -> {to}"
                );
                if let Err(e) = r {
                    assert_eq!(e.code(), "invalid_transition");
                }
                seen += usize::from(expected);
            }
        }
        assert_eq!(seen, ALLOWED.len());
    }

    #[test]
    fn each_role_moves_orders_only_as_far_as_its_table_says() {
        // (role, from, to) a bound store allows; every other allowed step is refused as
        // forbidden for that role
        let by_role: [(Role, &[(OrderStatus, OrderStatus)]); 2] = [
            (Role::Rep, &[(Draft, Submitted), (Draft, Cancelled)]),
            (
                Role::Manager,
                &[
                    (Draft, Submitted),
                    (Draft, Cancelled),
                    (Submitted, Confirmed),
                    (Submitted, Rejected),
                ],
            ),
        ];
        for (role, steps) in by_role {
            let ctx = RuleContext::as_actor("u", role);
            for (from, to) in ALLOWED {
                let mut before = Order::new(&Env::system(), "N-1", "a", "u", "EUR");
                before.status = from;
                let mut after = before.clone();
                after.status = to;
                let r = check(&ctx, Some(&before), &after);
                if steps.contains(&(from, to)) {
                    assert!(r.is_ok(), "{role}: {from} -> {to}: {r:?}");
                } else {
                    assert!(
                        matches!(r, Err(RuleViolation::Forbidden { .. })),
                        "{role}: {from} -> {to}: {r:?}"
                    );
                }
            }
        }
        let admin = RuleContext::as_actor("x", Role::Admin);
        for (from, to) in ALLOWED {
            let mut before = Order::new(&Env::system(), "N-1", "a", "u", "EUR");
            before.status = from;
            let mut after = before.clone();
            after.status = to;
            assert!(
                check(&admin, Some(&before), &after).is_ok(),
                "{from} -> {to}"
            );
        }
    }

    /// Who may take a colleague's draft where, written out: (author, step, allowed). The
    /// draft is ana's; ben is a rep of the same territory.
    #[test]
    fn a_rep_cancels_only_her_own_draft_and_works_a_colleagues_together() {
        let draft = Order::new(&Env::system(), "N-1", "a", "ana", "EUR");
        let with = |f: &dyn Fn(&mut Order)| {
            let mut o = draft.clone();
            f(&mut o);
            o
        };
        let cancel = with(&|o| o.status = OrderStatus::Cancelled);
        let submit = with(&|o| o.status = OrderStatus::Submitted);
        let note = with(&|o| o.notes = "call first".into());
        let add_line = with(&|o| o.lines.push(line(1000)));
        let ana = RuleContext::as_actor("ana", Role::Rep);
        let ben = RuleContext::as_actor("ben", Role::Rep);
        let mia = RuleContext::as_actor("mia", Role::Manager);
        let root = RuleContext::as_actor("root", Role::Admin);
        let table: [(&str, &RuleContext, &Order, bool); 10] = [
            ("owner cancels", &ana, &cancel, true),
            ("colleague cancels", &ben, &cancel, false),
            ("manager cancels", &mia, &cancel, true),
            ("admin cancels", &root, &cancel, true),
            ("colleague submits", &ben, &submit, true),
            ("colleague adds a note", &ben, &note, true),
            ("colleague adds a line", &ben, &add_line, true),
            ("owner submits", &ana, &submit, true),
            (
                "standalone cancels",
                &RuleContext::standalone(),
                &cancel,
                true,
            ),
            ("manager submits", &mia, &submit, true),
        ];
        for (what, ctx, after, allowed) in table {
            let r = check(ctx, Some(&draft), after);
            assert_eq!(r.is_ok(), allowed, "{what}: {r:?}");
            if !allowed {
                assert!(matches!(r, Err(RuleViolation::Forbidden { .. })), "{what}");
            }
        }
    }

    /// A rep's order against her 10 % limit, with the server's price of 1.00 for its line,
    /// written out: (what, unit price, line discount, order discount, allowed on submit). A
    /// draft holds any of them: the limit governs submission.
    #[test]
    fn a_price_below_the_servers_counts_against_the_limit() {
        let rep = RuleContext::as_actor("u1", Role::Rep).with_discount_limit(1_000);
        let table: [(&str, i64, i64, i64, bool); 7] = [
            ("list price", 100, 0, 0, true),
            ("above the list", 120, 0, 0, true),
            ("cut by 10 %", 90, 0, 0, true),
            ("cut by 11 %", 89, 0, 0, false),
            ("cut to 0.01", 1, 0, 0, false),
            ("5 % cut and 6 % off", 95, 600, 0, false),
            ("order discount over", 100, 0, 1_500, false),
        ];
        for (what, price, line_bp, order_bp, allowed) in table {
            let mut l = line(1000);
            l.unit_price_minor = price;
            l.discount_bp = line_bp;
            let ctx = rep
                .clone()
                .with_list_prices([(l.line_id.clone(), 100)].into());
            let mut draft = Order::new(&Env::system(), "N-1", "a", "u1", "EUR");
            draft.discount_bp = order_bp;
            draft.lines.push(l);
            assert!(check(&ctx, None, &draft).is_ok(), "{what}: a draft");
            let mut submitted = draft.clone();
            submitted.status = OrderStatus::Submitted;
            let r = check(&ctx, Some(&draft), &submitted);
            assert_eq!(r.is_ok(), allowed, "{what}: {r:?}");
            let r = check(&ctx, None, &submitted);
            assert_eq!(r.is_ok(), allowed, "{what}, arriving submitted: {r:?}");
            // once submitted, a note is not a resubmission
            if allowed {
                let mut edit = submitted.clone();
                edit.notes = "call first".into();
                let lower = ctx
                    .clone()
                    .with_list_prices([(draft.lines[0].line_id.clone(), 1_000)].into());
                assert!(check(&lower, Some(&submitted), &edit).is_ok(), "{what}");
            }
        }
        // without the server's prices (a device), only the discounts on the lines count
        let mut o = Order::new(&Env::system(), "N-1", "a", "u1", "EUR");
        o.lines.push(line(1000));
        o.status = OrderStatus::Submitted;
        assert!(check(&rep, None, &o).is_ok());
    }

    #[test]
    fn submitted_orders_refuse_line_edits() {
        let ctx = RuleContext::standalone();
        let mut before = Order::new(&Env::system(), "N-1", "a", "u", "EUR");
        before.status = OrderStatus::Submitted;
        let mut after = before.clone();
        after.lines.push(line(1000));
        let e = check(&ctx, Some(&before), &after).unwrap_err();
        assert!(matches!(e, RuleViolation::NotEditable { .. }));
    }

    #[test]
    fn new_documents_may_arrive_in_any_state_the_role_could_reach_offline() {
        let rep = RuleContext::as_actor("u1", Role::Rep);
        let mut o = Order::new(&Env::system(), "N-1", "a", "u1", "EUR");
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
        let admin = RuleContext::as_actor("x", Role::Admin);
        o.status = OrderStatus::Invoiced;
        assert!(check(&admin, None, &o).is_ok());
    }

    #[test]
    fn quantities_must_be_positive() {
        let ctx = RuleContext::standalone();
        let mut o = Order::new(&Env::system(), "N-1", "a", "u", "EUR");
        o.lines.push(line(0));
        assert_eq!(
            check(&ctx, None, &o).unwrap_err(),
            RuleViolation::NonPositiveQuantity
        );
    }

    #[test]
    fn immutable_fields_are_refused() {
        let ctx = RuleContext::standalone();
        let before = Order::new(&Env::system(), "N-1", "a", "u", "EUR");
        let mut after = before.clone();
        after.account_id = "b".into();
        assert!(matches!(
            check(&ctx, Some(&before), &after).unwrap_err(),
            RuleViolation::ImmutableField { .. }
        ));
    }
}

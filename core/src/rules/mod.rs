//! Who may write what, and which changes a record may go through. The same code runs on the
//! device, to refuse early with a clear error, and on the server, to enforce. A check sees the
//! record before (None on create) and after the change: first what every kind shares (its
//! identity, the least role that may write the kind), then the kind's own rules, declared with
//! the kind (`Record::rules`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::records::{Kind, Record, Role};
use crate::sync::protocol::RejectReason;

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

    pub(crate) fn forbidden(detail: impl Into<String>) -> Self {
        RuleViolation::Forbidden {
            detail: detail.into(),
        }
    }
}

pub type Checked = Result<(), RuleViolation>;

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
    /// The territories the author manages: those assigned to them and every one under those
    /// (by `parent_id`, at any depth). The server fills it from the user's access; a device
    /// from the territories and the profile it holds. `None` when not known: a manager then
    /// manages nothing (territory and user edits are refused), since this decides access.
    pub managed_territories: Option<BTreeSet<String>>,
    /// The price the pricing code gives each line of the order or quote being checked, by
    /// line id, at the document's date (the server fills it from its catalogue and price
    /// lists): a unit price below it is a discount that counts against the author's limit.
    /// `None`: only the lines' own discounts count.
    pub list_prices: Option<BTreeMap<String, i64>>,
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
            managed_territories: None,
            list_prices: None,
        }
    }

    /// The author's discount limit (`User.max_discount_bp`), for quotes they present.
    pub fn with_discount_limit(mut self, max_discount_bp: i64) -> Self {
        self.discount_limit_bp = Some(max_discount_bp);
        self
    }

    /// The territories the author manages (see `managed_territories`).
    pub fn with_managed_territories(mut self, ids: impl IntoIterator<Item = String>) -> Self {
        self.managed_territories = Some(ids.into_iter().collect());
        self
    }

    /// The server's price of each line, by line id (see `list_prices`).
    pub fn with_list_prices(mut self, prices: BTreeMap<String, i64>) -> Self {
        self.list_prices = Some(prices);
        self
    }

    pub(crate) fn role(&self) -> Option<Role> {
        self.actor.as_ref().map(|a| a.role)
    }

    /// Whether the author is this user (never on a standalone store, which has no actor).
    pub(crate) fn is_user(&self, user_id: &str) -> bool {
        self.actor.as_ref().is_some_and(|a| a.user_id == user_id)
    }

    /// Whether roles apply and the author is not an admin: the back office's decisions
    /// (hierarchy, roles, limits) are then out of reach.
    pub(crate) fn below_admin(&self) -> bool {
        self.role().is_some_and(|r| r != Role::Admin)
    }

    /// Whether the author may act on this territory as its manager: an admin on any, a
    /// manager on those of her hierarchy, nobody when the hierarchy is not known.
    pub(crate) fn manages(&self, territory_id: &str) -> bool {
        match self.role() {
            None | Some(Role::Admin) => true,
            Some(_) => self
                .managed_territories
                .as_ref()
                .is_some_and(|m| m.contains(territory_id)),
        }
    }

    /// The discount a line gives, as it counts against a limit: its own `discount_bp`, or
    /// more when its unit price is below the server's price for it (`list_prices`).
    pub(crate) fn line_discount_bp(&self, line: &crate::records::Line) -> i64 {
        let implied = self
            .list_prices
            .as_ref()
            .and_then(|p| p.get(&line.line_id))
            .map_or(0, |&reference| {
                crate::pricing::implied_discount_bp(
                    line.unit_price_minor,
                    line.discount_bp,
                    reference,
                )
            });
        line.discount_bp.max(implied)
    }
}

/// The top-level fields of a record as JSON. A record that does not serialise to a JSON object
/// cannot be compared, and so is refused: the checks fail closed.
fn fields<R: Record>(r: &R) -> Result<serde_json::Map<String, serde_json::Value>, RuleViolation> {
    match serde_json::to_value(r) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        Ok(_) => Err(RuleViolation::InvalidRecord {
            detail: format!("a {} must be a map of fields", R::KIND),
        }),
        Err(e) => Err(RuleViolation::InvalidRecord {
            detail: format!(
                "the {} cannot be compared with its stored state: {e}",
                R::KIND
            ),
        }),
    }
}

/// Top-level fields whose values differ between `before` and `after`. Fails (refusing the
/// change) when either cannot be read as fields, never answering "nothing changed".
pub fn changed_fields<R: Record>(before: &R, after: &R) -> Result<BTreeSet<String>, RuleViolation> {
    let (a, b) = (fields(before)?, fields(after)?);
    Ok(a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect())
}

pub(crate) fn immutable(changed: &BTreeSet<String>, fields: &[&str]) -> Checked {
    match fields.iter().find(|f| changed.contains(**f)) {
        Some(f) => Err(RuleViolation::ImmutableField {
            field: f.to_string(),
        }),
        None => Ok(()),
    }
}

/// Check a change to any record: what every kind shares, then the kind's own rules.
pub fn check<R: Record>(ctx: &RuleContext, before: Option<&R>, after: &R) -> Checked {
    let after_fields = fields(after)?;
    if after_fields.get("kind").and_then(|k| k.as_str()) != Some(R::KIND.as_str()) {
        return Err(RuleViolation::InvalidRecord {
            detail: format!("kind must be {}", R::KIND),
        });
    }
    if let Some(b) = before {
        immutable(&changed_fields(b, after)?, &["kind", "id", "created_at"])?;
    }
    check_role(ctx, R::KIND, before.is_none())?;
    R::rules(ctx, before, after)
}

/// The least role that may write each kind (`Record::MIN_WRITER`), once roles apply.
fn check_role(ctx: &RuleContext, kind: Kind, creating: bool) -> Checked {
    let Some(role) = ctx.role() else {
        return Ok(());
    };
    if role.at_least(kind.min_writer()) {
        Ok(())
    } else {
        let verb = if creating { "create" } else { "edit" };
        Err(RuleViolation::forbidden(format!(
            "a {role} may not {verb} a {kind}"
        )))
    }
}

/// Whether a rep is the owner; managers and admins act on anyone's records (the server's
/// scopes keep them to their territories).
pub(crate) fn is_owner(ctx: &RuleContext, owner_id: &str) -> bool {
    match &ctx.actor {
        Some(a) => a.role != Role::Rep || a.user_id == owner_id,
        None => true,
    }
}

/// Whether `to` can be reached from `from` by allowed steps.
pub(crate) fn reachable<S: Copy + PartialEq>(
    from: S,
    to: S,
    all: &[S],
    step: impl Fn(S, S) -> bool,
) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use crate::records::{Account, Order, OrderStatus, Product, Territory, User};

    /// The least role that may write each kind, written out: every other kind is open to reps.
    const LEAST_WRITER: [(Kind, Role); 8] = [
        (Kind::Territory, Role::Manager),
        (Kind::User, Role::Manager),
        (Kind::Product, Role::Admin),
        (Kind::PriceList, Role::Manager),
        (Kind::Stock, Role::Admin),
        (Kind::Quota, Role::Manager),
        (Kind::Schedule, Role::Rep),
        (Kind::CompanyProfile, Role::Admin),
    ];

    #[test]
    fn the_least_writer_of_each_kind_is_as_declared() {
        for &kind in Kind::ALL {
            let expected = LEAST_WRITER
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(Role::Rep, |(_, r)| *r);
            assert_eq!(kind.min_writer(), expected, "{kind}");
        }
    }

    #[test]
    fn roles_when_bound_to_a_server() {
        let rep = RuleContext::as_actor("u1", Role::Rep);
        let mgr = RuleContext::as_actor("m1", Role::Manager);
        let p = Product::new(&Env::system(), "S", "W", 1, "EUR", 0);
        assert!(check(&rep, None, &p).is_err());
        assert!(check(&mgr, None, &p).is_err());
        assert!(check(&RuleContext::as_actor("x", Role::Admin), None, &p).is_ok());
        assert!(check(&rep, None, &Account::new(&Env::system(), "A")).is_ok());
        assert!(check(&rep, None, &Territory::new(&Env::system(), "T")).is_err());
        assert!(check(&rep, None, &User::new(&Env::system(), "U", Role::Rep)).is_err());
        // the least writer lets a manager through; the territory's own rules then keep its
        // creation to admins (the hierarchy decides what a manager reads)
        assert!(check(&mgr, None, &Territory::new(&Env::system(), "T")).is_err());
        // the territory field is the manager's
        let acc = Account::new(&Env::system(), "A");
        let mut moved = acc.clone();
        moved.territory_id = Some("t2".into());
        assert!(check(&rep, Some(&acc), &moved).is_err());
        assert!(check(&mgr, Some(&acc), &moved).is_ok());
        // a rep submits but does not confirm
        let mut o = Order::new(&Env::system(), "N-1", "a", "u1", "EUR");
        o.status = OrderStatus::Submitted;
        let mut c = o.clone();
        c.status = OrderStatus::Confirmed;
        assert!(matches!(
            check(&rep, Some(&o), &c).unwrap_err(),
            RuleViolation::Forbidden { .. }
        ));
        assert!(check(&mgr, Some(&o), &c).is_ok());
        // a rep creates orders only as themselves, and may add to a colleague's draft
        assert!(
            check(
                &rep,
                None,
                &Order::new(&Env::system(), "N-2", "a", "someone-else", "EUR")
            )
            .is_err()
        );
        let theirs = Order::new(&Env::system(), "N-2", "a", "someone-else", "EUR");
        let mut edit = theirs.clone();
        edit.notes = "call first".into();
        assert!(check(&rep, Some(&theirs), &edit).is_ok());
    }

    /// A record whose fields cannot be read, to show the checks fail closed.
    #[derive(Debug, Clone, autosurgeon::Reconcile, autosurgeon::Hydrate, serde::Deserialize)]
    struct Unreadable {
        kind: String,
        id: String,
    }

    impl Serialize for Unreadable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot be written"))
        }
    }

    impl Record for Unreadable {
        const KIND: Kind = Kind::Task;
        const COLUMNS: &'static [crate::records::Column<Self>] = &[];
        fn id(&self) -> &str {
            &self.id
        }
        fn home(&self) -> crate::records::Home {
            crate::records::Home::Global
        }
    }

    #[test]
    fn records_that_cannot_be_compared_are_refused_not_waved_through() {
        let r = Unreadable {
            kind: "task".into(),
            id: "t1".into(),
        };
        assert!(matches!(
            changed_fields(&r, &r),
            Err(RuleViolation::InvalidRecord { .. })
        ));
        let ctx = RuleContext::standalone();
        assert!(matches!(
            check(&ctx, Some(&r), &r),
            Err(RuleViolation::InvalidRecord { .. })
        ));
        assert!(matches!(
            check(&ctx, None, &r),
            Err(RuleViolation::InvalidRecord { .. })
        ));
    }
}

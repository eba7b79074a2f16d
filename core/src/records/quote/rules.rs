//! A quote's rules: its lifecycle, the rep's discount limit and a manager's approval, and the
//! freeze a customer's signature puts on a revision (docs/adr/0004-quote-signatures.md). The
//! server runs them on every pushed quote.
//!
//! A device may push several steps at once: a rep presents a quote, the customer signs and the
//! rep converts it at the customer's, offline, and the server sees approved -> converted. So a
//! change is accepted when some path of allowed steps, each one this role may take, explains
//! everything that changed: content edits need the path to pass through draft, a signature
//! the presented -> signed step, an order the signed -> converted step, a new decision a
//! manager's step into approved or approval_rejected.

use std::collections::BTreeSet;

use super::{Quote, QuoteStatus};
use crate::quotes::{Verification, verify};
use crate::records::line::check_lines;
use crate::records::{Kind, Role};
use crate::rules::{Checked, RuleContext, RuleViolation, changed_fields, immutable, is_owner};

pub fn quote_transition_allowed(from: QuoteStatus, to: QuoteStatus) -> bool {
    use QuoteStatus::*;
    matches!(
        (from, to),
        (Draft, ApprovalRequested)
            | (Draft, Presented)
            | (Draft, Declined)
            | (ApprovalRequested, Approved)
            | (ApprovalRequested, ApprovalRejected)
            | (ApprovalRequested, Draft)
            | (ApprovalRejected, Draft)
            | (Approved, Presented)
            | (Approved, Draft)
            | (Presented, Signed)
            | (Presented, Declined)
            | (Signed, Converted)
            | (Signed, Declined)
            | (Draft | ApprovalRequested | Approved | Presented, Expired)
    )
}

/// A revision's commercial content: editable in draft only (a change that returns a quote
/// to draft may carry edits, so an approval-rejected quote is reworked in one step).
const CONTENT: [&str; 11] = [
    "lines",
    "currency",
    "discount_bp",
    "valid_until",
    "quote_date",
    "terms",
    "payment_terms_days",
    "customer_name",
    "subtotal_minor",
    "tax_minor",
    "total_minor",
];

fn invalid(detail: &str) -> RuleViolation {
    RuleViolation::InvalidRecord {
        detail: detail.into(),
    }
}

/// What a quote must hold in each status, whatever path led there.
fn check_parts(q: &Quote) -> Checked {
    use QuoteStatus::*;
    if !(0..=10_000).contains(&q.discount_bp) {
        return Err(invalid("quote discount out of range"));
    }
    if q.revision < 1 {
        return Err(invalid("revisions count from 1"));
    }
    if q.valid_until < q.quote_date {
        return Err(invalid("a quote cannot expire before its date"));
    }
    match (&q.approval, q.status) {
        (Some(_), Draft | ApprovalRequested) => {
            return Err(invalid("a quote awaiting a decision carries none"));
        }
        (None, Approved | ApprovalRejected) => {
            return Err(invalid("a decided quote records the decision"));
        }
        (Some(a), _) if a.decided_by.is_empty() => {
            return Err(invalid("a decision records who decided"));
        }
        (Some(a), ApprovalRejected) if a.approved => {
            return Err(invalid("a refused quote carries a refusal"));
        }
        (Some(a), s) if !a.approved && s != ApprovalRejected => {
            return Err(invalid("a refusal is not carried past rework"));
        }
        _ => {}
    }
    match (&q.signature, q.status) {
        (None, Signed | Converted) => return Err(invalid("a signed quote carries its signature")),
        (Some(_), Signed | Converted | Declined) | (None, _) => {}
        (Some(_), _) => return Err(invalid("only a signed quote carries a signature")),
    }
    match (&q.order_id, q.status) {
        (None, Converted) => Err(invalid("a converted quote names its order")),
        (Some(_), s) if s != Converted => Err(invalid("only a converted quote names an order")),
        _ => Ok(()),
    }
}

/// What a path of steps did, as bits: whether it passed through draft (where content may
/// change), signed, converted, and what became of a manager's decision last.
const DRAFT: u8 = 1;
const SIGN: u8 = 2;
const CONVERT: u8 = 4;
/// The last decision event: back to draft or approval_requested (a decision is withdrawn)...
const CLEARED: u8 = 8;
/// ...or a manager's step into approved or approval_rejected.
const DECIDED: u8 = 16;
const LAST: u8 = CLEARED | DECIDED;

fn is_decision(to: QuoteStatus) -> bool {
    matches!(to, QuoteStatus::Approved | QuoteStatus::ApprovalRejected)
}

fn step(mask: u8, from: QuoteStatus, to: QuoteStatus) -> u8 {
    use QuoteStatus::*;
    let mut m = mask;
    match to {
        Draft => m = (m & !LAST) | CLEARED | DRAFT,
        ApprovalRequested => m = (m & !LAST) | CLEARED,
        Approved | ApprovalRejected => m = (m & !LAST) | DECIDED,
        _ => {}
    }
    match (from, to) {
        (Presented, Signed) => m | SIGN,
        (Signed, Converted) => m | CONVERT,
        _ => m,
    }
}

fn index(s: QuoteStatus) -> usize {
    QuoteStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// The masks (a bit per mask) of the paths from `from` to `to` by allowed steps, without
/// decisions when `rep`. The empty path counts when `from == to`; 0 means unreachable.
fn path_masks(from: QuoteStatus, to: QuoteStatus, rep: bool) -> u32 {
    let mut seen = [0u32; QuoteStatus::ALL.len()];
    let start = if from == QuoteStatus::Draft { DRAFT } else { 0 };
    seen[index(from)] |= 1 << start;
    let mut queue = vec![(from, start)];
    while let Some((here, mask)) = queue.pop() {
        for &next in QuoteStatus::ALL {
            if !quote_transition_allowed(here, next) || (rep && is_decision(next)) {
                continue;
            }
            let m = step(mask, here, next);
            if seen[index(next)] & (1 << m) == 0 {
                seen[index(next)] |= 1 << m;
                queue.push((next, m));
            }
        }
    }
    seen[index(to)]
}

/// Whether one of the paths in `masks` satisfies `ok`.
fn any_path(masks: u32, ok: impl Fn(u8) -> bool) -> bool {
    (0..32u8).any(|m| masks & (1 << m) != 0 && ok(m))
}

/// Whether a quote in this status has been put before the customer.
fn presented_or_later(q: &Quote) -> bool {
    matches!(
        q.status,
        QuoteStatus::Presented | QuoteStatus::Signed | QuoteStatus::Converted
    ) || q.signature.is_some()
}

/// A quote is presented within the presenter's limit, or on an approval that covers its
/// largest discount (so a discount raised behind an approval, by a merge, is caught). A unit
/// price below the server's price for the line counts as a discount too
/// (`RuleContext::list_prices`): a cut price is not a way around the approval.
fn check_discount(ctx: &RuleContext, q: &Quote) -> Checked {
    let discount_bp = q
        .lines
        .iter()
        .map(|l| ctx.line_discount_bp(l))
        .fold(q.max_discount_bp(), i64::max);
    let limit_bp = match &q.approval {
        Some(a) if a.approved => Some(a.discount_bp),
        _ => ctx.discount_limit_bp,
    };
    match limit_bp {
        Some(limit_bp) if discount_bp > limit_bp => Err(RuleViolation::DiscountOverLimit {
            discount_bp,
            limit_bp,
        }),
        _ => Ok(()),
    }
}

/// A signature arriving must verify against the content it arrives with, and must not be
/// dated after the quote expired.
fn check_new_signature(q: &Quote) -> Checked {
    let Some(sig) = &q.signature else {
        return Ok(());
    };
    match verify(q) {
        Verification::Valid => {}
        v => {
            return Err(RuleViolation::InvalidSignature {
                detail: format!("the signature is {}", v.label()),
            });
        }
    }
    // the device refuses on the rep's local day; here, without the zone, one day of slack
    if sig.signed_at.date_utc() > q.valid_until.0 + chrono::Days::new(1) {
        return Err(RuleViolation::QuoteExpired {
            valid_until: q.valid_until.to_string(),
        });
    }
    Ok(())
}

fn transition_error(from: &str, to: QuoteStatus) -> RuleViolation {
    RuleViolation::InvalidTransition {
        kind: "quote".into(),
        from: from.into(),
        to: to.to_string(),
    }
}

fn only_a_manager() -> RuleViolation {
    RuleViolation::forbidden("only a manager approves a discount")
}

fn check_new(ctx: &RuleContext, q: &Quote) -> Checked {
    // a document new to the server may have gone through several states offline
    let rep = ctx.role() == Some(Role::Rep);
    if ctx.role() != Some(Role::Admin) {
        if path_masks(QuoteStatus::Draft, q.status, false) == 0 {
            return Err(transition_error("new", q.status));
        }
        if path_masks(QuoteStatus::Draft, q.status, rep) == 0 {
            return Err(only_a_manager());
        }
    }
    check_parts(q)?;
    if !is_owner(ctx, &q.owner_id) {
        return Err(RuleViolation::forbidden(
            "a rep creates quotes only as themselves",
        ));
    }
    if rep && q.approval.is_some() {
        return Err(only_a_manager());
    }
    if presented_or_later(q) {
        check_discount(ctx, q)?;
    }
    check_new_signature(q)
}

pub(super) fn check_quote(ctx: &RuleContext, before: Option<&Quote>, after: &Quote) -> Checked {
    check_lines(Kind::Quote, &after.currency, &after.lines)?;
    let Some(before) = before else {
        return check_new(ctx, after);
    };
    let changed = changed_fields(before, after)?;
    immutable(
        &changed,
        &[
            "number",
            "account_id",
            "owner_id",
            "revision",
            "previous_id",
        ],
    )?;
    if path_masks(before.status, after.status, false) == 0 {
        return Err(transition_error(before.status.as_str(), after.status));
    }
    check_parts(after)?;
    if before.signature.is_some() && changed.contains("signature") {
        return Err(RuleViolation::ImmutableField {
            field: "signature".into(),
        });
    }
    let rep = ctx.role() == Some(Role::Rep);
    let content: BTreeSet<&str> = CONTENT.into();
    let mut required = 0;
    if changed.iter().any(|f| content.contains(f.as_str())) {
        required |= DRAFT;
    }
    if before.signature.is_none() && after.signature.is_some() {
        required |= SIGN;
    }
    if changed.contains("order_id") {
        required |= CONVERT;
    }
    // a new decision is the path's last decision event; a kept one saw none (every way
    // through draft withdraws it); none at all was withdrawn or never made
    let decided = changed.contains("approval") && after.approval.is_some();
    let decision_ok = |m: u8| match (changed.contains("approval"), after.approval.is_some()) {
        (true, true) => m & LAST == DECIDED,
        (true, false) => m & LAST == CLEARED,
        (false, true) => m & LAST == 0,
        (false, false) => m & LAST != DECIDED,
    };
    let masks = path_masks(before.status, after.status, rep);
    for (flag, refusal) in [
        (
            DRAFT,
            RuleViolation::NotEditable {
                kind: "quote".into(),
                status: before.status.to_string(),
            },
        ),
        (
            SIGN,
            RuleViolation::InvalidSignature {
                detail: "a signature is added only when a presented quote is signed".into(),
            },
        ),
        (
            CONVERT,
            RuleViolation::ImmutableField {
                field: "order_id".into(),
            },
        ),
    ] {
        if required & flag != 0 && !any_path(masks, |m| m & flag != 0) {
            return Err(refusal);
        }
    }
    if masks == 0 || (rep && decided) {
        return Err(only_a_manager());
    }
    if !any_path(masks, decision_ok) {
        return Err(RuleViolation::ImmutableField {
            field: "approval".into(),
        });
    }
    if !any_path(masks, |m| m & required == required && decision_ok(m)) {
        return Err(if required & DRAFT != 0 {
            RuleViolation::NotEditable {
                kind: "quote".into(),
                status: before.status.to_string(),
            }
        } else {
            transition_error(before.status.as_str(), after.status)
        });
    }
    if let (true, Some(actor)) = (decided, &ctx.actor)
        && after.approval.as_ref().map(|a| a.decided_by.as_str()) != Some(&actor.user_id)
    {
        return Err(RuleViolation::forbidden(
            "a decision is recorded under the deciding manager's own id",
        ));
    }
    if required & SIGN != 0 {
        check_new_signature(after)?;
    }
    if !presented_or_later(before) && presented_or_later(after) {
        check_discount(ctx, after)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuoteStatus::*;

    #[test]
    fn paths_record_what_their_steps_did() {
        // at the customer's, offline: approved, presented, signed, converted in one push
        let m = path_masks(Approved, Converted, true);
        assert!(any_path(m, |m| m & (SIGN | CONVERT) == SIGN | CONVERT
            && m & LAST == 0));
        // content can change on the way only by withdrawing the approval
        assert!(!any_path(m, |m| m & DRAFT != 0 && m & LAST == 0));
        assert!(any_path(m, |m| m & DRAFT != 0 && m & LAST == CLEARED));
        // a rep cannot decide
        assert_eq!(path_masks(ApprovalRequested, Approved, true), 0);
        let m = path_masks(ApprovalRequested, Approved, false);
        assert!(any_path(m, |m| m & LAST == DECIDED));
        // nothing leaves signed but conversion and decline
        assert_eq!(path_masks(Signed, Presented, false), 0);
        assert_eq!(path_masks(Converted, Declined, false), 0);
        // the empty path: a draft edited in place
        assert!(any_path(path_masks(Draft, Draft, true), |m| m == DRAFT));
        assert!(!any_path(path_masks(Signed, Signed, false), |m| m & SIGN != 0));
    }
}

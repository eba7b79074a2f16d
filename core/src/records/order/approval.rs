//! An order's discounts and a manager's approval of them. A draft may carry any discount: the
//! rep prices it with the customer, offline. Submitting is what the author's limit governs:
//! every discount of the order (order-level, line, and a unit price cut below the server's
//! price) must be within the limit, or within a manager's approval that covers the largest
//! one. A rep asks (`approval_requested`); a manager's device records the decision under the
//! manager's own id, while the order is a draft.

use super::{Order, OrderStatus};
use crate::records::Role;
use crate::rules::{Checked, RuleContext, RuleViolation};

/// The limit an order is submitted within: an approval's, else the author's own.
fn submit_limit(ctx: &RuleContext, o: &Order) -> Option<i64> {
    match &o.approval {
        Some(a) if a.approved => Some(a.discount_bp),
        _ => ctx.discount_limit_bp,
    }
}

/// Whether this change submits the order (a new document may arrive already submitted).
fn submits(before: Option<&Order>, after: &Order) -> bool {
    let was_draft = before.is_none_or(|b| b.status == OrderStatus::Draft);
    was_draft && after.status != OrderStatus::Draft && after.status != OrderStatus::Cancelled
}

/// On submission, the order's largest discount must be within the limit (see the module). A
/// new order converted from a signed quote keeps the quote's prices and discounts, which a
/// manager's approval of the quote may have covered; the server checks that such an order
/// carries exactly its signed quote's lines.
pub(super) fn check_discounts(ctx: &RuleContext, before: Option<&Order>, after: &Order) -> Checked {
    if before.is_none() && after.from_quote_id.is_some() {
        return Ok(());
    }
    if !submits(before, after) {
        return Ok(());
    }
    let Some(limit_bp) = submit_limit(ctx, after) else {
        return Ok(());
    };
    let discount_bp = after
        .lines
        .iter()
        .map(|l| ctx.line_discount_bp(l))
        .fold(after.discount_bp, i64::max);
    if discount_bp > limit_bp {
        return Err(RuleViolation::DiscountOverLimit {
            discount_bp,
            limit_bp,
        });
    }
    Ok(())
}

/// A decision is a manager's (or an admin's), recorded under their own id, within their own
/// limit; a rep may only ask.
pub(super) fn check_decision(ctx: &RuleContext, before: Option<&Order>, after: &Order) -> Checked {
    let decided = match before {
        None => after.approval.is_some(),
        Some(b) => b.approval != after.approval && after.approval.is_some(),
    };
    if !decided {
        return Ok(());
    }
    if ctx.role().is_some_and(|r| !r.at_least(Role::Manager)) {
        return Err(RuleViolation::forbidden(
            "only a manager approves a discount",
        ));
    }
    let Some(a) = &after.approval else {
        return Ok(());
    };
    if let Some(actor) = &ctx.actor
        && a.decided_by != actor.user_id
    {
        return Err(RuleViolation::forbidden(
            "a decision is recorded under the deciding manager's own id",
        ));
    }
    if let Some(limit_bp) = ctx.discount_limit_bp
        && a.approved
        && a.discount_bp > limit_bp
    {
        return Err(RuleViolation::DiscountOverLimit {
            discount_bp: a.discount_bp,
            limit_bp,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Env;
    use crate::records::{Line, QuoteApproval};
    use crate::rules::check;
    use crate::time::Ts;

    fn order(discount_bp: i64) -> Order {
        let mut o = Order::new(&Env::system(), "N-1", "a", "ana", "THB");
        o.lines.push(Line {
            line_id: "l1".into(),
            product_id: "p".into(),
            description: "ชาเขียว".into(),
            qty_milli: 1_000,
            unit_price_minor: 10_000,
            discount_bp,
            tax_bp: 700,
            net_minor: 0,
            tax_minor: 0,
        });
        o
    }

    fn decision(by: &str, approved: bool, discount_bp: i64) -> QuoteApproval {
        QuoteApproval {
            approved,
            decided_by: by.into(),
            decided_by_name: by.into(),
            decided_at: Ts::from_millis(0),
            discount_bp,
        }
    }

    fn with(o: &Order, f: impl Fn(&mut Order)) -> Order {
        let mut o = o.clone();
        f(&mut o);
        o
    }

    /// Ana (rep, 10 %) and Mia (manager, 30 %), an order with a 20 % line, written out:
    /// (what, who, before, after, allowed).
    #[test]
    fn a_discount_over_the_limit_is_submitted_on_a_managers_approval() {
        let ana = RuleContext::as_actor("ana", Role::Rep).with_discount_limit(1_000);
        let mia = RuleContext::as_actor("mia", Role::Manager).with_discount_limit(3_000);
        let draft = order(2_000);
        let asked = with(&draft, |o| o.approval_requested = true);
        let approved = with(&asked, |o| {
            o.approval_requested = false;
            o.approval = Some(decision("mia", true, 2_000));
        });
        let refused = with(&asked, |o| o.approval = Some(decision("mia", false, 2_000)));
        let submit = |o: &Order| with(o, |o| o.status = OrderStatus::Submitted);
        let sent = submit(&approved);
        type Case<'a> = (&'a str, &'a RuleContext, Option<&'a Order>, Order, bool);
        let cases: Vec<Case> = vec![
            ("rep drafts 20 %", &ana, None, draft.clone(), true),
            (
                "rep submits 20 %",
                &ana,
                Some(&draft),
                submit(&draft),
                false,
            ),
            ("rep asks", &ana, Some(&draft), asked.clone(), true),
            (
                "manager approves",
                &mia,
                Some(&asked),
                approved.clone(),
                true,
            ),
            ("manager refuses", &mia, Some(&asked), refused.clone(), true),
            (
                "rep approves herself",
                &ana,
                Some(&asked),
                with(&asked, |o| o.approval = Some(decision("ana", true, 2_000))),
                false,
            ),
            (
                "manager approves under another's name",
                &mia,
                Some(&asked),
                with(&asked, |o| o.approval = Some(decision("sam", true, 2_000))),
                false,
            ),
            (
                "manager approves beyond her own limit",
                &mia,
                Some(&asked),
                with(&asked, |o| o.approval = Some(decision("mia", true, 4_000))),
                false,
            ),
            (
                "rep submits approved",
                &ana,
                Some(&approved),
                submit(&approved),
                true,
            ),
            (
                "rep submits refused",
                &ana,
                Some(&refused),
                submit(&refused),
                false,
            ),
            (
                "rep raises the discount behind the approval and submits",
                &ana,
                Some(&approved),
                with(&submit(&approved), |o| o.lines[0].discount_bp = 2_500),
                false,
            ),
            (
                "approved order arrives submitted",
                &ana,
                None,
                submit(&approved),
                false,
            ),
            (
                "rep changes the decision after submitting",
                &ana,
                Some(&sent),
                with(&sent, |o| o.approval = None),
                false,
            ),
        ];
        for (what, ctx, before, after, allowed) in cases {
            let r = check(ctx, before, &after);
            assert_eq!(r.is_ok(), allowed, "{what}: {r:?}");
        }
    }
}

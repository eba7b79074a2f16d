//! The lifecycle table, several offline steps pushed at once, steps out of order, the
//! discount limit and a manager's approval.

use fieldsales_core::ops::NewLine;
use fieldsales_core::records::*;
use fieldsales_core::rules::{self, RuleContext, RuleViolation};

use crate::{capture, catalogue, line, moved, quote_in, rule_error, store};

const ALLOWED: &[(QuoteStatus, QuoteStatus)] = {
    use QuoteStatus::*;
    &[
        (Draft, ApprovalRequested),
        (Draft, Presented),
        (Draft, Declined),
        (Draft, Expired),
        (ApprovalRequested, Approved),
        (ApprovalRequested, ApprovalRejected),
        (ApprovalRequested, Draft),
        (ApprovalRequested, Expired),
        (ApprovalRejected, Draft),
        (Approved, Presented),
        (Approved, Draft),
        (Approved, Expired),
        (Presented, Signed),
        (Presented, Declined),
        (Presented, Expired),
        (Signed, Converted),
        (Signed, Declined),
    ]
};

/// The statuses reachable from `from` by the steps of [`ALLOWED`].
fn reachable(from: QuoteStatus) -> Vec<QuoteStatus> {
    let mut seen = vec![from];
    let mut i = 0;
    while i < seen.len() {
        for &(f, t) in ALLOWED {
            if f == seen[i] && !seen.contains(&t) {
                seen.push(t);
            }
        }
        i += 1;
    }
    seen
}
#[test]
fn every_lifecycle_transition_is_allowed_or_refused_by_the_table() {
    let ctx = RuleContext::standalone();
    for &from in QuoteStatus::ALL {
        for &to in QuoteStatus::ALL {
            if from == to {
                continue;
            }
            // one step at a time on the device
            assert_eq!(
                quote_transition_allowed(from, to),
                ALLOWED.contains(&(from, to)),
                "{from} -> {to}"
            );
            // several steps at once arrive at the server from a device that was offline
            let reachable = reachable(from).contains(&to);
            let before = quote_in(from);
            match rules::check(&ctx, Some(&before), &moved(&before, to)) {
                Ok(()) => assert!(reachable, "{from} -> {to} was accepted"),
                Err(e) => {
                    assert!(!reachable, "{from} -> {to} refused: {e}");
                    assert_eq!(e.code(), "invalid_transition", "{from} -> {to}");
                }
            }
        }
    }
}

#[test]
fn offline_steps_pushed_together_are_checked_as_a_whole() {
    let ctx = RuleContext::as_actor("u", Role::Rep).with_discount_limit(1_000);
    // presented, signed and converted at the customer's, offline
    let approved = quote_in(QuoteStatus::Approved);
    let converted = moved(
        &moved(
            &moved(&approved, QuoteStatus::Presented),
            QuoteStatus::Signed,
        ),
        QuoteStatus::Converted,
    );
    rules::check(&ctx, Some(&approved), &converted).unwrap();
    // but a line added on the way is not explained by any path
    let mut edited = converted.clone();
    edited.lines.push(line());
    let e = rules::check(&ctx, Some(&approved), &edited).unwrap_err();
    assert_eq!(e.code(), "not_editable");
    // a rep cannot jump over the manager's decision
    let requested = quote_in(QuoteStatus::ApprovalRequested);
    let e = rules::check(
        &ctx,
        Some(&requested),
        &moved(&requested, QuoteStatus::Approved),
    );
    assert!(matches!(e.unwrap_err(), RuleViolation::Forbidden { .. }));
    // nor present over the limit by way of draft
    let mut over = requested.clone();
    over.lines[0].discount_bp = 1_500;
    let e = rules::check(
        &ctx,
        Some(&requested),
        &moved(&over, QuoteStatus::Presented),
    );
    assert_eq!(e.unwrap_err().code(), "discount_over_limit");
    // a refusal is no approval
    let mut refused = quote_in(QuoteStatus::ApprovalRejected);
    refused.approval.as_mut().unwrap().discount_bp = 5_000;
    let mut kept = refused.clone();
    kept.status = QuoteStatus::Presented;
    assert_eq!(
        rules::check(&ctx, Some(&refused), &kept)
            .unwrap_err()
            .code(),
        "invalid_record"
    );
}

#[test]
fn store_operations_refuse_steps_out_of_order_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let q = s.new_quote(&a.id, 30).unwrap();
    assert!(s.present_quote(&q.id).is_err(), "no lines yet");
    s.add_quote_line(&q.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap();
    let e = rule_error(s.sign_quote(&q.id, capture().into()).unwrap_err());
    assert_eq!(e.code(), "invalid_transition", "a draft is not signed");
    assert_eq!(
        rule_error(s.convert_quote(&q.id).unwrap_err()).code(),
        "invalid_transition"
    );
    s.present_quote(&q.id).unwrap();
    assert_eq!(
        rule_error(s.present_quote(&q.id).unwrap_err()).code(),
        "invalid_transition"
    );
    assert_eq!(
        rule_error(s.convert_quote(&q.id).unwrap_err()).code(),
        "invalid_transition"
    );
    let after: Quote = s.get(&q.id).unwrap();
    assert_eq!(after.status, QuoteStatus::Presented);
    assert!(after.signature.is_none() && after.order_id.is_none());
    s.decline_quote(&q.id).unwrap();
    assert!(s.decline_quote(&q.id).is_err());
}

#[test]
fn a_discount_over_the_reps_limit_is_presented_only_once_approved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep); // a rep may give 10% (1000 bp)
    let (p, a) = catalogue(&mut s);
    let q = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q.id, NewLine::new(&p.id, 2_000, 1_500))
        .unwrap();
    let e = rule_error(s.present_quote(&q.id).unwrap_err());
    assert_eq!(
        e,
        RuleViolation::DiscountOverLimit {
            discount_bp: 1_500,
            limit_bp: 1_000
        }
    );
    assert_eq!(s.get::<Quote>(&q.id).unwrap().status, QuoteStatus::Draft);

    // the quote-level discount counts on its own too
    let q2 = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q2.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap();
    s.set_quote_discount(&q2.id, 1_200).unwrap();
    assert_eq!(
        rule_error(s.present_quote(&q2.id).unwrap_err()).code(),
        "discount_over_limit"
    );
    s.set_quote_discount(&q2.id, 800).unwrap();
    s.present_quote(&q2.id).unwrap();

    s.request_quote_approval(&q.id).unwrap();
    let approved = s.approve_quote(&q.id).unwrap();
    let decision = approved.approval.clone().unwrap();
    assert_eq!(decision.decided_by, s.identity().user_id);
    assert_eq!(decision.discount_bp, 1_500);
    assert_eq!(
        s.present_quote(&q.id).unwrap().status,
        QuoteStatus::Presented
    );

    // an edit after approval goes back to draft: the approval no longer applies
    let q3 = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q3.id, NewLine::new(&p.id, 1_000, 1_500))
        .unwrap();
    s.request_quote_approval(&q3.id).unwrap();
    s.approve_quote(&q3.id).unwrap();
    let raised = s.set_quote_discount(&q3.id, 500).unwrap();
    assert_eq!(raised.status, QuoteStatus::Draft);
    assert!(raised.approval.is_none());
    assert_eq!(
        rule_error(s.present_quote(&q3.id).unwrap_err()).code(),
        "discount_over_limit"
    );

    // a discount raised behind an approval (a merge) is caught when presenting
    let mut before = quote_in(QuoteStatus::Approved);
    before.approval.as_mut().unwrap().discount_bp = 1_500;
    before.lines[0].discount_bp = 2_000;
    let e = rules::check(
        &RuleContext::standalone(),
        Some(&before),
        &moved(&before, QuoteStatus::Presented),
    )
    .unwrap_err();
    assert_eq!(
        e,
        RuleViolation::DiscountOverLimit {
            discount_bp: 2_000,
            limit_bp: 1_500
        }
    );
}

#[test]
fn only_a_manager_approves_when_the_store_is_bound_to_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut rep = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut rep);
    rep.bind_server("http://127.0.0.1:9").unwrap();
    let q = rep.new_quote(&a.id, 30).unwrap();
    rep.add_quote_line(&q.id, NewLine::new(&p.id, 1_000, 2_500))
        .unwrap();
    rep.request_quote_approval(&q.id).unwrap();
    let e = rule_error(rep.approve_quote(&q.id).unwrap_err());
    assert!(matches!(e, RuleViolation::Forbidden { .. }), "{e}");
    assert!(rep.reject_quote(&q.id).is_err());
    let unchanged: Quote = rep.get(&q.id).unwrap();
    assert_eq!(unchanged.status, QuoteStatus::ApprovalRequested);
    assert!(unchanged.approval.is_none());

    let mut mgr = store(&dir, "mia", Role::Manager);
    mgr.bind_server("http://127.0.0.1:9").unwrap();
    mgr.import(&rep.export(&q.id).unwrap()).unwrap();
    let approved = mgr.approve_quote(&q.id).unwrap();
    assert_eq!(
        approved.approval.as_ref().unwrap().decided_by,
        mgr.identity().user_id
    );
    rep.import(&mgr.export(&q.id).unwrap()).unwrap();
    assert_eq!(
        rep.present_quote(&q.id).unwrap().status,
        QuoteStatus::Presented
    );

    // the server's check: a decision must be recorded under the deciding manager's own id
    let ctx = RuleContext::as_actor("m2", Role::Manager);
    let before = quote_in(QuoteStatus::ApprovalRequested);
    let e = rules::check(&ctx, Some(&before), &moved(&before, QuoteStatus::Approved)).unwrap_err();
    assert!(matches!(e, RuleViolation::Forbidden { .. }));
}

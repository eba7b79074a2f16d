//! Quotes signed on site: the lifecycle, the discount limit and a manager's approval, the
//! signature and what tampering with a signed revision looks like, expiry, revisions,
//! conversion to an order, the PDF, and documents from before signatures existed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ROOT, ReadDoc};
use ed25519_dalek::SigningKey;
use fieldsales_core::error::Error;
use fieldsales_core::ops::NewLine;
use fieldsales_core::quotes::{self, KeyStore, SignatureCapture, Verification};
use fieldsales_core::records::*;
use fieldsales_core::rules::{self, RuleContext, RuleViolation, quote_transition_allowed};
use fieldsales_core::time::{Day, Ts};
use fieldsales_core::{InitOptions, Store, doc};

fn store(dir: &tempfile::TempDir, name: &str, role: Role) -> Store {
    Store::init(
        dir.path().join(format!("{name}.db")),
        InitOptions::new(name, role),
    )
    .unwrap()
}

/// A product at 12.50 with 20% tax and a customer.
fn catalogue(s: &mut Store) -> (Product, Account) {
    let p = s
        .create_product(Product::new("S1", "Widget", 1250, "EUR", 2000))
        .unwrap();
    let mut a = Account::new("Acme Trading GmbH");
    a.billing.street = "Hauptstrasse 1".into();
    a.billing.city = "Berlin".into();
    a.billing.postal_code = "10115".into();
    (p, s.create_account(a).unwrap())
}

fn capture_at(signed_at: Ts) -> SignatureCapture {
    SignatureCapture {
        signer_name: "Dana Schulz".into(),
        signer_role: "Purchasing".into(),
        consent_text: "I accept this quote.".into(),
        strokes: vec![
            vec![[10, 10, 0], [20, 15, 16], [30, 12, 33]],
            vec![[12, 30, 400], [40, 31, 420]],
        ],
        place: Some(GeoPoint::new(52.52, 13.405).unwrap()),
        signed_at,
    }
}

fn capture() -> SignatureCapture {
    capture_at(Ts::now())
}

/// A presented quote for 4 widgets (60.00 with tax).
fn presented(s: &mut Store, p: &Product, a: &Account) -> Quote {
    let q = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 0))
        .unwrap();
    s.present_quote(&q.id).unwrap()
}

fn signed(s: &mut Store, p: &Product, a: &Account) -> Quote {
    let q = presented(s, p, a);
    s.sign_quote(&q.id, capture()).unwrap()
}

fn rule_error(e: Error) -> RuleViolation {
    match e {
        Error::Rule(v) => v,
        other => panic!("expected a rule violation, got {other:?}"),
    }
}

// ---- the lifecycle, table-driven -----------------------------------------------------------

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

fn test_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

fn decision(approved: bool) -> QuoteApproval {
    QuoteApproval {
        approved,
        decided_by: "m1".into(),
        decided_by_name: "mia".into(),
        decided_at: Ts::now(),
        discount_bp: 0,
    }
}

fn line() -> Line {
    Line {
        line_id: new_id(),
        product_id: "p".into(),
        description: "Widget".into(),
        qty_milli: 4_000,
        unit_price_minor: 1250,
        discount_bp: 0,
        tax_bp: 2000,
        net_minor: 5000,
        tax_minor: 1000,
    }
}

/// `q` moved to `to` with what that status carries (decision, signature, order).
fn moved(q: &Quote, to: QuoteStatus) -> Quote {
    use QuoteStatus::*;
    let mut a = q.clone();
    a.status = to;
    match to {
        Draft | ApprovalRequested => a.approval = None,
        Approved => a.approval = Some(decision(true)),
        ApprovalRejected => a.approval = Some(decision(false)),
        // a refusal is reworked in draft before anything else
        _ if a.approval.as_ref().is_some_and(|d| !d.approved) => a.approval = None,
        _ => {}
    }
    if matches!(to, Signed | Converted) && a.signature.is_none() {
        a.signature = Some(quotes::sign(&a, &capture(), &test_key(), "dev").unwrap());
    }
    if to == Converted {
        a.order_id = Some("o1".into());
    }
    a
}

/// A quote in `status` reached by allowed steps.
fn quote_in(status: QuoteStatus) -> Quote {
    use QuoteStatus::*;
    let mut q = Quote::new("Q-1", "a", "u", "EUR", 30);
    q.lines.push(line());
    let path: &[QuoteStatus] = match status {
        Draft => &[],
        ApprovalRequested => &[ApprovalRequested],
        Approved => &[ApprovalRequested, Approved],
        ApprovalRejected => &[ApprovalRequested, ApprovalRejected],
        Presented => &[Presented],
        Signed => &[Presented, Signed],
        Converted => &[Presented, Signed, Converted],
        Declined => &[Declined],
        Expired => &[Expired],
    };
    for &s in path {
        q = moved(&q, s);
    }
    q
}

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
    let e = rule_error(s.sign_quote(&q.id, capture()).unwrap_err());
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

// ---- discount limit and approval ----------------------------------------------------------

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

// ---- signatures and tampering --------------------------------------------------------------

fn tamper(s: &mut Store, id: &str, f: impl FnOnce(&mut AutoCommit)) {
    let mut d = AutoCommit::load(&s.export(id).unwrap())
        .unwrap()
        .with_actor(ActorId::random());
    f(&mut d);
    d.commit();
    s.import(&d.save()).unwrap();
}

fn obj(d: &AutoCommit, parent: &automerge::ObjId, key: &str) -> automerge::ObjId {
    d.get(parent, key).unwrap().unwrap().1
}

#[test]
fn tampering_with_each_signed_field_is_detected_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    type Edit = fn(&mut AutoCommit);
    let edits: Vec<(&str, Edit)> = vec![
        ("account_id", |d| {
            d.put(ROOT, "account_id", "other").unwrap()
        }),
        ("customer_name", |d| {
            d.put(ROOT, "customer_name", "Other GmbH").unwrap()
        }),
        ("number", |d| d.put(ROOT, "number", "Q-FAKE-1").unwrap()),
        ("revision", |d| d.put(ROOT, "revision", 9_i64).unwrap()),
        ("currency", |d| d.put(ROOT, "currency", "USD").unwrap()),
        ("quote_date", |d| {
            d.put(ROOT, "quote_date", "2000-01-01").unwrap()
        }),
        ("valid_until", |d| {
            d.put(ROOT, "valid_until", "2999-12-31").unwrap()
        }),
        ("payment_terms_days", |d| {
            d.put(ROOT, "payment_terms_days", 90_i64).unwrap()
        }),
        ("terms", |d| {
            let t = obj(d, &ROOT, "terms");
            d.splice_text(&t, 0, 0, "No warranty. ").unwrap();
        }),
        ("discount_bp", |d| {
            d.put(ROOT, "discount_bp", 500_i64).unwrap()
        }),
        ("lines", |d| {
            let lines = obj(d, &ROOT, "lines");
            let first = d.get(&lines, 0).unwrap().unwrap().1;
            d.put(&first, "qty_milli", 40_000_i64).unwrap();
        }),
        ("subtotal_minor", |d| {
            d.put(ROOT, "subtotal_minor", 1_i64).unwrap()
        }),
        ("tax_minor", |d| d.put(ROOT, "tax_minor", 1_i64).unwrap()),
        ("total_minor", |d| {
            d.put(ROOT, "total_minor", 1_i64).unwrap()
        }),
    ];
    assert_eq!(edits.len(), quotes::canonical::CONTENT_FIELDS.len());
    for (field, edit) in edits {
        let q = signed(&mut s, &p, &a);
        assert_eq!(s.verify_quote(&q.id).unwrap(), Verification::Valid);
        tamper(&mut s, &q.id, edit);
        assert_eq!(
            s.verify_quote(&q.id).unwrap(),
            Verification::Tampered {
                fields: vec![field.to_string()]
            },
            "{field}"
        );
        // a tampered quote is not ordered, and the server refuses the change
        assert_eq!(
            rule_error(s.convert_quote(&q.id).unwrap_err()).code(),
            "invalid_signature"
        );
        let now: Quote = s.get(&q.id).unwrap();
        let e = rules::check(&RuleContext::standalone(), Some(&q), &now).unwrap_err();
        assert!(
            matches!(
                e.code(),
                "not_editable" | "immutable_field" | "invalid_signature"
            ),
            "{field}: {e}"
        );
    }
}

#[test]
fn a_forged_or_altered_signature_is_a_bad_signature() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let device_key = s.device_keys().public_key_hex().unwrap();
    type Edit = fn(&mut AutoCommit);
    let edits: Vec<Edit> = vec![
        |d| {
            let sig = obj(d, &ROOT, "signature");
            d.put(&sig, "signature", "00".repeat(64)).unwrap();
        },
        |d| {
            let sig = obj(d, &ROOT, "signature");
            d.put(&sig, "signer_name", "Someone Else").unwrap();
        },
        |d| {
            let sig = obj(d, &ROOT, "signature");
            d.put(&sig, "strokes", "[[[1,1,0]]]").unwrap();
        },
        |d| {
            let sig = obj(d, &ROOT, "signature");
            let digests = obj(d, &sig, "content_digests");
            d.put(&digests, "total_minor", "00".repeat(32)).unwrap();
        },
    ];
    for edit in edits {
        let q = signed(&mut s, &p, &a);
        tamper(&mut s, &q.id, edit);
        assert_eq!(s.verify_quote(&q.id).unwrap(), Verification::BadSignature);
    }
    // re-sealed with another key: consistent in itself, not the device's
    let mut q = signed(&mut s, &p, &a);
    assert_eq!(
        quotes::verify_with_key(&q, &device_key),
        Verification::Valid
    );
    let forger = SigningKey::from_bytes(&[9u8; 32]);
    q.signature = Some(quotes::sign(&q, &capture(), &forger, "dev").unwrap());
    assert_eq!(quotes::verify(&q), Verification::Valid);
    assert_eq!(
        quotes::verify_with_key(&q, &device_key),
        Verification::BadSignature
    );
}

#[test]
fn an_expired_quote_cannot_be_signed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let q = presented(&mut s, &p, &a);
    let late = Ts::parse(&format!("{}T12:00:00Z", q.valid_until.plus_days(1))).unwrap();
    let key = s.device_keys().signing_key().unwrap();
    let e = rule_error(
        s.sign_quote_with(&q.id, capture_at(late), &key)
            .unwrap_err(),
    );
    assert_eq!(
        e,
        RuleViolation::QuoteExpired {
            valid_until: q.valid_until.to_string()
        }
    );
    let still: Quote = s.get(&q.id).unwrap();
    assert_eq!(still.status, QuoteStatus::Presented);
    assert!(still.signature.is_none());
    // the server's check, without the rep's zone, allows one day of slack and no more
    let mut arriving = quote_in(QuoteStatus::Presented);
    let signed_late = Ts::parse(&format!("{}T12:00:00Z", arriving.valid_until.plus_days(3)));
    arriving.signature = Some(
        quotes::sign(
            &arriving,
            &capture_at(signed_late.unwrap()),
            &test_key(),
            "d",
        )
        .unwrap(),
    );
    arriving.status = QuoteStatus::Signed;
    let e = rules::check(&RuleContext::standalone(), None, &arriving).unwrap_err();
    assert_eq!(e.code(), "quote_expired");
}

#[test]
fn a_signed_quote_is_frozen_except_for_conversion_or_decline() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let q = signed(&mut s, &p, &a);
    let not_editable = |e: Error| rule_error(e).code() == "not_editable";
    assert!(not_editable(
        s.add_quote_line(&q.id, NewLine::new(&p.id, 1_000, 0))
            .unwrap_err()
    ));
    assert!(not_editable(s.set_quote_discount(&q.id, 100).unwrap_err()));
    let line = q.lines[0].line_id.clone();
    assert!(not_editable(
        s.change_quote_line(&q.id, &line, Some(9_000), None)
            .unwrap_err()
    ));
    assert!(not_editable(s.remove_quote_line(&q.id, &line).unwrap_err()));
    let e = s
        .update::<Quote>(&q.id, |q| {
            q.signature.as_mut().unwrap().signer_role = "CEO".into();
            Ok(())
        })
        .unwrap_err();
    assert_eq!(rule_error(e).code(), "immutable_field");
    assert_eq!(s.get::<Quote>(&q.id).unwrap(), q, "nothing changed");
    assert_eq!(
        s.decline_quote(&q.id).unwrap().status,
        QuoteStatus::Declined
    );
    assert_eq!(s.verify_quote(&q.id).unwrap(), Verification::Valid);
}

// ---- revisions, conversion, PDF ------------------------------------------------------------

#[test]
fn revising_makes_a_new_draft_and_the_old_revision_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let old = signed(&mut s, &p, &a);
    let new = s.revise_quote(&old.id).unwrap();
    assert_ne!(new.id, old.id);
    assert_eq!(
        (new.number.as_str(), new.revision),
        (old.number.as_str(), 2)
    );
    assert_eq!(new.previous_id.as_deref(), Some(old.id.as_str()));
    assert_eq!(new.status, QuoteStatus::Draft);
    assert!(new.signature.is_none());
    assert_eq!(new.lines, old.lines);
    assert_eq!(s.get::<Quote>(&old.id).unwrap(), old);
    assert_eq!(s.verify_quote(&old.id).unwrap(), Verification::Valid);
    let ids: Vec<_> = s
        .quote_revisions(&old.number)
        .unwrap()
        .into_iter()
        .map(|q| q.id)
        .collect();
    assert_eq!(ids, vec![old.id.clone(), new.id.clone()]);
    // the new draft is edited; the old revision moves on no more
    s.add_quote_line(&new.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap();
    assert_eq!(
        rule_error(s.convert_quote(&old.id).unwrap_err()).code(),
        "superseded"
    );
    assert_eq!(
        rule_error(s.revise_quote(&old.id).unwrap_err()).code(),
        "superseded"
    );
    let e = rules::check(&RuleContext::standalone(), Some(&new), &{
        let mut n = new.clone();
        n.previous_id = None;
        n
    });
    assert_eq!(e.unwrap_err().code(), "immutable_field");
}

#[test]
fn converting_makes_an_order_with_the_signed_lines_and_equal_totals() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let gadget = s
        .create_product(Product::new("S2", "Gadget", 999, "EUR", 700))
        .unwrap();
    let q = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q.id, NewLine::new(&p.id, 3_500, 500))
        .unwrap();
    s.add_quote_line(&q.id, NewLine::new(&gadget.id, 333, 0))
        .unwrap();
    s.set_quote_discount(&q.id, 300).unwrap();
    s.present_quote(&q.id).unwrap();
    let q = s.sign_quote(&q.id, capture()).unwrap();
    // the catalogue price changes after signing: the order keeps the signed prices
    s.update::<Product>(&p.id, |p| {
        p.base_price_minor = 9_999;
        Ok(())
    })
    .unwrap();
    let (converted, order) = s.convert_quote(&q.id).unwrap();
    assert_eq!(order.totals(), q.totals());
    assert_eq!(order.total_minor, q.total_minor);
    assert_eq!(order.from_quote_id.as_deref(), Some(q.id.as_str()));
    assert_eq!(converted.order_id.as_deref(), Some(order.id.as_str()));
    assert_eq!(converted.status, QuoteStatus::Converted);
    assert_eq!(order.status, OrderStatus::Submitted);
    assert_eq!(order.lines, q.lines);
    assert_eq!(order.discount_bp, 300);
    let stored: Order = s.get(&order.id).unwrap();
    assert_eq!(stored.totals(), q.totals());
    assert_eq!(s.verify_quote(&q.id).unwrap(), Verification::Valid);
    assert_eq!(
        rule_error(s.convert_quote(&q.id).unwrap_err()).code(),
        "invalid_transition"
    );
    assert_eq!(
        rule_error(s.decline_quote(&q.id).unwrap_err()).code(),
        "invalid_transition"
    );
}

fn pdf_text(bytes: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    pdf.extract_text(&pages).unwrap()
}

#[test]
fn the_pdf_parses_shows_total_and_hash_and_is_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let draft = s.new_quote(&a.id, 30).unwrap();
    assert!(matches!(s.quote_pdf(&draft.id), Err(Error::Invalid(_))));
    let q = presented(&mut s, &p, &a);
    let text = pdf_text(&s.quote_pdf(&q.id).unwrap());
    assert!(text.contains("Total EUR 60.00"), "{text}");
    assert!(text.contains(&quotes::content_hash_hex(&q)), "{text}");
    let q = s.sign_quote(&q.id, capture()).unwrap();
    let bytes = s.quote_pdf(&q.id).unwrap();
    let text = pdf_text(&bytes);
    let hash = &q.signature.as_ref().unwrap().content_hash;
    for needle in [
        "Total EUR 60.00",
        hash.as_str(),
        "Dana Schulz",
        "Acme Trading GmbH",
        "10115 Berlin",
    ] {
        assert!(text.contains(needle), "missing {needle} in {text}");
    }
    s.close_documents();
    assert_eq!(s.quote_pdf(&q.id).unwrap(), bytes);
}

// ---- compatibility -------------------------------------------------------------------------

#[test]
fn documents_from_before_signatures_still_load_and_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let author = doc::Author {
        actor: ActorId::random(),
        name: "old app".into(),
    };
    let mut q = Quote::new("Q-OLD-1", &a.id, &s.identity().user_id, "EUR", 30);
    q.quote_date = Day::today_in("UTC");
    let mut d = doc::create(&q, &author).unwrap();
    for key in [
        "customer_name",
        "previous_id",
        "approval",
        "signature",
        "order_id",
    ] {
        d.delete(ROOT, key).unwrap();
    }
    d.commit();
    s.import(&d.save()).unwrap();
    let read: Quote = s.get(&q.id).unwrap();
    assert!(read.signature.is_none() && read.approval.is_none() && read.customer_name.is_empty());
    s.add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 0))
        .unwrap();
    s.present_quote(&q.id).unwrap();
    s.sign_quote(&q.id, capture()).unwrap();
    assert_eq!(s.verify_quote(&q.id).unwrap(), Verification::Valid);

    let mut o = Order::new("N-OLD-1", &a.id, &s.identity().user_id, "EUR");
    o.lines.push(line());
    let mut d = doc::create(&o, &author).unwrap();
    d.delete(ROOT, "discount_bp").unwrap();
    d.commit();
    s.import(&d.save()).unwrap();
    let read: Order = s.get(&o.id).unwrap();
    assert_eq!((read.discount_bp, read.total_minor), (0, 6000));
    // index rows written before the fields existed read too
    let mut json = serde_json::to_value(&read).unwrap();
    json.as_object_mut().unwrap().remove("discount_bp");
    assert_eq!(serde_json::from_value::<Order>(json).unwrap(), read);
}

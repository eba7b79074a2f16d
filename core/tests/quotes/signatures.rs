//! Signatures: tampering with each signed field, forged or altered signatures, expiry, and the
//! freeze a signature puts on a revision.

use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, ROOT, ReadDoc};
use ed25519_dalek::SigningKey;
use fieldsales_core::Store;
use fieldsales_core::error::Error;
use fieldsales_core::ops::NewLine;
use fieldsales_core::quotes::{self, KeyStore, Verification};
use fieldsales_core::records::*;
use fieldsales_core::rules::{self, RuleContext, RuleViolation};
use fieldsales_core::time::Ts;

use crate::{
    capture, capture_at, catalogue, presented, quote_in, rule_error, signed, store, test_key,
};

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
                e.code().as_str(),
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
        s.sign_quote_with(&q.id, capture_at(late).into(), &key)
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

//! Quotes through the server: a discount approval across two phones, signatures checked
//! against the signing device's registered key, tampering refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::Env;
use fieldsales_core::ops::NewLine;
use fieldsales_core::quotes::{SignatureCapture, Verification, generate_signing_key};
use fieldsales_core::records::{Quote, QuoteStatus};

mod common;
use common::*;

fn capture() -> SignatureCapture {
    SignatureCapture {
        signer_name: "Dana Schulz".into(),
        signer_role: "Purchasing".into(),
        consent_text: "I accept this quote.".into(),
        strokes: vec![
            vec![[10, 10, 0], [20, 15, 16]],
            vec![[12, 30, 400], [40, 31, 420]],
        ],
        place: None,
        signed_at: Env::system().now(),
    }
}

fn quote_over_the_limit(w: World) {
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Bäckerei Müller", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    // offline at the customer: 25% is over a rep's 10% limit
    let q = ana.new_quote(&acc.id, 30).unwrap();
    ana.add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 0))
        .unwrap();
    ana.set_quote_discount(&q.id, 2_500).unwrap();
    assert!(
        ana.present_quote(&q.id).is_err(),
        "over the limit needs approval"
    );
    ana.request_quote_approval(&q.id).unwrap();
    assert!(w.sync(&mut ana).rejected.is_empty());
    // the rep cannot approve it herself, on the phone or by forging the document
    assert!(ana.approve_quote(&q.id).is_err());
    // the manager approves on her phone; the approval reaches the rep with the next sync
    w.sync(&mut mia);
    mia.approve_quote(&q.id).unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    w.sync(&mut ana);
    assert_eq!(
        ana.get::<Quote>(&q.id).unwrap().status,
        QuoteStatus::Approved
    );
    ana.present_quote(&q.id).unwrap();
    let signed = ana.sign_quote(&q.id, capture().into()).unwrap();
    assert_eq!(ana.verify_quote(&q.id).unwrap(), Verification::Valid);
    let r = w.sync(&mut ana);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    w.sync(&mut mia);
    assert_eq!(mia.get::<Quote>(&q.id).unwrap(), signed);
    assert_eq!(mia.verify_quote(&q.id).unwrap(), Verification::Valid);
    let (_, order) = mia.convert_quote(&q.id).unwrap();
    assert_eq!(order.total_minor, signed.total_minor);
    assert!(w.sync(&mut mia).rejected.is_empty());
}

#[test]
fn a_rep_requests_approval_offline_a_manager_approves_and_the_rep_presents_and_signs() {
    quote_over_the_limit(World::new());
}

#[test]
fn approval_across_two_phones_over_http() {
    quote_over_the_limit(World::over_http());
}

#[test]
fn the_server_refuses_tampered_and_foreign_signatures() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let sign_one = |ana: &mut fieldsales_core::Store, key: Option<&ed25519_dalek::SigningKey>| {
        let q = ana.new_quote(&acc.id, 30).unwrap();
        ana.add_quote_line(&q.id, NewLine::new(&p.id, 2_000, 0))
            .unwrap();
        ana.present_quote(&q.id).unwrap();
        match key {
            Some(k) => ana.sign_quote_with(&q.id, capture().into(), k).unwrap(),
            None => ana.sign_quote(&q.id, capture().into()).unwrap(),
        }
    };

    // a signature sealed with a key that is not the registered key of the device it names
    let other = generate_signing_key(&fieldsales_core::Env::system());
    let forged = sign_one(&mut ana, Some(&other));
    let r = w.sync(&mut ana);
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert_eq!(r.rejected[0].doc_id, forged.id);
    assert_eq!(r.rejected[0].reason, "invalid_signature");
    assert!(
        ana.get::<Quote>(&forged.id).is_err(),
        "the server never had it"
    );

    // a genuine signature, then the signed content changed by writing the document directly
    let genuine = sign_one(&mut ana, None);
    assert!(w.sync(&mut ana).rejected.is_empty());
    let mut doc = automerge::AutoCommit::load(&ana.export(&genuine.id).unwrap()).unwrap();
    let mut q: Quote = fieldsales_core::doc::read(&doc).unwrap();
    q.lines[0].unit_price_minor = 1;
    fieldsales_core::doc::write(&mut doc, &q).unwrap();
    doc.commit();
    ana.import(&doc.save()).unwrap();
    assert!(matches!(
        ana.verify_quote(&genuine.id).unwrap(),
        Verification::Tampered { .. }
    ));
    let r = w.sync(&mut ana);
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert_eq!(r.rejected[0].doc_id, genuine.id);
    // the phone goes back to what the customer signed
    assert_eq!(ana.get::<Quote>(&genuine.id).unwrap(), genuine);
    assert_eq!(ana.verify_quote(&genuine.id).unwrap(), Verification::Valid);
}

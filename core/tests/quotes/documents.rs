//! Revisions, conversion to an order, the PDF, and documents from before signatures.

use automerge::transaction::Transactable;
use automerge::{ActorId, ROOT};
use fieldsales_core::Env;
use fieldsales_core::doc;
use fieldsales_core::error::Error;
use fieldsales_core::ops::NewLine;
use fieldsales_core::ops::NewProduct;
use fieldsales_core::quotes::{self, Verification};
use fieldsales_core::records::*;
use fieldsales_core::rules::{self, RuleContext};

use crate::{capture, catalogue, line, presented, rule_error, signed, store};

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
        .create_product(NewProduct::new("S2", "Gadget", 999, "EUR", 700))
        .unwrap();
    let q = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q.id, NewLine::new(&p.id, 3_500, 500))
        .unwrap();
    s.add_quote_line(&q.id, NewLine::new(&gadget.id, 333, 0))
        .unwrap();
    s.set_quote_discount(&q.id, 300).unwrap();
    s.present_quote(&q.id).unwrap();
    let q = s.sign_quote(&q.id, capture().into()).unwrap();
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

/// The PDF's text as poppler's `pdftotext` reads it (the fonts are embedded CID subsets with
/// ToUnicode maps, which lopdf's text extraction does not follow); lopdf still checks it parses.
fn pdf_text(bytes: &[u8]) -> String {
    let pdf = lopdf::Document::load_mem(bytes).unwrap();
    assert!(!pdf.get_pages().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quote.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext could not run: install poppler-utils");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
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
    let q = s.sign_quote(&q.id, capture().into()).unwrap();
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

#[test]
fn documents_from_before_signatures_still_load_and_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana", Role::Rep);
    let (p, a) = catalogue(&mut s);
    let author = doc::Author {
        actor: ActorId::random(),
        name: "old app".into(),
        at: Env::system().now(),
    };
    let mut q = Quote::new(
        &Env::system(),
        "Q-OLD-1",
        &a.id,
        &s.identity().user_id,
        "EUR",
        30,
    );
    q.quote_date = Env::system().today_in("UTC");
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
    s.sign_quote(&q.id, capture().into()).unwrap();
    assert_eq!(s.verify_quote(&q.id).unwrap(), Verification::Valid);

    let mut o = Order::new(
        &Env::system(),
        "N-OLD-1",
        &a.id,
        &s.identity().user_id,
        "EUR",
    );
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

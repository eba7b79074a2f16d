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

/// Rewrite `store`'s own copy of document `id` (a modified app, past the phone's checks) and
/// sync: the rejection reason, if the server refused it.
fn forge_and_sync<R: fieldsales_core::records::Record>(
    w: &World,
    store: &mut fieldsales_core::Store,
    id: &str,
    edit: impl FnOnce(&mut R),
) -> Option<String> {
    let mut doc = automerge::AutoCommit::load(&store.export(id).unwrap()).unwrap();
    let mut r: R = fieldsales_core::doc::read(&doc).unwrap();
    edit(&mut r);
    fieldsales_core::doc::write(&mut doc, &r).unwrap();
    doc.commit();
    store.import(&doc.save()).unwrap();
    w.sync(store)
        .rejected
        .into_iter()
        .find(|x| x.doc_id == id)
        .map(|x| x.reason.to_string())
}

/// The server prices lines itself from its catalogue and price lists at the document's
/// date: a unit price cut from 12.50 to 1.00 is a 92 % discount, over a rep's limit without
/// approval (quotes and submitted orders); a product that does not exist is refused; a small
/// cut within the limit, and a price from a list valid that day that a newer one replaced,
/// go through.
#[test]
fn the_server_prices_lines_itself_and_counts_a_cut_price_as_a_discount() {
    use fieldsales_core::records::{Order, PriceBreak, PriceList, ProductPrice};
    use fieldsales_core::time::Day;

    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Bäckerei Müller", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);

    // a quote presented with its price cut to 1.00, no approval
    let q = ana.new_quote(&acc.id, 30).unwrap();
    ana.add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 0))
        .unwrap();
    ana.present_quote(&q.id).unwrap();
    let reason = forge_and_sync::<Quote>(&w, &mut ana, &q.id, |q| {
        q.lines[0].unit_price_minor = 100;
    });
    assert_eq!(reason.as_deref(), Some("discount_over_limit"), "quote");

    // an order with its price cut, and one with a product that does not exist
    // a draft may hold any price: submitting it is what the limit governs
    let cut = |price: i64| {
        move |o: &mut Order| {
            o.lines[0].unit_price_minor = price;
            o.status = fieldsales_core::records::OrderStatus::Submitted;
        }
    };
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    let reason = forge_and_sync::<Order>(&w, &mut ana, &o.id, cut(100));
    assert_eq!(reason.as_deref(), Some("discount_over_limit"), "order");
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    let reason = forge_and_sync::<Order>(&w, &mut ana, &o.id, |o| {
        o.lines[0].product_id = "no-such-product".into();
    });
    assert_eq!(
        reason.as_deref(),
        Some("unknown_product"),
        "unknown product"
    );
    // an edit of a stored draft that cuts its price and submits is refused the same way
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    assert!(w.sync(&mut ana).rejected.is_empty());
    let reason = forge_and_sync::<Order>(&w, &mut ana, &o.id, cut(1_000));
    assert_eq!(reason.as_deref(), Some("discount_over_limit"), "edit");
    // 12.00 of 12.50 is 4 %, within the rep's 10 %
    let reason = forge_and_sync::<Order>(&w, &mut ana, &o.id, cut(1_200));
    assert_eq!(reason, None, "a cut within the limit");

    // a price list for this customer at 10.00, valid since last year: the phone prices from it
    let price_list = |price: i64, from: &str| {
        let mut l = PriceList::new(&Env::system(), format!("Müller {from}"), "EUR");
        l.valid_from = Some(Day::parse(from).unwrap());
        l.account_ids = vec![acc.id.clone()];
        l.prices = vec![ProductPrice {
            product_id: p.id.clone(),
            breaks: vec![PriceBreak {
                min_qty_milli: 0,
                unit_price_minor: price,
            }],
        }];
        l
    };
    mia.create(price_list(1_000, "2025-01-01")).unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    w.sync(&mut ana);
    let offline = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    assert_eq!(offline.lines[0].unit_price_minor, 1_000);
    // meanwhile a newer list (12.00 from today) replaces it for today; the line priced from
    // the older one, valid today too, is not a discount
    let today = Env::system().today_utc().to_string();
    mia.create(price_list(1_200, &today)).unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    let r = w.sync(&mut ana);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    // a new line now is priced at 12.00 on the phone; below the older list's 10.00 it is cut
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    assert_eq!(o.lines[0].unit_price_minor, 1_200);
    let reason = forge_and_sync::<Order>(&w, &mut ana, &o.id, cut(800));
    assert_eq!(
        reason.as_deref(),
        Some("discount_over_limit"),
        "below every list"
    );
}

/// An order made from a signed quote keeps the quote's approved prices, even over the rep's
/// limit; naming a quote does not waive the check for any other order.
#[test]
fn an_order_from_a_signed_quote_keeps_its_approved_discount_and_only_that_one() {
    use fieldsales_core::records::Order;

    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Bäckerei Müller", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let q = ana.new_quote(&acc.id, 30).unwrap();
    ana.add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 2_500))
        .unwrap();
    ana.request_quote_approval(&q.id).unwrap();
    w.sync(&mut ana);
    w.sync(&mut mia);
    mia.approve_quote(&q.id).unwrap();
    w.sync(&mut mia);
    w.sync(&mut ana);
    ana.present_quote(&q.id).unwrap();
    ana.sign_quote(&q.id, capture().into()).unwrap();
    // signed and converted offline, pushed together: 25 % off stands
    let (_, order) = ana.convert_quote(&q.id).unwrap();
    let r = w.sync(&mut ana);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    // another order naming that quote, with its price cut: refused
    let other = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    let mut doc = automerge::AutoCommit::load(&ana.export(&other.id).unwrap()).unwrap();
    let mut o: Order = fieldsales_core::doc::read(&doc).unwrap();
    o.from_quote_id = Some(q.id.clone());
    o.lines[0].unit_price_minor = 100;
    fieldsales_core::doc::write(&mut doc, &o).unwrap();
    doc.commit();
    ana.import(&doc.save()).unwrap();
    let r = w.sync(&mut ana);
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert_eq!(r.rejected[0].doc_id, other.id);
    assert_eq!(r.rejected[0].reason.to_string(), "forbidden");
    assert!(ana.get::<Order>(&order.id).is_ok());
}

/// An order over the rep's limit: refused on submit until a manager approves it. The rep asks
/// offline, the manager sees the request after a sync and approves on her phone, the rep
/// submits within the approval; a forged submit without one is refused by the server.
#[test]
fn an_order_over_the_limit_is_submitted_on_a_managers_approval() {
    use fieldsales_core::records::{Order, OrderStatus};

    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "ร้านกาแฟดอยช้าง", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);

    // 20 % off, over ana's 10 %: kept as a draft, refused on submit on the phone
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 2_000, 2_000)])
        .unwrap();
    let e = ana.submit_order(&o.id).unwrap_err();
    assert!(e.to_string().contains("manager must approve"), "{e}");
    assert!(mia.reject_order_discount(&o.id).is_err(), "not synced yet");
    // the draft syncs as it is; a forged submit is refused by the server too
    assert!(w.sync(&mut ana).rejected.is_empty());
    let reason = forge_and_sync::<Order>(&w, &mut ana, &o.id, |o| {
        o.status = OrderStatus::Submitted;
    });
    assert_eq!(reason.as_deref(), Some("discount_over_limit"));
    assert_eq!(ana.get::<Order>(&o.id).unwrap().status, OrderStatus::Draft);

    ana.request_order_approval(&o.id).unwrap();
    assert!(w.sync(&mut ana).rejected.is_empty());
    w.sync(&mut mia);
    let waiting = mia.orders_awaiting_approval().unwrap();
    assert_eq!(waiting.iter().map(|o| &o.id).collect::<Vec<_>>(), [&o.id]);
    // a rep cannot decide
    assert!(ana.approve_order_discount(&o.id).is_err());
    mia.approve_order_discount(&o.id).unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    assert!(mia.orders_awaiting_approval().unwrap().is_empty());

    w.sync(&mut ana);
    let submitted = ana.submit_order(&o.id).unwrap();
    assert_eq!(
        submitted.approval.as_ref().map(|a| a.discount_bp),
        Some(2_000)
    );
    let r = w.sync(&mut ana);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    w.sync(&mut mia);
    assert_eq!(
        mia.get::<Order>(&o.id).unwrap().status,
        OrderStatus::Submitted
    );
}

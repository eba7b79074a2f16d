//! The device store end to end: records round-trip through documents and the index, two
//! stores merge, rules refuse bad changes with typed errors, the schema upgrades, corrupt
//! files are kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::Env;
use fieldsales_core::doc;
use fieldsales_core::error::Error;
use fieldsales_core::ops::NewContact;
use fieldsales_core::ops::NewLine;
use fieldsales_core::ops::{NewAccount, NewProduct};
use fieldsales_core::records::*;
use fieldsales_core::rules::RuleViolation;
use fieldsales_core::store::{Filter, ListQuery, schema};
use fieldsales_core::sync;
use fieldsales_core::time::{Day, Ts};
use fieldsales_core::{InitOptions, Store};

fn store(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::init(
        dir.path().join(format!("{name}.db")),
        InitOptions::new(name, Role::Rep),
    )
    .unwrap()
}

fn catalogue(s: &mut Store) -> (Product, Account) {
    let p = s
        .create_product(NewProduct::new("S1", "Widget", 1250, "EUR", 2000))
        .unwrap();
    let a = s
        .create_account(NewAccount::named("Acme Trading GmbH"))
        .unwrap();
    (p, a)
}

fn copy(from: &mut Store, to: &mut Store, id: &str) {
    let bytes = from.export(id).unwrap();
    to.import(&bytes).unwrap();
}

#[test]
fn every_kind_round_trips_through_document_and_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rt.db");
    let mut s = Store::init(&path, InitOptions::new("ana", Role::Manager)).unwrap();
    let (p, a) = catalogue(&mut s);
    let mut t = Territory::new(&Env::system(), "North");
    t.postal_prefixes = vec!["10".into(), "12".into()];
    let mut u = User::new(&Env::system(), "ben", Role::Rep);
    u.territory_ids = vec![t.id.clone()];
    let c = Contact::new(&Env::system(), &a.id, "Dana Schulz");
    let mut pl = PriceList::new(&Env::system(), "Acme", "EUR");
    pl.valid_from = Some(Day::parse("2026-01-01").unwrap());
    pl.prices.push(ProductPrice {
        product_id: p.id.clone(),
        breaks: vec![PriceBreak {
            min_qty_milli: 0,
            unit_price_minor: 1100,
        }],
    });
    let st = Stock::new(&Env::system(), &p.id, "Berlin", 12_000);
    let v = Visit::new(
        &Env::system(),
        &a.id,
        "me",
        Ts::parse("2026-11-22T09:00:00Z").unwrap(),
        Ts::parse("2026-11-22T10:00:00Z").unwrap(),
    );
    let mut o = Order::new(&Env::system(), "N-1", &a.id, "me", "EUR");
    o.notes = "deliver to the back door".into();
    let q = Quote::new(&Env::system(), "Q-1", &a.id, "me", "EUR", 30);
    let quota = Quota::new(&Env::system(), "2026-11", QuotaMetric::Revenue, 1_000_000);
    let task = Task::new(&Env::system(), "me", "Call back");
    let sched = Schedule::new(
        &Env::system(),
        "me",
        Day::parse("2026-11-22").unwrap(),
        "Europe/Berlin",
    );

    macro_rules! round_trip {
        ($($rec:expr => $T:ty),+) => {$(
            let created = s.create($rec.clone()).unwrap();
            let got: $T = s.get(&created.id).unwrap();
            assert_eq!(got, created);
            let indexed: $T = s.lookup(&created.id).unwrap();
            assert_eq!(indexed, created, "index json of {}", <$T as Record>::KIND);
        )+};
    }
    round_trip!(t => Territory, u => User, c => Contact, pl => PriceList, st => Stock, v => Visit,
        o => Order, q => Quote, quota => Quota, task => Task, sched => Schedule);
    assert_eq!(s.get::<Product>(&p.id).unwrap(), p);
    assert_eq!(s.get::<Account>(&a.id).unwrap(), a);
    // and after reopening, from disk
    drop(s);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        s.open_documents(),
        0,
        "opening the store loads no documents"
    );
    assert_eq!(s.get::<Account>(&a.id).unwrap(), a);
    assert_eq!(
        s.get::<Order>(&o.id).unwrap().notes.as_str(),
        "deliver to the back door"
    );
    // a document read as the wrong kind is a typed error
    assert!(matches!(
        s.get::<Order>(&a.id),
        Err(Error::WrongKind { .. })
    ));
    assert!(matches!(
        s.get::<Order>("nope"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn orders_price_from_the_account_list_and_total_once_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana");
    let (p, mut a) = catalogue(&mut s);
    let mut pl = PriceList::new(&Env::system(), "Acme special", "EUR");
    pl.prices.push(ProductPrice {
        product_id: p.id.clone(),
        breaks: vec![
            PriceBreak {
                min_qty_milli: 0,
                unit_price_minor: 1200,
            },
            PriceBreak {
                min_qty_milli: 10_000,
                unit_price_minor: 1000,
            },
        ],
    });
    let pl = s.create(pl).unwrap();
    a = s
        .update::<Account>(&a.id, |a| {
            a.price_list_id = Some(pl.id.clone());
            Ok(())
        })
        .unwrap();
    // the price a screen shows before the line is added is the one the line gets
    let preview = s.price_for(&a.id, &NewLine::new(&p.id, 12_000, 0)).unwrap();
    assert_eq!(
        (preview.unit_price_minor, preview.net_minor),
        (1000, 12_000)
    );
    assert!(matches!(
        s.price_for(&a.id, &NewLine::new(&p.id, 0, 0)),
        Err(Error::Rule(_))
    ));
    assert_eq!(s.count(fieldsales_core::records::Kind::Order).unwrap(), 0);
    let o = s.new_order(&a.id).unwrap();
    // 3 x 12.00 -10% = 32.40, tax 20% = 6.48
    let o1 = s
        .add_order_line(&o.id, NewLine::new(&p.id, 3_000, 1_000))
        .unwrap();
    assert_eq!((o1.lines[0].net_minor, o1.lines[0].tax_minor), (3240, 648));
    // 12 x 10.00 (break) = 120.00, tax 24.00
    let o2 = s
        .add_order_line(&o.id, NewLine::new(&p.id, 12_000, 0))
        .unwrap();
    assert_eq!(o2.lines[1].unit_price_minor, 1000);
    assert_eq!(
        (o2.subtotal_minor, o2.tax_minor, o2.total_minor),
        (15240, 3048, 18288)
    );
    // changing the quantity crosses the break back
    let line = o2.lines[1].line_id.clone();
    let o3 = s
        .change_order_line(&o.id, &line, Some(5_000), None)
        .unwrap();
    assert_eq!(o3.lines[1].unit_price_minor, 1200);
    assert_eq!(o3.lines[1].net_minor, 6000);
    let o4 = s.remove_order_line(&o.id, &o3.lines[0].line_id).unwrap();
    assert_eq!(o4.total_minor, 7200);
    // the index shows what the document says
    let listed: Vec<Order> = s.list(&ListQuery::default()).unwrap();
    assert_eq!(listed, vec![o4]);
}

#[test]
fn bad_input_gets_typed_errors_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana");
    let (p, a) = catalogue(&mut s);
    let o = s.new_order(&a.id).unwrap();
    let o = s
        .add_order_line(&o.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap();
    let before = s.export(&o.id).unwrap();

    let e = s
        .add_order_line(&o.id, NewLine::new("nope", 1_000, 0))
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::UnknownProduct { .. })),
        "{e}"
    );
    let e = s
        .add_order_line(&o.id, NewLine::new(&p.id, 0, 0))
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::NonPositiveQuantity)),
        "{e}"
    );
    let e = s
        .add_order_line(&o.id, NewLine::new(&p.id, -5, 0))
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::NonPositiveQuantity)),
        "{e}"
    );
    let e = s
        .add_order_line(&o.id, NewLine::new(&p.id, 1_000, 10_001))
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    let e = s.new_order("no-such-account").unwrap_err();
    assert!(
        matches!(
            e,
            Error::NotFound {
                kind: "account",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(
        s.export(&o.id).unwrap(),
        before,
        "refused edits change nothing"
    );

    s.submit_order(&o.id).unwrap();
    let e = s
        .add_order_line(&o.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::NotEditable { .. })),
        "{e}"
    );
    let e = s
        .change_order_line(&o.id, &o.lines[0].line_id, Some(2_000), None)
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::NotEditable { .. })),
        "{e}"
    );
    let e = s
        .update::<Order>(&o.id, |o| {
            o.status = OrderStatus::Invoiced;
            Ok(())
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::InvalidTransition { .. })),
        "{e}"
    );
    assert_eq!(
        s.get::<Order>(&o.id).unwrap().status,
        OrderStatus::Submitted
    );

    // empty orders cannot be submitted; products need valid data
    let empty = s.new_order(&a.id).unwrap();
    assert!(matches!(s.submit_order(&empty.id), Err(Error::Invalid(_))));
    assert!(
        s.create_product(NewProduct::new("S1", "Dup", 1, "EUR", 0))
            .is_err()
    );
    assert!(
        s.create_product(NewProduct::new("S9", "Bad", 1, "euro", 0))
            .is_err()
    );
    assert!(
        s.create_product(NewProduct::new("S9", "Bad", -1, "EUR", 0))
            .is_err()
    );
    assert!(s.create_account(NewAccount::named("  ")).is_err());
    // garbage is not a document
    assert!(matches!(s.import(b"not automerge"), Err(Error::Invalid(_))));
}

#[test]
fn two_stores_add_lines_offline_and_converge() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "ana");
    let mut b = store(&dir, "ben");
    assert_ne!(a.identity().actor, b.identity().actor);
    assert_ne!(a.identity().device_id, b.identity().device_id);
    let (p, acc) = catalogue(&mut a);
    let p2 = a
        .create_product(NewProduct::new("S2", "Gadget", 999, "EUR", 2000))
        .unwrap();
    let o = a.new_order(&acc.id).unwrap();
    a.add_order_line(&o.id, NewLine::new(&p.id, 3_000, 1_000))
        .unwrap();
    for id in [&p.id, &p2.id, &acc.id, &o.id] {
        copy(&mut a, &mut b, id);
    }
    // offline: both add lines
    a.add_order_line(&o.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap();
    b.add_order_line(&o.id, NewLine::new(&p2.id, 2_000, 0))
        .unwrap();
    b.add_order_line(&o.id, NewLine::new(&p.id, 4_000, 500))
        .unwrap();
    copy(&mut a, &mut b, &o.id);
    copy(&mut b, &mut a, &o.id);
    let oa: Order = a.get(&o.id).unwrap();
    let ob: Order = b.get(&o.id).unwrap();
    assert_eq!(oa, ob);
    assert_eq!(oa.lines.len(), 4);
    // 3375+675, 1250+250, 1998+400(399.6->400), 4750+950
    assert_eq!(oa.total_minor, 4050 + 1500 + 2398 + 5700);
    assert_eq!(
        a.lookup::<Order>(&o.id).unwrap(),
        oa,
        "index follows the merge"
    );
    // merging again changes nothing
    let again = b.import(&a.export(&o.id).unwrap()).unwrap();
    assert!(!again.changed);
}

#[test]
fn a_concurrent_field_edit_is_kept_as_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "anna");
    let mut b = store(&dir, "ben");
    let acc = a.create_account(NewAccount::named("Acme")).unwrap();
    copy(&mut a, &mut b, &acc.id);
    a.update::<Account>(&acc.id, |x| {
        x.phone = "+49 30 1111".into();
        Ok(())
    })
    .unwrap();
    b.update::<Account>(&acc.id, |x| {
        x.phone = "+49 30 2222".into();
        Ok(())
    })
    .unwrap();
    copy(&mut a, &mut b, &acc.id);
    copy(&mut b, &mut a, &acc.id);
    let wa = a.get::<Account>(&acc.id).unwrap().phone;
    assert_eq!(
        wa,
        b.get::<Account>(&acc.id).unwrap().phone,
        "one winner everywhere"
    );
    for s in [&a, &b] {
        let c = s.conflicts().unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].conflict.path, "phone");
        assert_eq!(c[0].conflict.winner.value, serde_json::json!(wa));
        let loser = &c[0].conflict.losers[0];
        assert_ne!(loser.value, c[0].conflict.winner.value);
        assert!(loser.by.is_some());
    }
    assert!(a.dismiss_conflict(&acc.id, "phone").unwrap());
    assert!(a.conflicts().unwrap().is_empty());
}

#[test]
fn search_list_filter_and_sort_run_on_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana");
    for (name, city) in [
        ("Acme Trading", "Berlin"),
        ("Bäckerei Müller", "Hamburg"),
        ("Zeta AG", "Berlin"),
        ("acme north", "Kiel"),
    ] {
        let mut a = NewAccount::named(name);
        a.city = city.into();
        s.create_account(a).unwrap();
    }
    let berlin: Vec<Account> = s
        .list(
            &ListQuery::default()
                .filter(Filter::eq("city", "Berlin".to_string()))
                .order("name", true),
        )
        .unwrap();
    assert_eq!(
        berlin.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Zeta AG", "Acme Trading"]
    );
    let acme: Vec<Account> = s.list(&ListQuery::default().search("acm")).unwrap();
    assert_eq!(acme.len(), 2);
    let muller: Vec<Account> = s.list(&ListQuery::default().search("muller")).unwrap();
    assert_eq!(muller.len(), 1, "diacritics are folded");
    let a = &acme[0];
    s.create_contact(NewContact {
        account_id: a.id.clone(),
        name: "Dana Schulz".into(),
        ..Default::default()
    })
    .unwrap();
    let hits = s.search("dana", &[Kind::Contact], 10).unwrap();
    assert_eq!(hits.len(), 1);
    // renaming updates the search text in the same transaction
    s.update::<Account>(&a.id, |x| {
        x.name = "Omega".into();
        Ok(())
    })
    .unwrap();
    let omega: Vec<Account> = s.list(&ListQuery::default().search("omega")).unwrap();
    assert_eq!(omega.len(), 1);
    let page: Vec<Account> = s
        .list(&ListQuery::default().order("name", false).limit(2).offset(1))
        .unwrap();
    assert_eq!(page.len(), 2);
}

#[test]
fn visits_tasks_and_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana");
    let (_, a) = catalogue(&mut s);
    let v1 = s
        .plan_visit(&a.id, Ts::parse("2026-11-22T13:00:00Z").unwrap(), 60)
        .unwrap();
    let v2 = s
        .plan_visit(&a.id, Ts::parse("2026-11-22T08:00:00Z").unwrap(), 30)
        .unwrap();
    s.plan_visit(&a.id, Ts::parse("2026-11-23T08:00:00Z").unwrap(), 30)
        .unwrap();
    let day = Day::parse("2026-11-22").unwrap();
    let sched = s.day_schedule(day).unwrap();
    assert_eq!(sched.visit_ids, vec![v2.id.clone(), v1.id.clone()]);
    let at = Ts::parse("2026-11-22T08:05:00Z").unwrap();
    let place = GeoPoint::new(52.52, 13.40).unwrap();
    s.check_in(&v2.id, Some(at), Some(place)).unwrap();
    s.add_visit_note(&v2.id, "Wants the new catalogue").unwrap();
    s.add_visit_photo(&v2.id, b"\xFF\xD8\xFFjpeg bytes")
        .unwrap();
    let done = s
        .check_out(
            &v2.id,
            Some(Ts::parse("2026-11-22T08:40:00Z").unwrap()),
            "order promised",
            None,
        )
        .unwrap();
    assert_eq!(done.status, VisitStatus::Completed);
    assert_eq!(done.notes.as_str(), "Wants the new catalogue");
    assert_eq!(
        s.get_blob(&done.photos[0]).unwrap(),
        b"\xFF\xD8\xFFjpeg bytes"
    );
    // a completed visit cannot be checked in again
    let e = s.check_in(&v2.id, Some(at), None).unwrap_err();
    assert!(matches!(
        e,
        Error::Rule(RuleViolation::InvalidTransition { .. })
    ));
    // a cancelled visit leaves the day plan
    s.cancel_visit(&v1.id).unwrap();
    assert_eq!(s.day_schedule(day).unwrap().visit_ids, vec![v2.id.clone()]);
    let t = s
        .create_task("Send catalogue", Some(&a.id), Some(day))
        .unwrap();
    assert_eq!(s.complete_task(&t.id).unwrap().status, TaskStatus::Done);
    assert!(s.create_task(" ", None, None).is_err());
}

#[test]
fn chunks_compact_and_reload_identically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut s = Store::init(&path, InitOptions::new("ana", Role::Rep)).unwrap();
    let a = s.create_account(NewAccount::named("Acme")).unwrap();
    for i in 0..100 {
        s.update::<Account>(&a.id, |x| {
            x.phone = format!("+49 {i}");
            Ok(())
        })
        .unwrap();
    }
    let chunks: i64 = s
        .conn()
        .query_row("SELECT chunks FROM documents WHERE id = ?1", [&a.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(chunks < 32, "chunks fold into the snapshot ({chunks})");
    let want = s.get::<Account>(&a.id).unwrap();
    drop(s);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.get::<Account>(&a.id).unwrap(), want);
    assert_eq!(want.phone, "+49 99");
}

#[test]
fn the_lru_of_open_documents_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "ana");
    let ids: Vec<String> = (0..100)
        .map(|i| {
            s.create_account(NewAccount::named(format!("A{i}")))
                .unwrap()
                .id
        })
        .collect();
    for id in &ids {
        s.get::<Account>(id).unwrap();
    }
    assert!(s.open_documents() <= 32);
    // the cache is used: full, and a read of an open document does not go to the file (its
    // row is gone from the file, yet the read succeeds), while an evicted one does
    assert_eq!(s.open_documents(), 32);
    let (recent, evicted) = (&ids[99], &ids[0]);
    for id in [recent, evicted] {
        s.conn()
            .execute("DELETE FROM documents WHERE id = ?1", [id])
            .unwrap();
    }
    assert_eq!(s.get::<Account>(recent).unwrap().name, "A99");
    assert!(matches!(
        s.get::<Account>(evicted),
        Err(fieldsales_core::Error::NotFound { .. })
    ));
    s.close_documents();
    assert_eq!(s.open_documents(), 0);
    s.get::<Account>(&ids[50]).unwrap();
    s.get::<Account>(&ids[50]).unwrap();
    assert_eq!(
        s.open_documents(),
        1,
        "a second read reuses the open document"
    );
}

#[test]
fn a_v1_store_upgrades_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    // build a v1 store by hand: its schema, and a document written then
    let acc = Account::new(&Env::system(), "Legacy GmbH");
    let author = doc::Author {
        actor: automerge::ActorId::random(),
        name: "ana".into(),
        at: Env::system().now(),
    };
    let mut d = doc::create(&acc, &author).unwrap();
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(schema::frozen_v1()).unwrap();
        for (k, v) in [
            ("device_id", "0000aaaa-0000-4000-8000-000000000000"),
            ("actor", &author.actor.to_hex_string()),
            ("user_id", "u1"),
            ("user_name", "ana"),
            ("role", "rep"),
            ("zone", "UTC"),
            ("currency", "EUR"),
        ] {
            c.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [k, v])
                .unwrap();
        }
        c.execute(
            "INSERT INTO documents (id, kind, snapshot, heads, updated_at) VALUES (?1, 'account', ?2, x'', 0)",
            rusqlite::params![acc.id, d.save()],
        )
        .unwrap();
    }
    let mut s = Store::open(&old).unwrap();
    let fresh = Store::init(
        dir.path().join("fresh.db"),
        InitOptions::new("x", Role::Rep),
    )
    .unwrap();
    assert_eq!(
        schema::describe(s.conn()).unwrap(),
        schema::describe(fresh.conn()).unwrap()
    );
    let v: i64 = s
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::VERSION);
    // the old document is readable and indexed again
    assert_eq!(s.get::<Account>(&acc.id).unwrap().name, "Legacy GmbH");
    let found: Vec<Account> = s.list(&ListQuery::default().search("legacy")).unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn a_corrupt_file_is_moved_aside_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.db");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let e = Store::open(&path).unwrap_err();
    let Error::Corrupt { moved_to, .. } = e else {
        panic!("expected Corrupt, got {e}")
    };
    assert!(!path.exists());
    assert_eq!(std::fs::read(&moved_to).unwrap(), vec![0x42u8; 8192]);
    // and a new store can be made in its place
    Store::init(&path, InitOptions::new("ana", Role::Rep)).unwrap();
}

#[test]
fn init_refuses_an_initialised_store_and_open_an_empty_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    assert!(matches!(Store::open(&path), Err(Error::NotInitialised(_))));
    Store::init(&path, InitOptions::new("ana", Role::Rep)).unwrap();
    assert!(matches!(
        Store::init(&path, InitOptions::new("ana", Role::Rep)),
        Err(Error::AlreadyInitialised(_))
    ));
    let mut bad = InitOptions::new("ana", Role::Rep);
    bad.zone = "Nowhere/City".into();
    assert!(Store::init(dir.path().join("z.db"), bad).is_err());
}

#[test]
fn a_concurrent_line_edit_is_a_conflict_on_that_line_and_travels_with_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "ana");
    let mut b = store(&dir, "ben");
    let (p, acc) = catalogue(&mut a);
    let o = a.new_order(&acc.id).unwrap();
    let o = a
        .add_order_line(&o.id, NewLine::new(&p.id, 1_000, 0))
        .unwrap();
    let line = o.lines[0].line_id.clone();
    for id in [&p.id, &acc.id, &o.id] {
        copy(&mut a, &mut b, id);
    }
    a.change_order_line(&o.id, &line, Some(2_000), None)
        .unwrap();
    b.change_order_line(&o.id, &line, Some(3_000), None)
        .unwrap();
    copy(&mut b, &mut a, &o.id);
    let path = format!("lines[{line}].qty_milli");
    let found = a.conflicts().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].conflict.path, path);
    // a third store that only ever sees the merged document sees the conflict too
    let mut c = store(&dir, "cleo");
    for id in [&p.id, &acc.id, &o.id] {
        copy(&mut a, &mut c, id);
    }
    let found = c.conflicts().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].conflict.path, path);
    let mut values: Vec<_> = std::iter::once(&found[0].conflict.winner)
        .chain(&found[0].conflict.losers)
        .map(|v| v.value.clone())
        .collect();
    values.sort_by_key(|v| v.to_string());
    assert_eq!(
        values,
        vec![serde_json::json!(2000), serde_json::json!(3000)]
    );
}

fn snapshot_pull(
    from: &mut Store,
    id: &str,
    kind: Kind,
    record: Option<String>,
) -> sync::protocol::PullDoc {
    let bytes = from.export(id).unwrap();
    let mut d = automerge::AutoCommit::load(&bytes).unwrap();
    let heads = d.get_heads().iter().flat_map(|h| h.0.to_vec()).collect();
    sync::protocol::PullDoc {
        id: id.to_string(),
        kind,
        bytes,
        snapshot: true,
        heads,
        record,
    }
}

#[test]
fn a_bootstrap_snapshot_with_its_record_is_indexed_without_loading_and_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store(&dir, "ana");
    let (p, acc) = catalogue(&mut a);
    let o = a.new_order(&acc.id).unwrap();
    let o = a
        .add_order_line(&o.id, NewLine::new(&p.id, 3_000, 500))
        .unwrap();
    let mut b = store(&dir, "ben");
    let dirty_before = b.dirty_count().unwrap();
    let pulls = vec![
        snapshot_pull(
            &mut a,
            &p.id,
            Kind::Product,
            Some(serde_json::to_string(&p).unwrap()),
        ),
        snapshot_pull(
            &mut a,
            &acc.id,
            Kind::Account,
            Some(serde_json::to_string(&acc).unwrap()),
        ),
        snapshot_pull(
            &mut a,
            &o.id,
            Kind::Order,
            Some(serde_json::to_string(&o).unwrap()),
        ),
    ];
    assert_eq!(b.apply_pulled(&pulls).unwrap(), 3);
    assert_eq!(
        b.get::<Order>(&o.id).unwrap(),
        o,
        "the document reads as the record"
    );
    assert_eq!(
        b.lookup::<Order>(&o.id).unwrap(),
        o,
        "the index was written"
    );
    assert_eq!(
        b.list::<Account>(&ListQuery::default().search("acme"))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(b.check_index().unwrap(), vec![]);
    assert_eq!(
        b.dirty_count().unwrap(),
        dirty_before,
        "the device holds exactly the server's state"
    );
    // applying the same page again changes nothing
    assert_eq!(b.apply_pulled(&pulls).unwrap(), 0);

    // JSON that is not this record (another id) is ignored: the snapshot is loaded instead
    let mut c = store(&dir, "cleo");
    let wrong = serde_json::to_string(&acc).unwrap();
    c.apply_pulled(&[snapshot_pull(&mut a, &p.id, Kind::Product, Some(wrong))])
        .unwrap();
    assert_eq!(c.lookup::<Product>(&p.id).unwrap(), p);
    assert_eq!(c.check_index().unwrap(), vec![]);
}

/// The columns of each kind's index table in a store file: (name, type).
fn table_columns(s: &Store, table: &str) -> Vec<(String, String)> {
    let mut st = s
        .conn()
        .prepare(&format!(
            "SELECT name, type FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn each_index_table_has_the_columns_its_kind_declares() {
    struct Declared;
    impl KindVisitor for Declared {
        type Output = Vec<(String, String)>;
        fn visit<R: Record>(self) -> Self::Output {
            let mut cols = vec![
                ("id".to_string(), "TEXT".to_string()),
                ("json".into(), "TEXT".into()),
            ];
            cols.extend(
                R::COLUMNS
                    .iter()
                    .map(|c| (c.name.to_string(), c.ty.sql().to_string())),
            );
            cols
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir, "ana");
    for &kind in Kind::ALL {
        assert_eq!(
            table_columns(&s, kind.table()),
            kind.visit(Declared),
            "{kind}"
        );
    }
    assert!(schema::index_is_current(s.conn()).unwrap());
}

#[test]
fn an_index_that_differs_from_the_declarations_is_rebuilt_from_the_documents_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.db");
    let mut s = store(&dir, "ana");
    let (_, a) = catalogue(&mut s);
    let mut berlin = NewAccount::named("Nordhof KG");
    berlin.city = "Berlin".into();
    let berlin = s.create_account(berlin).unwrap();
    // an older build's index: the account table without most of its columns
    s.conn()
        .execute_batch(
            "DROP TABLE idx_account;
             CREATE TABLE idx_account (id TEXT PRIMARY KEY, json TEXT NOT NULL, name TEXT);",
        )
        .unwrap();
    assert!(!schema::index_is_current(s.conn()).unwrap());
    drop(s);
    let s = Store::open(&path).unwrap();
    assert!(schema::index_is_current(s.conn()).unwrap());
    let in_berlin: Vec<Account> = s
        .list(&ListQuery::default().filter(Filter::eq("city", "Berlin".to_string())))
        .unwrap();
    assert_eq!(in_berlin, vec![berlin]);
    assert_eq!(s.lookup::<Account>(&a.id).unwrap(), a);
    assert_eq!(s.search("Nordhof", &[Kind::Account], 10).unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn the_store_and_its_wal_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.db");
    let wal = dir.path().join("ana.db-wal");
    let shm = dir.path().join("ana.db-shm");
    {
        let mut s = store(&dir, "ana");
        catalogue(&mut s);
        assert!(wal.exists(), "a write leaves a WAL while the store is open");
        for p in [&path, &wal, &shm] {
            assert_eq!(mode(p), 0o600, "{}", p.display());
        }
    }
    // a store an older version left readable by others is tightened when opened
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut s = Store::open(&path).unwrap();
    s.create_account(NewAccount::named("Second Shop")).unwrap();
    for p in [&path, &wal] {
        assert_eq!(mode(p), 0o600, "{}", p.display());
    }
}

const KEY_HEX: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn key() -> fieldsales_core::StoreKey {
    fieldsales_core::StoreKey::from_hex(KEY_HEX).unwrap()
}

fn with_key(k: Option<fieldsales_core::StoreKey>) -> fieldsales_core::OpenOptions {
    fieldsales_core::OpenOptions {
        key: k,
        ..Default::default()
    }
}

/// The customers' names this test looks for in the raw bytes, in three scripts.
const NAMES: [&str; 3] = [
    "Quokka Zanzibar Trading",
    "ร้านค้าสมชายการเกษตร",
    "北京烤鸭贸易有限公司",
];

/// Every name (and the token) found in the raw bytes of the store file and its WAL.
fn names_in_clear(path: &std::path::Path) -> Vec<String> {
    let mut bytes = std::fs::read(path).unwrap();
    if let Ok(wal) = std::fs::read(format!("{}-wal", path.display())) {
        bytes.extend(wal);
    }
    NAMES
        .iter()
        .chain(["tok-secret-session-0123456789"].iter())
        .filter(|n| bytes.windows(n.len()).any(|w| w == n.as_bytes()))
        .map(|n| n.to_string())
        .collect()
}

fn fill(s: &mut Store) {
    for n in NAMES {
        s.create_account(NewAccount::named(n)).unwrap();
    }
    s.set_meta("token", "tok-secret-session-0123456789")
        .unwrap();
}

#[test]
fn an_encrypted_store_and_its_wal_hold_no_customer_name_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    // the same data in a plain store is found: the search works
    let plain = dir.path().join("plain.db");
    let mut p = Store::init(&plain, InitOptions::new("ana", Role::Rep)).unwrap();
    fill(&mut p);
    p.checkpoint().unwrap();
    assert_eq!(names_in_clear(&plain).len(), NAMES.len() + 1);

    let path = dir.path().join("enc.db");
    let mut opts = InitOptions::new("ana", Role::Rep);
    opts.key = Some(key());
    let mut s = Store::init(&path, opts).unwrap();
    assert!(s.is_encrypted());
    fill(&mut s);
    // while open, the new pages sit in the WAL
    assert!(std::path::Path::new(&format!("{}-wal", path.display())).exists());
    assert_eq!(names_in_clear(&path), Vec::<String>::new());
    s.checkpoint().unwrap();
    assert_eq!(names_in_clear(&path), Vec::<String>::new());
    drop(s);
    assert_eq!(names_in_clear(&path), Vec::<String>::new());
    assert!(
        !std::fs::read(&path)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    let s = Store::open_with_options(&path, with_key(Some(key()))).unwrap();
    assert_eq!(s.count(fieldsales_core::records::Kind::Account).unwrap(), 3);
}

#[test]
fn a_wrong_or_missing_key_is_a_typed_error_that_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.db");
    let mut opts = InitOptions::new("ana", Role::Rep);
    opts.key = Some(key());
    let mut s = Store::init(&path, opts).unwrap();
    fill(&mut s);
    drop(s);
    let before = std::fs::read(&path).unwrap();
    let wrong = fieldsales_core::StoreKey::from_bytes(&[7u8; 32]).unwrap();
    assert!(matches!(
        Store::open_with_options(&path, with_key(Some(wrong))),
        Err(Error::WrongKey)
    ));
    assert!(matches!(Store::open(&path), Err(Error::KeyNeeded)));
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing changed");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("corrupt"))
        .collect();
    assert!(names.is_empty(), "nothing moved aside: {names:?}");
    let s = Store::open_with_options(&path, with_key(Some(key()))).unwrap();
    assert_eq!(s.count(fieldsales_core::records::Kind::Account).unwrap(), 3);
}

#[test]
fn a_plain_store_is_encrypted_in_place_on_first_open_with_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.db");
    let mut s = store(&dir, "ana");
    fill(&mut s);
    let ids: Vec<String> = s
        .list(&ListQuery::default().order("name", false))
        .unwrap()
        .into_iter()
        .map(|a: Account| a.id)
        .collect();
    let identity = s.identity().clone();
    drop(s);
    assert!(!names_in_clear(&path).is_empty());
    // a copy a crash left half written is replaced, not trusted
    std::fs::write(format!("{}.encrypting", path.display()), b"half a copy").unwrap();

    let s = Store::open_with_options(&path, with_key(Some(key()))).unwrap();
    assert!(s.is_encrypted());
    assert_eq!(s.identity(), &identity);
    let again: Vec<String> = s
        .list(&ListQuery::default().order("name", false))
        .unwrap()
        .into_iter()
        .map(|a: Account| a.id)
        .collect();
    assert_eq!(again, ids);
    assert_eq!(
        s.meta("token").unwrap().as_deref(),
        Some("tok-secret-session-0123456789")
    );
    drop(s);
    assert_eq!(names_in_clear(&path), Vec::<String>::new());
    assert!(!std::path::Path::new(&format!("{}.encrypting", path.display())).exists());
    assert!(matches!(Store::open(&path), Err(Error::KeyNeeded)));
}

#[test]
fn a_store_key_is_64_hex_characters_or_32_bytes() {
    use fieldsales_core::StoreKey;
    assert!(StoreKey::from_hex(&format!("{KEY_HEX}\n")).is_ok());
    assert!(StoreKey::from_hex(&format!("{KEY_HEX}\r\n")).is_ok());
    for bad in [
        &KEY_HEX[1..],
        &format!("{KEY_HEX}0"),
        &format!("{KEY_HEX}\n\n"),
        &KEY_HEX.replace('a', "g"),
        "",
    ] {
        assert!(
            matches!(StoreKey::from_hex(bad), Err(Error::Invalid(_))),
            "{bad:?}"
        );
    }
    assert!(StoreKey::from_bytes(&[1u8; 31]).is_err());
    assert_eq!(format!("{:?}", key()), "StoreKey(..)");
}

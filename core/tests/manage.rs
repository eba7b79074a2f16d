//! Managers' figures and the rep's day against hand-computed values.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::Env;
use fieldsales_core::ops::AccountEdit;
use fieldsales_core::ops::NewLine;
use fieldsales_core::ops::{NewAccount, NewProduct};
use fieldsales_core::records::*;
use fieldsales_core::reports::{self, KpiGroup};
use fieldsales_core::rules::RuleViolation;
use fieldsales_core::time::{Day, Ts};
use fieldsales_core::{Error, InitOptions, Store};

fn manager(dir: &tempfile::TempDir) -> Store {
    Store::init(
        dir.path().join("m.db"),
        InitOptions::new("mia", Role::Manager),
    )
    .unwrap()
}

fn this_month() -> String {
    Env::system().today_utc().to_string()[..7].to_string()
}

/// An order of `qty` units at 100.00 (no tax), submitted unless `draft`.
fn order(s: &mut Store, account: &str, product: &str, qty: i64, status: OrderStatus) -> Order {
    let o = s
        .new_order_with_lines(account, &[NewLine::new(product, qty * 1000, 0)])
        .unwrap();
    match status {
        OrderStatus::Draft => o,
        OrderStatus::Submitted => s.submit_order(&o.id).unwrap(),
        OrderStatus::Cancelled => {
            s.submit_order(&o.id).unwrap();
            s.cancel_order(&o.id).unwrap()
        }
        other => panic!("{other} not used here"),
    }
}

#[test]
fn attainment_counts_sold_orders_and_shows_unsynced_ones_as_pending() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let p = s
        .create_product(NewProduct::new("S1", "Widget", 10_000, "EUR", 0))
        .unwrap();
    let a = s.create_account(NewAccount::named("Acme")).unwrap();
    let month = this_month();
    s.set_quota(Some("mia"), None, &month, QuotaMetric::Revenue, 100_000)
        .unwrap();
    s.set_quota(Some("mia"), None, &month, QuotaMetric::Orders, 4)
        .unwrap();
    // a second set changes the target instead of adding a quota
    s.set_quota(Some("mia"), None, &month, QuotaMetric::Orders, 5)
        .unwrap();
    order(&mut s, &a.id, &p.id, 2, OrderStatus::Submitted); // 200.00
    order(&mut s, &a.id, &p.id, 3, OrderStatus::Submitted); // 300.00
    order(&mut s, &a.id, &p.id, 9, OrderStatus::Draft); // not sold
    order(&mut s, &a.id, &p.id, 7, OrderStatus::Cancelled); // not sold
    let rows = reports::attainment(&s, &month).unwrap();
    assert_eq!(rows.len(), 2);
    let rev = rows
        .iter()
        .find(|r| r.metric == QuotaMetric::Revenue)
        .unwrap();
    // a standalone store has no server: everything is actual
    assert_eq!(
        (rev.actual, rev.pending, rev.target, rev.pct),
        (50_000, 0, 100_000, 50.0)
    );
    let n = rows
        .iter()
        .find(|r| r.metric == QuotaMetric::Orders)
        .unwrap();
    assert_eq!((n.actual, n.target, n.pct), (2, 5, 40.0));
    assert_eq!(n.user.as_deref(), Some("mia"));

    // bound to a server: orders the server has not acknowledged are pending
    s.bind_server("http://127.0.0.1:9").unwrap();
    let first: Vec<Order> = s
        .list(&fieldsales_core::store::ListQuery::default().order("created_at", false))
        .unwrap();
    s.conn()
        .execute(
            "UPDATE documents SET dirty = 0 WHERE id = ?1",
            [&first[0].id],
        )
        .unwrap();
    let rows = reports::attainment(&s, &month).unwrap();
    let rev = rows
        .iter()
        .find(|r| r.metric == QuotaMetric::Revenue)
        .unwrap();
    assert_eq!((rev.actual, rev.pending), (20_000, 30_000));
    assert!(reports::attainment(&s, "2026-13").is_err());
}

#[test]
fn territory_quotas_include_sub_territories_and_visits_and_new_accounts_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let region = s.create_territory("North region", None).unwrap();
    let t1 = s.create_territory("Hamburg", Some(&region.id)).unwrap();
    let t2 = s.create_territory("Kiel", Some(&region.id)).unwrap();
    let other = s.create_territory("South", None).unwrap();
    let p = s
        .create_product(NewProduct::new("S1", "Widget", 10_000, "EUR", 0))
        .unwrap();
    let mut accounts = vec![];
    for t in [&t1, &t2, &other] {
        let mut a = NewAccount::named(format!("Shop {}", t.name));
        a.territory_id = Some(t.id.clone());
        accounts.push(s.create_account(a).unwrap());
    }
    let month = this_month();
    for m in [
        QuotaMetric::Revenue,
        QuotaMetric::Visits,
        QuotaMetric::NewAccounts,
    ] {
        s.set_quota(None, Some(&region.id), &month, m, 10).unwrap();
    }
    order(&mut s, &accounts[0].id, &p.id, 1, OrderStatus::Submitted);
    order(&mut s, &accounts[1].id, &p.id, 2, OrderStatus::Submitted);
    order(&mut s, &accounts[2].id, &p.id, 4, OrderStatus::Submitted); // outside the region
    let now = Env::system().now();
    for a in &accounts[..2] {
        let v = s.plan_visit(&a.id, now, 30).unwrap();
        s.check_in(&v.id, Some(now), None).unwrap();
        s.check_out(&v.id, Some(now), "ok", None).unwrap();
    }
    let rows = reports::attainment(&s, &month).unwrap();
    let get = |m| rows.iter().find(|r| r.metric == m).unwrap().actual;
    assert_eq!(get(QuotaMetric::Revenue), 30_000);
    assert_eq!(get(QuotaMetric::Visits), 2);
    assert_eq!(get(QuotaMetric::NewAccounts), 2);
    assert_eq!(rows[0].territory.as_deref(), Some("North region"));
}

#[test]
fn kpis_per_rep_and_per_territory() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let t = s.create_territory("Hamburg", None).unwrap();
    let p = s
        .create_product(NewProduct::new("S1", "Widget", 10_000, "EUR", 0))
        .unwrap();
    let mut a = NewAccount::named("Acme");
    a.territory_id = Some(t.id.clone());
    let a = s.create_account(a).unwrap();
    let b = s.create_account(NewAccount::named("Beta")).unwrap();
    let now = Env::system().now();
    // two visits completed today; an order follows one of them the same day
    for acc in [&a, &b] {
        let v = s.plan_visit(&acc.id, now, 30).unwrap();
        s.check_in(&v.id, Some(now), None).unwrap();
        s.check_out(&v.id, Some(now), "done", None).unwrap();
    }
    order(&mut s, &a.id, &p.id, 1, OrderStatus::Submitted);
    order(&mut s, &a.id, &p.id, 2, OrderStatus::Submitted);
    let month = this_month();
    s.set_quota(Some("mia"), None, &month, QuotaMetric::Revenue, 60_000)
        .unwrap();
    let reps = reports::kpis(&s, &month, KpiGroup::Rep).unwrap();
    assert_eq!(reps.len(), 1);
    let r = &reps[0];
    assert_eq!(r.name, "mia");
    assert_eq!(
        (r.revenue_minor, r.orders, r.avg_order_minor),
        (30_000, 2, 15_000)
    );
    assert_eq!(
        (r.visits_completed, r.visits_with_order, r.conversion_pct),
        (2, 1, 50.0)
    );
    assert_eq!(r.new_accounts, 2);
    assert_eq!(r.quota_pct, Some(50.0));
    let ts = reports::kpis(&s, &month, KpiGroup::Territory).unwrap();
    assert_eq!(
        ts.len(),
        1,
        "accounts without territory are not a territory"
    );
    assert_eq!(
        (
            ts[0].name.as_str(),
            ts[0].revenue_minor,
            ts[0].visits_completed
        ),
        ("Hamburg", 30_000, 1)
    );
}

#[test]
fn abc_classes_on_a_constructed_data_set() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let p = s
        .create_product(NewProduct::new("S1", "Unit", 100, "EUR", 0))
        .unwrap();
    // revenues 50, 30, 10, 5, 3, 2 (% of 100) and one account without revenue
    let mut ids = vec![];
    for (name, units) in [
        ("a50", 50),
        ("b30", 30),
        ("c10", 10),
        ("d5", 5),
        ("e3", 3),
        ("f2", 2),
        ("g0", 0),
    ] {
        let acc = s.create_account(NewAccount::named(name)).unwrap();
        if units > 0 {
            order(&mut s, &acc.id, &p.id, units, OrderStatus::Submitted);
        }
        ids.push(acc.id);
    }
    let rows = reports::abc(&s, Env::system().today_utc()).unwrap();
    let class: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.name.as_str(), r.class.as_str()))
        .collect();
    // cumulative before each: 0, 50, 80, 90, 95, 98 -> A, A, B, B, C, C; no revenue -> C
    assert_eq!(
        class,
        [
            ("a50", "A"),
            ("b30", "A"),
            ("c10", "B"),
            ("d5", "B"),
            ("e3", "C"),
            ("f2", "C"),
            ("g0", "C")
        ]
    );
    assert_eq!(rows[0].share_bp, 5_000);
}

#[test]
fn territory_rules_assign_and_realign_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let north = s.create_territory("North", None).unwrap();
    let hh = s.create_territory("Hamburg", None).unwrap();
    let mk = |s: &mut Store, name: &str, pc: &str, explicit: Option<&str>| {
        let mut a = NewAccount::named(name);
        a.postal_code = pc.into();
        a.territory_id = explicit.map(str::to_string);
        s.create_account(a).unwrap()
    };
    let a1 = mk(&mut s, "Kiel shop", "24103", None);
    let a2 = mk(&mut s, "Hamburg shop", "20095", None);
    let a3 = mk(&mut s, "Pinned", "20099", Some(&north.id));
    let moved = s.add_postal_rule(&north.id, "2", None).unwrap();
    assert_eq!(moved.len(), 2, "explicit assignments stay");
    // a longer prefix wins: Hamburg takes 20xxx from North
    let moved = s.add_postal_rule(&hh.id, "20", None).unwrap();
    assert_eq!(
        moved
            .iter()
            .map(|m| m.account_id.as_str())
            .collect::<Vec<_>>(),
        [a2.id.as_str()]
    );
    let t = |s: &mut Store, id: &str| s.get::<Account>(id).unwrap().territory_id;
    assert_eq!(t(&mut s, &a1.id), Some(north.id.clone()));
    assert_eq!(t(&mut s, &a2.id), Some(hh.id.clone()));
    assert_eq!(t(&mut s, &a3.id), Some(north.id.clone()));
    // a rule effective in the future moves nothing yet
    let south = s.create_territory("South", None).unwrap();
    let later = Day(Env::system().today_utc().0 + chrono::Days::new(30));
    assert!(
        s.add_postal_rule(&south.id, "241", Some(later))
            .unwrap()
            .is_empty()
    );
    let moved = s.realign(Some(later)).unwrap();
    assert_eq!(moved.len(), 1, "{moved:?}");
    // polygon rules place accounts by their point
    let poly = s.create_territory("Island", None).unwrap();
    let mut a = NewAccount::named("On the island");
    a.geo = Some(GeoPoint::new(54.5, 11.1).unwrap());
    let a4 = s.create_account(a).unwrap();
    let square = vec![
        GeoPoint::new(54.0, 10.5).unwrap(),
        GeoPoint::new(54.0, 11.5).unwrap(),
        GeoPoint::new(55.0, 11.5).unwrap(),
        GeoPoint::new(55.0, 10.5).unwrap(),
    ];
    // (realigning today also returns the Kiel shop from the not-yet-effective South rule)
    let moved = s.set_polygon_rule(&poly.id, square, None).unwrap();
    assert!(moved.iter().any(|m| m.account_id == a4.id), "{moved:?}");
    assert_eq!(t(&mut s, &a4.id), Some(poly.id.clone()));
}

#[test]
fn assignments_quotas_and_due_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let t = s.create_territory("North", None).unwrap();
    let u = s.assign_territory(&t.id, "mia").unwrap();
    assert_eq!(u.territory_ids, vec![t.id.clone()]);
    assert!(matches!(
        s.assign_territory(&t.id, "nobody"),
        Err(Error::NotFound { .. })
    ));
    // taken away again; taking it twice changes nothing
    let u = s.unassign_territory(&t.id, "mia").unwrap();
    assert!(u.territory_ids.is_empty());
    assert!(
        s.unassign_territory(&t.id, "mia")
            .unwrap()
            .territory_ids
            .is_empty()
    );
    assert!(matches!(
        s.unassign_territory(&t.id, "nobody"),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.unassign_territory("no-such-territory", "mia"),
        Err(Error::NotFound { .. })
    ));
    s.assign_territory(&t.id, "mia").unwrap();
    assert!(
        s.set_quota(Some("mia"), None, "2026-11", QuotaMetric::Revenue, 0)
            .is_err()
    );
    assert!(
        s.set_quota(None, None, "2026-11", QuotaMetric::Revenue, 5)
            .is_err()
    );
    let mut a = NewAccount::named("Weekly");
    a.visit_frequency_days = 7;
    let a = s.create_account(a).unwrap();
    let mut b = NewAccount::named("Monthly");
    b.visit_frequency_days = 28;
    let b = s.create_account(b).unwrap();
    let today = Env::system().today_utc();
    // never visited: due now
    assert_eq!(s.due_accounts(Some(today)).unwrap().len(), 2);
    let v = s.plan_visit(&b.id, Env::system().now(), 30).unwrap();
    s.check_in(&v.id, Some(Env::system().now()), None).unwrap();
    s.check_out(&v.id, Some(Env::system().now()), "fine", None)
        .unwrap();
    let due = s.due_accounts(Some(today)).unwrap();
    assert_eq!(
        due.iter()
            .map(|d| d.account_id.as_str())
            .collect::<Vec<_>>(),
        [a.id.as_str()]
    );
    let in_a_month = Day(today.0 + chrono::Days::new(30));
    let due = s.due_accounts(Some(in_a_month)).unwrap();
    assert_eq!(due[0].account_id, a.id, "most overdue first");
    assert_eq!(due[0].overdue_days, 30);
}

#[test]
fn plan_day_orders_by_distance_and_saves_the_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let day = Day::parse("2026-11-23").unwrap();
    let mut planned = vec![];
    for (name, lat) in [("far", 52.60), ("near", 52.52), ("mid", 52.56)] {
        let mut a = NewAccount::named(name);
        a.geo = Some(GeoPoint::new(lat, 13.40).unwrap());
        let a = s.create_account(a).unwrap();
        planned.push(
            s.plan_visit(&a.id, Ts::parse("2026-11-23T09:00:00Z").unwrap(), 30)
                .unwrap(),
        );
    }
    let nowhere = s.create_account(NewAccount::named("no geo")).unwrap();
    s.plan_visit(&nowhere.id, Ts::parse("2026-11-23T15:00:00Z").unwrap(), 30)
        .unwrap();
    let p = s
        .plan_day(day, Some(GeoPoint::new(52.50, 13.40).unwrap()))
        .unwrap();
    let names: Vec<&str> = p.visits.iter().map(|v| v.account_name.as_str()).collect();
    assert_eq!(names, ["near", "mid", "far", "no geo"]);
    assert!((p.distance_km - 11.12).abs() < 0.05);
    assert!(p.distance_km <= p.planned_order_km);
    let sched = s.day_schedule(day).unwrap();
    assert_eq!(sched.visit_ids[0], planned[1].id);
    // a rep bound to a server may not set quotas
    let mut rep = Store::init(dir.path().join("r.db"), InitOptions::new("ron", Role::Rep)).unwrap();
    rep.bind_server("http://127.0.0.1:9").unwrap();
    let e = rep
        .set_quota(Some("ron"), None, "2026-11", QuotaMetric::Orders, 3)
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::Forbidden { .. })),
        "{e}"
    );
}

#[test]
fn new_accounts_are_placed_by_the_rules_then_in_the_creators_territory_and_pinned_only_when_asked()
{
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let north = s.create_territory("North", None).unwrap();
    let hh = s.create_territory("Hamburg", None).unwrap();
    s.add_postal_rule(&hh.id, "20", None).unwrap();
    // the creator works North (a bound store learns its territories at login)
    s.set_meta(
        "territory_ids",
        &serde_json::to_string(&[&north.id]).unwrap(),
    )
    .unwrap();
    let mut by_rule = NewAccount::named("Alster shop");
    by_rule.postal_code = "20095".into();
    let a = s.create_account(by_rule).unwrap();
    assert_eq!(
        (a.territory_id.as_deref(), a.territory_by_rule),
        (Some(hh.id.as_str()), true)
    );
    let mut no_rule = NewAccount::named("Kiel shop");
    no_rule.postal_code = "24103".into();
    let b = s.create_account(no_rule).unwrap();
    assert_eq!(
        (b.territory_id.as_deref(), b.territory_by_rule),
        (Some(north.id.as_str()), true)
    );
    // not an explicit assignment: a rule made later places it
    let kiel = s.create_territory("Kiel", None).unwrap();
    let moved = s.add_postal_rule(&kiel.id, "241", None).unwrap();
    assert!(moved.iter().any(|m| m.account_id == b.id), "{moved:?}");
    let mut pinned = NewAccount::named("Pinned");
    pinned.postal_code = "20099".into();
    pinned.territory_id = Some(north.id.clone());
    let c = s.create_account(pinned).unwrap();
    assert_eq!(
        (c.territory_id.as_deref(), c.territory_by_rule),
        (Some(north.id.as_str()), false)
    );
    assert!(
        s.realign(None)
            .unwrap()
            .iter()
            .all(|m| m.account_id != c.id)
    );
    // an unknown territory is refused and nothing is written
    let before = s.count(Kind::Account).unwrap();
    let mut bad = NewAccount::named("Nowhere");
    bad.territory_id = Some("no-such-territory".into());
    assert!(matches!(s.create_account(bad), Err(Error::NotFound { .. })));
    assert_eq!(s.count(Kind::Account).unwrap(), before);
}

#[test]
fn an_account_a_manager_moved_stays_where_she_put_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let north = s.create_territory("North", None).unwrap();
    let hh = s.create_territory("Hamburg", None).unwrap();
    s.add_postal_rule(&hh.id, "20", None).unwrap();
    let mut a = NewAccount::named("Alster shop");
    a.postal_code = "20095".into();
    let a = s.create_account(a).unwrap();
    assert!(a.territory_by_rule);
    let moved = s.move_account(&a.id, &north.id).unwrap();
    assert_eq!(
        (moved.territory_id.as_deref(), moved.territory_by_rule),
        (Some(north.id.as_str()), false)
    );
    assert!(
        s.realign(None).unwrap().is_empty(),
        "the rule does not take it back"
    );
    assert_eq!(
        s.get::<Account>(&a.id).unwrap().territory_id,
        Some(north.id.clone())
    );
    assert!(matches!(
        s.move_account(&a.id, "no-such-territory"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn account_notes_are_appended_and_edits_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = manager(&dir);
    let a = s.create_account(NewAccount::named("Acme")).unwrap();
    let note = |text: &str| AccountEdit {
        note: Some(text.into()),
        ..Default::default()
    };
    s.edit_account(&a.id, note("Ring twice")).unwrap();
    let a2 = s.edit_account(&a.id, note("Closed on Mondays")).unwrap();
    assert_eq!(a2.notes.as_str(), "Ring twice\nClosed on Mondays");
    for bad in [
        AccountEdit {
            name: Some("  ".into()),
            ..Default::default()
        },
        AccountEdit {
            email: Some("not an address".into()),
            ..Default::default()
        },
        AccountEdit {
            visit_frequency_days: Some(-1),
            ..Default::default()
        },
        AccountEdit {
            price_list_id: Some("no-such-list".into()),
            ..Default::default()
        },
    ] {
        assert!(s.edit_account(&a.id, bad.clone()).is_err(), "{bad:?}");
    }
    assert_eq!(
        s.get::<Account>(&a.id).unwrap(),
        a2,
        "refused edits change nothing"
    );
}

//! Managers through the server: quotas reach the rep's phone and only managers change them;
//! territory rules realign accounts, and their documents move between reps' phones.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::Env;
use fieldsales_core::Error as CoreError;
use fieldsales_core::ops::NewAccount;
use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{Account, Order, Quota, QuotaMetric};
use fieldsales_core::reports::attainment;

mod common;
use common::*;

fn this_month() -> String {
    Env::system().today_utc().0.format("%Y-%m").to_string()
}

fn managers_quota_reaches_the_reps_phone_and_only_managers_change_it(w: World) {
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let period = this_month();
    let q = mia
        .set_quota(Some("ana"), None, &period, QuotaMetric::Revenue, 100_000)
        .unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());

    let mut ana = w.device("ana");
    w.sync(&mut ana);
    assert_eq!(ana.get::<Quota>(&q.id).unwrap().target, 100_000);
    // an order not yet synced counts as pending on her phone, then as actual (revenue is
    // net of tax)
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 4_000, 0)])
        .unwrap();
    let o: Order = ana.submit_order(&o.id).unwrap();
    let row = |s: &fieldsales_core::Store| {
        attainment(s, &period)
            .unwrap()
            .into_iter()
            .find(|r| r.user.as_deref() == Some("ana") && r.metric == QuotaMetric::Revenue)
            .unwrap()
    };
    let before = row(&ana);
    assert_eq!(
        (before.target, before.actual, before.pending),
        (100_000, 0, o.subtotal_minor)
    );
    assert!(w.sync(&mut ana).rejected.is_empty());
    let after = row(&ana);
    assert_eq!((after.actual, after.pending), (o.subtotal_minor, 0));
    // the manager's phone sees the same attainment once it syncs
    w.sync(&mut mia);
    assert_eq!(row(&mia).actual, o.subtotal_minor);

    // the rep's phone refuses to change the quota...
    let e = ana
        .update::<Quota>(&q.id, |x| {
            x.target = 1;
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(e, CoreError::Rule(_)), "{e}");
    // ...and a forged edit (the document written directly) is rejected by the server, listed,
    // and the phone goes back to the manager's target
    let mut doc = automerge::AutoCommit::load(&ana.export(&q.id).unwrap()).unwrap();
    let mut forged: Quota = fieldsales_core::doc::read(&doc).unwrap();
    forged.target = 1;
    fieldsales_core::doc::write(&mut doc, &forged).unwrap();
    doc.commit();
    ana.import(&doc.save()).unwrap();
    let r = w.sync(&mut ana);
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert_eq!(r.rejected[0].doc_id, q.id);
    assert_eq!(ana.rejections().unwrap()[0].doc_id, q.id);
    assert_eq!(ana.get::<Quota>(&q.id).unwrap().target, 100_000);
    // the manager changes it: it reaches the phone
    mia.set_quota(Some("ana"), None, &period, QuotaMetric::Revenue, 120_000)
        .unwrap();
    w.sync(&mut mia);
    w.sync(&mut ana);
    assert_eq!(ana.get::<Quota>(&q.id).unwrap().target, 120_000);
}

#[test]
fn a_managers_quota_reaches_the_reps_phone_and_only_managers_change_it() {
    managers_quota_reaches_the_reps_phone_and_only_managers_change_it(World::new());
}

#[test]
fn a_managers_quota_reaches_the_reps_phone_over_http() {
    managers_quota_reaches_the_reps_phone_and_only_managers_change_it(World::over_http());
}

#[test]
fn a_postal_rule_realigns_accounts_and_moves_their_documents_between_reps() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let munich = {
        // no explicit territory: placed in mia's first territory (north), movable by rules
        let mut a = NewAccount::named("Isar Handel");
        a.postal_code = "80331".into();
        mia.create_account(a).unwrap()
    };
    let berlin = {
        // no explicit territory: placed in mia's first territory (north), movable by rules
        let mut a = NewAccount::named("Spree Bau");
        a.postal_code = "10115".into();
        mia.create_account(a).unwrap()
    };
    // an account assigned by hand is not moved by rules
    let pinned = {
        let mut a = NewAccount::named("Alpen Pinned");
        a.territory_id = Some(w.north.clone());
        a.postal_code = "80999".into();
        mia.create_account(a).unwrap()
    };
    w.sync(&mut mia);
    let (mut ana, mut cy) = (w.device("ana"), w.device("cy"));
    w.sync(&mut ana);
    w.sync(&mut cy);
    let order = ana
        .new_order_with_lines(&munich.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    w.sync(&mut ana);
    assert!(cy.get::<Account>(&munich.id).is_err());

    let moved = mia.add_postal_rule(&w.south, "80", None).unwrap();
    assert_eq!(
        moved
            .iter()
            .map(|m| m.account_id.as_str())
            .collect::<Vec<_>>(),
        vec![munich.id.as_str()]
    );
    assert!(w.sync(&mut mia).rejected.is_empty());
    let ra = w.sync(&mut ana);
    assert!(
        ra.revoked >= 2,
        "the account and its order leave ana's phone: {ra:?}"
    );
    assert!(ana.get::<Account>(&munich.id).is_err());
    assert!(ana.get::<Order>(&order.id).is_err());
    assert!(ana.get::<Account>(&berlin.id).is_ok());
    assert!(ana.get::<Account>(&pinned.id).is_ok());
    w.sync(&mut cy);
    assert_eq!(
        cy.get::<Account>(&munich.id)
            .unwrap()
            .territory_id
            .as_deref(),
        Some(w.south.as_str())
    );
    assert_eq!(
        cy.get::<Order>(&order.id).unwrap().total_minor,
        order.total_minor
    );
    assert!(cy.get::<Account>(&berlin.id).is_err());
    assert_eq!(cy.check_index().unwrap(), vec![]);
    assert_eq!(ana.check_index().unwrap(), vec![]);
}

#[test]
fn managers_views_on_the_server_match_the_phones_and_are_refused_to_reps() {
    let w = World::over_http();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let north_acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let south_acc = account_in(&w, &mut mia, "Südwerk AG", &w.south);
    let period = this_month();
    mia.set_quota(Some("ana"), None, &period, QuotaMetric::Revenue, 100_000)
        .unwrap();
    mia.set_quota(Some("cy"), None, &period, QuotaMetric::Orders, 3)
        .unwrap();
    w.sync(&mut mia);
    let (mut ana, mut cy) = (w.device("ana"), w.device("cy"));
    w.sync(&mut ana);
    w.sync(&mut cy);
    for (s, acc, qty) in [(&mut ana, &north_acc, 4_000), (&mut cy, &south_acc, 2_000)] {
        let o = s
            .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, qty, 0)])
            .unwrap();
        s.submit_order(&o.id).unwrap();
        assert!(w.sync(s).rejected.is_empty());
    }
    let t = w.transport();
    let token = mia.meta("token").unwrap().unwrap();
    // the server already has the reps' orders; the manager's phone has not pulled them
    let on_server: Vec<fieldsales_core::reports::AttainmentRow> =
        serde_json::from_value(t.report(&token, "attainment", &period, None).unwrap()).unwrap();
    let ana_row = on_server
        .iter()
        .find(|r| r.user.as_deref() == Some("ana"))
        .unwrap();
    assert_eq!((ana_row.actual, ana_row.pending), (5_000, 0));
    let cy_row = on_server
        .iter()
        .find(|r| r.user.as_deref() == Some("cy"))
        .unwrap();
    assert_eq!(cy_row.actual, 1);
    assert_ne!(attainment(&mia, &period).unwrap(), on_server);
    // after the manager's phone syncs, phone and server agree row for row
    w.sync(&mut mia);
    assert_eq!(attainment(&mia, &period).unwrap(), on_server);
    for by in ["rep", "territory"] {
        let group = if by == "rep" {
            fieldsales_core::reports::KpiGroup::Rep
        } else {
            fieldsales_core::reports::KpiGroup::Territory
        };
        let server: Vec<fieldsales_core::reports::KpiRow> =
            serde_json::from_value(t.report(&token, "kpi", &period, Some(by)).unwrap()).unwrap();
        assert_eq!(
            fieldsales_core::reports::kpis(&mia, &period, group).unwrap(),
            server,
            "kpi by {by}"
        );
    }
    // reps use their phones; bad arguments are typed 4xx
    let rep_token = ana.meta("token").unwrap().unwrap();
    assert!(matches!(
        t.report(&rep_token, "attainment", &period, None),
        Err(fieldsales_core::sync::TransportError::Forbidden(_))
    ));
    for (report, period) in [("attainment", "2026-13"), ("nothing", "2026-11")] {
        match t.report(&token, report, period, None) {
            Err(fieldsales_core::sync::TransportError::Refused { status, .. }) => {
                assert!((400..500).contains(&status), "{status}")
            }
            other => panic!("{report} {period}: {other:?}"),
        }
    }
    assert!(matches!(
        t.report("not-a-token", "attainment", &period, None),
        Err(fieldsales_core::sync::TransportError::Unauthorized(_))
    ));
}

/// A rep given a territory receives its existing records on her next sync; taken off it, she
/// loses them (as when an account moves), while other reps keep theirs.
#[test]
fn a_reps_territories_changing_grants_and_revokes_their_records() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let south = account_in(&w, &mut mia, "Südwerk AG", &w.south);
    let north = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let mut cy = w.device("cy");
    w.sync(&mut cy);
    let order = cy
        .new_order_with_lines(&south.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    assert!(w.sync(&mut cy).rejected.is_empty());
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    assert!(ana.find::<Account>(&south.id).unwrap().is_none());

    // given South: its account and the order hanging off it arrive
    mia.assign_territory(&w.south, "ana").unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    w.sync(&mut ana);
    assert_eq!(ana.get::<Account>(&south.id).unwrap().name, "Südwerk AG");
    assert_eq!(ana.get::<Order>(&order.id).unwrap().id, order.id);
    assert!(ana.find::<Account>(&north.id).unwrap().is_some());

    // taken off South and North: both go from her phone, not from cy's
    mia.unassign_territory(&w.south, "ana").unwrap();
    mia.unassign_territory(&w.north, "ana").unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    w.sync(&mut ana);
    assert!(ana.find::<Account>(&south.id).unwrap().is_none());
    assert!(ana.find::<Order>(&order.id).unwrap().is_none());
    assert!(ana.find::<Account>(&north.id).unwrap().is_none());
    w.sync(&mut cy);
    assert!(cy.find::<Account>(&south.id).unwrap().is_some());
    // and the manager, who reads both territories, keeps them
    w.sync(&mut mia);
    assert!(mia.find::<Account>(&south.id).unwrap().is_some());
    assert!(mia.find::<Order>(&order.id).unwrap().is_some());
}

/// A rep given a territory comes under its manager: the manager's phone receives the rep's
/// own scope (profile, quotas) on its next sync, and loses it when the rep leaves.
#[test]
fn a_manager_receives_and_loses_a_reps_profile_as_the_rep_joins_and_leaves_her_territory() {
    use fieldsales_core::records::{Role, User};

    let w = World::new();
    w.api
        .service
        .create_user(
            "nora",
            "pw-nora-secret",
            Role::Manager,
            std::slice::from_ref(&w.north),
        )
        .unwrap();
    let mut root = w.device("root");
    w.sync(&mut root);
    let mut nora = w.device("nora");
    w.sync(&mut nora);
    let cy = root.user_by_name("cy").unwrap();
    assert!(
        nora.find::<User>(&cy.id).unwrap().is_none(),
        "cy works South"
    );

    root.assign_territory(&w.north, "cy").unwrap();
    assert!(w.sync(&mut root).rejected.is_empty());
    w.sync(&mut nora);
    assert!(
        nora.find::<User>(&cy.id).unwrap().is_some(),
        "now one of nora's reps"
    );

    root.unassign_territory(&w.north, "cy").unwrap();
    assert!(w.sync(&mut root).rejected.is_empty());
    w.sync(&mut nora);
    assert!(
        nora.find::<User>(&cy.id).unwrap().is_none(),
        "gone with the territory"
    );
}

//! Authorization sweep: randomized (role, territory, kind, field) writes forged straight into
//! the documents and pushed, judged against the roles and scopes of docs/rules.md, written out
//! here independently of the rule code. 0 accepted outside the table, 0 legitimate writes
//! refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::Env;
use fieldsales_core::Store;
use fieldsales_core::ops::CompanyInput;
use fieldsales_core::records::{
    Account, COMPANY_PROFILE_ID, CompanyProfile, Product, Quota, QuotaMetric, Role, Territory,
    Visit,
};
use fieldsales_server::store::ServerStore;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod common;
use common::*;

#[derive(Debug, Clone, Copy)]
enum Edit {
    AccountPhone,
    AccountTerritory,
    ProductPrice,
    QuotaTarget,
    VisitOutcome,
    TerritoryName,
    CompanyName,
}

#[test]
fn randomized_writes_are_accepted_exactly_when_the_role_table_allows() {
    let w = World::new();
    let (mut root, p) = catalogue(&w);
    root.set_company_profile(CompanyInput {
        legal_name: "บริษัท ช้างน้ำ จำกัด".into(),
        address: "99 ถนนสุขุมวิท กรุงเทพฯ".into(),
        tax_id: "0105556012345".into(),
        phone: "+66 2 123 4567".into(),
        logo: None,
    })
    .unwrap();
    w.sync(&mut root);
    let mut mia = w.device("mia");
    let north = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let south = account_in(&w, &mut mia, "Südwerk AG", &w.south);
    let quota = mia
        .set_quota(Some("ana"), None, "2026-11", QuotaMetric::Orders, 5)
        .unwrap();
    w.sync(&mut mia);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let visit = ana.plan_visit(&north.id, Env::system().now(), 30).unwrap();
    w.sync(&mut ana);
    let mut devices: Vec<(String, Role, Vec<String>, Store)> = vec![
        ("root".into(), Role::Admin, vec![], w.device("root")),
        (
            "mia".into(),
            Role::Manager,
            vec![w.north.clone(), w.south.clone()],
            mia,
        ),
        ("ana".into(), Role::Rep, vec![w.north.clone()], ana),
        (
            "cy".into(),
            Role::Rep,
            vec![w.south.clone()],
            w.device("cy"),
        ),
    ];
    let ana_id = devices[2].3.identity().user_id.clone();
    let mut rng = StdRng::seed_from_u64(20261122);
    let (mut trials, mut accepted_count, mut wrong) = (0, 0, Vec::new());
    for n in 0..80 {
        w.sync(&mut root);
        let who = rng.random_range(0..devices.len());
        let edit = [
            Edit::AccountPhone,
            Edit::AccountTerritory,
            Edit::ProductPrice,
            Edit::QuotaTarget,
            Edit::VisitOutcome,
            Edit::TerritoryName,
            Edit::CompanyName,
        ][rng.random_range(0..7)];
        let (name, role, territories, store) = &mut devices[who];
        w.sync(store);
        let mine = |t: &Option<String>| t.as_ref().is_some_and(|t| territories.contains(t));
        let (allowed, accepted) = match edit {
            Edit::AccountPhone | Edit::AccountTerritory => {
                let id = if rng.random_bool(0.5) {
                    &north.id
                } else {
                    &south.id
                };
                let current: Account = root.get(id).unwrap();
                let other = if current.territory_id.as_deref() == Some(w.north.as_str()) {
                    w.south.clone()
                } else {
                    w.north.clone()
                };
                let in_scope = *role == Role::Admin || mine(&current.territory_id);
                let allowed = match edit {
                    Edit::AccountPhone => in_scope,
                    _ => {
                        *role == Role::Admin
                            || (*role == Role::Manager && in_scope && territories.contains(&other))
                    }
                };
                let moving = matches!(edit, Edit::AccountTerritory);
                let accepted = forge::<Account>(&w, &mut root, store, id, |a| {
                    if moving {
                        a.territory_id = Some(other.clone());
                    } else {
                        a.phone = format!("+49 {n}");
                    }
                });
                (allowed, accepted)
            }
            Edit::ProductPrice => {
                let accepted = forge::<Product>(&w, &mut root, store, &p.id, |x| {
                    x.base_price_minor += 1;
                });
                (*role == Role::Admin, accepted)
            }
            Edit::QuotaTarget => {
                let accepted = forge::<Quota>(&w, &mut root, store, &quota.id, |q| {
                    q.target += 1;
                });
                (*role != Role::Rep, accepted)
            }
            Edit::VisitOutcome => {
                // a rep's own visit, while its customer is in one of their territories
                let owner = store.identity().user_id == ana_id
                    && mine(&root.get::<Account>(&north.id).unwrap().territory_id);
                let accepted = forge::<Visit>(&w, &mut root, store, &visit.id, |v| {
                    v.outcome = format!("outcome {n}");
                });
                (*role != Role::Rep || owner, accepted)
            }
            Edit::TerritoryName => {
                let t = if rng.random_bool(0.5) {
                    &w.north
                } else {
                    &w.south
                };
                let accepted = forge::<Territory>(&w, &mut root, store, t, |x| {
                    x.name = format!("{} {n}", x.name);
                });
                let allowed =
                    *role == Role::Admin || (*role == Role::Manager && territories.contains(t));
                (allowed, accepted)
            }
            Edit::CompanyName => {
                // the company profile is on every device and written by admins only
                let accepted =
                    forge::<CompanyProfile>(&w, &mut root, store, COMPANY_PROFILE_ID, |c| {
                        c.legal_name = format!("Công ty Voi Nước {n}");
                    });
                (*role == Role::Admin, accepted)
            }
        };
        trials += 1;
        if accepted {
            accepted_count += 1;
        }
        if allowed != accepted {
            wrong.push(format!(
                "#{n} {name} ({role}) {edit:?}: allowed by the table {allowed}, server accepted {accepted}"
            ));
        }
    }
    assert_eq!(trials, 80);
    // both sides of the table were exercised
    assert!(
        (15..=65).contains(&accepted_count),
        "{accepted_count} of 80 accepted"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A rep who knows another territory's document id learns nothing from pushing to it: not
/// whether their bytes decode, not the document's contents, and nothing is accepted.
#[test]
fn a_document_outside_the_senders_scope_is_refused_before_its_changes_are_read() {
    use fieldsales_core::records::Kind;
    use fieldsales_core::sync::protocol::{self, PushDoc, SyncRequest, SyncResponse};

    let w = World::new();
    let mut mia = w.device("mia");
    let south = account_in(&w, &mut mia, "Südwerk AG", &w.south);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let token = ana.meta("token").unwrap().unwrap();
    // a real edit, made on the manager's copy
    let mut doc = automerge::AutoCommit::load(&mia.export(&south.id).unwrap()).unwrap();
    let before = doc.get_heads();
    let mut a: Account = fieldsales_core::doc::read(&doc).unwrap();
    a.phone = "+49 40 1".into();
    fieldsales_core::doc::write(&mut doc, &a).unwrap();
    doc.commit();
    let edit = doc.save_after(&before);
    let whole = doc.save();
    let oversized = vec![0; protocol::MAX_DOC_PUSH_BYTES + 1];
    let attempts: [(&str, Vec<u8>); 5] = [
        ("empty", vec![]),
        ("garbage", vec![1, 2, 3]),
        ("too large", oversized),
        ("an edit", edit),
        ("the whole document", whole),
    ];
    for (what, changes) in attempts {
        let req = SyncRequest {
            cursor: ana.sync_cursor().unwrap(),
            push: vec![PushDoc {
                id: south.id.clone(),
                kind: Kind::Account,
                changes,
            }],
            limit: 10,
            want: vec![],
        };
        let resp: SyncResponse = protocol::decode(
            &w.api.sync(Some(&token), &protocol::encode(&req)).unwrap(),
            usize::MAX,
        )
        .unwrap();
        assert!(resp.accepted.is_empty(), "{what}: accepted");
        assert_eq!(resp.rejected.len(), 1, "{what}");
        let r = &resp.rejected[0];
        assert_eq!(r.reason, "out_of_scope", "{what}");
        assert_eq!(
            r.detail, "this record is outside your territories",
            "{what}"
        );
        assert!(r.current.is_none(), "{what}: the snapshot leaked");
    }
    w.sync(&mut mia);
    let kept: Account = mia.get(&south.id).unwrap();
    assert_eq!(kept.phone, south.phone, "nothing was stored");
}

/// Forge `edit` on `store`'s own copy of document `id` (as a modified app would, past the
/// device's own checks) and sync: true when the server accepted it.
fn forge_own<R: fieldsales_core::records::Record>(
    w: &World,
    store: &mut Store,
    id: &str,
    edit: impl FnOnce(&mut R),
) -> bool {
    let mut doc = automerge::AutoCommit::load(&store.export(id).unwrap()).unwrap();
    let mut r: R = fieldsales_core::doc::read(&doc).unwrap();
    edit(&mut r);
    fieldsales_core::doc::write(&mut doc, &r).unwrap();
    doc.commit();
    store.import(&doc.save()).unwrap();
    let report = w.sync(store);
    !report.rejected.iter().any(|x| x.doc_id == id)
}

/// A manager of North alone (nora) tries what only the back office may: grant herself South,
/// pull South under North, create a territory, give her rep South, raise limits and roles.
/// Each is refused on her phone and, forged past it, by the server; she still reads nothing
/// of South. What she may do (her reps within her own hierarchy) goes through.
#[test]
fn a_manager_grants_herself_nothing_and_assigns_reps_only_within_her_hierarchy() {
    use fieldsales_core::records::User;

    let w = World::new();
    let s = &w.api.service;
    let north_east = s.create_territory("north-east", Some(&w.north)).unwrap().id;
    let nora_user = s
        .create_user(
            "nora",
            "pw-nora-secret",
            Role::Manager,
            std::slice::from_ref(&w.north),
        )
        .unwrap();
    let mut mia = w.device("mia");
    let south_acc = account_in(&w, &mut mia, "Südwerk AG", &w.south);
    let mut nora = w.device("nora");
    w.sync(&mut nora);
    let ana_id = nora.user_by_name("ana").unwrap().id;
    let south = w.south.clone();

    // her phone refuses, with the rules' reason
    let refused = |r: fieldsales_core::Result<User>| matches!(r, Err(fieldsales_core::Error::Rule(ref v)) if v.code() == fieldsales_core::sync::protocol::RejectReason::Forbidden);
    assert!(refused(nora.assign_territory(&south, "nora")), "herself");
    assert!(
        refused(nora.assign_territory(&north_east, "nora")),
        "herself, within"
    );
    assert!(
        refused(nora.assign_territory(&south, "ana")),
        "her rep, elsewhere"
    );
    assert!(
        nora.create_territory("west", None).is_err(),
        "a new territory"
    );

    // forged past the phone, the server refuses each
    let attacks: Vec<(&str, bool)> = vec![
        (
            "grant herself South",
            forge_own::<User>(&w, &mut nora, &nora_user.id, |u| {
                u.territory_ids.push(south.clone())
            }),
        ),
        (
            "re-parent South under North",
            forge_own::<Territory>(&w, &mut nora, &south, |t| {
                t.parent_id = Some(w.north.clone())
            }),
        ),
        (
            "rename South",
            forge_own::<Territory>(&w, &mut nora, &south, |t| t.name = "mine".into()),
        ),
        (
            "give her rep South",
            forge_own::<User>(&w, &mut nora, &ana_id, |u| {
                u.territory_ids.push(south.clone())
            }),
        ),
        (
            "raise her rep's limit",
            forge_own::<User>(&w, &mut nora, &ana_id, |u| u.max_discount_bp = 9_000),
        ),
        (
            "raise her own limit",
            forge_own::<User>(&w, &mut nora, &nora_user.id, |u| u.max_discount_bp = 9_999),
        ),
        (
            "promote her rep",
            forge_own::<User>(&w, &mut nora, &ana_id, |u| u.role = Role::Manager),
        ),
    ];
    for (what, accepted) in &attacks {
        assert!(!accepted, "{what}: accepted");
    }
    // a territory she made up
    let mut west = Territory::new(&Env::system(), "west");
    west.parent_id = Some(w.north.clone());
    let mut doc = fieldsales_core::doc::create(
        &west,
        &fieldsales_core::doc::Author {
            actor: automerge::ActorId::random(),
            name: "nora".into(),
            at: Env::system().now(),
        },
    )
    .unwrap();
    nora.import(&doc.save()).unwrap();
    let r = w.sync(&mut nora);
    assert!(
        r.rejected.iter().any(|x| x.doc_id == west.id),
        "a new territory"
    );
    // she reads nothing of South
    w.sync(&mut nora);
    assert!(nora.find::<Account>(&south_acc.id).unwrap().is_none());
    let me = w.api.service.store().user_by_name("nora").unwrap().unwrap();
    assert_eq!(me.territory_ids, vec![w.north.clone()]);

    // what she may: her rep gets and loses a territory of her hierarchy
    nora.assign_territory(&north_east, "ana").unwrap();
    assert!(w.sync(&mut nora).rejected.is_empty());
    let ana = w.api.service.store().user_by_name("ana").unwrap().unwrap();
    assert!(ana.territory_ids.contains(&north_east));
    nora.unassign_territory(&north_east, "ana").unwrap();
    assert!(w.sync(&mut nora).rejected.is_empty());
    let ana = w.api.service.store().user_by_name("ana").unwrap().unwrap();
    assert_eq!(ana.territory_ids, vec![w.north.clone()]);
    // and the manager of both still edits South's placement rules
    mia.add_postal_rule(&south, "80", None).unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
}

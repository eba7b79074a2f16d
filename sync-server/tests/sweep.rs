//! The authorization sweep, redone for the attacks of docs/rules.md: randomized attempts by
//! an admin, managers of two hierarchies (mia over North and South; sam over a region with two
//! territories under it) and reps of different territories (two of them colleagues in North), each a generator case for one of
//! the holes closed (territories and users, a child planted in `global`, a cut price, an order
//! cancelled by a colleague, a task taken, a photo read by hash, an oversized push, a rep's
//! territories changing). Each attempt is forged straight into the documents (past the
//! phone's own checks) and pushed; the verdict is judged against the table written out in
//! this file (`expected`), independently of the rule code. 0 accepted outside the table, 0
//! legitimate attempts refused. On a mismatch it prints every one, by case.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use fieldsales_core::Env;
use fieldsales_core::Store;
use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{
    Account, Contact, Line, Order, OrderStatus, Record, Role, Task, Territory, User,
};
use fieldsales_core::sync::protocol::{self, MAX_PUSH_DOCS, PushDoc, SyncRequest};
use fieldsales_server::store::ServerStore;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod common;
use common::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    AssignTerritory,
    UnassignTerritory,
    Reparent,
    CreateTerritory,
    RaiseLimit,
    ChildInGlobal,
    ChildInAccount,
    OrderPrice,
    UnknownProduct,
    CancelDraft,
    TakeTask,
    ReadPhoto,
    OversizedPush,
}

const CASES: [Case; 13] = [
    Case::AssignTerritory,
    Case::UnassignTerritory,
    Case::Reparent,
    Case::CreateTerritory,
    Case::RaiseLimit,
    Case::ChildInGlobal,
    Case::ChildInAccount,
    Case::OrderPrice,
    Case::UnknownProduct,
    Case::CancelDraft,
    Case::TakeTask,
    Case::ReadPhoto,
    Case::OversizedPush,
];

/// One person of the sweep, with what the role table gives them, written out.
struct Who {
    name: &'static str,
    role: Role,
    /// Territories (by short name) they work or manage, the hierarchy under a manager's own
    /// included: mia North and South; sam the region and the two under it.
    manages: &'static [&'static str],
    store: Store,
}

impl Who {
    fn reads(&self, t: &str) -> bool {
        self.role == Role::Admin || self.manages.contains(&t)
    }
}

fn author(name: &str) -> fieldsales_core::doc::Author {
    fieldsales_core::doc::Author {
        actor: automerge::ActorId::random(),
        name: name.into(),
        at: Env::system().now(),
    }
}

/// A new document made outside the phone's operations, pushed from `to`.
fn plant<R: Record>(w: &World, to: &mut Store, record: &R) -> bool {
    let mut doc = fieldsales_core::doc::create(record, &author("forger")).unwrap();
    to.import(&doc.save()).unwrap();
    let id = record.id().to_string();
    !w.sync(to).rejected.iter().any(|x| x.doc_id == id)
}

fn line(product_id: &str, unit_price_minor: i64) -> Line {
    Line {
        line_id: Env::system().new_id(),
        product_id: product_id.into(),
        description: "Widget".into(),
        qty_milli: 1_000,
        unit_price_minor,
        discount_bp: 0,
        tax_bp: 2_000,
        net_minor: 0,
        tax_minor: 0,
    }
}

#[test]
fn randomized_attacks_are_refused_and_legitimate_changes_accepted_by_the_table() {
    let w = World::new();
    let s = &w.api.service;
    let region = s.create_territory("south-region", None).unwrap().id;
    let south_east = s.create_territory("south-east", Some(&region)).unwrap().id;
    let south_west = s.create_territory("south-west", Some(&region)).unwrap().id;
    s.create_user(
        "sam",
        "pw-sam-secret",
        Role::Manager,
        std::slice::from_ref(&region),
    )
    .unwrap();
    s.create_user(
        "dora",
        "pw-dora-secret",
        Role::Rep,
        std::slice::from_ref(&south_east),
    )
    .unwrap();
    // a second admin: the sweep's `root` is the keeper that restores what an attempt changed
    s.create_user("ada", "pw-ada-secret", Role::Admin, &[])
        .unwrap();
    let tid: BTreeMap<&str, String> = [
        ("north", w.north.clone()),
        ("south", w.south.clone()),
        ("region", region.clone()),
        ("south-east", south_east.clone()),
        ("south-west", south_west.clone()),
    ]
    .into();
    let short = |id: &str| *tid.iter().find(|(_, v)| v.as_str() == id).unwrap().0;

    let (mut root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let north_acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let south_acc = account_in(&w, &mut mia, "Südwerk AG", &w.south);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let task = {
        let mut t = Task::new(&Env::system(), &ana.identity().user_id, "Call back");
        t.account_id = Some(north_acc.id.clone());
        ana.create(t).unwrap()
    };
    let visit = ana
        .plan_visit(&north_acc.id, Env::system().now(), 30)
        .unwrap();
    let photo = [b"\x89PNG\r\n\x1a\n".as_slice(), b"the shelf"].concat();
    ana.add_visit_photo(&visit.id, &photo).unwrap();
    assert!(w.sync(&mut ana).rejected.is_empty());
    let photo_hash = fieldsales_core::ops::sha256_hex(&photo);
    w.sync(&mut root);

    let mut people = vec![
        Who {
            name: "ada",
            role: Role::Admin,
            manages: &[],
            store: w.device("ada"),
        },
        Who {
            name: "mia",
            role: Role::Manager,
            manages: &["north", "south"],
            store: mia,
        },
        Who {
            name: "sam",
            role: Role::Manager,
            manages: &["region", "south-east", "south-west"],
            store: w.device("sam"),
        },
        Who {
            name: "ana",
            role: Role::Rep,
            manages: &["north"],
            store: ana,
        },
        Who {
            name: "ben",
            role: Role::Rep,
            manages: &["north"],
            store: w.device("ben"),
        },
        Who {
            name: "cy",
            role: Role::Rep,
            manages: &["south"],
            store: w.device("cy"),
        },
        Who {
            name: "dora",
            role: Role::Rep,
            manages: &["south-east"],
            store: w.device("dora"),
        },
    ];
    for p in &mut people {
        w.sync(&mut p.store);
    }
    let uid = |name: &str| w.api.store().user_by_name(name).unwrap().unwrap().id;
    let reps = ["ana", "ben", "cy", "dora"];
    let managers = ["mia", "sam"];
    // the territories of each user as the server holds them now
    let territories_of = |name: &str| -> Vec<String> {
        w.api
            .store()
            .user_by_name(name)
            .unwrap()
            .unwrap()
            .territory_ids
    };
    let ana_id = uid("ana");

    let seed: u64 = std::env::var("SWEEP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261207);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut wrong = Vec::new();
    let mut log = Vec::new();
    let mut seen: BTreeMap<Case, (u32, u32, u32)> = BTreeMap::new();
    let trials = 420;
    for n in 0..trials {
        let case = CASES[rng.random_range(0..CASES.len())];
        // everyone in turn, so each case meets each role; changes of territories half the
        // time by an admin or a manager, who may make some of them
        let who = match case {
            Case::AssignTerritory | Case::UnassignTerritory if rng.random_bool(0.5) => {
                rng.random_range(0..3)
            }
            _ => n % people.len(),
        };
        w.sync(&mut root);
        let actor_name = people[who].name;
        let role = people[who].role;
        let actor_id = uid(actor_name);
        let mut detail = String::new();
        let (allowed, accepted) = match case {
            Case::AssignTerritory | Case::UnassignTerritory => {
                let targets = [reps.as_slice(), managers.as_slice(), &[actor_name]].concat();
                let target = targets[rng.random_range(0..targets.len())];
                let has = territories_of(target);
                let assign = case == Case::AssignTerritory;
                let choices: Vec<&str> = tid
                    .iter()
                    .filter(|(_, id)| has.contains(id) != assign)
                    .map(|(k, _)| *k)
                    .collect();
                if choices.is_empty() {
                    continue;
                }
                let t = choices[rng.random_range(0..choices.len())];
                let t_id = tid[t].clone();
                let target_is_rep = reps.contains(&target);
                let actor = &people[who];
                // a manager writes a rep's profile when the rep works one of her territories
                let sees_target = has.iter().any(|h| actor.manages.contains(&short(h)));
                let allowed = role == Role::Admin
                    || (role == Role::Manager
                        && target_is_rep
                        && target != actor_name
                        && sees_target
                        && actor.manages.contains(&t));
                detail = format!("{target} {} {t}", if assign { "+" } else { "-" });
                w.sync(&mut people[who].store);
                let target_id = uid(target);
                let accepted =
                    forge::<User>(&w, &mut root, &mut people[who].store, &target_id, |u| {
                        if assign {
                            u.territory_ids.push(t_id.clone());
                        } else {
                            u.territory_ids.retain(|x| x != &t_id);
                        }
                    });
                // a rep given or taken a territory receives or loses its records (point 5)
                if accepted && target_is_rep && (t == "north" || t == "south") {
                    let acc = if t == "north" {
                        &north_acc.id
                    } else {
                        &south_acc.id
                    };
                    let dev = people.iter_mut().find(|p| p.name == target).unwrap();
                    w.sync(&mut dev.store);
                    let holds = dev.store.find::<Account>(acc).unwrap().is_some();
                    if holds != assign {
                        wrong.push(format!(
                            "#{n} {case:?} {detail}: {target}'s phone holds {t}'s account: {holds}"
                        ));
                    }
                }
                if accepted {
                    w.sync(&mut root);
                    root.update::<User>(&target_id, |u| {
                        u.territory_ids = has.clone();
                        Ok(())
                    })
                    .unwrap();
                    assert!(w.sync(&mut root).rejected.is_empty());
                    assert_eq!(territories_of(target), has, "#{n} restored");
                    for p in people.iter_mut() {
                        w.sync(&mut p.store);
                    }
                }
                (allowed, accepted)
            }
            Case::Reparent => {
                let keys: Vec<&str> = tid.keys().copied().collect();
                let x = keys[rng.random_range(0..keys.len())];
                let y = keys[rng.random_range(0..keys.len())];
                if x == y {
                    continue;
                }
                detail = format!("{x} under {y}");
                let before = root.get::<Territory>(&tid[x]).unwrap().parent_id;
                if before.as_deref() == Some(tid[y].as_str()) {
                    continue;
                }
                let y_id = tid[y].clone();
                let accepted =
                    forge::<Territory>(&w, &mut root, &mut people[who].store, &tid[x], |t| {
                        t.parent_id = Some(y_id.clone());
                    });
                if accepted {
                    w.sync(&mut root);
                    root.update::<Territory>(&tid[x], |t| {
                        t.parent_id = before.clone();
                        Ok(())
                    })
                    .unwrap();
                    assert!(w.sync(&mut root).rejected.is_empty());
                    let now = w.api.store().territories().unwrap();
                    let p = now.iter().find(|(id, _)| id == &tid[x]).unwrap().1.clone();
                    assert_eq!(p, before, "#{n} restored");
                }
                (role == Role::Admin, accepted)
            }
            Case::CreateTerritory => {
                let mut t = Territory::new(&Env::system(), format!("t{n}"));
                if rng.random_bool(0.5) {
                    t.parent_id = Some(tid["north"].clone());
                }
                (role == Role::Admin, plant(&w, &mut people[who].store, &t))
            }
            Case::RaiseLimit => {
                let targets = [reps.as_slice(), managers.as_slice()].concat();
                let target = targets[rng.random_range(0..targets.len())];
                detail = target.to_string();
                let target_id = uid(target);
                let before = root.get::<User>(&target_id).unwrap().max_discount_bp;
                let accepted =
                    forge::<User>(&w, &mut root, &mut people[who].store, &target_id, |u| {
                        u.max_discount_bp = before + 1_000;
                    });
                if accepted {
                    w.sync(&mut root);
                    root.update::<User>(&target_id, |u| {
                        u.max_discount_bp = before;
                        Ok(())
                    })
                    .unwrap();
                    assert!(w.sync(&mut root).rejected.is_empty());
                }
                (role == Role::Admin, accepted)
            }
            Case::ChildInGlobal => {
                // a contact (or a task) whose account is a product: it would live in `global`
                let accepted = if rng.random_bool(0.5) {
                    plant(
                        &w,
                        &mut people[who].store,
                        &Contact::new(&Env::system(), &p.id, "Jo"),
                    )
                } else {
                    let mut t = Task::new(&Env::system(), &actor_id, "Everyone's");
                    t.account_id = Some(p.id.clone());
                    plant(&w, &mut people[who].store, &t)
                };
                (false, accepted)
            }
            Case::ChildInAccount => {
                let (t, acc) = if rng.random_bool(0.5) {
                    ("north", &north_acc)
                } else {
                    ("south", &south_acc)
                };
                detail = t.into();
                let c = Contact::new(&Env::system(), &acc.id, "Jo");
                (people[who].reads(t), plant(&w, &mut people[who].store, &c))
            }
            Case::OrderPrice => {
                let (t, acc) = if rng.random_bool(0.5) {
                    ("north", &north_acc)
                } else {
                    ("south", &south_acc)
                };
                // 12.50 in the catalogue: as listed, 4 % off, 92 % off
                let price = [1_250, 1_200, 100][rng.random_range(0..3)];
                detail = format!("{t} at {price}");
                let mut o = Order::new(&Env::system(), format!("S-{n}"), &acc.id, &actor_id, "EUR");
                o.lines.push(line(&p.id, price));
                // submitted: a draft may hold any price until it is submitted
                o.status = OrderStatus::Submitted;
                // a rep's limit is 10 %; managers' and admins' 100 %
                let within = role != Role::Rep || price * 10 >= 1_250 * 9;
                (
                    people[who].reads(t) && within,
                    plant(&w, &mut people[who].store, &o),
                )
            }
            Case::UnknownProduct => {
                let mut o = Order::new(
                    &Env::system(),
                    format!("U-{n}"),
                    &north_acc.id,
                    &actor_id,
                    "EUR",
                );
                o.lines.push(line("no-such-product", 1_250));
                (false, plant(&w, &mut people[who].store, &o))
            }
            Case::CancelDraft => {
                // a fresh draft of ana's, in North
                let ana_dev = people.iter_mut().find(|p| p.name == "ana").unwrap();
                let draft = ana_dev
                    .store
                    .new_order_with_lines(&north_acc.id, &[NewLine::new(&p.id, 1_000, 0)])
                    .unwrap();
                assert!(w.sync(&mut ana_dev.store).rejected.is_empty());
                w.sync(&mut root);
                let owner = actor_name == "ana";
                let allowed = people[who].reads("north") && (role != Role::Rep || owner);
                let accepted =
                    forge::<Order>(&w, &mut root, &mut people[who].store, &draft.id, |o| {
                        o.status = OrderStatus::Cancelled;
                    });
                (allowed, accepted)
            }
            Case::TakeTask => {
                let current = root.get::<Task>(&task.id).unwrap();
                let allowed =
                    people[who].reads("north") && (role != Role::Rep || actor_id == ana_id);
                let accepted =
                    forge::<Task>(&w, &mut root, &mut people[who].store, &task.id, |t| {
                        t.owner_id = actor_id.clone();
                        t.title = format!("Call back #{n}");
                    });
                if accepted && current.owner_id != actor_id {
                    w.sync(&mut root);
                    root.update::<Task>(&task.id, |t| {
                        t.owner_id = ana_id.clone();
                        Ok(())
                    })
                    .unwrap();
                    assert!(w.sync(&mut root).rejected.is_empty());
                }
                (allowed, accepted)
            }
            Case::ReadPhoto => {
                let token = people[who].store.meta("token").unwrap().unwrap();
                let got = w.api.get_blob(Some(&token), &photo_hash);
                (people[who].reads("north"), got.is_ok_and(|b| b == photo))
            }
            Case::OversizedPush => {
                let token = people[who].store.meta("token").unwrap().unwrap();
                let c = Contact::new(&Env::system(), &north_acc.id, "Jo");
                let doc = fieldsales_core::doc::create(&c, &author("forger"))
                    .unwrap()
                    .save();
                let req = SyncRequest {
                    cursor: people[who].store.sync_cursor().unwrap(),
                    push: (0..=MAX_PUSH_DOCS)
                        .map(|_| PushDoc {
                            id: c.id.clone(),
                            kind: fieldsales_core::records::Kind::Contact,
                            changes: doc.clone(),
                        })
                        .collect(),
                    limit: 10,
                    want: vec![],
                };
                let r = w.api.sync(Some(&token), &protocol::encode(&req));
                let stored = w.api.store().load_doc(&c.id).unwrap().is_some();
                (false, r.is_ok() || stored)
            }
        };
        let e = seen.entry(case).or_default();
        e.0 += 1;
        e.1 += u32::from(allowed);
        e.2 += u32::from(accepted);
        if accepted {
            log.push(format!("#{n} {case:?} by {actor_name} {detail}"));
        }
        if allowed != accepted {
            wrong.push(format!(
                "#{n} {case:?} by {actor_name} ({role}) {detail}: allowed by the table {allowed}, accepted {accepted}"
            ));
        }
    }
    let summary: Vec<String> = seen
        .iter()
        .map(|(c, (t, a, acc))| format!("{c:?}: {t} tried, {a} allowed, {acc} accepted"))
        .collect();
    println!("seed {seed}\n{}", summary.join("\n"));
    // every case ran, and both sides of the table were exercised
    assert_eq!(seen.len(), CASES.len(), "{summary:?}");
    assert!(
        wrong.is_empty(),
        "seed {seed}: {} wrong\n{}\naccepted:\n{}",
        wrong.len(),
        wrong.join("\n"),
        log.join("\n")
    );
}

//! The sync server with real device stores, in process (no sockets) and over HTTP on loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::Env;
use fieldsales_core::ops::NewAccount;
use std::path::Path;
use std::sync::Arc;

use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{Account, Order, Product};
use fieldsales_core::sync::protocol::{self, Cursor, PushDoc, SyncRequest, SyncResponse};
use fieldsales_core::sync::{self, session};
use fieldsales_core::{Error as CoreError, Store};
use fieldsales_server::store::{ServerStore, SqliteStore};
use fieldsales_server::{Api, InProcess};

mod common;
use common::*;

#[test]
fn three_devices_offline_converge_to_identical_documents() {
    three_devices_offline_converge_to_identical_documents_in(World::new());
}

#[test]
fn three_devices_offline_converge_to_identical_documents_over_http() {
    three_devices_offline_converge_to_identical_documents_in(World::over_http());
}

fn three_devices_offline_converge_to_identical_documents_in(w: World) {
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let (mut ana, mut ben) = (w.device("ana"), w.device("ben"));
    w.sync(&mut ana);
    w.sync(&mut ben);
    let o = ana.new_order(&acc.id).unwrap();
    ana.add_order_line(&o.id, NewLine::new(&p.id, 2000, 0))
        .unwrap();
    w.sync(&mut ana);
    w.sync(&mut ben);
    w.sync(&mut mia);
    // offline: all three edit the order and the account
    ana.add_order_line(&o.id, NewLine::new(&p.id, 5000, 0))
        .unwrap();
    ben.add_order_line(&o.id, NewLine::new(&p.id, 7000, 0))
        .unwrap();
    mia.add_order_line(&o.id, NewLine::new(&p.id, 1000, 500))
        .unwrap();
    ana.update::<Account>(&acc.id, |a| {
        a.phone = "1".into();
        Ok(())
    })
    .unwrap();
    ben.update::<Account>(&acc.id, |a| {
        a.phone = "2".into();
        Ok(())
    })
    .unwrap();
    for _ in 0..2 {
        for s in [&mut ana, &mut ben, &mut mia] {
            let r = w.sync(s);
            assert!(r.rejected.is_empty(), "{:?}", r.rejected);
        }
    }
    let orders: Vec<Order> = [&mut ana, &mut ben, &mut mia]
        .into_iter()
        .map(|s| s.get(&o.id).unwrap())
        .collect();
    assert_eq!(orders[0].lines.len(), 4);
    assert!(orders.iter().all(|x| x == &orders[0]));
    let docs: Vec<Vec<u8>> = [&mut ana, &mut ben, &mut mia]
        .into_iter()
        .map(|s| {
            let mut d = automerge::AutoCommit::load(&s.export(&o.id).unwrap()).unwrap();
            let mut h = d.get_heads();
            h.sort();
            h.iter().flat_map(|x| x.0.to_vec()).collect()
        })
        .collect();
    assert!(
        docs.iter().all(|h| h == &docs[0]),
        "identical document heads"
    );
    let phones: Vec<String> = [&mut ana, &mut ben]
        .into_iter()
        .map(|s| s.get::<Account>(&acc.id).unwrap().phone)
        .collect();
    assert_eq!(phones[0], phones[1]);
    assert!(!ana.conflicts().unwrap().is_empty() || !ben.conflicts().unwrap().is_empty());
    // a reconnect with nothing new is one small round trip
    let r = w.sync(&mut ben);
    let r = if r.pulled > 0 { w.sync(&mut ben) } else { r };
    assert_eq!(r.round_trips, 1);
    assert!(r.bytes_up + r.bytes_down < 2048);
    // a new phone bootstraps from snapshots: documents without concurrent values are indexed
    // from the server's JSON, the account with the phone conflict is merged and its conflict
    // shown; either way the index says what the documents say
    let mut fresh = session::login(
        &w.dir.path().join("ben-new-phone.db"),
        &InProcess(w.api.clone()),
        "inprocess://",
        "ben",
        "pw-ben-secret",
    )
    .unwrap();
    w.sync(&mut fresh);
    assert_eq!(fresh.get::<Order>(&o.id).unwrap(), orders[0]);
    assert_eq!(fresh.lookup::<Order>(&o.id).unwrap(), orders[0]);
    assert_eq!(fresh.check_index().unwrap(), vec![]);
    assert_eq!(ana.check_index().unwrap(), vec![]);
    let paths: Vec<String> = fresh
        .conflicts()
        .unwrap()
        .into_iter()
        .map(|c| c.conflict.path)
        .collect();
    assert_eq!(paths, vec!["phone".to_string()]);
    assert_eq!(
        fresh.dirty_count().unwrap(),
        0,
        "nothing to push after a bootstrap"
    );
}

#[test]
fn out_of_rights_edits_are_rejected_listed_and_reset() {
    out_of_rights_edits_are_rejected_listed_and_reset_in(World::new());
}

#[test]
fn out_of_rights_edits_are_rejected_listed_and_reset_over_http() {
    out_of_rights_edits_are_rejected_listed_and_reset_in(World::over_http());
}

fn out_of_rights_edits_are_rejected_listed_and_reset_in(w: World) {
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    // the device refuses a move early; a store whose rules are bypassed (its bytes edited
    // directly) is refused by the server
    let e = ana
        .update::<Account>(&acc.id, |a| {
            a.territory_id = Some(w.south.clone());
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(e, CoreError::Rule(_)));
    let mut doc = automerge::AutoCommit::load(&ana.export(&acc.id).unwrap()).unwrap();
    let mut a: Account = fieldsales_core::doc::read(&doc).unwrap();
    a.territory_id = Some(w.south.clone());
    fieldsales_core::doc::write(&mut doc, &a).unwrap();
    doc.commit();
    let o = ana.new_order(&acc.id).unwrap();
    ana.add_order_line(&o.id, NewLine::new(&p.id, 1000, 0))
        .unwrap();
    // push the forged account change together with a legitimate order
    let token = ana.meta("token").unwrap().unwrap();
    let req = SyncRequest {
        cursor: ana.sync_cursor().unwrap(),
        push: vec![
            PushDoc {
                id: acc.id.clone(),
                kind: fieldsales_core::records::Kind::Account,
                changes: doc.save(),
            },
            PushDoc {
                id: o.id.clone(),
                kind: fieldsales_core::records::Kind::Order,
                changes: ana.export(&o.id).unwrap(),
            },
        ],
        limit: 100,
        want: vec![],
    };
    let resp: SyncResponse = protocol::decode(
        &w.api.sync(Some(&token), &protocol::encode(&req)).unwrap(),
        usize::MAX,
    )
    .unwrap();
    assert_eq!(resp.rejected.len(), 1);
    assert_eq!(resp.rejected[0].reason, "forbidden");
    assert!(resp.rejected[0].current.is_some());
    assert_eq!(
        resp.accepted.len(),
        1,
        "a rejection never blocks the others"
    );
    // a forged product from a rep, through the normal path, is rejected and listed
    let mut cy = w.device("cy");
    w.sync(&mut cy);
    cy.bind_server("inprocess://").unwrap();
    let mut forged = automerge::AutoCommit::load(&cy.export(&p.id).unwrap()).unwrap();
    let mut prod: Product = fieldsales_core::doc::read(&forged).unwrap();
    prod.base_price_minor = 1;
    fieldsales_core::doc::write(&mut forged, &prod).unwrap();
    forged.commit();
    cy.import(&forged.save()).unwrap();
    let r = w.sync(&mut cy);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].reason, "forbidden");
    assert_eq!(cy.rejections().unwrap().len(), 1);
    assert_eq!(
        cy.get::<Product>(&p.id).unwrap().base_price_minor,
        1250,
        "reset to the server's state"
    );
    assert_eq!(cy.dirty_count().unwrap(), 0);
    // a rep cannot write into another territory
    let mut bad = Account::new(&Env::system(), "Elsewhere");
    bad.territory_id = Some(w.north.clone());
    cy.create(bad.clone()).unwrap();
    let r = w.sync(&mut cy);
    assert_eq!(r.rejected[0].reason, "out_of_scope");
    assert!(
        cy.find::<Account>(&bad.id).unwrap().is_none(),
        "a refused new record leaves the device"
    );
}

#[test]
fn moving_an_account_revokes_and_grants_its_documents() {
    moving_an_account_revokes_and_grants_its_documents_in(World::new());
}

#[test]
fn moving_an_account_revokes_and_grants_its_documents_over_http() {
    moving_an_account_revokes_and_grants_its_documents_in(World::over_http());
}

fn moving_an_account_revokes_and_grants_its_documents_in(w: World) {
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let (mut ana, mut cy) = (w.device("ana"), w.device("cy"));
    w.sync(&mut ana);
    w.sync(&mut cy);
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1000, 0)])
        .unwrap();
    w.sync(&mut ana);
    assert!(cy.find::<Account>(&acc.id).unwrap().is_none());
    w.sync(&mut mia);
    mia.update::<Account>(&acc.id, |a| {
        a.territory_id = Some(w.south.clone());
        Ok(())
    })
    .unwrap();
    assert!(w.sync(&mut mia).rejected.is_empty());
    let rc = w.sync(&mut cy);
    assert!(rc.pulled >= 2);
    assert!(cy.find::<Account>(&acc.id).unwrap().is_some());
    assert_eq!(cy.get::<Order>(&o.id).unwrap().lines.len(), 1);
    let ra = w.sync(&mut ana);
    assert_eq!(ra.revoked, 2);
    assert!(ana.find::<Account>(&acc.id).unwrap().is_none());
    assert!(ana.find::<Order>(&o.id).unwrap().is_none());
    // the manager sees it in both places and keeps it
    w.sync(&mut mia);
    assert!(mia.find::<Order>(&o.id).unwrap().is_some());
}

#[test]
fn replayed_pushes_change_nothing_and_bad_requests_store_nothing() {
    let w = World::new();
    let (mut root, _p) = catalogue(&w);
    let token = root.meta("token").unwrap().unwrap();
    let a = root.create_account(NewAccount::named("Replay AG")).unwrap();
    let push = PushDoc {
        id: a.id.clone(),
        kind: fieldsales_core::records::Kind::Account,
        changes: root.export(&a.id).unwrap(),
    };
    let body = protocol::encode(&SyncRequest {
        cursor: Cursor {
            seq: 1,
            snapshot_after: None,
        },
        push: vec![push],
        limit: 10,
        want: vec![],
    });
    w.api.sync(Some(&token), &body).unwrap();
    let seq = w.api.store().max_seq().unwrap();
    let again: SyncResponse =
        protocol::decode(&w.api.sync(Some(&token), &body).unwrap(), usize::MAX).unwrap();
    assert_eq!(again.accepted.len(), 1);
    assert_eq!(w.api.store().max_seq().unwrap(), seq, "no new feed entry");
    // tokens
    assert_eq!(w.api.sync(None, &body).unwrap_err().status().0, 401);
    assert_eq!(w.api.sync(Some("nope"), &body).unwrap_err().status().0, 401);
    // bodies
    for (bad, status) in [
        (vec![], 400),
        (vec![9u8, 1, 2], 400),
        (b"{\"json\": true}".to_vec(), 400),
        (body[..body.len() / 2].to_vec(), 400),
        (vec![1u8; protocol::MAX_REQUEST_BYTES + 1], 413),
    ] {
        assert_eq!(
            w.api.sync(Some(&token), &bad).unwrap_err().status().0,
            status
        );
    }
    assert_eq!(w.api.store().max_seq().unwrap(), seq, "nothing stored");
    // a revoked user is signed out
    let u = w.api.store().user_by_name("root").unwrap().unwrap();
    w.api.store().revoke_tokens(&u.id).unwrap();
    assert_eq!(w.api.sync(Some(&token), &body).unwrap_err().status().0, 401);
}

#[test]
fn a_restarted_server_keeps_what_it_acknowledged() {
    let w = World::new();
    let (mut root, p) = catalogue(&w);
    let data = w.dir.path().join("srv");
    drop(w.api);
    let api = Arc::new(Api::open(&data).unwrap());
    let t = InProcess(api.clone());
    root.update::<Product>(&p.id, |x| {
        x.name = "Widget 2".into();
        Ok(())
    })
    .unwrap();
    sync::sync(&mut root, &t, &mut |_| Ok(())).unwrap();
    drop(api);
    let api = Arc::new(Api::open(&data).unwrap());
    let mut fresh = session::login(
        &w.dir.path().join("root2.db"),
        &InProcess(api.clone()),
        "x",
        "root",
        "pw-root-secret",
    )
    .unwrap();
    sync::sync(&mut fresh, &InProcess(api), &mut |_| Ok(())).unwrap();
    assert_eq!(fresh.get::<Product>(&p.id).unwrap().name, "Widget 2");
}

#[test]
fn blobs_resume_and_complete_only_when_the_hash_matches() {
    let w = World::new();
    let t = InProcess(w.api.clone());
    let login = fieldsales_core::sync::Transport::login(
        &t,
        &protocol::LoginRequest {
            user: "ana".into(),
            password: "pw-ana-secret".into(),
            device_id: "d1".into(),
            public_key: None,
        },
    )
    .unwrap();
    let bytes = b"a photo of the shelf".to_vec();
    let hash = fieldsales_core::ops::sha256_hex(&bytes);
    let tok = Some(login.token.as_str());
    w.api.put_blob(tok, &hash, 0, &bytes[..5]).unwrap();
    assert_eq!(w.api.blob_offset(tok, &hash).unwrap(), 5);
    assert!(w.api.get_blob(tok, &hash).is_err(), "incomplete");
    assert_eq!(
        w.api
            .put_blob(tok, &hash, 3, &bytes[3..])
            .unwrap_err()
            .status()
            .0,
        409
    );
    w.api.put_blob(tok, &hash, 5, &bytes[5..]).unwrap();
    // complete; read only through a document that references it (see
    // a_blob_is_read_through_its_document_and_cannot_be_squatted)
    assert_eq!(
        w.api.blob_status(tok, &hash).unwrap(),
        (bytes.len() as u64, true)
    );
    assert_eq!(
        w.api.put_blob(tok, "xyz", 0, b"a").unwrap_err().status().0,
        400
    );
}

#[test]
fn the_binary_serves_http_on_loopback_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("srv");
    let bin = env!("CARGO_BIN_EXE_fieldsales-server");
    let ok = |args: &[&str]| {
        let o = std::process::Command::new(bin).args(args).output().unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    ok(&["init", "--data", data.to_str().unwrap()]);
    let t: serde_json::Value = serde_json::from_str(&ok(&[
        "territory",
        "add",
        "--data",
        data.to_str().unwrap(),
        "--name",
        "north",
        "--json",
    ]))
    .unwrap();
    ok(&[
        "user",
        "add",
        "--data",
        data.to_str().unwrap(),
        "--name",
        "ana",
        "--password",
        "pw-ana-secret",
        "--role",
        "rep",
        "--territory",
        t["id"].as_str().unwrap(),
    ]);
    let mut child = std::process::Command::new(bin)
        .args([
            "serve",
            "--data",
            data.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"));
    let http = fieldsales_http::HttpTransport::new(&url).unwrap();
    let mut s = session::login(
        &dir.path().join("ana.db"),
        &http,
        &url,
        "ana",
        "pw-ana-secret",
    )
    .unwrap();
    let r = sync::sync(&mut s, &http, &mut |_| Ok(())).unwrap();
    assert_eq!(r.round_trips, 1);
    assert!(session::login(&dir.path().join("x.db"), &http, &url, "ana", "wrong").is_err());
    assert!(
        !Path::new(&dir.path().join("x.db")).exists(),
        "a refused login creates nothing"
    );
    // SIGTERM: a clean exit
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_sqlite_store_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    let n = std::sync::atomic::AtomicUsize::new(0);
    fieldsales_server::conformance::run(|| {
        let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        SqliteStore::open(&dir.path().join(format!("s{i}"))).unwrap()
    });
}

/// Push the bytes of a document edited directly (as a tampered or outdated app would) and
/// return the server's reason.
fn forged_push(
    w: &World,
    dev: &mut Store,
    id: &str,
    edit: impl FnOnce(&mut Order),
) -> Option<String> {
    let mut doc = automerge::AutoCommit::load(&dev.export(id).unwrap()).unwrap();
    let mut o: Order = fieldsales_core::doc::read(&doc).unwrap();
    edit(&mut o);
    fieldsales_core::doc::write(&mut doc, &o).unwrap();
    doc.commit();
    dev.import(&doc.save()).unwrap();
    let r = w.sync(dev);
    r.rejected.first().map(|x| x.reason.to_string())
}

#[test]
fn every_rule_the_device_checks_the_server_enforces() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let other = account_in(&w, &mut mia, "Südhof", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1000, 0)])
        .unwrap();
    ana.submit_order(&o.id).unwrap();
    w.sync(&mut ana);
    let line = ana.get::<Order>(&o.id).unwrap().lines[0].clone();
    let mut extra = line.clone();
    extra.line_id = "forged-line".into();
    assert_eq!(
        forged_push(&w, &mut ana, &o.id, |o| o.lines.push(extra)).as_deref(),
        Some("not_editable")
    );
    assert_eq!(
        forged_push(&w, &mut ana, &o.id, |o| o.status =
            fieldsales_core::records::OrderStatus::Invoiced)
        .as_deref(),
        Some("invalid_transition")
    );
    assert_eq!(
        forged_push(&w, &mut ana, &o.id, |o| o.status =
            fieldsales_core::records::OrderStatus::Confirmed)
        .as_deref(),
        Some("forbidden"),
        "a rep does not confirm"
    );
    assert_eq!(
        forged_push(&w, &mut ana, &o.id, |o| o.account_id = other.id.clone()).as_deref(),
        Some("immutable_field")
    );
    // after each rejection the device holds the server's state again
    assert_eq!(
        ana.get::<Order>(&o.id).unwrap().status,
        fieldsales_core::records::OrderStatus::Submitted
    );
    assert_eq!(ana.rejections().unwrap().len(), 4);
    // bytes that are not changes, and changes that are too large
    let token = ana.meta("token").unwrap().unwrap();
    let mut huge = Account::new(&Env::system(), "Huge");
    huge.territory_id = Some(w.north.clone());
    huge.legal_name = "x".repeat(protocol::MAX_DOC_PUSH_BYTES + 10);
    let author = fieldsales_core::doc::Author {
        actor: automerge::ActorId::random(),
        name: "ana".into(),
        at: Env::system().now(),
    };
    let huge_bytes = fieldsales_core::doc::create(&huge, &author)
        .unwrap()
        .save_nocompress();
    let req = SyncRequest {
        cursor: ana.sync_cursor().unwrap(),
        push: vec![
            PushDoc {
                id: "garbage".into(),
                kind: fieldsales_core::records::Kind::Order,
                changes: vec![1, 2, 3],
            },
            PushDoc {
                id: huge.id.clone(),
                kind: fieldsales_core::records::Kind::Account,
                changes: huge_bytes,
            },
        ],
        limit: 10,
        want: vec![],
    };
    let resp: SyncResponse = protocol::decode(
        &w.api.sync(Some(&token), &protocol::encode(&req)).unwrap(),
        usize::MAX,
    )
    .unwrap();
    // each document gets its own reason (accounts are checked first)
    let mut reasons: Vec<(&str, &str)> = resp
        .rejected
        .iter()
        .map(|r| (r.id.as_str(), r.reason.as_str()))
        .collect();
    reasons.sort();
    let mut want = vec![("garbage", "bad_document"), (huge.id.as_str(), "too_large")];
    want.sort();
    assert_eq!(reasons, want);
}

#[test]
fn an_expired_token_is_refused() {
    let w = World::new();
    let u = w.api.store().user_by_name("ana").unwrap().unwrap();
    w.api
        .store()
        .put_token(
            &fieldsales_server::auth::token_hash("old"),
            &fieldsales_server::store::TokenRow {
                user_id: u.id,
                device_id: "d".into(),
                expires_at: 1,
                revoked: false,
            },
        )
        .unwrap();
    let body = protocol::encode(&SyncRequest {
        cursor: Cursor::default(),
        push: vec![],
        limit: 10,
        want: vec![],
    });
    assert_eq!(w.api.sync(Some("old"), &body).unwrap_err().status().0, 401);
}

#[test]
fn concurrent_pushes_are_committed_in_groups_and_none_is_lost() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Parallel GmbH", &w.north);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let o = ana.new_order(&acc.id).unwrap();
    w.sync(&mut ana);
    let mut ben = w.device("ben");
    w.sync(&mut ben);
    // ana and ben add lines to the same order while cy files tasks, all at once: their
    // pushes meet in the same batches, each merged onto what the batch before staged
    let api = w.api.clone();
    let threads: Vec<_> = [ana, ben, w.device("cy")]
        .into_iter()
        .enumerate()
        .map(|(i, mut s)| {
            let api = api.clone();
            let (order, product) = (o.id.clone(), p.id.clone());
            std::thread::spawn(move || {
                let mut tasks = Vec::new();
                for k in 0..12 {
                    if i < 2 {
                        s.add_order_line(&order, NewLine::new(&product, 1000 * (k + 1), 0))
                            .unwrap();
                    } else {
                        let t = fieldsales_core::records::Task::new(
                            &Env::system(),
                            s.identity().user_id.clone(),
                            format!("call back #{k}"),
                        );
                        tasks.push(s.create(t).unwrap().id);
                    }
                    let r = sync::sync(&mut s, &InProcess(api.clone()), &mut |_| Ok(())).unwrap();
                    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
                }
                (s, tasks)
            })
        })
        .collect();
    let mut done: Vec<(Store, Vec<String>)> =
        threads.into_iter().map(|t| t.join().unwrap()).collect();
    for (s, _) in done.iter_mut() {
        w.sync(s);
        assert_eq!(s.dirty_count().unwrap(), 0, "everything acknowledged");
    }
    let a: Order = done[0].0.get(&o.id).unwrap();
    let b: Order = done[1].0.get(&o.id).unwrap();
    assert_eq!(a.lines.len(), 24, "both reps' lines, none lost");
    assert_eq!(a, b);
    for id in &done[2].1 {
        let d = w.api.service.store().load_doc(id).unwrap();
        assert!(d.is_some(), "task {id} acknowledged but not stored");
    }
    // a fresh device of the manager sees the order exactly as the reps do
    let mut fresh = session::login(
        &w.dir.path().join("mia-2.db"),
        &InProcess(w.api.clone()),
        "inprocess://",
        "mia",
        "pw-mia-secret",
    )
    .unwrap();
    w.sync(&mut fresh);
    assert_eq!(fresh.get::<Order>(&o.id).unwrap(), a);
    assert_eq!(fresh.check_index().unwrap(), vec![]);
}

/// Found by the simulation (seed 96): with group commit, an account pushed in the same
/// request as its first order was only staged when the order's scope was looked up.
#[test]
fn a_new_account_and_its_first_order_in_one_push_are_both_accepted() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    w.sync(&mut mia);
    let mut a = NewAccount::named("Offline Neukunde");
    a.territory_id = Some(w.north.clone());
    let a = mia.create_account(a).unwrap();
    let o = mia
        .new_order_with_lines(&a.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    let r = w.sync(&mut mia);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    assert_eq!(r.pushed, 2);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    assert_eq!(ana.get::<Order>(&o.id).unwrap().total_minor, o.total_minor);
}

/// Found by the simulation (seed 96): a phone that dropped a document it had created (its push
/// was refused, then an older copy of the same request, replayed by the network, was
/// accepted) received colleagues' changes it could not apply, and every later sync failed.
#[test]
fn changes_to_a_document_the_phone_lacks_bring_the_whole_document_instead_of_failing() {
    let w = World::new();
    let (_root, p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let (mut ana, mut ben) = (w.device("ana"), w.device("ben"));
    w.sync(&mut ana);
    w.sync(&mut ben);
    let o = ana
        .new_order_with_lines(&acc.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    w.sync(&mut ana);
    w.sync(&mut ben);
    ana.remove_documents(std::slice::from_ref(&o.id)).unwrap();
    ben.add_order_line(&o.id, NewLine::new(&p.id, 2_000, 0))
        .unwrap();
    w.sync(&mut ben);
    // the first sync cannot apply ben's change and asks for the document; it still succeeds
    let first = sync::sync(&mut ana, &InProcess(w.api.clone()), &mut |_| Ok(())).unwrap();
    assert!(first.pulled >= 1);
    assert_eq!(ana.wanted().unwrap(), vec![o.id.clone()]);
    w.sync(&mut ana);
    assert!(ana.wanted().unwrap().is_empty());
    assert_eq!(
        ana.get::<Order>(&o.id).unwrap(),
        ben.get::<Order>(&o.id).unwrap()
    );
    assert_eq!(ana.check_index().unwrap(), vec![]);
}

/// A photo is read by those who may read the visit it belongs to, and by nobody else (not a
/// rep of another territory who knows its hash). Wrong bytes uploaded under its hash by
/// someone else neither block the real upload nor make the phone believe it is done; an
/// incomplete upload is its uploader's until it completes, and expires.
#[test]
fn a_blob_is_read_through_its_document_and_cannot_be_squatted() {
    let w = World::new();
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let mut ana = w.device("ana");
    let cy = w.device("cy");
    w.sync(&mut ana);
    // a PNG header, then the shelf
    let photo = [b"\x89PNG\r\n\x1a\n".as_slice(), b"the shelf, aisle 4"].concat();
    let hash = fieldsales_core::ops::sha256_hex(&photo);
    let token = |s: &fieldsales_core::Store| s.meta("token").unwrap().unwrap();
    let (ana_tok, cy_tok) = (token(&ana), token(&cy));

    // cy squats the hash with wrong bytes of the same length
    let wrong = vec![b'x'; photo.len()];
    w.api.put_blob(Some(&cy_tok), &hash, 0, &wrong).unwrap();
    assert_eq!(
        w.api.blob_status(Some(&cy_tok), &hash).unwrap(),
        (photo.len() as u64, false)
    );
    // the visit and its photo go up from ana's phone: the squatter's bytes do not count
    let visit = ana.plan_visit(&acc.id, Env::system().now(), 30).unwrap();
    ana.add_visit_photo(&visit.id, &photo).unwrap();
    let r = w.sync(&mut ana);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    assert_eq!(r.blobs_up, 1, "uploaded and confirmed complete");
    assert_eq!(
        w.api.blob_status(Some(&ana_tok), &hash).unwrap(),
        (photo.len() as u64, true)
    );

    // who may read the visit reads the photo; a rep of another territory does not, and is
    // told the same as for a hash that does not exist
    let mut ben = w.device("ben");
    w.sync(&mut ben);
    let ben_tok = token(&ben);
    assert_eq!(w.api.get_blob(Some(&ben_tok), &hash).unwrap(), photo);
    assert_eq!(w.api.get_blob(Some(&token(&mia)), &hash).unwrap(), photo);
    let e = w.api.get_blob(Some(&cy_tok), &hash).unwrap_err();
    assert_eq!(e.status().0, 404);
    let nothing = fieldsales_core::ops::sha256_hex(b"nothing");
    assert_eq!(
        w.api
            .get_blob(Some(&cy_tok), &nothing)
            .unwrap_err()
            .status(),
        e.status()
    );

    // an incomplete upload is its uploader's, and goes after a day
    let other = [b"\x89PNG\r\n\x1a\n".as_slice(), b"another"].concat();
    let h2 = fieldsales_core::ops::sha256_hex(&other);
    w.api.put_blob(Some(&cy_tok), &h2, 0, &other[..4]).unwrap();
    assert_eq!(w.api.blob_status(Some(&ana_tok), &h2).unwrap(), (0, false));
    let day_later = Env::system().now().millis() + fieldsales_server::api::BLOB_UPLOAD_TTL_MS + 1;
    assert_eq!(w.api.store().sweep_blob_parts(day_later).unwrap(), 1);
    assert_eq!(w.api.blob_status(Some(&cy_tok), &h2).unwrap(), (0, false));
}

#[test]
fn logout_ends_the_session_on_the_server_and_deletes_the_store() {
    logout_ends_the_session_on_the_server_and_deletes_the_store_in(World::new());
}

#[test]
fn logout_ends_the_session_on_the_server_and_deletes_the_store_over_http() {
    logout_ends_the_session_on_the_server_and_deletes_the_store_in(World::over_http());
}

fn logout_ends_the_session_on_the_server_and_deletes_the_store_in(w: World) {
    let path = w.dir.path().join("ana.db");
    let files = |p: &std::path::Path| {
        ["", "-wal", "-shm"]
            .iter()
            .filter(|s| std::path::PathBuf::from(format!("{}{s}", p.display())).exists())
            .count()
    };
    let mut ana = w.device("ana");
    let token = ana.meta("token").unwrap().unwrap();
    // ana's second phone keeps its own session
    let other_path = w.dir.path().join("ana-2.db");
    let other = session::login(
        &other_path,
        w.transport().as_ref(),
        &w.server_url(),
        "ana",
        "pw-ana-secret",
    )
    .unwrap();
    let other_token = other.meta("token").unwrap().unwrap();
    drop(other);

    let mut a = NewAccount::named("Unsynced Shop");
    a.territory_id = Some(w.north.clone());
    ana.create_account(a).unwrap();
    // unsynced work refuses it and changes nothing: the store and the session stay
    match session::logout(ana, w.transport().as_ref(), false) {
        Err(CoreError::Unsynced { documents, blobs }) => {
            assert_eq!((documents, blobs), (1, 0));
        }
        other => panic!("expected Unsynced, got {other:?}"),
    }
    let mut ana = Store::open(&path).unwrap();
    assert_eq!(ana.dirty_count().unwrap(), 1);
    w.sync(&mut ana);

    let report = session::logout(ana, w.transport().as_ref(), false).unwrap();
    assert!(report.server_revoked);
    assert_eq!((report.discarded_documents, report.discarded_blobs), (0, 0));
    assert_eq!(files(&path), 0, "the store, its WAL and SHM are deleted");
    let body = protocol::encode(&SyncRequest {
        cursor: Cursor::default(),
        push: vec![],
        limit: 10,
        want: vec![],
    });
    assert_eq!(w.api.sync(Some(&token), &body).unwrap_err().status().0, 401);
    assert_eq!(w.api.logout(Some(&token)).unwrap_err().status().0, 401);
    assert!(w.api.sync(Some(&other_token), &body).is_ok());
}

#[test]
fn logout_while_offline_is_forced_only() {
    use fieldsales_core::sync::TransportError;
    let w = World::new();
    let path = w.dir.path().join("ana.db");
    let ana = w.device("ana");
    let token = ana.meta("token").unwrap().unwrap();
    // a port nothing listens on: bound, then closed
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let offline = fieldsales_http::HttpTransport::new(&url).unwrap();
    match session::logout(ana, &offline, false) {
        Err(CoreError::Transport(TransportError::Offline(_))) => {}
        other => panic!("expected Offline, got {other:?}"),
    }
    assert!(path.exists(), "a refused logout keeps the store");
    let mut ana = Store::open(&path).unwrap();
    let mut a = NewAccount::named("Lost Shop");
    a.territory_id = Some(w.north.clone());
    ana.create_account(a).unwrap();
    let report = session::logout(ana, &offline, true).unwrap();
    assert!(!report.server_revoked);
    assert_eq!(report.discarded_documents, 1);
    assert!(!path.exists());
    // the server never heard of it: the session stays until it expires or is revoked
    assert!(w.api.authenticate(Some(&token)).is_ok());
}

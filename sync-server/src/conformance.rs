//! One test suite every `ServerStore` backend runs: `run(|| backend)`. Panics on the first
//! behaviour that differs from the contract.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fieldsales_core::records::{Kind, Role};

use crate::store::{Commit, FeedOp, Scopes, ServerDoc, ServerStore, TokenRow, UserRow};

fn doc(id: &str, kind: Kind, scope: &str, account: Option<&str>, n: u8) -> ServerDoc {
    ServerDoc {
        id: id.into(),
        kind,
        scope: scope.into(),
        account_id: account.map(str::to_string),
        snapshot: vec![n; 4],
        heads: vec![n; 32],
        record: n
            .is_multiple_of(2)
            .then(|| format!("{{\"id\":\"{id}\",\"n\":{n}}}")),
    }
}

fn commit(d: ServerDoc, changes: &[u8]) -> Commit {
    Commit {
        doc: d,
        changes: changes.to_vec(),
        origin: "dev-1".into(),
        rescoped: vec![],
        old_scope: None,
    }
}

/// Run every check against fresh stores made by `make`.
pub fn run<S: ServerStore>(make: impl Fn() -> S) {
    users_and_tokens(&make());
    devices_lockouts_and_audit(&make());
    documents_and_feed(&make());
    moves_rescope_children_atomically(&make());
    access_changes_reach_one_user(&make());
    documents_of_a_kind(&make());
    blobs(&make());
}

fn access_changes_reach_one_user<S: ServerStore>(s: &S) {
    s.commit_many(&[
        commit(doc("a1", Kind::Account, "territory:t1", None, 1), b"x"),
        commit(
            doc("c1", Kind::Contact, "territory:t1", Some("a1"), 2),
            b"y",
        ),
        commit(doc("a2", Kind::Account, "territory:t2", None, 3), b"z"),
    ])
    .unwrap();
    let before = s.max_seq().unwrap();
    s.write_access_change("u1", &["territory:t1".into()], &["territory:t2".into()])
        .unwrap();
    let mine = Scopes::Only(vec![crate::scope::access("u1")]);
    let e = s.feed_after(before, &mine, 10).unwrap();
    let got: Vec<(&str, FeedOp)> = e.iter().map(|e| (e.doc_id.as_str(), e.op)).collect();
    assert_eq!(
        got,
        vec![
            ("a1", FeedOp::Revoke),
            ("c1", FeedOp::Revoke),
            ("a2", FeedOp::Grant)
        ]
    );
    assert!(e.iter().all(|e| e.bytes.is_empty()));
    // nobody else's feed carries them
    let others = Scopes::Only(vec!["territory:t1".into(), "territory:t2".into()]);
    assert!(s.feed_after(before, &others, 10).unwrap().is_empty());
}

fn documents_of_a_kind<S: ServerStore>(s: &S) {
    s.commit_many(&[
        commit(doc("p1", Kind::Product, "global", None, 1), b"x"),
        commit(doc("l1", Kind::PriceList, "global", None, 2), b"y"),
        commit(doc("l2", Kind::PriceList, "global", None, 3), b"z"),
        commit(doc("l3", Kind::PriceList, "territory:t1", None, 4), b"w"),
    ])
    .unwrap();
    let ids: Vec<String> = s
        .docs_of_kind(Kind::PriceList, "global")
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, vec!["l1".to_string(), "l2".to_string()]);
}

fn users_and_tokens<S: ServerStore>(s: &S) {
    let u = UserRow {
        id: "u1".into(),
        name: "ana".into(),
        password_hash: "h".into(),
        role: Role::Rep,
        active: true,
        territory_ids: vec!["t1".into()],
    };
    s.create_user(&u).unwrap();
    assert!(s.create_user(&u).is_err(), "names are unique");
    assert_eq!(s.user_by_name("ana").unwrap().unwrap(), u);
    assert_eq!(s.user_by_id("u1").unwrap().unwrap(), u);
    assert!(s.user_by_name("nobody").unwrap().is_none());
    assert_eq!(s.users_in_territories(&["t1".into()]).unwrap().len(), 1);
    s.set_user_territories("u1", &["t2".into()]).unwrap();
    assert!(s.users_in_territories(&["t1".into()]).unwrap().is_empty());
    s.set_user_active("u1", false).unwrap();
    assert!(!s.user_by_id("u1").unwrap().unwrap().active);
    let t = TokenRow {
        user_id: "u1".into(),
        device_id: "d1".into(),
        expires_at: 10,
        revoked: false,
    };
    s.put_token("hash", &t).unwrap();
    assert_eq!(s.token("hash").unwrap().unwrap(), t);
    s.revoke_tokens("u1").unwrap();
    assert!(s.token("hash").unwrap().unwrap().revoked);
    // one session ends alone: another of the same user stays valid
    let other = TokenRow {
        revoked: false,
        ..t.clone()
    };
    s.put_token("hash-2", &other).unwrap();
    s.put_token("hash-3", &other).unwrap();
    s.revoke_token("hash-2").unwrap();
    assert!(s.token("hash-2").unwrap().unwrap().revoked);
    assert!(!s.token("hash-3").unwrap().unwrap().revoked);
    s.revoke_token("no-such-hash").unwrap();
    s.register_device("d1", "u1", Some("key"), 5).unwrap();
    s.register_device("d1", "u1", None, 6).unwrap();
    assert_eq!(
        s.device_key("d1").unwrap().as_deref(),
        Some("key"),
        "a login without key keeps it"
    );
    assert!(
        s.register_device("d1", "u2", None, 7).is_err(),
        "a device belongs to one user"
    );
    s.create_territory("t1", "North", None).unwrap();
    s.create_territory("t2", "Kiel", Some("t1")).unwrap();
    assert_eq!(s.territories().unwrap().len(), 2);
}

fn devices_lockouts_and_audit<S: ServerStore>(s: &S) {
    use crate::error::Error;
    use crate::store::{AuditEntry, AuditEvent, LoginFailures};

    // a device keeps its first key; another one is refused and changes nothing
    s.register_device("d1", "u1", Some("key-1"), 10).unwrap();
    assert!(matches!(
        s.register_device("d1", "u1", Some("key-2"), 11),
        Err(Error::DeviceKeyMismatch)
    ));
    s.register_device("d1", "u1", Some("key-1"), 12).unwrap();
    let d = s.device("d1").unwrap().unwrap();
    assert_eq!(d.public_key.as_deref(), Some("key-1"));
    assert_eq!((d.registered_at_ms, d.last_login_at_ms), (10, 12));
    assert_eq!(d.revoked_at_ms, None);
    // a device registered without a key takes the first one it sends
    s.register_device("d2", "u1", None, 20).unwrap();
    s.register_device("d2", "u1", Some("key-3"), 21).unwrap();
    assert_eq!(s.device_key("d2").unwrap().as_deref(), Some("key-3"));
    s.register_device("d3", "u2", Some("key-4"), 30).unwrap();
    assert_eq!(s.devices(None).unwrap().len(), 3);
    assert_eq!(
        s.devices(Some("u1"))
            .unwrap()
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["d1", "d2"]
    );
    // revoking a device ends its sessions, not the user's others
    let token = |device: &str| TokenRow {
        user_id: "u1".into(),
        device_id: device.into(),
        expires_at: 100,
        revoked: false,
    };
    s.put_token("t1", &token("d1")).unwrap();
    s.put_token("t2", &token("d2")).unwrap();
    assert!(s.revoke_device("d1", 40).unwrap());
    assert!(!s.revoke_device("nope", 40).unwrap());
    assert!(s.token("t1").unwrap().unwrap().revoked);
    assert!(!s.token("t2").unwrap().unwrap().revoked);
    assert_eq!(s.device("d1").unwrap().unwrap().revoked_at_ms, Some(40));
    assert!(matches!(
        s.register_device("d1", "u1", Some("key-1"), 41),
        Err(Error::DeviceRevoked)
    ));
    // lockouts: stored per name, old unlocked rows forgotten on the way
    assert_eq!(s.login_failures("ana").unwrap(), None);
    let f = LoginFailures {
        failures: 3,
        last_at_ms: 50,
        locked_until_ms: 0,
    };
    s.put_login_failures("ana", &f, 0).unwrap();
    assert_eq!(s.login_failures("ana").unwrap(), Some(f));
    s.put_login_failures("nobody", &f, 0).unwrap();
    s.put_login_failures("ben", &f, 60).unwrap();
    assert_eq!(s.login_failures("ana").unwrap(), None, "forgotten");
    assert!(s.clear_login_failures("ben").unwrap());
    assert!(!s.clear_login_failures("ben").unwrap());
    // passwords
    s.create_user(&UserRow {
        id: "u9".into(),
        name: "zoe".into(),
        password_hash: "old".into(),
        role: Role::Rep,
        active: true,
        territory_ids: vec![],
    })
    .unwrap();
    s.set_user_password("u9", "new").unwrap();
    assert_eq!(s.user_by_id("u9").unwrap().unwrap().password_hash, "new");
    assert!(s.set_user_password("nobody", "new").is_err());
    // the audit log: appended in order, read from a time on
    let e = |at, event| AuditEntry::new(at, event).user(Some("u1"), Some("ana"));
    s.append_audit(&[e(100, AuditEvent::LoginOk).device("d2")])
        .unwrap();
    s.append_audit(&[
        e(200, AuditEvent::LoginFailed).address(Some("192.0.2.1")),
        e(300, AuditEvent::DeviceRevoked).detail("by an admin"),
    ])
    .unwrap();
    let all = s.audit_since(0, 100).unwrap();
    assert_eq!(
        all.iter().map(|e| (e.seq, e.event)).collect::<Vec<_>>(),
        [
            (1, AuditEvent::LoginOk),
            (2, AuditEvent::LoginFailed),
            (3, AuditEvent::DeviceRevoked)
        ]
    );
    assert_eq!(all[0].device_id.as_deref(), Some("d2"));
    assert_eq!(all[1].address.as_deref(), Some("192.0.2.1"));
    assert_eq!(all[2].detail, "by an admin");
    assert_eq!(s.audit_since(200, 1).unwrap()[0].seq, 2);
}

fn documents_and_feed<S: ServerStore>(s: &S) {
    assert_eq!(s.max_seq().unwrap(), 0);
    let mut seq = 0;
    for i in 0..10u8 {
        let scope = if i % 2 == 0 {
            "territory:a"
        } else {
            "territory:b"
        };
        seq = s
            .commit_many(&[commit(
                doc(&format!("d{i}"), Kind::Order, scope, Some("acc"), i),
                &[i],
            )])
            .unwrap();
    }
    assert_eq!(seq, 10);
    assert_eq!(s.max_seq().unwrap(), 10);
    // a commit without changes stores the document but appends nothing
    s.commit_many(&[commit(
        doc("d0", Kind::Order, "territory:a", Some("acc"), 99),
        &[],
    )])
    .unwrap();
    assert_eq!(s.max_seq().unwrap(), 10);
    assert_eq!(s.load_doc("d0").unwrap().unwrap().snapshot, vec![99; 4]);
    // the record's JSON is replaced with the document, and cleared when absent
    assert_eq!(s.load_doc("d0").unwrap().unwrap().record, None);
    assert_eq!(
        s.load_doc("d2").unwrap().unwrap().record.as_deref(),
        Some(r#"{"id":"d2","n":2}"#)
    );
    let only_a = Scopes::Only(vec!["territory:a".into()]);
    let page = s.feed_after(0, &only_a, 3).unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 3, 5]);
    assert!(
        page.iter()
            .all(|e| e.op == FeedOp::Change && e.origin == "dev-1")
    );
    let rest = s.feed_after(5, &only_a, 100).unwrap();
    assert_eq!(rest.iter().map(|e| e.seq).collect::<Vec<_>>(), [7, 9]);
    assert_eq!(s.feed_after(0, &Scopes::All, 100).unwrap().len(), 10);
    // a group of commits lands together, in order, and answers the last seq
    let group = [
        commit(doc("g1", Kind::Task, "user:u", None, 41), &[41]),
        commit(doc("g2", Kind::Task, "user:u", None, 42), &[42]),
        commit(doc("g1", Kind::Task, "user:u", None, 43), &[43]),
    ];
    assert_eq!(s.commit_many(&group).unwrap(), 13);
    assert_eq!(s.load_doc("g1").unwrap().unwrap().snapshot, vec![43; 4]);
    assert_eq!(s.load_doc("g2").unwrap().unwrap().snapshot, vec![42; 4]);
    let bytes: Vec<Vec<u8>> = s
        .feed_after(10, &Scopes::All, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.bytes)
        .collect();
    assert_eq!(bytes, vec![vec![41], vec![42], vec![43]]);
    assert_eq!(s.commit_many(&[]).unwrap(), 13);
    assert!(
        s.feed_after(0, &Scopes::Only(vec![]), 100)
            .unwrap()
            .is_empty()
    );
    let docs = s.docs_in_scopes(&only_a, None, 2).unwrap();
    assert_eq!(
        docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["d0", "d2"]
    );
    let more = s.docs_in_scopes(&only_a, Some("d2"), 10).unwrap();
    assert_eq!(more.len(), 3);
    assert_eq!(s.children_of("acc").unwrap().len(), 10);
}

fn moves_rescope_children_atomically<S: ServerStore>(s: &S) {
    s.commit_many(&[commit(
        doc("acc", Kind::Account, "territory:a", None, 1),
        &[1],
    )])
    .unwrap();
    s.commit_many(&[commit(
        doc("o1", Kind::Order, "territory:a", Some("acc"), 2),
        &[2],
    )])
    .unwrap();
    let before = s.max_seq().unwrap();
    let mut c = commit(doc("acc", Kind::Account, "territory:b", None, 3), &[3]);
    c.old_scope = Some("territory:a".into());
    c.rescoped = vec![
        ("o1".into(), "territory:b".into()),
        ("missing".into(), "territory:b".into()),
    ];
    s.commit_many(&[c]).unwrap();
    assert_eq!(s.load_doc("o1").unwrap().unwrap().scope, "territory:b");
    let entries = s.feed_after(before, &Scopes::All, 100).unwrap();
    let ops: Vec<(&str, FeedOp, &str)> = entries
        .iter()
        .map(|e| (e.doc_id.as_str(), e.op, e.scope.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("acc", FeedOp::Revoke, "territory:a"),
            ("acc", FeedOp::Grant, "territory:b"),
            ("o1", FeedOp::Revoke, "territory:a"),
            ("o1", FeedOp::Grant, "territory:b"),
        ]
    );
}

fn blobs<S: ServerStore>(s: &S) {
    let data = b"photo bytes".to_vec();
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&data));
    assert!(s.blob_len(&hash).unwrap().is_none());
    assert_eq!(s.append_blob(&hash, 0, &data[..4]).unwrap(), 4);
    assert!(s.append_blob(&hash, 2, &data[2..]).is_err(), "wrong offset");
    assert!(
        s.blob(&hash).unwrap().is_none(),
        "incomplete blobs are not served"
    );
    s.append_blob(&hash, 4, &data[4..]).unwrap();
    assert_eq!(s.blob_len(&hash).unwrap(), Some((data.len() as u64, true)));
    assert_eq!(s.blob(&hash).unwrap().unwrap(), data);
    // bytes that do not hash to the name never complete
    let fake = "0".repeat(64);
    s.append_blob(&fake, 0, b"x").unwrap();
    assert!(s.blob(&fake).unwrap().is_none());
}

//! Sign-in abuse and what admins do about it: rate limits and lockouts answered 429 with
//! `Retry-After` alike for names that exist and names that do not, a dummy hash for unknown
//! names, signed-in traffic never limited, devices that keep their key and can be revoked one
//! by one, `/metrics` for admins only, slow clients cut off, the password policy, the audit log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use fieldsales_core::records::Role;
use fieldsales_core::sync::protocol::{LoginRequest, LoginResponse};
use fieldsales_server::Api;
use fieldsales_server::audit::AuditEvent;
use fieldsales_server::body::BodyTimeouts;
use fieldsales_server::error::Error;
use fieldsales_server::http::{Background, ServeOptions};
use fieldsales_server::limits::LoginLimits;
use fieldsales_server::passwords::WeakPassword;
use fieldsales_server::store::{ServerStore, SqliteStore};

const ANA_PASSWORD: &str = "pw-ana-secret";

/// A server with an admin and a rep, these sign-in limits, cheap hashing.
fn server(limits: LoginLimits) -> (tempfile::TempDir, Arc<Api<SqliteStore>>) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(&dir.path().join("srv"))
        .unwrap()
        .with_limits(limits);
    api.service.use_minimal_password_cost();
    let north = api.service.create_territory("north", None).unwrap().id;
    api.service
        .create_user("root", "pw-root-secret", Role::Admin, &[])
        .unwrap();
    api.service
        .create_user("ana", ANA_PASSWORD, Role::Rep, &[north])
        .unwrap();
    (dir, Arc::new(api))
}

/// Limits that never get in the way, to change one at a time.
fn generous() -> LoginLimits {
    LoginLimits {
        per_address_burst: 10_000,
        per_address_refill_ms: 1,
        per_name_burst: 10_000,
        per_name_refill_ms: 1,
        lock_after_failures: 10_000,
        failure_window_ms: 3_600_000,
        lockout_ms: 3_600_000,
    }
}

fn login_req(user: &str, password: &str, device: &str) -> LoginRequest {
    LoginRequest {
        user: user.into(),
        password: password.into(),
        device_id: device.into(),
        public_key: None,
    }
}

/// A plain client (its TLS provider installed the way the phone's transport does).
fn client() -> reqwest::blocking::Client {
    let _ = fieldsales_http::HttpTransport::new("http://127.0.0.1:1");
    reqwest::blocking::Client::new()
}

/// A login over HTTP: (status, `Retry-After`, the error code or the token).
fn http_login(url: &str, user: &str, password: &str) -> (u16, Option<String>, String) {
    let resp = client()
        .post(format!("{url}/v1/auth/login"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&login_req(user, password, &format!("d-{user}"))).unwrap())
        .send()
        .unwrap();
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let v: serde_json::Value = serde_json::from_slice(&resp.bytes().unwrap()).unwrap();
    let what = v["error"]
        .as_str()
        .or(v["token"].as_str())
        .unwrap_or_default()
        .to_string();
    (status, retry, what)
}

#[test]
fn guesses_for_a_name_are_throttled_alike_whether_it_exists_or_not() {
    let (_dir, api) = server(LoginLimits {
        per_name_burst: 3,
        per_name_refill_ms: 3_600_000,
        ..generous()
    });
    let http = Background::start(api.clone()).unwrap();
    for name in ["ana", "nobody"] {
        for _ in 0..3 {
            let (status, retry, code) = http_login(&http.url, name, "wrong-password");
            assert_eq!((status, retry, code.as_str()), (401, None, "unauthorized"));
        }
        let (status, retry, code) = http_login(&http.url, name, "wrong-password");
        assert_eq!(
            (status, code.as_str()),
            (429, "too_many_requests"),
            "{name}"
        );
        let secs: u64 = retry.expect("Retry-After").parse().unwrap();
        assert!(secs > 0 && secs <= 3_600, "{secs}");
    }
    // limited before the password is looked at: the right one waits too
    assert_eq!(http_login(&http.url, "ana", ANA_PASSWORD).0, 429);
    assert_eq!(
        api.metrics
            .logins_throttled
            .load(std::sync::atomic::Ordering::Relaxed),
        3
    );
}

#[test]
fn guesses_from_one_address_are_throttled_across_names_but_good_sign_ins_are_not() {
    let (_dir, api) = server(LoginLimits {
        per_address_burst: 4,
        per_address_refill_ms: 3_600_000,
        ..generous()
    });
    let http = Background::start(api.clone()).unwrap();
    // sign-ins with the right password cost the address nothing, even 40 at once (a sales
    // office behind one address signing in its phones in the morning)
    std::thread::scope(|s| {
        let signing_in: Vec<_> = (0..40)
            .map(|i| {
                let url = http.url.clone();
                s.spawn(move || {
                    client()
                        .post(format!("{url}/v1/auth/login"))
                        .header("content-type", "application/json")
                        .body(
                            serde_json::to_vec(&login_req("ana", ANA_PASSWORD, &format!("p{i}")))
                                .unwrap(),
                        )
                        .send()
                        .unwrap()
                        .status()
                        .as_u16()
                })
            })
            .collect();
        for t in signing_in {
            assert_eq!(t.join().unwrap(), 200);
        }
    });
    for i in 0..4 {
        assert_eq!(
            http_login(&http.url, &format!("user{i}"), "wrong-password").0,
            401
        );
    }
    let (status, retry, _) = http_login(&http.url, "user9", "wrong-password");
    assert_eq!(status, 429);
    assert!(retry.is_some());
    // requests without a valid token count against the address too
    let resp = client()
        .get(format!("{}/v1/reports/attainment?period=2026-11", http.url))
        .bearer_auth("not-a-token")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert!(resp.headers().get("retry-after").is_some());
}

#[test]
fn signed_in_traffic_is_never_limited_even_a_thousand_connections_from_one_address() {
    let (_dir, api) = server(LoginLimits {
        per_address_burst: 1,
        per_address_refill_ms: 3_600_000,
        ..generous()
    });
    let http = Background::start(api.clone()).unwrap();
    let (status, _, token) = http_login(&http.url, "ana", ANA_PASSWORD);
    assert_eq!(status, 200);
    // the address has used up its anonymous allowance
    assert_eq!(http_login(&http.url, "nobody", "wrong-password").0, 401);
    assert_eq!(http_login(&http.url, "nobody", "wrong-password").0, 429);
    let addr = http.url.trim_start_matches("http://").to_string();
    let hash = fieldsales_core::ops::sha256_hex(b"photo");
    let mut conns: Vec<TcpStream> = (0..1000)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            write!(
                s,
                "HEAD /v1/blobs/{hash} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {token}\r\n\r\n"
            )
            .unwrap();
            s
        })
        .collect();
    for s in &mut conns {
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 200");
    }
}

#[test]
fn repeated_failures_lock_a_name_until_an_admin_unlocks_it() {
    let (_dir, api) = server(LoginLimits {
        lock_after_failures: 3,
        ..generous()
    });
    for _ in 0..3 {
        assert!(matches!(
            api.login(&login_req("ana", "wrong-password", "d1")),
            Err(Error::Unauthorized(_))
        ));
    }
    let locked = api.login(&login_req("ana", ANA_PASSWORD, "d1"));
    assert!(
        matches!(locked, Err(Error::TooManyRequests { retry_after_secs }) if retry_after_secs > 0),
        "{locked:?}"
    );
    // a name that does not exist locks the same way
    for _ in 0..3 {
        api.login(&login_req("nobody", "wrong-password", "d1"))
            .unwrap_err();
    }
    assert!(matches!(
        api.login(&login_req("nobody", "wrong-password", "d1")),
        Err(Error::TooManyRequests { .. })
    ));
    assert!(api.service.unlock_user("ana").unwrap());
    api.login(&login_req("ana", ANA_PASSWORD, "d1")).unwrap();
    assert!(
        !api.service.unlock_user("ana").unwrap(),
        "nothing left to lift"
    );
    // `user enable` lifts a lockout too
    for _ in 0..3 {
        api.login(&login_req("ana", "wrong-password", "d1"))
            .unwrap_err();
    }
    api.service.enable_user("ana").unwrap();
    api.login(&login_req("ana", ANA_PASSWORD, "d1")).unwrap();
    let events: Vec<AuditEvent> = api
        .service
        .audit_log(0, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for e in [
        AuditEvent::LockedOut,
        AuditEvent::Unlocked,
        AuditEvent::UserEnabled,
        AuditEvent::LoginOk,
        AuditEvent::LoginFailed,
    ] {
        assert!(events.contains(&e), "{e:?} in {events:?}");
    }
}

#[test]
fn an_unknown_name_costs_a_password_check_like_a_known_one() {
    let (_dir, api) = server(generous());
    let before = api.hashes.verifications();
    api.login(&login_req("nobody", "wrong-password", "d1"))
        .unwrap_err();
    assert_eq!(
        api.hashes.verifications(),
        before + 1,
        "unknown name: hashed"
    );
    api.login(&login_req("ana", "wrong-password", "d1"))
        .unwrap_err();
    assert_eq!(api.hashes.verifications(), before + 2, "known name: hashed");
    // the same answer for both
    let a = api.login(&login_req("nobody", "wrong-password", "d1"));
    let b = api.login(&login_req("ana", "wrong-password", "d1"));
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

fn token_of(
    api: &Api<SqliteStore>,
    device: &str,
    key: Option<&str>,
) -> Result<LoginResponse, Error> {
    api.login(&LoginRequest {
        public_key: key.map(str::to_string),
        ..login_req("ana", ANA_PASSWORD, device)
    })
}

#[test]
fn a_device_keeps_its_first_key_and_a_revoked_device_is_told_so() {
    let (_dir, api) = server(generous());
    let k1 = "11".repeat(32);
    let k2 = "22".repeat(32);
    token_of(&api, "d1", Some(&k1)).unwrap();
    // a re-login with the same key, or none, keeps it; another key is refused
    token_of(&api, "d1", Some(&k1)).unwrap();
    token_of(&api, "d1", None).unwrap();
    assert!(matches!(
        token_of(&api, "d1", Some(&k2)),
        Err(Error::DeviceKeyMismatch)
    ));
    assert_eq!(
        Error::DeviceKeyMismatch.status(),
        (409, "device_key_mismatch")
    );
    assert_eq!(api.store().device_key("d1").unwrap(), Some(k1.clone()));

    // revoke one device: its sessions end with `device_revoked`, the other's go on
    let t1 = token_of(&api, "d1", None).unwrap().token;
    let t2 = token_of(&api, "d2", None).unwrap().token;
    let listed = api.service.list_devices(Some("ana")).unwrap();
    assert_eq!(
        listed.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["d1", "d2"]
    );
    assert_eq!(listed[0].key.as_deref(), Some(&k1[..16]));
    api.service.revoke_device("d1").unwrap();
    let e = api.authenticate(Some(&t1)).unwrap_err();
    assert!(matches!(e, Error::DeviceRevoked));
    assert_eq!(e.status(), (401, "device_revoked"));
    api.authenticate(Some(&t2)).unwrap();
    assert!(matches!(
        token_of(&api, "d1", None),
        Err(Error::DeviceRevoked)
    ));
    assert!(api.service.revoke_device("nope").is_err());
    assert!(
        api.service.list_devices(None).unwrap()[0]
            .revoked_at
            .is_some()
    );

    // revoke the user: every device; enable: a new device signs in, the old stay revoked
    api.service.revoke_user("ana").unwrap();
    assert!(matches!(
        api.authenticate(Some(&t2)),
        Err(Error::DeviceRevoked)
    ));
    assert!(matches!(
        token_of(&api, "d3", None),
        Err(Error::Unauthorized(_))
    ));
    api.service.enable_user("ana").unwrap();
    token_of(&api, "d3", None).unwrap();
    assert!(matches!(
        token_of(&api, "d2", None),
        Err(Error::DeviceRevoked)
    ));
    let events: Vec<AuditEvent> = api
        .service
        .audit_log(0, 1000)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for e in [
        AuditEvent::DeviceRevoked,
        AuditEvent::UserRevoked,
        AuditEvent::UserEnabled,
    ] {
        assert!(events.contains(&e), "{e:?} in {events:?}");
    }
}

#[test]
fn metrics_are_for_admins_or_the_separate_listener() {
    let (_dir, api) = server(generous());
    let http = Background::start(api.clone()).unwrap();
    let c = client();
    let get = |token: Option<&str>| {
        let r = c.get(format!("{}/metrics", http.url));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
        .send()
        .unwrap()
    };
    assert_eq!(get(None).status().as_u16(), 401);
    let (_, _, rep) = http_login(&http.url, "ana", ANA_PASSWORD);
    assert_eq!(get(Some(&rep)).status().as_u16(), 403);
    let (_, _, root) = http_login(&http.url, "root", "pw-root-secret");
    let ok = get(Some(&root));
    assert_eq!(ok.status().as_u16(), 200);
    assert!(ok.text().unwrap().contains("fieldsales_logins_total"));

    // the separate listener serves it without a token, and nothing else
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = fieldsales_server::http::metrics_router(api.clone());
    std::thread::spawn(move || rt.block_on(async { axum::serve(listener, router).await }));
    let open = c.get(format!("{url}/metrics")).send().unwrap();
    assert_eq!(open.status().as_u16(), 200);
    assert_eq!(
        c.get(format!("{url}/v1/health"))
            .send()
            .unwrap()
            .status()
            .as_u16(),
        404
    );
}

/// Read until the server closes the connection; what it said before.
fn read_to_close(s: &mut TcpStream) -> String {
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server did not close the connection: {e}"),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn slow_headers_slow_bodies_and_too_many_connections_are_cut_off() {
    let (_dir, api) = server(generous());
    let token = token_of(&api, "d1", None).unwrap().token;
    let http = Background::start_with(
        api.clone(),
        ServeOptions {
            max_connections: 3,
            header_timeout: Duration::from_millis(300),
            body: BodyTimeouts {
                idle: Duration::from_millis(300),
                total: Duration::from_secs(5),
            },
            ..Default::default()
        },
    )
    .unwrap();
    let addr = http.url.trim_start_matches("http://").to_string();

    // headers that never end: the connection is closed
    let mut slow = TcpStream::connect(&addr).unwrap();
    write!(slow, "POST /v1/sync HTTP/1.1\r\nhost: {addr}\r\nx-slow: ").unwrap();
    let said = read_to_close(&mut slow);
    assert!(
        said.is_empty() || said.starts_with("HTTP/1.1 408"),
        "{said}"
    );

    // a body that stops coming: 408, then closed
    let mut slow = TcpStream::connect(&addr).unwrap();
    write!(
        slow,
        "POST /v1/sync HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {token}\r\ncontent-length: 1000\r\n\r\nsome bytes"
    )
    .unwrap();
    let said = read_to_close(&mut slow);
    assert!(said.starts_with("HTTP/1.1 408"), "{said}");
    assert!(said.contains("request_timeout"), "{said}");

    // three connections held open; a fourth is answered 503 at once
    let held: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(&addr).unwrap();
            // an unfinished request keeps it busy until the header timeout
            write!(s, "GET /v1/health HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    let mut extra = TcpStream::connect(&addr).unwrap();
    let said = read_to_close(&mut extra);
    assert!(said.starts_with("HTTP/1.1 503"), "{said}");
    drop(held);
}

#[test]
fn new_passwords_follow_the_policy() {
    let (_dir, api) = server(generous());
    let s = &api.service;
    for (pw, why) in [
        ("short-pw", WeakPassword::TooShort),
        ("1234567890", WeakPassword::Common),
        ("Password123", WeakPassword::Common),
    ] {
        match s.create_user("zoe", pw, Role::Rep, &[]) {
            Err(Error::WeakPassword(w)) => assert_eq!(w, why, "{pw}"),
            other => panic!("{pw}: {other:?}"),
        }
        match s.set_password("ana", pw) {
            Err(Error::WeakPassword(w)) => assert_eq!(w, why, "{pw}"),
            other => panic!("{pw}: {other:?}"),
        }
    }
    assert!(api.store().user_by_name("zoe").unwrap().is_none());
    assert_eq!(
        Error::WeakPassword(WeakPassword::TooShort).status(),
        (400, "weak_password")
    );
    s.set_password("ana", "a-new-long-secret").unwrap();
    api.login(&login_req("ana", "a-new-long-secret", "d1"))
        .unwrap();
    api.login(&login_req("ana", ANA_PASSWORD, "d1"))
        .unwrap_err();
}

#[test]
fn the_audit_log_records_sign_ins_admin_commands_and_refused_pushes_and_cannot_be_edited() {
    let (_dir, api) = server(generous());
    api.login_from(
        &login_req("ana", "wrong-password", "d1"),
        Some("192.0.2.7".parse().unwrap()),
    )
    .unwrap_err();
    api.login_from(
        &login_req("ana", ANA_PASSWORD, "d1"),
        Some("192.0.2.7".parse().unwrap()),
    )
    .unwrap();
    api.service.revoke_device("d1").unwrap();
    let log = api.service.audit_log(0, 1000).unwrap();
    let failed = log
        .iter()
        .find(|e| e.event == AuditEvent::LoginFailed)
        .unwrap();
    assert_eq!(failed.user_name.as_deref(), Some("ana"));
    assert_eq!(failed.device_id.as_deref(), Some("d1"));
    assert_eq!(failed.address.as_deref(), Some("192.0.2.7"));
    assert!(log.iter().any(|e| e.event == AuditEvent::LoginOk));
    assert!(log.iter().any(|e| e.event == AuditEvent::UserAdded));
    assert!(log.iter().any(|e| e.event == AuditEvent::TerritoryAdded));
    let revoked = log
        .iter()
        .find(|e| e.event == AuditEvent::DeviceRevoked)
        .unwrap();
    assert_eq!(revoked.device_id.as_deref(), Some("d1"));
    // seq grows, entries come back oldest first, and `since` cuts
    assert!(log.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(
        api.service.audit_log(revoked.at_ms, 1000).unwrap().last(),
        Some(revoked)
    );
    // the table itself refuses to change or lose an entry
    let db = rusqlite::Connection::open(_dir.path().join("srv").join("server.db")).unwrap();
    assert!(db.execute("UPDATE audit SET detail = 'x'", []).is_err());
    assert!(db.execute("DELETE FROM audit", []).is_err());
    assert_eq!(api.service.audit_log(0, 1000).unwrap(), log);
}

mod common;

/// A revoked phone learns it on its next sync over HTTP: its local data is deleted (the file
/// holds none of its customers' names any more), the error says why, and the user can sign in
/// again as a new device.
#[test]
fn a_revoked_phone_deletes_its_data_on_its_next_sync_and_says_why() {
    use fieldsales_core::sync::TransportError;
    let w = common::World::over_http();
    let mut ana = w.device("ana");
    common::account_in(&w, &mut ana, "Kundenname Nordhof", &w.north);
    let path = ana.path().to_path_buf();
    let device_id = ana.identity().device_id.clone();
    ana.checkpoint().unwrap();
    assert!(
        std::fs::read(&path)
            .unwrap()
            .windows(7)
            .any(|w| w == b"Nordhof"),
        "the name is in the file before"
    );
    w.api.service.revoke_device(&device_id).unwrap();
    let e =
        fieldsales_core::sync::sync(&mut ana, w.transport().as_ref(), &mut |_| Ok(())).unwrap_err();
    match &e {
        fieldsales_core::Error::Transport(TransportError::DeviceRevoked(why)) => {
            assert!(why.contains("deleted"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("revoked by an administrator"), "{e}");
    drop(ana);
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes.windows(7).any(|w| w == b"Nordhof"),
        "the customer's name is gone from the file"
    );
    // signing in again makes a new device, which syncs what the user may see
    let mut again = w.device("ana");
    assert_ne!(again.identity().device_id, device_id);
    w.sync(&mut again);
    assert_eq!(
        again
            .list::<fieldsales_core::records::Account>(&Default::default())
            .unwrap()
            .len(),
        1
    );
}

/// Pushed changes to a user's role or territories, and refused pushes, are in the audit log with
/// who pushed them from which device.
#[test]
fn role_changes_and_refused_pushes_are_audited_with_user_and_device() {
    use fieldsales_core::records::{Product, User};
    let w = common::World::new();
    let (mut root, product) = common::catalogue(&w);
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    // an admin moves ben to the south
    let ben = w.api.store().user_by_name("ben").unwrap().unwrap();
    w.sync(&mut root);
    let south = w.south.clone();
    root.update::<User>(&ben.id, |u| {
        u.territory_ids = vec![south];
        Ok(())
    })
    .unwrap();
    w.sync(&mut root);
    // a rep's forged price change is refused
    let mut doc = automerge::AutoCommit::load(&ana.export(&product.id).unwrap()).unwrap();
    let mut p: Product = fieldsales_core::doc::read(&doc).unwrap();
    p.name = "Forged".into();
    fieldsales_core::doc::write(&mut doc, &p).unwrap();
    doc.commit();
    ana.import(&doc.save()).unwrap();
    let report = w.sync(&mut ana);
    assert!(report.rejected.iter().any(|r| r.doc_id == product.id));

    let log = w.api.service.audit_log(0, 10_000).unwrap();
    let changed = log
        .iter()
        .find(|e| e.event == AuditEvent::UserChanged)
        .expect("a user_changed entry");
    assert_eq!(changed.user_name.as_deref(), Some("root"));
    assert_eq!(
        changed.device_id.as_deref(),
        Some(root.identity().device_id.as_str())
    );
    assert!(changed.detail.contains(&ben.id), "{}", changed.detail);
    assert!(changed.detail.contains(&w.south), "{}", changed.detail);
    let refused = log
        .iter()
        .find(|e| e.event == AuditEvent::Rejected)
        .expect("a rejected entry");
    assert_eq!(refused.user_name.as_deref(), Some("ana"));
    assert_eq!(
        refused.device_id.as_deref(),
        Some(ana.identity().device_id.as_str())
    );
    assert!(refused.detail.contains(&product.id), "{}", refused.detail);
}

/// The admin commands of the binary: a weak password is refused with its reason; devices are
/// listed and revoked; a lockout is lifted; the audit log is printed, as JSON lines too.
#[test]
fn the_binary_lists_and_revokes_devices_unlocks_users_and_prints_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("srv");
    let d = data.to_str().unwrap();
    let bin = env!("CARGO_BIN_EXE_fieldsales-server");
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let ok = |args: &[&str]| {
        let o = run(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    ok(&["init", "--data", d]);
    let weak = run(&[
        "user",
        "add",
        "--data",
        d,
        "--name",
        "ana",
        "--password",
        "short",
        "--role",
        "rep",
    ]);
    assert_eq!(weak.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&weak.stderr).contains("at least 10 characters"),
        "{}",
        String::from_utf8_lossy(&weak.stderr)
    );
    ok(&[
        "user",
        "add",
        "--data",
        d,
        "--name",
        "ana",
        "--password",
        ANA_PASSWORD,
        "--role",
        "rep",
    ]);
    {
        let api = Api::open(&data).unwrap().with_limits(LoginLimits {
            lock_after_failures: 1,
            ..generous()
        });
        api.login(&login_req("ana", ANA_PASSWORD, "phone-1"))
            .unwrap();
        api.login(&login_req("ana", "wrong-password", "phone-1"))
            .unwrap_err();
    }
    let listed = ok(&["device", "list", "--data", d, "--user", "ana", "--json"]);
    let device: serde_json::Value = serde_json::from_str(listed.trim()).unwrap();
    assert_eq!(device["id"], "phone-1");
    assert_eq!(device["user_name"], "ana");
    assert!(device["revoked_at"].is_null());
    ok(&["device", "revoke", "--data", d, "--id", "phone-1"]);
    let listed = ok(&["device", "list", "--data", d, "--json"]);
    assert!(listed.contains("\"revoked_at\":\""), "{listed}");
    assert_eq!(
        run(&["device", "revoke", "--data", d, "--id", "nope"])
            .status
            .code(),
        Some(1)
    );
    assert!(ok(&["user", "unlock", "--data", d, "--name", "ana"]).contains("unlocked ana"));
    assert!(ok(&["user", "unlock", "--data", d, "--name", "ana"]).contains("was not locked"));
    ok(&["user", "revoke", "--data", d, "--name", "ana"]);
    ok(&["user", "enable", "--data", d, "--name", "ana"]);
    let audit = ok(&["audit", "--data", d, "--json"]);
    let events: Vec<String> = audit
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].to_string())
        .collect();
    for e in [
        "user_added",
        "login_ok",
        "login_failed",
        "locked_out",
        "device_revoked",
        "unlocked",
        "user_revoked",
        "user_enabled",
    ] {
        assert!(events.contains(&format!("\"{e}\"")), "{e} in {events:?}");
    }
    assert!(ok(&["audit", "--data", d]).contains("login_failed user=ana"));
    assert!(ok(&["audit", "--data", d, "--since", "2999-01-01T00:00:00Z"]).is_empty());
}

/// `X-Forwarded-For` names the client only when the server was told to trust the proxy.
#[test]
fn a_forwarded_address_counts_only_behind_a_trusted_proxy() {
    let limits = LoginLimits {
        per_address_burst: 1,
        per_address_refill_ms: 3_600_000,
        ..generous()
    };
    let guess = |url: &str, forwarded: &str| {
        client()
            .post(format!("{url}/v1/auth/login"))
            .header("content-type", "application/json")
            .header("x-forwarded-for", forwarded)
            .body(serde_json::to_vec(&login_req("ana", "wrong-password", "d1")).unwrap())
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    // by default the socket's address counts, whatever the header says
    let (_dir, api) = server(limits.clone());
    let http = Background::start(api.clone()).unwrap();
    assert_eq!(guess(&http.url, "198.51.100.1"), 401);
    assert_eq!(guess(&http.url, "198.51.100.2"), 429);
    // behind a trusted proxy each forwarded client has its own allowance
    let (_dir, api) = server(limits);
    let http = Background::start_with(
        api.clone(),
        ServeOptions {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(guess(&http.url, "198.51.100.1"), 401);
    assert_eq!(guess(&http.url, "198.51.100.1"), 429);
    assert_eq!(guess(&http.url, "198.51.100.2"), 401);
    let log = api.service.audit_log(0, 100).unwrap();
    assert!(
        log.iter()
            .any(|e| e.address.as_deref() == Some("198.51.100.2")),
        "{log:?}"
    );
}

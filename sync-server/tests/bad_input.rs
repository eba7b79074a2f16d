//! Every endpoint over HTTP with empty, malformed, truncated, oversized and wrong-type bodies
//! and bad tokens: a 4xx with a typed JSON error, nothing stored, and the server keeps serving.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::sync::protocol::{self, Cursor, SyncRequest};
use fieldsales_core::sync::{self};
use fieldsales_server::store::ServerStore;
use reqwest::blocking::{Client, RequestBuilder};

mod common;
use common::*;

/// Send and check: a 4xx in `allowed`, with a JSON body naming the error.
fn refused(req: RequestBuilder, allowed: &[u16], what: &str) {
    let resp = req.send().unwrap_or_else(|e| panic!("{what}: {e}"));
    let status = resp.status().as_u16();
    let body = resp.text().unwrap();
    assert!(
        allowed.contains(&status),
        "{what}: status {status}, body {body}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&body).unwrap_or_else(|_| panic!("{what}: not JSON: {body}"));
    assert!(
        v["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{what}: {body}"
    );
}

#[test]
fn bad_bodies_and_bad_tokens_get_typed_4xx_and_change_nothing() {
    let w = World::over_http();
    let (_root, _p) = catalogue(&w);
    let mut mia = w.device("mia");
    let acc = account_in(&w, &mut mia, "Nordhof KG", &w.north);
    let url = w.http.as_ref().unwrap().url.clone();
    let token = mia.meta("token").unwrap().unwrap();
    let seq_before = w.api.store().max_seq().unwrap();
    // one connection for every request: a refused body (even an oversized one) leaves it usable
    let c = Client::builder().pool_max_idle_per_host(1).build().unwrap();
    let at = |p: &str| format!("{url}{p}");

    // login
    let login = || {
        c.post(at("/v1/auth/login"))
            .header("content-type", "application/json")
    };
    refused(login().body(""), &[400], "login: empty");
    refused(login().body("{"), &[400], "login: malformed");
    refused(
        login().body(r#"{"user": 5, "password": []}"#),
        &[400],
        "login: wrong types",
    );
    refused(
        login().body(r#"{"user":"mia","password":"pw-mia-secret","device_id":"d"#),
        &[400],
        "login: truncated",
    );
    refused(
        login().body(format!(r#"{{"user":"{}"}}"#, "x".repeat(512 * 1024))),
        &[413],
        "login: oversized",
    );
    refused(
        login().body(r#"{"user":"mia","password":"wrong","device_id":"d1"}"#),
        &[401],
        "login: bad password",
    );

    // sync
    let good = protocol::encode(&SyncRequest {
        cursor: Cursor::default(),
        push: vec![],
        limit: 10,
        want: vec![],
    });
    let sync_req = |t: Option<&str>| {
        let r = c.post(at("/v1/sync"));
        match t {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    };
    refused(sync_req(None).body(good.clone()), &[401], "sync: no token");
    refused(
        sync_req(Some("nope")).body(good.clone()),
        &[401],
        "sync: bad token",
    );
    refused(
        sync_req(Some(&token)).body(Vec::new()),
        &[400],
        "sync: empty",
    );
    refused(
        sync_req(Some(&token)).body(b"garbage".to_vec()),
        &[400],
        "sync: malformed",
    );
    refused(
        sync_req(Some(&token)).body(good[..good.len() / 2].to_vec()),
        &[400],
        "sync: truncated",
    );
    let mut wrong_version = good.clone();
    wrong_version[0] = 99;
    refused(
        sync_req(Some(&token)).body(wrong_version),
        &[400],
        "sync: unknown version",
    );
    refused(
        sync_req(Some(&token)).body(r#"{"cursor": "json is not the protocol"}"#),
        &[400],
        "sync: wrong type",
    );
    refused(
        sync_req(Some(&token)).body(vec![1u8; protocol::MAX_REQUEST_BYTES + 10]),
        &[413],
        "sync: oversized",
    );

    // blobs
    let hash = fieldsales_core::ops::sha256_hex(b"photo");
    refused(
        c.get(at(&format!("/v1/blobs/{hash}"))),
        &[401],
        "blob: no token",
    );
    refused(
        c.put(at("/v1/blobs/not-a-hash?offset=0"))
            .bearer_auth(&token)
            .body("x"),
        &[400],
        "blob: bad name",
    );
    refused(
        c.put(at(&format!("/v1/blobs/{hash}?offset=3")))
            .bearer_auth(&token)
            .body("to"),
        &[409],
        "blob: wrong offset",
    );
    refused(
        c.put(at(&format!("/v1/blobs/{hash}?offset=abc")))
            .bearer_auth(&token)
            .body("x"),
        &[400],
        "blob: offset not a number",
    );
    refused(
        c.get(at(&format!("/v1/blobs/{hash}"))).bearer_auth(&token),
        &[404],
        "blob: missing",
    );
    refused(
        c.put(at(&format!("/v1/blobs/{hash}?offset=0")))
            .bearer_auth(&token)
            .body(vec![
                7u8;
                fieldsales_server::api::MAX_BLOB_BYTES as usize + 4096
            ]),
        &[413],
        "blob: oversized chunk",
    );

    // reports
    refused(
        c.get(at("/v1/reports/attainment?period=2026-11")),
        &[401],
        "report: no token",
    );
    refused(
        c.get(at("/v1/reports/attainment?period=november"))
            .bearer_auth(&token),
        &[400],
        "report: bad period",
    );
    refused(
        c.get(at("/v1/reports/attainment")).bearer_auth(&token),
        &[400],
        "report: no period",
    );
    refused(
        c.get(at("/v1/reports/everything?period=2026-11"))
            .bearer_auth(&token),
        &[404],
        "report: unknown",
    );

    // nothing was stored, and the server still serves
    assert_eq!(w.api.store().max_seq().unwrap(), seq_before);
    assert_eq!(
        c.get(at("/v1/health")).send().unwrap().text().unwrap(),
        "ok"
    );
    mia.update::<fieldsales_core::records::Account>(&acc.id, |a| {
        a.phone = "+49 30 1".into();
        Ok(())
    })
    .unwrap();
    let r = sync::sync(&mut mia, w.transport().as_ref(), &mut |_| Ok(())).unwrap();
    assert!(r.rejected.is_empty());
    assert_eq!(w.api.store().max_seq().unwrap(), seq_before + 1);
}

/// A signed-in client still sending an oversized body reads the typed 413, not a reset
/// connection (which a phone would take for a network failure and retry forever); a body
/// declared bigger than the server will ever read is refused without reading it, and so is a
/// large body from a client without a valid token.
#[test]
fn oversized_bodies_are_answered_not_reset() {
    use std::io::{Read, Write};
    let w = World::over_http();
    let mia = w.device("mia");
    let token = mia.meta("token").unwrap().unwrap();
    let url = w.http.as_ref().unwrap().url.clone();
    let addr = url.trim_start_matches("http://").to_string();
    let seq_before = w.api.store().max_seq().unwrap();
    for (path, bearer, declared, sent, code) in [
        (
            "/v1/sync",
            Some(&token),
            40 * 1024 * 1024u64,
            40 * 1024 * 1024usize,
            "too_large",
        ),
        (
            "/v1/auth/login",
            None,
            fieldsales_server::body::DRAIN_BYTES + 1,
            0,
            "too_large",
        ),
        ("/v1/auth/login", None, 40 * 1024 * 1024, 0, "too_large"),
        ("/v1/sync", None, 8 * 1024 * 1024, 0, "unauthorized"),
    ] {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        let auth = bearer.map_or(String::new(), |t| format!("authorization: Bearer {t}\r\n"));
        write!(
            s,
            "POST {path} HTTP/1.1\r\nhost: {addr}\r\n{auth}content-type: application/json\r\ncontent-length: {declared}\r\n\r\n"
        )
        .unwrap();
        let chunk = vec![b'x'; 64 * 1024];
        let mut left = sent;
        while left > 0 {
            let n = left.min(chunk.len());
            s.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        // the answer comes without the client sending a byte of body when it is not signed in
        let mut head = [0u8; 512];
        let n = s.read(&mut head).unwrap();
        let text = String::from_utf8_lossy(&head[..n]);
        let status = if code == "too_large" { "413" } else { "401" };
        assert!(
            text.starts_with(&format!("HTTP/1.1 {status}")),
            "{path} {declared}: {text}"
        );
        assert!(text.contains(code), "{path} {declared}: {text}");
    }
    assert_eq!(w.api.store().max_seq().unwrap(), seq_before);
}

/// More than `MAX_PUSH_DOCS` documents in one push is refused whole, as a typed 413, before
/// anything is looked at or stored; the limit itself is taken.
#[test]
fn a_push_over_the_document_limit_is_refused_whole() {
    use fieldsales_core::ops::NewAccount;
    use fieldsales_core::records::Kind;
    use fieldsales_core::sync::protocol::{self, MAX_PUSH_DOCS, PushDoc, SyncRequest};

    // the device splits its pushes at the server's limit, which is at most 500
    const { assert!(MAX_PUSH_DOCS <= 500) };
    let w = World::new();
    let mut ana = w.device("ana");
    w.sync(&mut ana);
    let token = ana.meta("token").unwrap().unwrap();
    let mut a = NewAccount::named("Nordhof KG");
    a.territory_id = Some(w.north.clone());
    let acc = ana.create_account(a).unwrap();
    let doc = ana.export(&acc.id).unwrap();
    let push = |n: usize| SyncRequest {
        cursor: ana.sync_cursor().unwrap(),
        push: (0..n)
            .map(|_| PushDoc {
                id: acc.id.clone(),
                kind: Kind::Account,
                changes: doc.clone(),
            })
            .collect(),
        limit: 10,
        want: vec![],
    };
    let e = w
        .api
        .sync(Some(&token), &protocol::encode(&push(MAX_PUSH_DOCS + 1)))
        .unwrap_err();
    assert_eq!(e.status(), (413, "too_many_documents"), "{e}");
    assert!(
        w.api.service.store().load_doc(&acc.id).unwrap().is_none(),
        "nothing stored"
    );
    // at the limit it is taken
    w.api
        .sync(Some(&token), &protocol::encode(&push(MAX_PUSH_DOCS)))
        .unwrap();
    assert!(w.api.service.store().load_doc(&acc.id).unwrap().is_some());
}

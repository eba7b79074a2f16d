//! What the fuzz targets (`fuzz/fuzz_targets/`) exercise, as plain functions, so CI replays
//! the corpus and every crasher found through an ordinary test (`tests/fuzz_corpus.rs`).
//! Each must never panic, whatever the bytes.

use std::sync::{Mutex, OnceLock};

use fieldsales_core::records::Role;
use fieldsales_core::sync::protocol::{self, LoginRequest, SyncRequest, SyncResponse};
use fieldsales_core::{InitOptions, Store};
use fieldsales_server::Api;

/// The protocol decoder: anything decodes to a typed error or a message that re-encodes to
/// the same message.
pub fn protocol_decode(data: &[u8]) {
    if let Ok(req) = protocol::decode::<SyncRequest>(data, protocol::MAX_REQUEST_BYTES) {
        let again: SyncRequest = protocol::decode(&protocol::encode(&req), usize::MAX)
            .unwrap_or_else(|e| panic!("a decoded request does not decode again: {e}"));
        assert_eq!(again, req);
    }
    if let Ok(resp) = protocol::decode::<SyncResponse>(data, usize::MAX) {
        let again: SyncResponse = protocol::decode(&protocol::encode(&resp), usize::MAX)
            .unwrap_or_else(|e| panic!("a decoded response does not decode again: {e}"));
        assert_eq!(again, resp);
    }
}

struct Device {
    _dir: tempfile::TempDir,
    store: Store,
}

fn device() -> &'static Mutex<Device> {
    static DEVICE: OnceLock<Mutex<Device>> = OnceLock::new();
    DEVICE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let store = Store::init(
            dir.path().join("fuzz.db"),
            InitOptions::new("fuzz", Role::Admin),
        )
        .unwrap_or_else(|e| panic!("store: {e}"));
        Mutex::new(Device { _dir: dir, store })
    })
}

/// Document import: foreign bytes merge into a store or are refused with a typed error;
/// whatever was imported reads back and its index row agrees with it.
pub fn document_import(data: &[u8]) {
    let mut d = device().lock().unwrap_or_else(|e| e.into_inner());
    if let Ok(imported) = d.store.import(data) {
        let mismatches = d
            .store
            .check_index()
            .unwrap_or_else(|e| panic!("check_index after importing {}: {e}", imported.id));
        assert!(mismatches.is_empty(), "index disagrees: {mismatches:?}");
    }
}

struct Server {
    _dir: tempfile::TempDir,
    api: Api,
    token: String,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let api = Api::open_with(&dir.path().join("srv"), false)
            .unwrap_or_else(|e| panic!("server: {e}"));
        api.service.use_minimal_password_cost();
        let t = api
            .service
            .create_territory("north", None)
            .unwrap_or_else(|e| panic!("territory: {e}"));
        api.service
            .create_user(
                "rep",
                "pw-rep-secret",
                Role::Rep,
                std::slice::from_ref(&t.id),
            )
            .unwrap_or_else(|e| panic!("user: {e}"));
        let token = api
            .login(&LoginRequest {
                user: "rep".into(),
                password: "pw-rep-secret".into(),
                device_id: "fuzz-device".into(),
                public_key: None,
            })
            .unwrap_or_else(|e| panic!("login: {e}"))
            .token;
        Server {
            _dir: dir,
            api,
            token,
        }
    })
}

/// The server's request handler: any body is answered, or refused with a 4xx, never a 5xx
/// or a panic.
pub fn server_request(data: &[u8]) {
    let s = server();
    if let Err(e) = s.api.sync(Some(&s.token), data) {
        let (status, code) = e.status();
        assert!(
            (400..500).contains(&status),
            "a request body made the server fail: {status} {code} {e}"
        );
    }
}

//! A server with a manager and three reps in two territories, and their devices, for the
//! server's integration tests (in process or over HTTP on loopback).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::Arc;

use fieldsales_core::Store;
use fieldsales_core::records::{Account, Product, Role};
use fieldsales_core::sync::http::HttpTransport;
use fieldsales_core::sync::{self, Transport, session};
use fieldsales_server::store::SqliteStore;
use fieldsales_server::{Api, InProcess};

pub struct World {
    pub dir: tempfile::TempDir,
    pub api: Arc<Api<SqliteStore>>,
    pub north: String,
    pub south: String,
    /// Devices talk HTTP to this server on loopback; in process when None.
    pub http: Option<HttpServer>,
}

/// The axum server on 127.0.0.1:0 in its own runtime, stopped when dropped.
pub struct HttpServer {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl HttpServer {
    fn start(api: Arc<Api<SqliteStore>>) -> HttpServer {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            rt.block_on(fieldsales_server::http::serve(api, listener, async {
                let _ = rx.await;
            }))
            .unwrap();
        });
        HttpServer {
            url,
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl World {
    /// The same world with devices on HTTP over loopback.
    pub fn over_http() -> World {
        let mut w = World::new();
        w.http = Some(HttpServer::start(w.api.clone()));
        w
    }

    pub fn transport(&self) -> Box<dyn Transport> {
        match &self.http {
            Some(h) => Box::new(HttpTransport::new(&h.url).unwrap()),
            None => Box::new(InProcess(self.api.clone())),
        }
    }

    pub fn server_url(&self) -> String {
        self.http
            .as_ref()
            .map_or("inprocess://".to_string(), |h| h.url.clone())
    }

    pub fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let api = Arc::new(Api::open(&dir.path().join("srv")).unwrap());
        let s = &api.service;
        let north = s.create_territory("north", None).unwrap().id;
        let south = s.create_territory("south", None).unwrap().id;
        s.create_user("root", "pw-root", Role::Admin, &[]).unwrap();
        s.create_user(
            "mia",
            "pw-mia",
            Role::Manager,
            &[north.clone(), south.clone()],
        )
        .unwrap();
        for (u, t) in [("ana", &north), ("ben", &north), ("cy", &south)] {
            s.create_user(u, &format!("pw-{u}"), Role::Rep, std::slice::from_ref(t))
                .unwrap();
        }
        World {
            dir,
            api,
            north,
            south,
            http: None,
        }
    }

    pub fn device(&self, user: &str) -> Store {
        session::login(
            &self.dir.path().join(format!("{user}.db")),
            self.transport().as_ref(),
            &self.server_url(),
            user,
            &format!("pw-{user}"),
        )
        .unwrap()
    }

    pub fn sync(&self, s: &mut Store) -> sync::SyncReport {
        sync::sync(s, self.transport().as_ref(), &mut |_| {}).unwrap()
    }
}

pub fn catalogue(w: &World) -> (Store, Product) {
    let mut root = w.device("root");
    let p = root
        .create_product(Product::new("S1", "Widget", 1250, "EUR", 2000))
        .unwrap();
    w.sync(&mut root);
    (root, p)
}

pub fn account_in(w: &World, mgr: &mut Store, name: &str, territory: &str) -> Account {
    let mut a = Account::new(name);
    a.territory_id = Some(territory.to_string());
    let a = mgr.create_account(a).unwrap();
    w.sync(mgr);
    a
}

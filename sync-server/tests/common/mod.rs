//! A server with a manager and three reps in two territories, and their devices, for the
//! server's integration tests (in process or over HTTP on loopback).

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use fieldsales_core::ops::{NewAccount, NewProduct};
use std::sync::Arc;

use fieldsales_core::Store;
use fieldsales_core::records::{Account, Product, Role};
use fieldsales_core::sync::{self, Transport, session};
use fieldsales_http::HttpTransport;
use fieldsales_server::http::Background;
use fieldsales_server::store::SqliteStore;
use fieldsales_server::{Api, InProcess};

pub struct World {
    pub dir: tempfile::TempDir,
    pub api: Arc<Api<SqliteStore>>,
    pub north: String,
    pub south: String,
    /// Devices talk HTTP to this server on loopback; in process when None.
    pub http: Option<Background>,
}

impl World {
    /// The same world with devices on HTTP over loopback.
    pub fn over_http() -> World {
        let mut w = World::new();
        w.http = Some(Background::start(w.api.clone()).unwrap());
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
        s.create_user("root", "pw-root-secret", Role::Admin, &[])
            .unwrap();
        s.create_user(
            "mia",
            "pw-mia-secret",
            Role::Manager,
            &[north.clone(), south.clone()],
        )
        .unwrap();
        for (u, t) in [("ana", &north), ("ben", &north), ("cy", &south)] {
            s.create_user(
                u,
                &format!("pw-{u}-secret"),
                Role::Rep,
                std::slice::from_ref(t),
            )
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
            &format!("pw-{user}-secret"),
        )
        .unwrap()
    }

    pub fn sync(&self, s: &mut Store) -> sync::SyncReport {
        sync::sync(s, self.transport().as_ref(), &mut |_| Ok(())).unwrap()
    }
}

pub fn catalogue(w: &World) -> (Store, Product) {
    let mut root = w.device("root");
    let p = root
        .create_product(NewProduct::new("S1", "Widget", 1250, "EUR", 2000))
        .unwrap();
    w.sync(&mut root);
    (root, p)
}

pub fn account_in(w: &World, mgr: &mut Store, name: &str, territory: &str) -> Account {
    let mut a = NewAccount::named(name);
    a.territory_id = Some(territory.to_string());
    let a = mgr.create_account(a).unwrap();
    w.sync(mgr);
    a
}

/// Rewrite the record in `from`'s copy of document `id` (past the device's own checks, as a
/// forged push would), hand it to `to`, and sync `to`: true when the server accepted it.
pub fn forge<R: fieldsales_core::records::Record>(
    w: &World,
    from: &mut Store,
    to: &mut Store,
    id: &str,
    edit: impl FnOnce(&mut R),
) -> bool {
    let mut doc = automerge::AutoCommit::load(&from.export(id).unwrap()).unwrap();
    let mut r: R = fieldsales_core::doc::read(&doc).unwrap();
    edit(&mut r);
    fieldsales_core::doc::write(&mut doc, &r).unwrap();
    doc.commit();
    to.import(&doc.save()).unwrap();
    !w.sync(to).rejected.iter().any(|x| x.doc_id == id)
}

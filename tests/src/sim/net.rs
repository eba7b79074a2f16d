//! The simulated network between devices and the server: one `Transport` per device over the
//! server's API in this process, which drops, duplicates, replays old requests, truncates
//! requests and answers, and restarts the server between storing a push and answering it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use fieldsales_core::Env;
use fieldsales_core::sync::protocol::{LoginRequest, LoginResponse};
use fieldsales_core::sync::transport::{Transport, TransportError};
use fieldsales_server::store::SqliteStore;
use fieldsales_server::{Api, InProcess};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The server, which a fault can restart (a new `Api` over the same data directory).
pub struct Server {
    pub data: PathBuf,
    /// The server's clock (the world's) and randomness, kept across restarts.
    env: Env,
    api: Mutex<Arc<Api>>,
    pub restarts: Mutex<u64>,
}

fn open_api(data: &Path, env: &Env) -> Api {
    let store = SqliteStore::open_with(data, false).unwrap_or_else(|e| panic!("server: {e}"));
    Api::with_env(store, env.clone())
}

impl Server {
    pub fn open(data: PathBuf, env: Env) -> Arc<Server> {
        let api = open_api(&data, &env);
        Arc::new(Server {
            data,
            env,
            api: Mutex::new(Arc::new(api)),
            restarts: Mutex::new(0),
        })
    }

    pub fn api(&self) -> Arc<Api> {
        self.api.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Stop and start again: everything in flight is forgotten, what was stored stays.
    pub fn restart(&self) {
        let mut api = self.api.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = open_api(&self.data, &self.env);
        // the old instance (and its connections) goes with this replacement
        *api = Arc::new(fresh);
        *self.restarts.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    }
}

/// What the network did, for the report.
#[derive(Debug, Default, Clone, Copy)]
pub struct Faults {
    pub dropped_requests: u64,
    pub dropped_answers: u64,
    pub duplicated: u64,
    pub replayed_old: u64,
    pub truncated_requests: u64,
    pub truncated_answers: u64,
    pub restarts: u64,
}

impl Faults {
    pub fn total(&self) -> u64 {
        self.dropped_requests
            + self.dropped_answers
            + self.duplicated
            + self.replayed_old
            + self.truncated_requests
            + self.truncated_answers
            + self.restarts
    }
}

pub struct Net {
    pub server: Arc<Server>,
    rng: Mutex<StdRng>,
    /// Faults happen only while set; the network heals for the final syncs.
    pub faulty: Mutex<bool>,
    /// Old request bodies, replayed later out of order.
    old: Mutex<Vec<(String, Vec<u8>)>>,
    pub faults: Mutex<Faults>,
}

impl Net {
    pub fn new(server: Arc<Server>, seed: u64) -> Arc<Net> {
        Arc::new(Net {
            server,
            rng: Mutex::new(StdRng::seed_from_u64(seed ^ 0x6e65_7477_6f72_6b21)),
            faulty: Mutex::new(true),
            old: Mutex::new(Vec::new()),
            faults: Mutex::new(Faults::default()),
        })
    }

    fn roll(&self) -> u32 {
        if !*self.faulty.lock().unwrap_or_else(|e| e.into_inner()) {
            return 1000;
        }
        self.rng
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .random_range(0..1000)
    }

    fn count(&self, f: impl FnOnce(&mut Faults)) {
        f(&mut self.faults.lock().unwrap_or_else(|e| e.into_inner()));
    }

    fn inner(&self) -> InProcess<fieldsales_server::store::SqliteStore> {
        InProcess(self.server.api())
    }
}

/// One device's view of the network.
pub struct DeviceNet(pub Arc<Net>);

impl Transport for DeviceNet {
    fn login(&self, req: &LoginRequest) -> Result<LoginResponse, TransportError> {
        self.0.inner().login(req)
    }

    fn logout(&self, token: &str) -> Result<(), TransportError> {
        self.0.inner().logout(token)
    }

    fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let net = &self.0;
        let r = net.roll();
        // an old request arrives again, late, before this one
        if r < 60 {
            let old = net
                .old
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .first()
                .cloned();
            if let Some((t, b)) = old {
                net.count(|f| f.replayed_old += 1);
                let _ = net.inner().sync(&t, b);
            }
        }
        if r < 120 {
            let mut old = net.old.lock().unwrap_or_else(|e| e.into_inner());
            old.push((token.to_string(), body.clone()));
            if old.len() > 8 {
                old.remove(0);
            }
        }
        match r {
            120..=179 => {
                net.count(|f| f.dropped_requests += 1);
                Err(TransportError::Offline("request lost".into()))
            }
            180..=219 => {
                net.count(|f| f.truncated_requests += 1);
                let cut = body.len() / 2;
                net.inner().sync(token, body[..cut].to_vec())
            }
            220..=279 => {
                net.count(|f| f.dropped_answers += 1);
                let _ = net.inner().sync(token, body);
                Err(TransportError::Offline("answer lost".into()))
            }
            280..=329 => {
                net.count(|f| f.duplicated += 1);
                let _ = net.inner().sync(token, body.clone());
                net.inner().sync(token, body)
            }
            330..=369 => {
                net.count(|f| f.truncated_answers += 1);
                let mut answer = net.inner().sync(token, body)?;
                answer.truncate(answer.len() / 2);
                Ok(answer)
            }
            370..=389 => {
                // stored, then the server restarts before it answers
                net.count(|f| f.restarts += 1);
                let _ = net.inner().sync(token, body);
                net.server.restart();
                Err(TransportError::Offline("server restarted".into()))
            }
            _ => net.inner().sync(token, body),
        }
    }

    fn put_blob(
        &self,
        token: &str,
        hash: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), TransportError> {
        if self.0.roll() < 100 {
            self.0.count(|f| f.dropped_requests += 1);
            return Err(TransportError::Offline("upload interrupted".into()));
        }
        self.0.inner().put_blob(token, hash, offset, bytes)
    }

    fn blob_offset(&self, token: &str, hash: &str) -> Result<u64, TransportError> {
        self.0.inner().blob_offset(token, hash)
    }
    fn blob_complete(&self, token: &str, hash: &str) -> Result<bool, TransportError> {
        self.0.inner().blob_complete(token, hash)
    }

    fn get_blob(&self, token: &str, hash: &str) -> Result<Vec<u8>, TransportError> {
        self.0.inner().get_blob(token, hash)
    }

    fn report(
        &self,
        token: &str,
        report: &str,
        period: &str,
        by: Option<&str>,
    ) -> Result<serde_json::Value, TransportError> {
        self.0.inner().report(token, report, period, by)
    }
}

//! A deterministic simulation of devices and the sync server in one process (after
//! TigerBeetle's and FoundationDB's): seeded random operations on every device, a network that
//! loses, repeats, reorders and truncates messages, a server restarted between storing and
//! answering, devices closed and reopened, sessions revoked. Then the network heals, everyone
//! syncs, and `check` verifies that nothing was lost and everyone agrees. Any failure names
//! its seed; `simulate --seeds 1 --first-seed S` replays it.

mod check;
pub mod net;
mod ops;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use automerge::ChangeHash;
use fieldsales_core::env::{Entropy, ManualClock, SeededEntropy};
use fieldsales_core::ops::NewProduct;
use fieldsales_core::records::Role;
use fieldsales_core::sync::{self, TransportError, session};
use fieldsales_core::time::Ts;
use fieldsales_core::{Env, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use check::Findings;
use net::{DeviceNet, Faults, Net, Server};
pub use state::{State, first_difference, state};

#[derive(Debug, Clone, Copy)]
pub struct SimConfig {
    pub seed: u64,
    /// Devices: the first is a manager's, the others reps' in two territories.
    pub devices: usize,
    pub ops: usize,
}

/// What one seed did.
#[derive(Debug, Clone, Default)]
pub struct SimReport {
    pub ops: usize,
    pub writes_acknowledged: usize,
    pub quotes_signed: usize,
    pub syncs: usize,
    pub failed_syncs: usize,
    pub reopens: usize,
    pub revocations: usize,
    pub faults: Faults,
    pub documents: usize,
    pub rejections: usize,
}

/// A write the device reported done to its user: these changes must reach the server or be
/// listed as refused on that device.
pub struct Acked {
    pub device: usize,
    pub doc_id: String,
    pub heads: Vec<ChangeHash>,
}

pub struct Device {
    pub user: String,
    pub role: Role,
    pub path: PathBuf,
    /// The phone's clock (the world's) and its own randomness.
    pub env: Env,
    pub store: Option<Store>,
    /// Why the device's last sync failed, if it did.
    pub last_error: Option<String>,
}

pub struct World {
    _dir: tempfile::TempDir,
    pub server: Arc<Server>,
    pub net: Arc<Net>,
    pub devices: Vec<Device>,
    pub territories: Vec<String>,
    pub product: String,
    pub rng: StdRng,
    /// The one clock of the simulated world, moved between operations.
    pub clock: Arc<ManualClock>,
    pub acked: Vec<Acked>,
    pub report: SimReport,
}

/// Where the simulated clock starts.
const SIM_START_MS: i64 = 1_790_000_000_000;

/// Randomness of its own for each party of a seed's world, so the parties do not depend on
/// the order in which the others draw.
fn env_of(clock: &Arc<ManualClock>, seed: u64, party: u64) -> Env {
    let entropy: Arc<dyn Entropy> = Arc::new(SeededEntropy::new(
        seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ party,
    ));
    Env::new(clock.clone(), entropy)
}

fn pw(user: &str) -> String {
    format!("pw-{user}-secret")
}

impl World {
    pub fn new(cfg: &SimConfig) -> World {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let clock = Arc::new(ManualClock::new(Ts::from_millis(SIM_START_MS)));
        let server = Server::open(
            dir.path().join("server"),
            env_of(&clock, cfg.seed, u64::MAX),
        );
        let net = Net::new(server.clone(), cfg.seed);
        let api = server.api();
        let s = &api.service;
        s.use_minimal_password_cost();
        fn ok<T>(r: Result<T, fieldsales_server::Error>) -> T {
            r.unwrap_or_else(|e| panic!("setup: {e}"))
        }
        let north = ok(s.create_territory("north", None)).id;
        let south = ok(s.create_territory("south", None)).id;
        ok(s.create_user("root", &pw("root"), Role::Admin, &[]));
        let mut devices = Vec::new();
        for i in 0..cfg.devices.max(2) {
            let (user, role, ts) = if i == 0 {
                (
                    "mia".to_string(),
                    Role::Manager,
                    vec![north.clone(), south.clone()],
                )
            } else {
                let t = if i % 2 == 1 { &north } else { &south };
                (format!("rep{i}"), Role::Rep, vec![t.clone()])
            };
            ok(s.create_user(&user, &pw(&user), role, &ts));
            devices.push(Device {
                path: dir.path().join(format!("{user}.db")),
                user,
                role,
                env: env_of(&clock, cfg.seed, 1 + i as u64),
                store: None,
                last_error: None,
            });
        }
        // the catalogue, from the back office, before the reps go out
        let tr = DeviceNet(net.clone());
        *net.faulty.lock().unwrap_or_else(|e| e.into_inner()) = false;
        let mut root = session::login_with(
            &env_of(&clock, cfg.seed, 0),
            &dir.path().join("root.db"),
            &tr,
            "sim://",
            "root",
            &pw("root"),
        )
        .unwrap_or_else(|e| panic!("root login: {e}"));
        let product = root
            .create_product(NewProduct::new("S1", "Widget", 1250, "EUR", 2000))
            .unwrap_or_else(|e| panic!("product: {e}"))
            .id;
        sync::sync(&mut root, &tr, &mut |_| Ok(())).unwrap_or_else(|e| panic!("root sync: {e}"));
        let mut w = World {
            _dir: dir,
            server,
            net: net.clone(),
            devices,
            territories: vec![north, south],
            product,
            rng: StdRng::seed_from_u64(cfg.seed),
            clock,
            acked: Vec::new(),
            report: SimReport::default(),
        };
        for i in 0..w.devices.len() {
            w.login(i).unwrap_or_else(|e| panic!("login: {e}"));
            w.sync(i);
        }
        *net.faulty.lock().unwrap_or_else(|e| e.into_inner()) = true;
        w
    }

    pub fn transport(&self) -> DeviceNet {
        DeviceNet(self.net.clone())
    }

    fn login(&mut self, i: usize) -> fieldsales_core::Result<()> {
        let d = &mut self.devices[i];
        d.store = None;
        let tr = DeviceNet(self.net.clone());
        d.store = Some(session::login_with(
            &d.env,
            &d.path,
            &tr,
            "sim://",
            &d.user,
            &pw(&d.user),
        )?);
        Ok(())
    }

    pub fn store(&mut self, i: usize) -> &mut Store {
        if self.devices[i].store.is_none() {
            let path = self.devices[i].path.clone();
            let env = self.devices[i].env.clone();
            self.devices[i].store = Some(
                Store::open_with(&path, env).unwrap_or_else(|e| panic!("reopen {path:?}: {e}")),
            );
        }
        self.devices[i]
            .store
            .as_mut()
            .unwrap_or_else(|| unreachable!("opened above"))
    }

    /// Sync one device; a refused session logs in again. Returns whether the sync completed.
    pub fn sync(&mut self, i: usize) -> bool {
        self.report.syncs += 1;
        let tr = self.transport();
        let r = sync::sync(self.store(i), &tr, &mut |_| Ok(()));
        self.devices[i].last_error = r.as_ref().err().map(|e| e.to_string());
        match r {
            Ok(_) => true,
            Err(fieldsales_core::Error::Transport(TransportError::Unauthorized(_))) => {
                self.report.failed_syncs += 1;
                // log in again (the login itself is never faulty); the next sync pushes
                let _ = self.login(i);
                false
            }
            Err(_) => {
                self.report.failed_syncs += 1;
                false
            }
        }
    }

    /// Record a write the device acknowledged.
    pub fn acked(&mut self, i: usize, doc_id: &str) {
        let bytes = match self.store(i).export(doc_id) {
            Ok(b) => b,
            Err(e) => panic!("export of an acknowledged write {doc_id}: {e}"),
        };
        let mut d = automerge::AutoCommit::load(&bytes).unwrap_or_else(|e| panic!("load: {e}"));
        self.acked.push(Acked {
            device: i,
            doc_id: doc_id.to_string(),
            heads: d.get_heads(),
        });
        self.report.writes_acknowledged += 1;
    }

    pub fn pick(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }
}

/// Run one seed's operations, then heal the network and sync everyone.
pub fn simulate(cfg: &SimConfig) -> World {
    let mut w = World::new(cfg);
    for _ in 0..cfg.ops {
        ops::step(&mut w);
        w.report.ops += 1;
    }
    // the network heals; everyone syncs until nothing moves
    *w.net.faulty.lock().unwrap_or_else(|e| e.into_inner()) = false;
    for _ in 0..4 {
        for i in 0..w.devices.len() {
            if !w.sync(i) {
                w.sync(i);
            }
        }
    }
    w.report.faults = *w.net.faults.lock().unwrap_or_else(|e| e.into_inner());
    w
}

/// Every broken invariant of a healed world (empty: clean).
pub fn verify(w: &mut World) -> Findings {
    check::check(w)
}

/// Run one seed; the findings list every broken invariant (empty: the seed is clean).
pub fn run(cfg: &SimConfig) -> (SimReport, Findings) {
    let mut w = simulate(cfg);
    let findings = verify(&mut w);
    (w.report.clone(), findings)
}

//! A device process that writes orders and syncs them to a real sync server over HTTP is
//! killed with SIGKILL at random points, inside writes and inside syncs. After every kill the
//! store opens, passes `PRAGMA integrity_check`, and holds every order the device
//! acknowledged; every order acknowledged before a sync that returned is on the server. At
//! the end one more sync brings the server level with the device: every acknowledged order
//! is there once, with its total, and nothing was refused.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::ops::NewProduct;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Lines, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fieldsales_core::Store;
use fieldsales_core::records::{Kind, Order, Role};
use fieldsales_core::sync::{self, session};
use fieldsales_http::HttpTransport;
use fieldsales_server::Api;
use fieldsales_server::http::Background;
use fieldsales_server::store::{Scopes, ServerStore, SqliteStore};
use rand::{Rng, SeedableRng};

const ROUNDS: usize = 100;
const FIRST_LOGINS: usize = 30;
const REP: &str = "ana";
const REP_PASSWORD: &str = "pw-ana-secret";

/// A server with one territory, its rep, and a back office that put the product the rep
/// sells in the catalogue.
fn server(dir: &Path) -> (Arc<Api<SqliteStore>>, Background) {
    let api = Arc::new(Api::open(&dir.join("server")).unwrap());
    let s = &api.service;
    s.use_minimal_password_cost();
    let north = s.create_territory("north", None).unwrap().id;
    s.create_user("root", "pw-root-secret", Role::Admin, &[])
        .unwrap();
    s.create_user(REP, REP_PASSWORD, Role::Rep, &[north])
        .unwrap();
    let http = Background::start(api.clone()).unwrap();
    let t = HttpTransport::new(&http.url).unwrap();
    let mut root = session::login(
        &dir.join("root.db"),
        &t,
        &http.url,
        "root",
        "pw-root-secret",
    )
    .unwrap();
    root.create_product(NewProduct::new("CRASH-1", "Widget", 1250, "EUR", 2000))
        .unwrap();
    sync::sync(&mut root, &t, &mut |_| Ok(())).unwrap();
    (api, http)
}

/// What the device has told us so far.
#[derive(Default)]
struct Told {
    /// The device got ready at least once: its store exists from then on.
    ready: bool,
    /// Orders the device acknowledged, in order, with their totals.
    acknowledged: Vec<(String, i64)>,
    /// `acknowledged[..on_server]` were acknowledged before a sync that returned.
    on_server: usize,
    /// `acknowledged.len()` when the sync now running started.
    sync_started_at: Option<usize>,
    syncs: usize,
    pushed: u64,
}

impl Told {
    /// Take one line of the device's report; false if it was not one.
    fn take(&mut self, line: &str) -> bool {
        let mut parts = line.split(' ');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("ready"), None, ..) => self.ready = true,
            (Some("ok"), Some(id), Some(total), None) => {
                let Ok(total) = total.parse() else {
                    return false;
                };
                self.acknowledged.push((id.to_string(), total));
            }
            (Some("syncing"), None, ..) => self.sync_started_at = Some(self.acknowledged.len()),
            (Some("synced"), Some(n), None, _) => {
                let (Some(from), Ok(n)) = (self.sync_started_at.take(), n.parse::<u64>()) else {
                    return false;
                };
                self.on_server = from;
                self.syncs += 1;
                self.pushed += n;
            }
            _ => return false,
        }
        true
    }
}

/// Where a kill landed, told by the last line the device wrote before it.
#[derive(Default)]
struct Landed {
    starting: usize,
    writing: usize,
    syncing: usize,
}

fn next_line(lines: &mut Lines<BufReader<ChildStdout>>, child: &mut Child, why: &str) -> String {
    match lines.next() {
        Some(Ok(line)) => line,
        _ => {
            let status = child.wait().unwrap();
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut err);
            }
            panic!("{why}: the device stopped by itself ({status}): {err}")
        }
    }
}

fn server_order(api: &Api<SqliteStore>, id: &str) -> Option<Order> {
    let d = api.store().load_doc(id).unwrap()?;
    let doc = fieldsales_core::doc::load_foreign(&d.snapshot).unwrap();
    Some(fieldsales_core::doc::read::<Order>(&doc).unwrap())
}

fn seed(test: &str) -> u64 {
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("{test}: seed {seed} (rerun with CRASH_SEED={seed})");
    seed
}

/// The rep's device on the store at `db`, reporting on a pipe.
fn device(db: &Path, url: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_crash-writer"))
        .arg(db)
        .args([url, REP, REP_PASSWORD])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A first login is its own window: the store file exists before it holds an identity.
/// New devices are killed while they start, then started again: each must log in and get
/// ready, on a store that passes `PRAGMA integrity_check`.
#[test]
fn devices_killed_in_their_first_login_log_in_again() {
    let seed = seed("first logins");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let (_api, http) = server(dir.path());
    for n in 0..FIRST_LOGINS {
        let at = format!("device {n}, seed {seed}");
        let db = dir.path().join(format!("new-{n}.db"));
        let mut child = device(&db, &http.url);
        // the sleep only picks where in the start the kill lands
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut child = device(&db, &http.url);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            match next_line(&mut lines, &mut child, &at).as_str() {
                "ready" => break,
                "syncing" => {}
                l if l.starts_with("synced ") => {}
                l => panic!("{at}: `{l}` before `ready`"),
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let store = Store::open(&db).unwrap_or_else(|e| panic!("{at}: {e}"));
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{at}");
    }
}

#[test]
fn killed_writers_and_syncs_lose_and_duplicate_no_acknowledged_order() {
    let seed = seed("writers and syncs");
    let started = Instant::now();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let (api, http) = server(dir.path());
    let db = dir.path().join("ana.db");
    let mut told = Told::default();
    let mut landed = Landed::default();
    let mut checked_on_server = 0;
    for round in 0..ROUNDS {
        let at = format!("round {round}, seed {seed}");
        let mut child = device(&db, &http.url);
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut last = None;
        // the sleeps below only pick where the kill lands (somewhere inside the next
        // operation); nothing waits on them
        if rng.random_ratio(1, 10) {
            // while the device starts: opening, logging in, its first sync
            std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        } else {
            let ready = next_line(&mut lines, &mut child, &at);
            assert!(told.take(&ready), "{at}: `{ready}`");
            last = Some(ready);
            for _ in 0..rng.random_range(0..12) {
                let line = next_line(&mut lines, &mut child, &at);
                assert!(told.take(&line), "{at}: `{line}`");
                last = Some(line);
            }
            std::thread::sleep(Duration::from_micros(rng.random_range(0..6_000)));
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        // anything it printed after our last read happened before the kill too
        for line in lines.map_while(Result::ok) {
            assert!(told.take(&line), "{at}: `{line}`");
            last = Some(line);
        }
        if status.signal() != Some(9) {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("{at}: the device stopped by itself ({status}): {err}");
        }
        match last.as_deref() {
            None => landed.starting += 1,
            Some("syncing") => landed.syncing += 1,
            Some(_) => landed.writing += 1,
        }
        told.sync_started_at = None;

        let mut store = match Store::open(&db) {
            Ok(s) => s,
            // killed in its first login before the store had an identity: the next start
            // logs in again (`session::login` takes the file over)
            Err(fieldsales_core::Error::NotInitialised(_)) if !told.ready => continue,
            Err(e) => panic!("{at}: {e}"),
        };
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{at}");
        for (id, total) in &told.acknowledged {
            let o: Order = store
                .get(id)
                .unwrap_or_else(|e| panic!("{at}: acknowledged order {id} lost: {e}"));
            assert_eq!(o.total_minor, *total, "{at}: order {id}");
        }
        drop(store);
        // a sync that returned pushed everything acknowledged before it
        for (id, total) in &told.acknowledged[checked_on_server..told.on_server] {
            let o = server_order(&api, id)
                .unwrap_or_else(|| panic!("{at}: order {id} synced but not on the server"));
            assert_eq!(o.total_minor, *total, "{at}: order {id} on the server");
        }
        checked_on_server = checked_on_server.max(told.on_server);
    }

    // the device's next sync brings the server level with it
    let at = format!("final sync, seed {seed}");
    let t = HttpTransport::new(&http.url).unwrap();
    let mut store = Store::open(&db).unwrap();
    let report = sync::sync(&mut store, &t, &mut |_| Ok(())).unwrap();
    assert!(report.rejected.is_empty(), "{at}: {:?}", report.rejected);
    assert!(
        store.rejections().unwrap().is_empty(),
        "{at}: refused edits"
    );
    assert_eq!(store.dirty_count().unwrap(), 0, "{at}: left to push");
    assert!(store.check_index().unwrap().is_empty(), "{at}: index");
    let on_device: BTreeSet<String> = store
        .conn()
        .prepare("SELECT id FROM documents WHERE kind = ?1")
        .unwrap()
        .query_map([Kind::Order.as_str()], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut on_server: BTreeMap<String, Order> = BTreeMap::new();
    let mut after: Option<String> = None;
    loop {
        let page = api
            .store()
            .docs_in_scopes(&Scopes::All, after.as_deref(), 1000)
            .unwrap();
        after = page.last().map(|d| d.id.clone());
        let full = page.len() == 1000;
        for d in page.into_iter().filter(|d| d.kind == Kind::Order) {
            let doc = fieldsales_core::doc::load_foreign(&d.snapshot).unwrap();
            on_server.insert(d.id, fieldsales_core::doc::read(&doc).unwrap());
        }
        if !full {
            break;
        }
    }
    let server_ids: BTreeSet<String> = on_server.keys().cloned().collect();
    assert_eq!(
        server_ids, on_device,
        "{at}: the server's orders are the device's"
    );
    for (id, total) in &told.acknowledged {
        let o = on_server
            .get(id)
            .unwrap_or_else(|| panic!("{at}: acknowledged order {id} not on the server"));
        assert_eq!(o.total_minor, *total, "{at}: order {id} on the server");
    }
    let mut numbers = BTreeSet::new();
    for o in on_server.values() {
        assert!(
            numbers.insert(o.number.clone()),
            "{at}: order number {} twice on the server",
            o.number
        );
    }
    assert!(!told.acknowledged.is_empty(), "{at}");
    println!(
        "{ROUNDS} kills ({} while starting, {} in a write, {} in a sync); {} orders \
         acknowledged, {} on the server; {} syncs returned, {} documents pushed; {:.1} s",
        landed.starting,
        landed.writing,
        landed.syncing,
        told.acknowledged.len(),
        on_server.len(),
        told.syncs,
        told.pushed,
        started.elapsed().as_secs_f64()
    );
}

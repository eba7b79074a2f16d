//! A process killed with SIGKILL mid-write leaves a store that opens, passes
//! `PRAGMA integrity_check`, and holds every write it acknowledged.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use fieldsales_core::Store;
use fieldsales_core::records::Order;
use rand::{Rng, SeedableRng};

#[test]
fn killed_writers_lose_no_acknowledged_order() {
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random);
    println!("crash test seed {seed} (rerun with CRASH_SEED={seed})");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let mut acknowledged: Vec<(String, i64)> = Vec::new();
    let rounds = 20;
    for round in 0..rounds {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
            .arg(&db)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        assert_eq!(
            lines.next().unwrap().unwrap(),
            "ready",
            "round {round}, seed {seed}"
        );
        let kill_after = rng.random_range(0..25);
        for _ in 0..kill_after {
            let line = lines.next().unwrap().unwrap();
            let mut parts = line.split(' ');
            assert_eq!(parts.next(), Some("ok"));
            let id = parts.next().unwrap().to_string();
            let total: i64 = parts.next().unwrap().parse().unwrap();
            acknowledged.push((id, total));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // anything it printed after our last read was acknowledged too
        for line in lines.map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("ok ") {
                let (id, total) = rest.split_once(' ').unwrap();
                acknowledged.push((id.to_string(), total.parse().unwrap()));
            }
        }
        let mut store =
            Store::open(&db).unwrap_or_else(|e| panic!("round {round}, seed {seed}: {e}"));
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}, seed {seed}");
        for (id, total) in &acknowledged {
            let o: Order = store.get(id).unwrap_or_else(|e| {
                panic!("acknowledged order {id} lost in round {round}, seed {seed}: {e}")
            });
            assert_eq!(o.total_minor, *total, "seed {seed}");
        }
    }
    assert!(!acknowledged.is_empty());
}

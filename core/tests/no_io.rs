//! The core does no I/O of its own: no sockets, no clock and no randomness except through the
//! injected `Env` (`core/src/env.rs`). This reads the core's sources (outside `env.rs` and
//! outside test modules) for the calls that would reach around it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// Calls that read the clock, ask the system for randomness or open a connection.
const FORBIDDEN: &[&str] = &[
    "Utc::now",
    "Local::now",
    "SystemTime::now",
    "Instant::now",
    "Uuid::new_v4",
    "Uuid::now_v7",
    "ActorId::random",
    "rand::rng(",
    "thread_rng",
    "OsRng",
    "from_entropy",
    "getrandom",
    "TcpStream",
    "UdpSocket",
    "reqwest",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn nothing_in_the_core_reads_the_clock_or_randomness_around_its_env() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 40, "the core's sources were found");
    let mut found = Vec::new();
    for f in files {
        if f.ends_with("env.rs") || f.ends_with("pdf/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // test modules sit at the bottom of a file; they may use what they like
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for call in FORBIDDEN {
                if line.contains(call) {
                    found.push(format!("{}:{}: {call}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

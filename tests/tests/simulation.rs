//! The seeded simulation in CI: 500 seeds of 5 devices x 200 operations through the
//! `simulate` program, and proof that its checks catch what they claim to.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::records::Product;
use fieldsales_core::store::ListQuery;
use fieldsales_tests::sim::{SimConfig, first_difference, simulate, state, verify};

#[test]
fn five_hundred_seeds_of_five_devices_run_clean() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_simulate"))
        .args([
            "--seeds",
            "500",
            "--first-seed",
            "1",
            "--devices",
            "5",
            "--ops",
            "200",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("500 seeds from 1 clean"), "{stdout}");
}

fn cfg(seed: u64) -> SimConfig {
    SimConfig {
        seed,
        devices: 4,
        ops: 120,
    }
}

#[test]
fn a_seed_replays_to_the_same_run() {
    let a = simulate(&cfg(7));
    let b = simulate(&cfg(7));
    assert_eq!(a.report.writes_acknowledged, b.report.writes_acknowledged);
    assert_eq!(a.report.syncs, b.report.syncs);
    assert_eq!(a.report.faults.total(), b.report.faults.total());
    assert!(a.report.faults.total() > 0, "the network misbehaved");
    assert!(a.report.writes_acknowledged > 0);
}

#[test]
fn a_seed_replays_to_identical_final_state() {
    // every document's bytes, every index row and every server table, twice from one seed
    let mut a = simulate(&cfg(7));
    let mut b = simulate(&cfg(7));
    let (sa, sb) = (state(&mut a), state(&mut b));
    assert!(
        sa.keys().any(|k| k.starts_with("server/")) && sa.len() > 20,
        "the state covers the server and the devices: {:?}",
        sa.keys().collect::<Vec<_>>()
    );
    assert!(sa["server/documents"].len() > 10, "the run wrote documents");
    if let Some(d) = first_difference(&sa, &sb) {
        panic!("seed 7 ran to two different states: {d}");
    }
    // and another seed runs elsewhere
    let mut c = simulate(&cfg(8));
    assert!(first_difference(&sa, &state(&mut c)).is_some());
}

#[test]
fn the_checks_catch_a_missing_document_and_an_unsynced_write() {
    let mut w = simulate(&cfg(11));
    assert_eq!(verify(&mut w), Vec::<String>::new());
    // a device loses a document it should hold
    let first = w
        .store(1)
        .list::<Product>(&ListQuery::default().limit(1))
        .unwrap()
        .into_iter()
        .next()
        .expect("rep1 holds the catalogue");
    w.store(1)
        .remove_documents(std::slice::from_ref(&first.id))
        .unwrap();
    let f = verify(&mut w);
    assert!(f.iter().any(|x| x.contains("missing")), "{f:?}");

    // a write acknowledged but never synced counts as lost
    let mut w = simulate(&cfg(12));
    let t = w.store(2).create_task("never synced", None, None).unwrap();
    w.acked(2, &t.id);
    let f = verify(&mut w);
    assert!(f.iter().any(|x| x.contains("still to push")), "{f:?}");
    assert!(
        f.iter()
            .any(|x| x.contains("neither on the server nor refused")),
        "{f:?}"
    );
}

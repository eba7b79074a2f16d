//! Replays every input under `fuzz/corpus/<target>/` and `fuzz/artifacts/<target>/` (the
//! crashers cargo-fuzz found, kept once fixed) through the fuzz targets' functions, plus
//! mutilated variants of each: none may panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use fieldsales_tests::fuzz;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_file() {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The input and a few cuts and flips of it.
fn variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut v = vec![bytes.to_vec(), Vec::new()];
    for cut in [
        1,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len().saturating_sub(1),
    ] {
        v.push(bytes[..cut.min(bytes.len())].to_vec());
    }
    for at in [0, 1, bytes.len() / 2, bytes.len().saturating_sub(2)] {
        if at < bytes.len() {
            let mut b = bytes.to_vec();
            b[at] ^= 0xff;
            v.push(b);
        }
    }
    v
}

fn replay(target: &str, f: fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "no corpus for {target}");
    for (name, bytes) in &all {
        for (i, v) in variants(bytes).iter().enumerate() {
            let r = std::panic::catch_unwind(|| f(v));
            assert!(r.is_ok(), "{target}: {name} (variant {i}) panicked");
        }
    }
}

#[test]
fn the_protocol_decoder_corpus_replays_without_a_panic() {
    replay("protocol_decode", fuzz::protocol_decode);
}

#[test]
fn the_document_import_corpus_replays_without_a_panic() {
    replay("document_import", fuzz::document_import);
}

#[test]
fn the_server_request_corpus_replays_without_a_panic() {
    replay("server_request", fuzz::server_request);
}

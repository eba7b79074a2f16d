//! `fuzz-seeds DIR`: write seed inputs for the fuzz targets into `DIR/<target>/` — valid
//! messages and documents, so the fuzzer starts from the structures it must mutate.

use fieldsales_core::ops::{NewAccount, NewProduct};
use std::path::Path;

use fieldsales_core::ops::NewLine;
use fieldsales_core::records::Role;
use fieldsales_core::sync::protocol::{self, Cursor, PullDoc, PushDoc, SyncRequest, SyncResponse};
use fieldsales_core::{InitOptions, Store};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let d = dir.join(target);
    std::fs::create_dir_all(&d)?;
    std::fs::write(d.join(name), bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: fuzz-seeds DIR (e.g. fuzz/corpus)")?;
    let out = Path::new(&out);
    let tmp = tempfile::tempdir()?;
    let mut s = Store::init(
        tmp.path().join("seed.db"),
        InitOptions::new("seed", Role::Admin),
    )?;
    let p = s.create_product(NewProduct::new("S1", "Widget", 1250, "EUR", 2000))?;
    let a = s.create_account(NewAccount::named("Acme"))?;
    let o = s.new_order_with_lines(&a.id, &[NewLine::new(&p.id, 3_000, 500)])?;
    for (name, id) in [("product", &p.id), ("account", &a.id), ("order", &o.id)] {
        let bytes = s.export(id)?;
        write(out, "document_import", name, &bytes)?;
    }
    let req = SyncRequest {
        cursor: Cursor::default(),
        push: vec![PushDoc {
            id: o.id.clone(),
            kind: fieldsales_core::records::Kind::Order,
            changes: s.export(&o.id)?,
        }],
        limit: 100,
        want: vec![a.id.clone()],
    };
    let encoded = protocol::encode(&req);
    write(out, "protocol_decode", "request", &encoded)?;
    write(out, "server_request", "request", &encoded)?;
    write(
        out,
        "server_request",
        "empty-pull",
        &protocol::encode(&SyncRequest {
            cursor: Cursor::default(),
            push: vec![],
            limit: 10,
            want: vec![],
        }),
    )?;
    let resp = SyncResponse {
        pull: vec![PullDoc {
            id: a.id.clone(),
            kind: fieldsales_core::records::Kind::Account,
            bytes: s.export(&a.id)?,
            snapshot: true,
            heads: vec![0; 32],
            record: Some(serde_json::to_string(&a)?),
        }],
        revoked: vec!["gone".into()],
        more: true,
        ..Default::default()
    };
    write(out, "protocol_decode", "response", &protocol::encode(&resp))?;
    println!("seeds written to {}", out.display());
    Ok(())
}

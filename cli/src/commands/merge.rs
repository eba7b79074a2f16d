//! Moving documents between stores by file, and the conflicts merges leave.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use fieldsales_core::Store;

use crate::error::{CliResult, read_file, write_file};
use crate::output::Out;

#[derive(Args)]
pub struct ExportArgs {
    id: String,
    #[arg(long)]
    out: PathBuf,
}

pub fn export(store: &mut Store, a: ExportArgs) -> CliResult {
    let bytes = store.export(&a.id)?;
    write_file("write document", &a.out, &bytes)
}

#[derive(Args)]
pub struct ImportArgs {
    file: PathBuf,
}

pub fn import(store: &mut Store, a: ImportArgs, out: &Out) -> CliResult {
    let bytes = read_file("read document", &a.file)?;
    let r = store.import(&bytes)?;
    out.emit(&r, || {
        let what = if r.created {
            "new"
        } else if r.changed {
            "merged"
        } else {
            "already up to date"
        };
        println!("{} {} {}", r.kind, r.id, what);
        if r.conflicts > 0 {
            println!(
                "  {} field(s) in conflict: see `fieldsales conflicts`",
                r.conflicts
            );
        }
    })
}

#[derive(Args)]
pub struct ConflictsArgs {
    #[command(subcommand)]
    cmd: Option<ConflictCmd>,
}

#[derive(Subcommand)]
enum ConflictCmd {
    /// Keep the winner and stop showing a conflict.
    Dismiss {
        doc_id: String,
        #[arg(long)]
        path: String,
    },
}

pub fn conflicts(store: &mut Store, a: ConflictsArgs, out: &Out) -> CliResult {
    if let Some(ConflictCmd::Dismiss { doc_id, path }) = a.cmd {
        if !store.dismiss_conflict(&doc_id, &path)? {
            return Err(
                fieldsales_core::Error::not_found("conflict", format!("{doc_id} {path}")).into(),
            );
        }
        return Ok(());
    }
    let list = store.conflicts()?;
    out.emit(&list, || {
        if list.is_empty() {
            println!("no conflicts");
        }
        for c in &list {
            println!("{}", describe(c));
        }
    })
}

/// "ben set phone to X while anna set Y (kept: X)".
pub fn describe(c: &fieldsales_core::store::StoredConflict) -> String {
    let who = |v: &fieldsales_core::doc::ConflictValue| {
        v.by.clone().unwrap_or_else(|| "another device".into())
    };
    let losers: Vec<String> = c
        .conflict
        .losers
        .iter()
        .map(|l| format!("{} set {}", who(l), l.value))
        .collect();
    format!(
        "{} {}: {} set {} to {} while {} (kept: {})",
        c.kind,
        c.doc_id,
        who(&c.conflict.winner),
        c.conflict.path,
        c.conflict.winner.value,
        losers.join(", "),
        c.conflict.winner.value
    )
}

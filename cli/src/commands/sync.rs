//! Signing in to a server, syncing, and the edits the server refused.

use std::path::Path;

use clap::{Args, Subcommand};
use fieldsales_core::sync::{SyncPhase, session};
use fieldsales_core::{OpenOptions, Store, StoreKey};
use fieldsales_http::HttpTransport;

use crate::error::{CliResult, usage};
use crate::output::Out;

#[derive(Args)]
pub struct LoginArgs {
    #[arg(long)]
    server: String,
    #[arg(long)]
    user: String,
    /// The password (or set FIELDSALES_PASSWORD).
    #[arg(long, env = "FIELDSALES_PASSWORD", hide_env_values = true)]
    password: String,
}

pub fn login(db: &Path, key: Option<&StoreKey>, a: LoginArgs, out: &Out) -> CliResult {
    let transport = HttpTransport::new(&a.server).map_err(fieldsales_core::Error::from)?;
    let opts = OpenOptions {
        key: key.cloned(),
        ..OpenOptions::default()
    };
    let store = session::login_with_options(opts, db, &transport, &a.server, &a.user, &a.password)?;
    let id = store.identity();
    out.emit(id, || {
        println!(
            "signed in as {} ({}) at {}; device {}",
            id.user_name, id.role, a.server, id.device_id
        )
    })
}

#[derive(Args)]
pub struct SyncArgs {
    /// Sync with this server instead of the one logged in to.
    #[arg(long)]
    server: Option<String>,
}

pub fn sync(store: &mut Store, a: SyncArgs, out: &Out) -> CliResult {
    let url = match a.server.or_else(|| store.identity().server_url.clone()) {
        Some(u) => u,
        None => {
            return Err(usage(
                "this store is not signed in to a server: run `login` first",
            ));
        }
    };
    let transport = HttpTransport::new(&url).map_err(fieldsales_core::Error::from)?;
    let show = !out.json;
    let report = fieldsales_core::sync::sync(store, &transport, &mut |p| {
        if show && p.round_trips > 0 && p.phase != SyncPhase::Done {
            eprintln!(
                "  round trip {}: pushed {}, pulled {}, {} to push",
                p.round_trips, p.pushed, p.pulled, p.to_push
            );
        }
        Ok(())
    })?;
    out.emit(&report, || {
        println!(
            "synced in {} round trip(s), {} ms: pushed {}, pulled {}, revoked {}, {} B up, {} B down",
            report.round_trips,
            report.duration_ms,
            report.pushed,
            report.pulled,
            report.revoked,
            report.bytes_up,
            report.bytes_down
        );
        for r in &report.rejected {
            println!("  rejected {}: {}", r.doc_id, r.reason);
        }
    })
}

#[derive(Args)]
pub struct RejectionsArgs {
    #[command(subcommand)]
    cmd: Option<RejectionCmd>,
}

#[derive(Subcommand)]
enum RejectionCmd {
    /// Stop showing a rejection.
    Dismiss { id: i64 },
}

pub fn rejections(store: &mut Store, a: RejectionsArgs, out: &Out) -> CliResult {
    if let Some(RejectionCmd::Dismiss { id }) = a.cmd {
        if !store.dismiss_rejection(id)? {
            return Err(fieldsales_core::Error::not_found("rejection", id.to_string()).into());
        }
        return Ok(());
    }
    let list = store.rejections()?;
    out.emit(&list, || {
        if list.is_empty() {
            println!("no rejected edits");
        }
        for r in &list {
            println!(
                "#{} {} {} refused ({}): {}",
                r.id, r.kind, r.doc_id, r.reason, r.detail
            );
        }
    })
}

#[derive(Args)]
pub struct LogoutArgs {
    /// Sign out even if changes or photos are not synced yet (they are lost), or the server
    /// cannot be reached (its session then stays valid until it expires).
    #[arg(long)]
    force: bool,
}

/// End the session on the server and delete the local store (`session::logout`).
pub fn logout(store: Store, a: LogoutArgs, out: &Out) -> CliResult {
    let url = session::session_server(&store)?;
    let transport = HttpTransport::new(&url).map_err(fieldsales_core::Error::from)?;
    let report = session::logout(store, &transport, a.force)?;
    out.emit(&report, || {
        if report.server_revoked {
            println!("signed out: the session ended on the server and the local store was deleted");
        } else {
            println!(
                "signed out locally: the local store was deleted, but the server could not be \
                 reached, so the session stays valid until it expires or an admin revokes it"
            );
        }
        if report.discarded_documents > 0 || report.discarded_blobs > 0 {
            println!(
                "  discarded {} unsynced document(s) and {} photo(s)",
                report.discarded_documents, report.discarded_blobs
            );
        }
    })
}

//! The sans-I/O sync engine: build a request from the store, apply a response to it. `sync`
//! drives both over a `Transport` until the server has nothing more, counting what it did.

use serde::Serialize;

use super::protocol::{
    self, Cursor, MAX_PULL_LIMIT, MAX_PUSH_DOCS, MAX_REQUEST_BYTES, SyncRequest, SyncResponse,
};
use super::transport::{Transport, TransportError};
use crate::Store;
use crate::error::{Error, Result};
use crate::store::Pending;

/// What the UI shows about sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    Idle,
    Syncing,
    Offline,
    Error,
}

impl SyncState {
    pub fn label(&self) -> &'static str {
        match self {
            SyncState::Idle => "idle",
            SyncState::Syncing => "syncing",
            SyncState::Offline => "offline",
            SyncState::Error => "error",
        }
    }
}

/// The phase of a running sync, for progress on long first syncs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    Pushing,
    Pulling,
    Blobs,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub round_trips: u32,
    pub pushed: u64,
    pub pulled: u64,
    /// Documents still waiting to be pushed.
    pub to_push: u64,
}

/// One refused document, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectionSummary {
    pub doc_id: String,
    pub reason: protocol::RejectReason,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub round_trips: u32,
    pub bytes_up: u64,
    pub bytes_down: u64,
    pub pushed: u64,
    pub pulled: u64,
    pub rejected: Vec<RejectionSummary>,
    pub revoked: u64,
    pub blobs_up: u64,
    pub duration_ms: u64,
    /// Of `duration_ms`, the time spent applying the server's answers to the store.
    pub apply_ms: u64,
    /// The kinds of record the sync added, changed, reset or removed.
    pub changed: Vec<crate::records::Kind>,
}

/// What one response did to the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    pub accepted: usize,
    pub pulled: usize,
    pub rejected: Vec<RejectionSummary>,
    pub revoked: usize,
    pub more: bool,
    /// The kinds of record this response added, changed, reset or removed (for the UI's
    /// data-changed listeners).
    pub changed: Vec<crate::records::Kind>,
}

/// Build the next request: the feed cursor and up to `MAX_PUSH_DOCS` dirty documents' changes
/// (fewer if they would pass the request size limit).
pub fn build_request(store: &mut Store, limit: u32) -> Result<(SyncRequest, Vec<Pending>)> {
    let cursor = store.sync_cursor()?;
    let mut push = Vec::new();
    let mut pending = Vec::new();
    let mut size = 64;
    for (id, kind) in store.dirty_documents(MAX_PUSH_DOCS)? {
        let (doc, p) = store.push_for(&id, kind)?;
        if doc.changes.is_empty() {
            // the server has every change: only the flag was stale
            store.mark_clean(&p)?;
            continue;
        }
        size += doc.changes.len() + id.len() + 16;
        if size > MAX_REQUEST_BYTES * 3 / 4 && !push.is_empty() {
            break;
        }
        push.push(doc);
        pending.push(p);
    }
    Ok((
        SyncRequest {
            cursor,
            push,
            limit: limit.clamp(1, MAX_PULL_LIMIT),
            want: store.wanted()?,
        },
        pending,
    ))
}

/// Apply the server's answer: acknowledgements, rejections (kept, document reset), pulled
/// documents, revocations, then the new cursor — the cursor last, so a crash in between only
/// repeats work.
pub fn apply_response(
    store: &mut Store,
    pending: Vec<Pending>,
    resp: SyncResponse,
) -> Result<Applied> {
    let mut out = Applied {
        more: resp.more,
        ..Default::default()
    };
    let mut by_id: std::collections::HashMap<String, Pending> =
        pending.into_iter().map(|p| (p.id.clone(), p)).collect();
    let accepted: Vec<(Pending, Vec<u8>)> = resp
        .accepted
        .into_iter()
        .filter_map(|a| by_id.remove(&a.id).map(|p| (p, a.heads)))
        .collect();
    out.accepted = accepted.len();
    // pulled changes first: then a document whose push the server merged with others'
    // changes holds exactly the accepted heads, and is clean
    store.apply_pulled(&resp.pull)?;
    out.pulled = resp.pull.len();
    let mut changed: std::collections::BTreeSet<crate::records::Kind> =
        resp.pull.iter().map(|p| p.kind).collect();
    for id in resp.rejected.iter().map(|r| &r.id).chain(&resp.revoked) {
        changed.extend(store.kind_of(id)?);
    }
    out.changed = changed.into_iter().collect();
    store.mark_accepted(&accepted)?;
    for r in &resp.rejected {
        store.apply_rejection(r)?;
        out.rejected.push(RejectionSummary {
            doc_id: r.id.clone(),
            reason: r.reason.clone(),
        });
    }
    out.revoked = store.remove_documents(&resp.revoked)?;
    store.set_sync_cursor(&resp.cursor)?;
    Ok(out)
}

/// How the engine reaches the store: for the whole sync (`&mut Store`), or a step at a time
/// (the FFI's shared store, which the app keeps reading and writing while a long first sync
/// waits on the network: the lock is held while a request is built or an answer applied, never
/// across a round trip).
pub trait StoreAccess {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T>;
}

impl StoreAccess for std::cell::RefCell<&mut Store> {
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        f(&mut self.borrow_mut())
    }
}

/// Sync until the server has nothing more and nothing is left to push.
pub fn sync(
    store: &mut Store,
    transport: &dyn Transport,
    progress: &mut dyn FnMut(&SyncProgress) -> Result<()>,
) -> Result<SyncReport> {
    sync_with(&std::cell::RefCell::new(store), transport, progress)
}

/// What a revoked device tells its user once its data is gone.
pub const WIPED: &str = "its data was deleted from this device; sign in again to go on";

/// [`sync`] over any [`StoreAccess`]. A `progress` error ends the sync between round trips,
/// where everything acknowledged so far is stored.
///
/// A server that answers `device_revoked` (an administrator revoked this phone, lost or
/// stolen) gets the local data deleted before the error comes back: unsynced work included,
/// since the device is no longer trusted with it. The error says why, for the user.
pub fn sync_with(
    access: &impl StoreAccess,
    transport: &dyn Transport,
    progress: &mut dyn FnMut(&SyncProgress) -> Result<()>,
) -> Result<SyncReport> {
    match sync_rounds(access, transport, progress) {
        Err(Error::Transport(TransportError::DeviceRevoked(_))) => {
            access.with_store(|s| s.wipe())?;
            Err(Error::Transport(TransportError::DeviceRevoked(
                WIPED.to_string(),
            )))
        }
        other => other,
    }
}

fn sync_rounds(
    access: &impl StoreAccess,
    transport: &dyn Transport,
    progress: &mut dyn FnMut(&SyncProgress) -> Result<()>,
) -> Result<SyncReport> {
    let token = access
        .with_store(|s| s.meta("token"))?
        .ok_or_else(|| Error::from(TransportError::Unauthorized("log in first".into())))?;
    let env = access.with_store(|s| Ok(s.env().clone()))?;
    let started = env.monotonic();
    let mut report = SyncReport::default();
    let mut last_cursor: Option<Cursor> = None;
    // the first round trip always pulls; later ones go while the server has more or
    // something is left to push
    let mut need_pull = true;
    let mut applying = std::time::Duration::ZERO;
    loop {
        let (req, pending, to_push) = access.with_store(|s| {
            let (req, pending) = build_request(s, 1_000)?;
            Ok((req, pending, s.dirty_count()? as u64))
        })?;
        let pushing = !req.push.is_empty();
        if !pushing && !need_pull {
            break;
        }
        progress(&SyncProgress {
            phase: if pushing {
                SyncPhase::Pushing
            } else {
                SyncPhase::Pulling
            },
            round_trips: report.round_trips,
            pushed: report.pushed,
            pulled: report.pulled,
            to_push,
        })?;
        let body = protocol::encode(&req);
        report.bytes_up += body.len() as u64;
        let answer = transport.sync(&token, body)?;
        report.round_trips += 1;
        report.bytes_down += answer.len() as u64;
        let apply_started = env.monotonic();
        let resp: SyncResponse = protocol::decode(&answer, usize::MAX)
            .map_err(|e| Error::invalid(format!("the server's answer was unreadable: {e}")))?;
        let same_cursor = last_cursor.as_ref() == Some(&resp.cursor);
        last_cursor = Some(resp.cursor.clone());
        report.pushed += req.push.len() as u64;
        let applied = access.with_store(|s| apply_response(s, pending, resp))?;
        applying += env.monotonic().saturating_sub(apply_started);
        report.pulled += applied.pulled as u64;
        report.revoked += applied.revoked as u64;
        report.rejected.extend(applied.rejected);
        for k in applied.changed {
            if !report.changed.contains(&k) {
                report.changed.push(k);
            }
        }
        need_pull = applied.more;
        if same_cursor && !pushing && applied.pulled == 0 {
            // a server that says "more" without moving on would loop forever
            return Err(Error::invalid(
                "the server reported more data without progress",
            ));
        }
    }
    report.blobs_up = super::blobs::upload_pending(access, transport, &token)?;
    // the end of a sync is idle time: fold the WAL now rather than in a user's next write
    access.with_store(|s| s.checkpoint())?;
    report.duration_ms = env.monotonic().saturating_sub(started).as_millis() as u64;
    report.apply_ms = applying.as_millis() as u64;
    let to_push = access.with_store(|s| s.dirty_count())? as u64;
    progress(&SyncProgress {
        phase: SyncPhase::Done,
        round_trips: report.round_trips,
        pushed: report.pushed,
        pulled: report.pulled,
        to_push,
    })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::InitOptions;
    use crate::records::Role;
    use crate::sync::protocol::{RejectReason, Rejected};

    #[test]
    fn a_reason_this_build_does_not_know_is_kept_and_the_sync_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut s =
            Store::init(dir.path().join("d.db"), InitOptions::new("ana", Role::Rep)).unwrap();
        let a = s
            .create_account(crate::ops::NewAccount::named("Nordhof KG"))
            .unwrap();
        let (_, pending) = build_request(&mut s, 10).unwrap();
        let newer = RejectReason::Other("quota_exhausted".into());
        let answer = protocol::encode(&SyncResponse {
            rejected: vec![Rejected {
                id: a.id.clone(),
                reason: newer.clone(),
                detail: "a newer server's reason".into(),
                current: None,
            }],
            ..Default::default()
        });
        let resp: SyncResponse = protocol::decode(&answer, usize::MAX).unwrap();
        let applied = apply_response(&mut s, pending, resp).unwrap();
        assert_eq!(applied.rejected[0].reason, "quota_exhausted");
        let stored = s.rejections().unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(
            stored[0].reason, newer,
            "read back from the table as it came"
        );
        assert_eq!(
            serde_json::to_value(&stored[0]).unwrap()["reason"],
            "quota_exhausted"
        );
    }
}

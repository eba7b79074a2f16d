//! The state, progress and report of a sync.
//! The screens' records and their field-for-field conversion from and to the core's.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncState {
    Idle,
    Syncing,
    Offline,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncPhase {
    Pushing,
    Pulling,
    Blobs,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub round_trips: u32,
    pub pushed: u64,
    pub pulled: u64,
    pub to_push: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedEdit {
    pub doc_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    pub round_trips: u32,
    pub bytes_up: u64,
    pub bytes_down: u64,
    pub pushed: u64,
    pub pulled: u64,
    pub rejected: Vec<RejectedEdit>,
    pub revoked: u64,
    pub blobs_up: u64,
    pub duration_ms: u64,
    pub changed: Vec<RecordKind>,
}

impl From<&fieldsales_core::sync::SyncProgress> for SyncProgress {
    fn from(p: &fieldsales_core::sync::SyncProgress) -> Self {
        use fieldsales_core::sync::SyncPhase as P;
        SyncProgress {
            phase: match p.phase {
                P::Pushing => SyncPhase::Pushing,
                P::Pulling => SyncPhase::Pulling,
                P::Blobs => SyncPhase::Blobs,
                P::Done => SyncPhase::Done,
            },
            round_trips: p.round_trips,
            pushed: p.pushed,
            pulled: p.pulled,
            to_push: p.to_push,
        }
    }
}

impl From<fieldsales_core::sync::SyncReport> for SyncReport {
    fn from(r: fieldsales_core::sync::SyncReport) -> Self {
        SyncReport {
            round_trips: r.round_trips,
            bytes_up: r.bytes_up,
            bytes_down: r.bytes_down,
            pushed: r.pushed,
            pulled: r.pulled,
            rejected: r
                .rejected
                .into_iter()
                .map(|x| RejectedEdit {
                    doc_id: x.doc_id,
                    reason: x.reason.to_string(),
                })
                .collect(),
            revoked: r.revoked,
            blobs_up: r.blobs_up,
            duration_ms: r.duration_ms,
            changed: r.changed.into_iter().map(Into::into).collect(),
        }
    }
}

/// What signing out did (`FieldSales.logout`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogoutReport {
    /// The server ended this device's session. False after a forced sign-out that could not
    /// reach the server: the session then stays valid until it expires.
    pub server_revoked: bool,
    /// Unsynced documents deleted with the store (forced).
    pub discarded_documents: u64,
    /// Photos never uploaded, deleted with the store (forced).
    pub discarded_blobs: u64,
}

/// What signing out now would discard; shown before "Sign out anyway".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UnsyncedWork {
    /// Documents changed on this device and not yet on the server.
    pub documents: u64,
    /// Photos not yet uploaded.
    pub photos: u64,
}

impl From<fieldsales_core::sync::session::UnsyncedWork> for UnsyncedWork {
    fn from(w: fieldsales_core::sync::session::UnsyncedWork) -> Self {
        UnsyncedWork {
            documents: w.documents,
            photos: w.blobs,
        }
    }
}

impl From<fieldsales_core::sync::session::LogoutReport> for LogoutReport {
    fn from(r: fieldsales_core::sync::session::LogoutReport) -> Self {
        LogoutReport {
            server_revoked: r.server_revoked,
            discarded_documents: r.discarded_documents,
            discarded_blobs: r.discarded_blobs,
        }
    }
}

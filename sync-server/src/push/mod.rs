//! One pushed document on its way in, as steps that each take what the one before produced:
//!
//! 1. [`authorize()`]: may the sender touch this id at all? Decided from the stored document's
//!    scope before anything else about the push is looked at, so a document they may not read
//!    answers the same whatever they send, and never with its contents.
//! 2. [`verify()`]: do the changes decode whole and apply, making a record of the pushed kind and
//!    id that the rules allow (with its quote signature, if any)?
//! 3. [`authorize_home()`]: may the sender write the scope that record lives in?
//! 4. [`stage()`]: the `Commit` that stores it, and whether it waits for the group commit.
//!
//! A refusal is a [`Rejection`] for the device; a store failure ends the request. The service
//! (`service.rs`) runs the steps in order under its write lock and owns the group commit.

mod authorize;
#[cfg(test)]
mod fixture;
mod prices;
mod stage;
mod verify;

use automerge::{AutoCommit, ChangeHash};
use fieldsales_core::any::AnyRecord;
use fieldsales_core::sync::protocol::{RejectReason, Rejected};

use crate::error::Error;
use crate::store::ServerDoc;

pub use authorize::{authorize, authorize_home};
pub use prices::Lookup;
pub use stage::{AuthTable, Landing, Staged, index_hint, stage, stored_at_once};
pub use verify::{verify, verify_with};

/// Concatenated 32-byte change hashes.
pub fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.as_ref().to_vec()).collect()
}

/// Why a pushed document is refused, as the device is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub reason: RejectReason,
    pub detail: String,
    /// The server's snapshot, only ever for a document the sender may read: set through
    /// [`Authorized::reject`] alone.
    current: Option<Vec<u8>>,
}

impl Rejection {
    /// A refusal that shows the sender nothing of the server's state.
    fn blind(reason: RejectReason, detail: impl Into<String>) -> Self {
        Rejection {
            reason,
            detail: detail.into(),
            current: None,
        }
    }

    pub fn current(&self) -> Option<&[u8]> {
        self.current.as_deref()
    }

    pub fn into_rejected(self, id: &str) -> Rejected {
        Rejected {
            id: id.to_string(),
            reason: self.reason,
            detail: self.detail,
            current: self.current,
        }
    }
}

/// How a step ends when it does not hand on to the next one.
#[derive(Debug)]
pub enum Stop {
    /// The document is refused; the other documents of the request go on.
    Rejected(Rejection),
    /// The server could not decide (a store error): the request fails.
    Failed(Error),
}

impl From<Rejection> for Stop {
    fn from(r: Rejection) -> Self {
        Stop::Rejected(r)
    }
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Failed(e)
    }
}

impl From<fieldsales_core::Error> for Stop {
    fn from(e: fieldsales_core::Error) -> Self {
        Stop::Failed(e.into())
    }
}

/// What a step answers.
pub type Step<T> = std::result::Result<T, Stop>;

/// A push the sender may make: to a new id, or to a document they may read and write.
#[derive(Debug)]
pub struct Authorized {
    /// The document as the server holds it (staged or stored); `None` for a new id.
    existing: Option<ServerDoc>,
}

impl Authorized {
    pub fn existing(&self) -> Option<&ServerDoc> {
        self.existing.as_ref()
    }

    /// A refusal with the server's state attached, so the device can reset to it: the sender
    /// may read this document, or it would not have been authorized.
    pub fn reject(&self, reason: RejectReason, detail: impl Into<String>) -> Rejection {
        Rejection {
            reason,
            detail: detail.into(),
            current: self.existing.as_ref().map(|d| d.snapshot.clone()),
        }
    }
}

/// The outcome of [`verify()`].
pub enum Verified {
    /// The server already holds every pushed change: nothing to store; answered with these
    /// heads.
    Replay { heads: Vec<u8> },
    /// New changes that make a valid record (boxed: it holds a whole document).
    Changed(Box<Change>),
}

/// Verified changes, applied to a copy of the server's document.
pub struct Change {
    pub authorized: Authorized,
    /// The server's document with the changes merged in.
    pub doc: AutoCommit,
    /// The record as the server held it; `None` for a new id.
    pub before: Option<AnyRecord>,
    /// The record read back from `doc`.
    pub record: AnyRecord,
    /// The heads before the merge: the stored changes are those after them.
    pub old_heads: Vec<ChangeHash>,
}

/// A verified change with the scope its record lives in, which the sender may write.
pub struct Placed {
    pub change: Box<Change>,
    pub scope: String,
}

//! The core's detailed error type. The FFI and the CLI map it onto their own small enums.

use std::path::PathBuf;

use crate::rules::RuleViolation;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{kind} {id} not found")]
    NotFound { kind: &'static str, id: String },
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A rule refused the change (`rules`, docs/rules.md); nothing was written.
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    #[error("document {id} holds a {found}, not a {expected}")]
    WrongKind {
        id: String,
        expected: &'static str,
        found: String,
    },
    #[error("the store at {0} is not initialised: run `init` or `login` first")]
    NotInitialised(PathBuf),
    #[error("the store at {0} is already initialised")]
    AlreadyInitialised(PathBuf),
    #[error(
        "the store file was unreadable ({reason}); it was moved aside to {moved_to} and nothing was deleted"
    )]
    Corrupt { moved_to: PathBuf, reason: String },
    #[error("the store was written by a newer version (schema {found}, this build knows {known})")]
    SchemaTooNew { found: i64, known: i64 },
    /// Reaching the server failed; nothing local was lost.
    #[error(transparent)]
    Transport(#[from] crate::sync::TransportError),
    #[error("storage error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("document error: {0}")]
    Automerge(Box<automerge::AutomergeError>),
    #[error("document does not match its record type: {0}")]
    Hydrate(Box<autosurgeon::HydrateError>),
    #[error("could not write record into its document: {0}")]
    Reconcile(Box<autosurgeon::ReconcileError>),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
    /// Signing out would delete work the server never received; nothing was changed. Sync
    /// first, or sign out with `force` to discard it.
    #[error(
        "{documents} document(s) and {blobs} photo(s) are not synced yet: sync first, or sign out with --force to discard them"
    )]
    Unsynced { documents: u64, blobs: u64 },
    /// The store is encrypted and this key does not open it: the key is wrong, or the file is
    /// damaged. Nothing was changed (the file is not moved aside).
    #[error(
        "the store's key does not open it (a wrong key, or a damaged file); nothing was changed"
    )]
    WrongKey,
    /// The store is encrypted and was opened without a key. Nothing was changed.
    #[error("the store is encrypted: open it with its key (--key-file)")]
    KeyNeeded,
    /// A key was given, but this build's SQLite is not SQLCipher.
    #[error("this build cannot encrypt a store (built without SQLCipher)")]
    EncryptionUnavailable,
    /// The device's signing key could not be made or read (docs/adr/0004).
    #[error("device key: {0}")]
    DeviceKey(String),
}

impl Error {
    pub fn not_found(kind: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound {
            kind,
            id: id.into(),
        }
    }

    pub fn invalid(detail: impl Into<String>) -> Self {
        Error::Invalid(detail.into())
    }
}

// The document errors are large; boxing them keeps every `Result` in the core small.
impl From<automerge::AutomergeError> for Error {
    fn from(e: automerge::AutomergeError) -> Self {
        Error::Automerge(Box::new(e))
    }
}

impl From<autosurgeon::HydrateError> for Error {
    fn from(e: autosurgeon::HydrateError) -> Self {
        Error::Hydrate(Box::new(e))
    }
}

impl From<autosurgeon::ReconcileError> for Error {
    fn from(e: autosurgeon::ReconcileError) -> Self {
        Error::Reconcile(Box::new(e))
    }
}

//! The server's storage behind a trait, so the sync service is a function of (request, store)
//! and every backend runs one conformance suite (`conformance::run`). SQLite in a data
//! directory is the embedded default.

mod sqlite;

pub use sqlite::SqliteStore;

use fieldsales_core::records::{Kind, Role};

use crate::error::{Error, Result};

/// Which scopes a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scopes {
    All,
    Only(Vec<String>),
}

impl Scopes {
    pub fn contains(&self, scope: &str) -> bool {
        match self {
            Scopes::All => true,
            Scopes::Only(v) => v.iter().any(|s| s == scope),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    pub territory_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub user_id: String,
    pub device_id: String,
    pub expires_at: i64,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerDoc {
    pub id: String,
    pub kind: Kind,
    pub scope: String,
    pub account_id: Option<String>,
    pub snapshot: Vec<u8>,
    pub heads: Vec<u8>,
    /// The record as JSON, read from this snapshot by the server's checks, when the document
    /// holds no concurrent values: a device bootstrapping indexes it without loading the
    /// document (ADR 0003).
    pub record: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOp {
    Change,
    Grant,
    Revoke,
}

impl FeedOp {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            FeedOp::Change => "change",
            FeedOp::Grant => "grant",
            FeedOp::Revoke => "revoke",
        }
    }
    pub(crate) fn parse(s: &str) -> Result<FeedOp> {
        match s {
            "change" => Ok(FeedOp::Change),
            "grant" => Ok(FeedOp::Grant),
            "revoke" => Ok(FeedOp::Revoke),
            other => Err(Error::Internal(format!("unknown feed op {other}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub seq: u64,
    pub doc_id: String,
    pub kind: Kind,
    pub scope: String,
    pub op: FeedOp,
    pub bytes: Vec<u8>,
    pub heads: Vec<u8>,
    pub origin: String,
}

/// What one accepted push (or admin write) stores, atomically.
#[derive(Debug, Clone)]
pub struct Commit {
    pub doc: ServerDoc,
    /// The changes the server did not have (empty: nothing to append to the feed).
    pub changes: Vec<u8>,
    pub origin: String,
    /// Documents moving scope with this one (an account's children): id and new scope.
    pub rescoped: Vec<(String, String)>,
    /// The scope the document had before, if it moved.
    pub old_scope: Option<String>,
}

pub trait ServerStore: Send + Sync {
    fn create_user(&self, user: &UserRow) -> Result<()>;
    fn user_by_name(&self, name: &str) -> Result<Option<UserRow>>;
    fn user_by_id(&self, id: &str) -> Result<Option<UserRow>>;
    fn set_user_active(&self, id: &str, active: bool) -> Result<()>;
    /// Replace a user's territories (a manager assigned them through the user's document).
    fn set_user_territories(&self, id: &str, territory_ids: &[String]) -> Result<()>;
    /// Users with any of these territories.
    fn users_in_territories(&self, territory_ids: &[String]) -> Result<Vec<UserRow>>;
    fn create_territory(&self, id: &str, name: &str, parent_id: Option<&str>) -> Result<()>;
    /// (id, parent id) of every territory.
    fn territories(&self) -> Result<Vec<(String, Option<String>)>>;
    fn put_token(&self, hash: &str, token: &TokenRow) -> Result<()>;
    fn token(&self, hash: &str) -> Result<Option<TokenRow>>;
    fn revoke_tokens(&self, user_id: &str) -> Result<()>;
    /// Revoke one session (a device signing out); other sessions of the user stay valid.
    fn revoke_token(&self, hash: &str) -> Result<()>;
    fn register_device(
        &self,
        device_id: &str,
        user_id: &str,
        public_key: Option<&str>,
    ) -> Result<()>;
    fn device_key(&self, device_id: &str) -> Result<Option<String>>;
    fn load_doc(&self, id: &str) -> Result<Option<ServerDoc>>;
    /// Store documents and append their feed entries, in order, in one transaction (one
    /// fsync): all stored, or none. Returns the last seq.
    fn commit_many(&self, commits: &[Commit]) -> Result<u64>;
    fn children_of(&self, account_id: &str) -> Result<Vec<ServerDoc>>;
    fn docs_in_scopes(
        &self,
        scopes: &Scopes,
        after_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ServerDoc>>;
    fn feed_after(&self, seq: u64, scopes: &Scopes, limit: u32) -> Result<Vec<FeedEntry>>;
    fn max_seq(&self) -> Result<u64>;
    fn blob_len(&self, hash: &str) -> Result<Option<(u64, bool)>>;
    /// Append bytes at `offset` (which must be the bytes held so far); the blob is complete
    /// once its bytes hash to its name. Returns the bytes held.
    fn append_blob(&self, hash: &str, offset: u64, bytes: &[u8]) -> Result<u64>;
    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>>;
}

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

/// A device registered to a user at its first sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub id: String,
    pub user_id: String,
    /// Hex Ed25519 public key, kept from the first sign-in that sent one (docs/adr/0008).
    pub public_key: Option<String>,
    pub registered_at_ms: i64,
    pub last_login_at_ms: i64,
    /// Set when an admin revoked it: its sessions end and its phone wipes itself.
    pub revoked_at_ms: Option<i64>,
}

/// Failed sign-ins in a row for one user name (existing or not), and its lockout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFailures {
    pub failures: u32,
    pub last_at_ms: i64,
    /// Locked until then (0: not locked).
    pub locked_until_ms: i64,
}

pub use crate::audit::{AuditEntry, AuditEvent};

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
    /// Register a device to a user at sign-in, or note another sign-in of it. A device keeps
    /// the first public key it sent: another key is `DeviceKeyMismatch`, a revoked device
    /// `DeviceRevoked`, another user's device `Forbidden`; nothing changes then.
    fn register_device(
        &self,
        device_id: &str,
        user_id: &str,
        public_key: Option<&str>,
        at_ms: i64,
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
    /// Every document of `kind` in `scope` (the price lists of `global`, which the server's
    /// own pricing reads). A backend may override this scan of the scope.
    fn docs_of_kind(&self, kind: Kind, scope: &str) -> Result<Vec<ServerDoc>> {
        let scopes = Scopes::Only(vec![scope.to_string()]);
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self.docs_in_scopes(&scopes, after.as_deref(), 1_000)?;
            let Some(last) = page.last() else { break };
            after = Some(last.id.clone());
            out.extend(page.into_iter().filter(|d| d.kind == kind));
        }
        Ok(out)
    }
    fn feed_after(&self, seq: u64, scopes: &Scopes, limit: u32) -> Result<Vec<FeedEntry>>;
    /// What a user may read changed (their territories, or the reps and territories under a
    /// manager): append, in one transaction, a `revoke` entry for every document in the
    /// `revoked` scopes and a `grant` entry for every one in the `granted` scopes, in that
    /// user's own scope (`scope::access`), so only their devices act on them.
    fn write_access_change(
        &self,
        user_id: &str,
        revoked: &[String],
        granted: &[String],
    ) -> Result<()>;
    fn max_seq(&self) -> Result<u64>;
    fn blob_len(&self, hash: &str) -> Result<Option<(u64, bool)>>;
    /// Append bytes at `offset` (which must be the bytes held so far); the blob is complete
    /// once its bytes hash to its name. Returns the bytes held.
    fn append_blob(&self, hash: &str, offset: u64, bytes: &[u8]) -> Result<u64>;
    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>>;
    /// The bytes of blob `hash` this device has uploaded so far, and whether the blob is
    /// complete (then its whole length, whoever uploaded it). An incomplete upload belongs to
    /// its device: another's, right or wrong, neither shows here nor blocks this one.
    fn blob_part_len(&self, hash: &str, device_id: &str) -> Result<(u64, bool)>;
    /// Append bytes at `offset` (which must be the bytes this device holds so far) to this
    /// device's upload of `hash`, started at `at_ms`; once its bytes hash to the name the blob
    /// is complete and readable. Returns the bytes held and whether it is complete.
    fn append_blob_part(
        &self,
        hash: &str,
        device_id: &str,
        offset: u64,
        bytes: &[u8],
        at_ms: i64,
    ) -> Result<(u64, bool)>;
    /// Drop incomplete uploads started before `before_ms`. Returns how many.
    fn sweep_blob_parts(&self, before_ms: i64) -> Result<u64>;
    /// Documents that reference blobs (a visit's photos): who may read one of them may read
    /// the blob.
    fn add_blob_refs(&self, doc_id: &str, hashes: &[String]) -> Result<()>;
    /// The ids of the documents that reference blob `hash`.
    fn blob_refs(&self, hash: &str) -> Result<Vec<String>>;

    // sign-in: devices, lockouts, passwords, the audit log
    fn device(&self, id: &str) -> Result<Option<DeviceRow>>;
    /// Every device, or one user's, oldest first.
    fn devices(&self, user_id: Option<&str>) -> Result<Vec<DeviceRow>>;
    /// Mark a device revoked and end its sessions; `false` if there is no such device. A
    /// device stays revoked.
    fn revoke_device(&self, id: &str, at_ms: i64) -> Result<bool>;
    fn set_user_password(&self, user_id: &str, password_hash: &str) -> Result<()>;
    fn login_failures(&self, name: &str) -> Result<Option<LoginFailures>>;
    /// Store a name's failures; rows of other names last failed before `forget_before_ms`
    /// and not locked are dropped on the way (they count for nothing any more).
    fn put_login_failures(
        &self,
        name: &str,
        f: &LoginFailures,
        forget_before_ms: i64,
    ) -> Result<()>;
    /// Forget a name's failures and lift its lockout; `false` if there were none.
    fn clear_login_failures(&self, name: &str) -> Result<bool>;
    /// Append to the audit log; there is no way to change or remove an entry.
    fn append_audit(&self, entries: &[AuditEntry]) -> Result<()>;
    /// Entries at or after `since_ms`, oldest first, at most `limit`.
    fn audit_since(&self, since_ms: i64, limit: u32) -> Result<Vec<AuditEntry>>;
}

//! The device store: one SQLite file per signed-in user holding every
//! record's Automerge document (snapshot + incremental chunks) and the query index, written in
//! one transaction per change with `synchronous=FULL`, so an acknowledged write survives a
//! crash or power loss. Documents are loaded lazily into a small LRU; opening loads none.

mod check;
mod docs;
pub mod index;
pub mod schema;
pub use check::IndexMismatch;
mod sync_state;

use std::path::{Path, PathBuf};

use automerge::{ActorId, AutoCommit};
use lru::LruCache;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction};
use serde::Serialize;

use crate::doc::{Author, FieldConflict};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::records::{Kind, Record, Role, User};
use crate::rules::{self, RuleContext};

pub use docs::Imported;
pub use index::{Filter, ListQuery, SearchHit};
pub use sync_state::{Pending, StoredRejection};

/// How many documents stay open in memory.
const OPEN_DOCS: usize = 32;

/// Who this store belongs to, generated at `init`/`login` and never shared with another store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    pub device_id: String,
    #[serde(serialize_with = "actor_hex")]
    pub actor: ActorId,
    pub user_id: String,
    pub user_name: String,
    pub role: Role,
    /// IANA zone for the user's days.
    pub zone: String,
    /// Currency of orders when the account has no price list.
    pub currency: String,
    /// Set once the store is bound to a sync server.
    pub server_url: Option<String>,
}

fn actor_hex<S: serde::Serializer>(a: &ActorId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&a.to_hex_string())
}

/// What `init` needs to know.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub user_name: String,
    pub role: Role,
    pub zone: String,
    pub currency: String,
    /// Use this user id instead of a new one (a login takes the server's).
    pub user_id: Option<String>,
    /// Use this device id instead of a new one (a login registers it first).
    pub device_id: Option<String>,
    /// Write the user's own record into the store. A store bound to a server receives it by
    /// sync instead.
    pub user_record: bool,
    /// The clock and randomness the store runs on (the system's unless a simulation injects
    /// its own).
    pub env: Env,
}

impl InitOptions {
    pub fn new(user_name: impl Into<String>, role: Role) -> Self {
        InitOptions {
            user_name: user_name.into(),
            role,
            zone: "UTC".into(),
            currency: "EUR".into(),
            user_id: None,
            device_id: None,
            user_record: true,
            env: Env::system(),
        }
    }
}

/// A conflict kept for the user: a field two devices set concurrently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredConflict {
    pub doc_id: String,
    pub kind: Kind,
    #[serde(flatten)]
    pub conflict: FieldConflict,
    pub detected_at: crate::time::Ts,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    identity: Identity,
    docs: LruCache<String, AutoCommit>,
    env: Env,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Move an unreadable store file (and its WAL) aside. Never delete: it may hold the only copy
/// of unsynced work.
fn move_aside(path: &Path, reason: String, env: &Env) -> Error {
    let stamp = env.now().millis();
    let mut target = path.as_os_str().to_owned();
    target.push(format!(".corrupt-{stamp}"));
    let target = PathBuf::from(target);
    if let Err(e) = std::fs::rename(path, &target) {
        return Error::Io(e);
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let mut dest = target.as_os_str().to_owned();
            dest.push(suffix);
            // best effort: the main file is already safe aside
            let _ = std::fs::rename(&side, PathBuf::from(dest));
        }
    }
    tracing::warn!(moved_to = %target.display(), "store file unreadable, moved aside");
    Error::Corrupt {
        moved_to: target,
        reason,
    }
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Open the SQLite file, set it up for durable writes and bring its schema to `VERSION`.
fn open_connection(path: &Path, env: &Env) -> Result<(Connection, bool)> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let mut conn = Connection::open_with_flags(path, flags)?;
    let setup = |conn: &mut Connection| -> rusqlite::Result<i64> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // checkpoints run in whichever commit crosses the threshold and stall it; the app
        // calls `checkpoint()` when idle, and this is only the cap (32 MB of 4 KB pages)
        conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // 8 MB of page cache (SQLite's default is 2 MB): a first sync's large transactions
        // otherwise spill pages mid-transaction and re-read index pages
        conn.pragma_update(None, "cache_size", -8192)?;
        // reading the schema catches a file that is not a database
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    };
    let version = match setup(&mut conn) {
        Ok(v) => v,
        Err(e) if is_corruption(&e) => {
            drop(conn);
            return Err(move_aside(path, e.to_string(), env));
        }
        Err(e) => return Err(e.into()),
    };
    let tx = conn.transaction()?;
    let mut reindex = false;
    if version == 0 {
        schema::create(&tx)?;
    } else if version != schema::VERSION {
        reindex = schema::upgrade(&tx, version)?.reindex;
    } else {
        // the index is made from the kinds' declarations: a build that declares another kind
        // or column rebuilds it from the documents
        reindex = schema::rebuild_index_if_changed(&tx)?;
    }
    tx.commit()?;
    Ok((conn, reindex))
}

impl Store {
    /// Create a new store for a user. Fails if the file already holds an initialised store.
    pub fn init(path: impl AsRef<Path>, opts: InitOptions) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if opts.user_name.trim().is_empty() {
            return Err(Error::invalid("a user name is required"));
        }
        crate::money::check_currency(&opts.currency)?;
        check_zone(&opts.zone)?;
        let env = opts.env;
        let (mut conn, _) = open_connection(&path, &env)?;
        if read_meta(&conn, "device_id")?.is_some() {
            return Err(Error::AlreadyInitialised(path));
        }
        let mut user = User::new(&env, opts.user_name.trim(), opts.role);
        if let Some(id) = opts.user_id {
            user.id = id;
        }
        user.zone = opts.zone.clone();
        let identity = Identity {
            device_id: opts.device_id.clone().unwrap_or_else(|| env.new_uuid()),
            actor: env.new_actor(),
            user_id: user.id.clone(),
            user_name: user.name.clone(),
            role: opts.role,
            zone: opts.zone,
            currency: opts.currency,
            server_url: None,
        };
        {
            let tx = conn.transaction()?;
            for (k, v) in [
                ("device_id", identity.device_id.as_str()),
                ("actor", &identity.actor.to_hex_string()),
                ("user_id", &identity.user_id),
                ("user_name", &identity.user_name),
                ("role", identity.role.as_str()),
                ("zone", &identity.zone),
                ("currency", &identity.currency),
            ] {
                write_meta(&tx, k, v)?;
            }
            tx.commit()?;
        }
        let mut store = Store {
            conn,
            path,
            identity,
            docs: LruCache::new(std::num::NonZeroUsize::MIN.saturating_add(OPEN_DOCS - 1)),
            env,
        };
        if opts.user_record {
            store.create(user)?;
        }
        Ok(store)
    }

    /// Open an initialised store. Loads no documents.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path, Env::system())
    }

    /// Open an initialised store that runs on `env`'s clock and randomness.
    pub fn open_with(path: impl AsRef<Path>, env: Env) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(Error::NotInitialised(path));
        }
        let (conn, reindex) = open_connection(&path, &env)?;
        let identity = load_identity(&conn, &path)?;
        let mut store = Store {
            conn,
            path,
            identity,
            docs: LruCache::new(std::num::NonZeroUsize::MIN.saturating_add(OPEN_DOCS - 1)),
            env,
        };
        if reindex {
            store.reindex()?;
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The clock and randomness this store runs on.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// Now, on this store's clock.
    pub fn now(&self) -> crate::time::Ts {
        self.env.now()
    }

    /// Today on the user's calendar (their zone).
    pub fn today(&self) -> crate::time::Day {
        self.env.today_in(&self.identity.zone)
    }

    /// The raw connection, for read-only queries of the index (reports, benchmarks).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn author(&self) -> Author {
        Author {
            actor: self.identity.actor.clone(),
            name: self.identity.user_name.clone(),
            at: self.env.now(),
        }
    }

    /// The rule context of this store's user: role checks apply once it is bound to a server.
    /// The user's discount limit comes from their `User` record when the store has it (a
    /// standalone store writes it at `init`; a bound one receives it by sync).
    pub fn rule_context(&self) -> RuleContext {
        let ctx = match self.identity.server_url {
            Some(_) => RuleContext::as_actor(&self.identity.user_id, self.identity.role),
            None => RuleContext::standalone(),
        };
        match self.find::<User>(&self.identity.user_id) {
            Ok(Some(u)) => ctx.with_discount_limit(u.max_discount_bp),
            _ => ctx,
        }
    }

    /// Bind this store to a sync server: from now on the server's role rules apply here too.
    pub fn bind_server(&mut self, url: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_meta(&tx, "server_url", url)?;
        tx.commit()?;
        self.identity.server_url = Some(url.to_string());
        Ok(())
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        read_meta(&self.conn, key)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_meta(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// The value of a meta key, first storing `value` if the key has none. Atomic: of two
    /// writers racing on a new key, both get the first one's value.
    pub(crate) fn meta_or_insert(&self, key: &str, value: &str) -> Result<String> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)")?
            .execute([key, value])?;
        read_meta(&self.conn, key)?.ok_or_else(|| Error::invalid(format!("meta `{key}` vanished")))
    }

    /// Fold the write-ahead log into the database file. Call when idle (after a sync, when
    /// the app goes to the background), so writes the user waits for do not pay for it.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Run `f` in one write transaction: all of it is stored, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    fn number_prefix(&self) -> String {
        self.identity
            .device_id
            .chars()
            .take(4)
            .collect::<String>()
            .to_uppercase()
    }

    /// Create a record that carries the next number of a sequence, in one transaction (one
    /// fsync): a number is never used up by a record that was not stored.
    pub fn create_numbered<R: Record>(
        &mut self,
        prefix: &str,
        build: impl FnOnce(String) -> R,
    ) -> Result<R> {
        let ctx = self.rule_context();
        let author = self.author();
        let device = self.number_prefix();
        let tx = self.conn.transaction()?;
        let mut record = build(take_number(&tx, prefix, &device)?);
        record.normalize();
        rules::check(&ctx, None, &record)?;
        let mut doc = crate::doc::create(&record, &author)?;
        docs::insert(&tx, &mut doc, &record, author.at.millis())?;
        tx.commit()?;
        self.docs.put(record.id().to_string(), doc);
        Ok(record)
    }

    // ---- records ------------------------------------------------------------------------

    /// Store a new record in its own document. Rules are checked first; on any error nothing
    /// is written.
    pub fn create<R: Record>(&mut self, mut record: R) -> Result<R> {
        record.normalize();
        rules::check(&self.rule_context(), None, &record)?;
        let mut doc = crate::doc::create(&record, &self.author())?;
        self.insert_new_doc(&mut doc, &record)?;
        self.docs.put(record.id().to_string(), doc);
        Ok(record)
    }

    /// Store many new records in one transaction (generated data). Rules apply to each.
    #[cfg(any(test, feature = "generate"))]
    pub fn create_many<R: Record>(&mut self, records: Vec<R>) -> Result<usize> {
        let ctx = self.rule_context();
        let author = self.author();
        let tx = self.conn.transaction()?;
        let n = records.len();
        for mut r in records {
            r.normalize();
            rules::check(&ctx, None, &r)?;
            let mut doc = crate::doc::create(&r, &author)?;
            docs::insert(&tx, &mut doc, &r, author.at.millis())?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Store many new records in one transaction without the lifecycle rules: generated data
    /// that is born in its final state (submitted orders, completed visits). Records are still
    /// checked to read back as their kind.
    #[cfg(any(test, feature = "generate"))]
    pub fn create_many_unchecked<R: Record>(&mut self, records: Vec<R>) -> Result<usize> {
        let author = self.author();
        let tx = self.conn.transaction()?;
        let n = records.len();
        for mut r in records {
            r.normalize();
            let mut doc = crate::doc::create(&r, &author)?;
            docs::insert(&tx, &mut doc, &r, author.at.millis())?;
        }
        tx.commit()?;
        Ok(n)
    }

    fn insert_new_doc<R: Record>(&mut self, doc: &mut AutoCommit, record: &R) -> Result<()> {
        let now_ms = self.env.now().millis();
        let tx = self.conn.transaction()?;
        docs::insert(&tx, doc, record, now_ms)?;
        tx.commit()?;
        Ok(())
    }

    /// Read a record from its document.
    pub fn get<R: Record>(&mut self, id: &str) -> Result<R> {
        let doc = self.open_doc(id, R::KIND)?;
        crate::doc::read(doc)
    }

    /// Read a record from the query index, without opening its document.
    pub fn find<R: Record>(&self, id: &str) -> Result<Option<R>> {
        index::get(&self.conn, id)
    }

    /// Like `find`, with a not-found error.
    pub fn lookup<R: Record>(&self, id: &str) -> Result<R> {
        self.find(id)?
            .ok_or_else(|| Error::not_found(R::KIND.as_str(), id))
    }

    /// Change a record: `f` edits a copy, the rules check before against after, and the
    /// difference is written to the document and the index in one transaction.
    pub fn update<R: Record>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut R) -> Result<()>,
    ) -> Result<R> {
        let ctx = self.rule_context();
        let author = self.author();
        // take the document out of the cache; it goes back only if everything succeeds
        self.open_doc(id, R::KIND)?;
        let mut doc = self
            .docs
            .pop(id)
            .ok_or_else(|| Error::not_found(R::KIND.as_str(), id))?;
        let before: R = match crate::doc::read(&doc) {
            Ok(r) => r,
            Err(e) => {
                self.docs.put(id.to_string(), doc);
                return Err(e);
            }
        };
        let mut after = before.clone();
        let checked = f(&mut after).and_then(|()| {
            after.normalize();
            rules::check(&ctx, Some(&before), &after).map_err(Error::from)
        });
        if let Err(e) = checked {
            self.docs.put(id.to_string(), doc);
            return Err(e);
        }
        let old_heads = doc.get_heads();
        crate::doc::write(&mut doc, &after)?;
        if doc.commit_with(author.commit_options()).is_none() {
            self.docs.put(id.to_string(), doc);
            return Ok(after);
        }
        let tx = self.conn.transaction()?;
        docs::append_change(&tx, &mut doc, &old_heads, author.at.millis())?;
        index::upsert(&tx, docs::rowid(&tx, id)?, &after)?;
        tx.commit()?;
        self.docs.put(id.to_string(), doc);
        Ok(after)
    }

    /// A page of records from the index.
    pub fn list<R: Record>(&self, q: &ListQuery) -> Result<Vec<R>> {
        index::list(&self.conn, q)
    }

    /// The kind of a stored document, if the store has it.
    pub fn kind_of(&self, id: &str) -> Result<Option<Kind>> {
        let kind: Option<String> = self
            .conn
            .prepare_cached("SELECT kind FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        kind.map(|k| Kind::parse(&k)).transpose()
    }

    /// Count the records of a kind.
    pub fn count(&self, kind: Kind) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {}", kind.table()))?
            .query_row([], |r| r.get(0))?)
    }

    /// Full-text search across kinds.
    pub fn search(&self, q: &str, kinds: &[Kind], limit: u32) -> Result<Vec<SearchHit>> {
        index::search(&self.conn, q, kinds, limit)
    }

    /// Drop every open document (after a restart the LRU is empty too).
    pub fn close_documents(&mut self) {
        self.docs.clear();
    }

    /// How many documents are open in memory.
    pub fn open_documents(&self) -> usize {
        self.docs.len()
    }

    /// Ensure `id` is open in the LRU and is of `kind`.
    fn open_doc(&mut self, id: &str, kind: Kind) -> Result<&mut AutoCommit> {
        if !self.docs.contains(id) {
            let (found_kind, doc) = docs::load(&self.conn, id, &self.identity.actor)?
                .ok_or_else(|| Error::not_found(kind.as_str(), id))?;
            if found_kind != kind {
                return Err(Error::WrongKind {
                    id: id.into(),
                    expected: kind.as_str(),
                    found: found_kind.to_string(),
                });
            }
            self.docs.put(id.to_string(), doc);
        }
        let doc = self
            .docs
            .get_mut(id)
            .ok_or_else(|| Error::not_found(kind.as_str(), id))?;
        let found = crate::doc::kind_of(doc)?;
        if found != kind {
            return Err(Error::WrongKind {
                id: id.into(),
                expected: kind.as_str(),
                found: found.to_string(),
            });
        }
        Ok(doc)
    }

    // ---- merging -------------------------------------------------------------------------

    /// The whole document of a record, to hand to another store.
    pub fn export(&mut self, id: &str) -> Result<Vec<u8>> {
        let kind = docs::kind(&self.conn, id)?.ok_or_else(|| Error::not_found("document", id))?;
        Ok(self.open_doc(id, kind)?.save())
    }

    /// Merge a document (whole or changes) from another store into this one. The bytes must
    /// load and read back as a record of their kind; otherwise nothing changes. Fields both
    /// sides set concurrently are recorded as conflicts.
    pub fn import(&mut self, bytes: &[u8]) -> Result<Imported> {
        docs::import(self, bytes)
    }

    /// The conflicts recorded by merges, oldest first.
    pub fn conflicts(&self) -> Result<Vec<StoredConflict>> {
        let mut st = self.conn.prepare_cached(
            "SELECT doc_id, kind, path, winner, losers, detected_at FROM conflicts ORDER BY detected_at, doc_id, path",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc_id, kind, path, winner, losers, at) = row?;
            out.push(StoredConflict {
                doc_id,
                kind: Kind::parse(&kind)?,
                conflict: FieldConflict {
                    path,
                    winner: serde_json::from_str(&winner)?,
                    losers: serde_json::from_str(&losers)?,
                },
                detected_at: crate::time::Ts::from_millis(at),
            });
        }
        Ok(out)
    }

    /// The user has seen a conflict and keeps the winner (or has re-entered the value).
    pub fn dismiss_conflict(&mut self, doc_id: &str, path: &str) -> Result<bool> {
        let n = self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM conflicts WHERE doc_id = ?1 AND path = ?2",
                [doc_id, path],
            )?)
        })?;
        Ok(n > 0)
    }

    /// Rebuild the whole query index from the documents (after a schema change).
    pub fn reindex(&mut self) -> Result<usize> {
        let actor = self.identity.actor.clone();
        let tx = self.conn.transaction()?;
        let ids: Vec<(i64, String)> = {
            let mut st = tx.prepare("SELECT rowid, id FROM documents")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (rowid, id) in &ids {
            if let Some((kind, doc)) = docs::load(&tx, id, &actor)? {
                docs::index_any(&tx, kind, *rowid, &doc)?;
            }
        }
        tx.commit()?;
        Ok(ids.len())
    }
}

fn take_number(conn: &Connection, prefix: &str, device: &str) -> Result<String> {
    let key = format!("seq:{prefix}");
    let n: i64 = read_meta(conn, &key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        + 1;
    write_meta(conn, &key, &n.to_string())?;
    Ok(format!("{prefix}{device}-{n:05}"))
}

fn check_zone(zone: &str) -> Result<()> {
    zone.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| Error::invalid(format!("`{zone}` is not an IANA time zone")))
}

fn read_meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn write_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
        .execute([key, value])?;
    Ok(())
}

fn load_identity(conn: &Connection, path: &Path) -> Result<Identity> {
    let get = |k: &str| -> Result<String> {
        read_meta(conn, k)?.ok_or_else(|| Error::NotInitialised(path.to_path_buf()))
    };
    let actor_hex = get("actor")?;
    let actor = hex::decode(&actor_hex)
        .map(ActorId::from)
        .map_err(|_| Error::invalid("the store's actor id is damaged"))?;
    Ok(Identity {
        device_id: get("device_id")?,
        actor,
        user_id: get("user_id")?,
        user_name: get("user_name")?,
        role: Role::parse(&get("role")?)?,
        zone: get("zone")?,
        currency: get("currency")?,
        server_url: read_meta(conn, "server_url")?,
    })
}

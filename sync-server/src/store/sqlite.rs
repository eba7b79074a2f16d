//! The embedded default backend: one SQLite file in the data directory, one writer
//! connection and readers beside it (WAL).

use std::path::Path;
use std::sync::Mutex;

use fieldsales_core::records::{Kind, Role};
use rusqlite::{Connection, OptionalExtension};

use super::{
    AuditEntry, AuditEvent, Commit, DeviceRow, FeedEntry, FeedOp, LoginFailures, Scopes, ServerDoc,
    ServerStore, TokenRow, UserRow,
};
use crate::error::{Error, Result};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL, role TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS user_territories (user_id TEXT NOT NULL, territory_id TEXT NOT NULL,
    PRIMARY KEY (user_id, territory_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS user_territories_t ON user_territories(territory_id);
CREATE TABLE IF NOT EXISTS territories (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT);
CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, user_id TEXT NOT NULL,
    device_id TEXT NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user_id);
CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, public_key TEXT);
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, kind TEXT NOT NULL, scope TEXT NOT NULL,
    account_id TEXT, snapshot BLOB NOT NULL, heads BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS documents_scope ON documents(scope, id);
CREATE INDEX IF NOT EXISTS documents_account ON documents(account_id);
CREATE TABLE IF NOT EXISTS feed (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL,
    kind TEXT NOT NULL, scope TEXT NOT NULL, op TEXT NOT NULL, bytes BLOB NOT NULL,
    heads BLOB NOT NULL, origin TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS feed_scope ON feed(scope, seq);
CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL, complete INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS blob_parts (hash TEXT NOT NULL, device_id TEXT NOT NULL,
    bytes BLOB NOT NULL, started_at INTEGER NOT NULL, PRIMARY KEY (hash, device_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blob_refs (hash TEXT NOT NULL, doc_id TEXT NOT NULL,
    PRIMARY KEY (hash, doc_id)) WITHOUT ROWID;
PRAGMA user_version = 1;
";

/// Sign-in: lockouts and the audit log, which refuses to change or lose an entry itself. (The
/// devices' sign-in columns are added to older files in `open_with`.)
const SIGN_IN_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS login_failures (name TEXT PRIMARY KEY, failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
    event TEXT NOT NULL, user_id TEXT, user_name TEXT, device_id TEXT, address TEXT,
    detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX IF NOT EXISTS tokens_device ON tokens(device_id);
";

/// The devices' sign-in columns, for files made before they existed.
const DEVICE_COLUMNS: [(&str, &str); 3] = [
    ("registered_at", "INTEGER NOT NULL DEFAULT 0"),
    ("last_login_at", "INTEGER NOT NULL DEFAULT 0"),
    ("revoked_at", "INTEGER"),
];

/// Reader connections kept open between requests.
const READERS_KEPT: usize = 16;

/// The embedded default backend: one SQLite file in the data directory.
pub struct SqliteStore {
    /// The one connection that writes.
    conn: Mutex<Connection>,
    /// Connections that only read (WAL lets them run while the writer commits), opened on
    /// demand and reused.
    readers: Mutex<Vec<Connection>>,
    path: std::path::PathBuf,
}

impl SqliteStore {
    pub fn open(data_dir: &Path) -> Result<SqliteStore> {
        Self::open_with(data_dir, true)
    }

    /// `durable: false` skips the fsync of each commit: only for loading benchmark data,
    /// never for serving devices (an acknowledged write must survive power loss).
    pub fn open_with(data_dir: &Path, durable: bool) -> Result<SqliteStore> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join("server.db");
        let conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", if durable { "FULL" } else { "OFF" })?;
        conn.execute_batch(SCHEMA)?;
        let has_record: bool = conn
            .prepare("SELECT 1 FROM pragma_table_info('documents') WHERE name = 'record'")?
            .exists([])?;
        if !has_record {
            conn.execute_batch("ALTER TABLE documents ADD COLUMN record TEXT")?;
        }
        for (column, decl) in DEVICE_COLUMNS {
            let has: bool = conn
                .prepare("SELECT 1 FROM pragma_table_info('devices') WHERE name = ?1")?
                .exists([column])?;
            if !has {
                conn.execute_batch(&format!("ALTER TABLE devices ADD COLUMN {column} {decl}"))?;
            }
        }
        conn.execute_batch(SIGN_IN_SCHEMA)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            path,
        })
    }

    /// Run a read on a reader connection (never blocked by a commit in progress).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self
            .readers
            .lock()
            .map_err(|_| Error::Internal("reader pool poisoned".into()))?
            .pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                c.busy_timeout(std::time::Duration::from_secs(5))?;
                c
            }
        };
        let out = f(&conn);
        if let Ok(mut pool) = self.readers.lock()
            && pool.len() < READERS_KEPT
        {
            pool.push(conn);
        }
        out
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut c = self
            .conn
            .lock()
            .map_err(|_| Error::Internal("store lock poisoned".into()))?;
        f(&mut c)
    }
}

type DocRow = (
    String,
    String,
    String,
    Option<String>,
    Vec<u8>,
    Vec<u8>,
    Option<String>,
);

fn row_doc(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn to_doc(t: DocRow) -> Result<ServerDoc> {
    Ok(ServerDoc {
        id: t.0,
        kind: Kind::parse(&t.1)?,
        scope: t.2,
        account_id: t.3,
        snapshot: t.4,
        heads: t.5,
        record: t.6,
    })
}

fn scope_filter(scopes: &Scopes, first_param: usize) -> (String, Vec<String>) {
    match scopes {
        Scopes::All => ("1".into(), vec![]),
        Scopes::Only(v) if v.is_empty() => ("0".into(), vec![]),
        Scopes::Only(v) => {
            let ph: Vec<String> = (0..v.len())
                .map(|i| format!("?{}", first_param + i))
                .collect();
            (format!("scope IN ({})", ph.join(", ")), v.clone())
        }
    }
}

fn load_user(c: &Connection, where_: &str, key: &str) -> Result<Option<UserRow>> {
    let row: Option<(String, String, String, String, bool)> = c
        .prepare_cached(&format!(
            "SELECT id, name, password_hash, role, active FROM users WHERE {where_} = ?1"
        ))?
        .query_row([key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((id, name, password_hash, role, active)) = row else {
        return Ok(None);
    };
    let territory_ids = c
        .prepare_cached(
            "SELECT territory_id FROM user_territories WHERE user_id = ?1 ORDER BY territory_id",
        )?
        .query_map([&id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Some(UserRow {
        id,
        name,
        password_hash,
        role: Role::parse(&role)?,
        active,
        territory_ids,
    }))
}

/// Store one document and append its feed entries inside the caller's transaction.
fn commit_in(tx: &rusqlite::Transaction<'_>, cm: &Commit) -> Result<()> {
    let d = &cm.doc;
    tx.prepare_cached(
        "INSERT INTO documents (id, kind, scope, account_id, snapshot, heads, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET scope = excluded.scope, account_id = excluded.account_id,
            snapshot = excluded.snapshot, heads = excluded.heads, record = excluded.record",
    )?
    .execute(rusqlite::params![d.id, d.kind.as_str(), d.scope, d.account_id, d.snapshot, d.heads, d.record])?;
    let append = |doc_id: &str,
                  kind: Kind,
                  scope: &str,
                  op: FeedOp,
                  bytes: &[u8],
                  heads: &[u8]|
     -> Result<()> {
        tx.prepare_cached(
            "INSERT INTO feed (doc_id, kind, scope, op, bytes, heads, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(rusqlite::params![doc_id, kind.as_str(), scope, op.as_str(), bytes, heads, cm.origin])?;
        Ok(())
    };
    if let Some(old) = &cm.old_scope {
        append(&d.id, d.kind, old, FeedOp::Revoke, &[], &d.heads)?;
        append(&d.id, d.kind, &d.scope, FeedOp::Grant, &[], &d.heads)?;
    } else if !cm.changes.is_empty() {
        append(
            &d.id,
            d.kind,
            &d.scope,
            FeedOp::Change,
            &cm.changes,
            &d.heads,
        )?;
    }
    for (child, new_scope) in &cm.rescoped {
        let row = tx
            .prepare_cached("SELECT id, kind, scope, account_id, snapshot, heads, record FROM documents WHERE id = ?1")?
            .query_row([child], row_doc)
            .optional()?;
        let Some(row) = row else { continue };
        let cd = to_doc(row)?;
        if &cd.scope == new_scope {
            continue;
        }
        tx.execute(
            "UPDATE documents SET scope = ?2 WHERE id = ?1",
            [child, new_scope],
        )?;
        append(&cd.id, cd.kind, &cd.scope, FeedOp::Revoke, &[], &cd.heads)?;
        append(&cd.id, cd.kind, new_scope, FeedOp::Grant, &[], &cd.heads)?;
    }
    Ok(())
}

impl ServerStore for SqliteStore {
    fn create_user(&self, u: &UserRow) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "INSERT OR IGNORE INTO users (id, name, password_hash, role, active) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![u.id, u.name, u.password_hash, u.role.as_str(), u.active],
            )?;
            if n == 0 {
                return Err(Error::Conflict(format!("a user named {} exists", u.name)));
            }
            for t in &u.territory_ids {
                tx.execute(
                    "INSERT OR IGNORE INTO user_territories (user_id, territory_id) VALUES (?1, ?2)",
                    [&u.id, t],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn user_by_name(&self, name: &str) -> Result<Option<UserRow>> {
        self.read(|c| load_user(c, "name", name))
    }

    fn user_by_id(&self, id: &str) -> Result<Option<UserRow>> {
        self.read(|c| load_user(c, "id", id))
    }

    fn set_user_active(&self, id: &str, active: bool) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE users SET active = ?2 WHERE id = ?1",
                rusqlite::params![id, active],
            )?;
            Ok(())
        })
    }

    fn set_user_territories(&self, id: &str, territory_ids: &[String]) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM user_territories WHERE user_id = ?1", [id])?;
            for t in territory_ids {
                tx.execute(
                    "INSERT OR IGNORE INTO user_territories (user_id, territory_id) VALUES (?1, ?2)",
                    [id, t],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn users_in_territories(&self, ts: &[String]) -> Result<Vec<UserRow>> {
        let ids: Vec<String> = self.read(|c| {
            let mut out = Vec::new();
            for t in ts {
                let mut st = c.prepare_cached(
                    "SELECT user_id FROM user_territories WHERE territory_id = ?1",
                )?;
                for id in st.query_map([t], |r| r.get::<_, String>(0))? {
                    out.push(id?);
                }
            }
            out.sort();
            out.dedup();
            Ok(out)
        })?;
        let mut users = Vec::new();
        for id in ids {
            if let Some(u) = self.user_by_id(&id)? {
                users.push(u);
            }
        }
        Ok(users)
    }

    fn create_territory(&self, id: &str, name: &str, parent_id: Option<&str>) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT OR REPLACE INTO territories (id, name, parent_id) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, name, parent_id],
            )?;
            Ok(())
        })
    }

    fn territories(&self) -> Result<Vec<(String, Option<String>)>> {
        self.read(|c| {
            let mut st = c.prepare_cached("SELECT id, parent_id FROM territories ORDER BY id")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn put_token(&self, hash: &str, t: &TokenRow) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO tokens (hash, user_id, device_id, expires_at, revoked) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![hash, t.user_id, t.device_id, t.expires_at, t.revoked],
            )?;
            Ok(())
        })
    }

    fn token(&self, hash: &str) -> Result<Option<TokenRow>> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT user_id, device_id, expires_at, revoked FROM tokens WHERE hash = ?1",
            )?
            .query_row([hash], |r| {
                Ok(TokenRow {
                    user_id: r.get(0)?,
                    device_id: r.get(1)?,
                    expires_at: r.get(2)?,
                    revoked: r.get(3)?,
                })
            })
            .optional()?)
        })
    }

    fn revoke_tokens(&self, user_id: &str) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE tokens SET revoked = 1 WHERE user_id = ?1",
                [user_id],
            )?;
            Ok(())
        })
    }

    fn revoke_token(&self, hash: &str) -> Result<()> {
        self.with(|c| {
            c.execute("UPDATE tokens SET revoked = 1 WHERE hash = ?1", [hash])?;
            Ok(())
        })
    }

    fn register_device(
        &self,
        device_id: &str,
        user_id: &str,
        key: Option<&str>,
        at_ms: i64,
    ) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            let known: Option<(String, Option<String>, Option<i64>)> = tx
                .query_row(
                    "SELECT user_id, public_key, revoked_at FROM devices WHERE id = ?1",
                    [device_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match known {
                Some((owner, _, _)) if owner != user_id => {
                    return Err(Error::Forbidden(
                        "this device is registered to another user".into(),
                    ));
                }
                Some((_, _, Some(_))) => return Err(Error::DeviceRevoked),
                // the first key stays: quotes this device signed verify against it
                Some((_, Some(held), None)) if key.is_some_and(|k| k != held) => {
                    return Err(Error::DeviceKeyMismatch);
                }
                _ => {}
            }
            tx.execute(
                "INSERT INTO devices (id, user_id, public_key, registered_at, last_login_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT(id) DO UPDATE SET public_key = coalesce(public_key, excluded.public_key),
                    last_login_at = excluded.last_login_at",
                rusqlite::params![device_id, user_id, key, at_ms],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn device_key(&self, device_id: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT public_key FROM devices WHERE id = ?1",
                [device_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
        })
    }

    fn load_doc(&self, id: &str) -> Result<Option<ServerDoc>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT id, kind, scope, account_id, snapshot, heads, record FROM documents WHERE id = ?1",
            )?
            .query_row([id], row_doc)
            .optional()?
            .map(to_doc)
            .transpose()
        })
    }

    fn commit_many(&self, commits: &[Commit]) -> Result<u64> {
        self.with(|c| {
            let tx = c.transaction()?;
            for cm in commits {
                commit_in(&tx, cm)?;
            }
            let seq: i64 =
                tx.query_row("SELECT coalesce(max(seq), 0) FROM feed", [], |r| r.get(0))?;
            tx.commit()?;
            Ok(seq as u64)
        })
    }

    fn children_of(&self, account_id: &str) -> Result<Vec<ServerDoc>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, kind, scope, account_id, snapshot, heads, record FROM documents WHERE account_id = ?1 ORDER BY id",
            )?;
            let rows = st.query_map([account_id], row_doc)?;
            rows.map(|r| to_doc(r?)).collect()
        })
    }

    fn docs_in_scopes(
        &self,
        scopes: &Scopes,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ServerDoc>> {
        let (cond, vals) = scope_filter(scopes, 3);
        self.read(|c| {
            let sql = format!(
                "SELECT id, kind, scope, account_id, snapshot, heads, record FROM documents
                 WHERE id > ?1 AND {cond} ORDER BY id LIMIT ?2"
            );
            let mut params: Vec<rusqlite::types::Value> = vec![
                after.unwrap_or("").to_string().into(),
                (limit as i64).into(),
            ];
            params.extend(vals.into_iter().map(Into::into));
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(params), row_doc)?;
            rows.map(|r| to_doc(r?)).collect()
        })
    }

    fn docs_of_kind(&self, kind: Kind, scope: &str) -> Result<Vec<ServerDoc>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT id, kind, scope, account_id, snapshot, heads, record FROM documents
                 WHERE scope = ?1 AND kind = ?2 ORDER BY id",
            )?;
            let rows = st.query_map([scope, kind.as_str()], row_doc)?;
            rows.map(|r| to_doc(r?)).collect()
        })
    }

    fn feed_after(&self, seq: u64, scopes: &Scopes, limit: u32) -> Result<Vec<FeedEntry>> {
        let (cond, vals) = scope_filter(scopes, 3);
        self.read(|c| {
            let sql = format!(
                "SELECT seq, doc_id, kind, scope, op, bytes, heads, origin FROM feed
                 WHERE seq > ?1 AND {cond} ORDER BY seq LIMIT ?2"
            );
            let mut params: Vec<rusqlite::types::Value> =
                vec![(seq as i64).into(), (limit as i64).into()];
            params.extend(vals.into_iter().map(Into::into));
            let mut st = c.prepare_cached(&sql)?;
            let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Vec<u8>>(5)?,
                    r.get::<_, Vec<u8>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (seq, doc_id, kind, scope, op, bytes, heads, origin) = row?;
                out.push(FeedEntry {
                    seq: seq as u64,
                    doc_id,
                    kind: Kind::parse(&kind)?,
                    scope,
                    op: FeedOp::parse(&op)?,
                    bytes,
                    heads,
                    origin,
                });
            }
            Ok(out)
        })
    }

    fn write_access_change(
        &self,
        user_id: &str,
        revoked: &[String],
        granted: &[String],
    ) -> Result<()> {
        let target = crate::scope::access(user_id);
        self.with(|c| {
            let tx = c.transaction()?;
            for (scopes, op) in [(revoked, FeedOp::Revoke), (granted, FeedOp::Grant)] {
                for scope in scopes {
                    // no bytes: the pull reads the document as it is when the device asks
                    tx.prepare_cached(
                        "INSERT INTO feed (doc_id, kind, scope, op, bytes, heads, origin)
                         SELECT id, kind, ?1, ?2, x'', heads, 'server' FROM documents
                         WHERE scope = ?3 ORDER BY id",
                    )?
                    .execute(rusqlite::params![target, op.as_str(), scope])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn max_seq(&self) -> Result<u64> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT coalesce(max(seq), 0) FROM feed", [], |r| {
                    r.get::<_, i64>(0)
                })? as u64,
            )
        })
    }

    fn blob_len(&self, hash: &str) -> Result<Option<(u64, bool)>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT length(bytes), complete FROM blobs WHERE hash = ?1",
                [hash],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, bool>(1)?)),
            )
            .optional()?)
        })
    }

    fn append_blob(&self, hash: &str, offset: u64, bytes: &[u8]) -> Result<u64> {
        self.with(|c| {
            let tx = c.transaction()?;
            let have: Option<(Vec<u8>, bool)> = tx
                .query_row("SELECT bytes, complete FROM blobs WHERE hash = ?1", [hash], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let (mut data, complete) = have.unwrap_or_default();
            if complete {
                return Ok(data.len() as u64);
            }
            if offset != data.len() as u64 {
                return Err(Error::Conflict(format!("upload resumes at byte {}, not {offset}", data.len())));
            }
            data.extend_from_slice(bytes);
            let done = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&data)) == hash;
            tx.execute(
                "INSERT INTO blobs (hash, bytes, complete) VALUES (?1, ?2, ?3)
                 ON CONFLICT(hash) DO UPDATE SET bytes = excluded.bytes, complete = excluded.complete",
                rusqlite::params![hash, data, done],
            )?;
            tx.commit()?;
            Ok(data.len() as u64)
        })
    }

    fn blob_part_len(&self, hash: &str, device_id: &str) -> Result<(u64, bool)> {
        self.read(|c| {
            let complete: Option<i64> = c
                .query_row(
                    "SELECT length(bytes) FROM blobs WHERE hash = ?1 AND complete = 1",
                    [hash],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(n) = complete {
                return Ok((n as u64, true));
            }
            let part: Option<i64> = c
                .query_row(
                    "SELECT length(bytes) FROM blob_parts WHERE hash = ?1 AND device_id = ?2",
                    [hash, device_id],
                    |r| r.get(0),
                )
                .optional()?;
            Ok((part.unwrap_or(0) as u64, false))
        })
    }

    fn append_blob_part(
        &self,
        hash: &str,
        device_id: &str,
        offset: u64,
        bytes: &[u8],
        at_ms: i64,
    ) -> Result<(u64, bool)> {
        self.with(|c| {
            let tx = c.transaction()?;
            let complete: Option<i64> = tx
                .query_row(
                    "SELECT length(bytes) FROM blobs WHERE hash = ?1 AND complete = 1",
                    [hash],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(n) = complete {
                return Ok((n as u64, true));
            }
            let have: Option<(Vec<u8>, i64)> = tx
                .query_row(
                    "SELECT bytes, started_at FROM blob_parts WHERE hash = ?1 AND device_id = ?2",
                    [hash, device_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (mut data, started) = have.unwrap_or((Vec::new(), at_ms));
            if offset != data.len() as u64 {
                return Err(Error::Conflict(format!(
                    "upload resumes at byte {}, not {offset}",
                    data.len()
                )));
            }
            data.extend_from_slice(bytes);
            let done = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&data)) == hash;
            if done {
                tx.execute(
                    "INSERT INTO blobs (hash, bytes, complete) VALUES (?1, ?2, 1)
                     ON CONFLICT(hash) DO UPDATE SET bytes = excluded.bytes, complete = 1",
                    rusqlite::params![hash, data],
                )?;
                tx.execute("DELETE FROM blob_parts WHERE hash = ?1", [hash])?;
            } else {
                tx.execute(
                    "INSERT INTO blob_parts (hash, device_id, bytes, started_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(hash, device_id) DO UPDATE SET bytes = excluded.bytes",
                    rusqlite::params![hash, device_id, data, started],
                )?;
            }
            tx.commit()?;
            Ok((data.len() as u64, done))
        })
    }

    fn sweep_blob_parts(&self, before_ms: i64) -> Result<u64> {
        self.with(|c| {
            Ok(c.execute("DELETE FROM blob_parts WHERE started_at < ?1", [before_ms])? as u64)
        })
    }

    fn add_blob_refs(&self, doc_id: &str, hashes: &[String]) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            for h in hashes {
                tx.execute(
                    "INSERT OR IGNORE INTO blob_refs (hash, doc_id) VALUES (?1, ?2)",
                    [h, doc_id],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn blob_refs(&self, hash: &str) -> Result<Vec<String>> {
        self.read(|c| {
            let mut st =
                c.prepare_cached("SELECT doc_id FROM blob_refs WHERE hash = ?1 ORDER BY doc_id")?;
            let rows = st.query_map([hash], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }

    fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT bytes FROM blobs WHERE hash = ?1 AND complete = 1",
                [hash],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    fn device(&self, id: &str) -> Result<Option<DeviceRow>> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!("{DEVICE_SELECT} WHERE id = ?1"))?
                .query_row([id], device_row)
                .optional()?)
        })
    }

    fn devices(&self, user_id: Option<&str>) -> Result<Vec<DeviceRow>> {
        self.read(|c| {
            let mut st = c.prepare_cached(&format!(
                "{DEVICE_SELECT} WHERE ?1 IS NULL OR user_id = ?1 ORDER BY registered_at, id"
            ))?;
            let rows = st.query_map([user_id], device_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn revoke_device(&self, id: &str, at_ms: i64) -> Result<bool> {
        self.with(|c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
                rusqlite::params![id, at_ms],
            )?;
            tx.execute("UPDATE tokens SET revoked = 1 WHERE device_id = ?1", [id])?;
            tx.commit()?;
            Ok(n > 0)
        })
    }

    fn set_user_password(&self, user_id: &str, password_hash: &str) -> Result<()> {
        self.with(|c| {
            let n = c.execute(
                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                [user_id, password_hash],
            )?;
            if n == 0 {
                return Err(Error::NotFound(format!("no user {user_id}")));
            }
            Ok(())
        })
    }

    fn login_failures(&self, name: &str) -> Result<Option<LoginFailures>> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT failures, last_at, locked_until FROM login_failures WHERE name = ?1",
            )?
            .query_row([name], |r| {
                Ok(LoginFailures {
                    failures: r.get(0)?,
                    last_at_ms: r.get(1)?,
                    locked_until_ms: r.get(2)?,
                })
            })
            .optional()?)
        })
    }

    fn put_login_failures(
        &self,
        name: &str,
        f: &LoginFailures,
        forget_before_ms: i64,
    ) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "DELETE FROM login_failures WHERE last_at < ?1 AND locked_until < ?1",
                [forget_before_ms],
            )?;
            tx.execute(
                "INSERT INTO login_failures (name, failures, last_at, locked_until) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(name) DO UPDATE SET failures = excluded.failures,
                    last_at = excluded.last_at, locked_until = excluded.locked_until",
                rusqlite::params![name, f.failures, f.last_at_ms, f.locked_until_ms],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn clear_login_failures(&self, name: &str) -> Result<bool> {
        self.with(|c| Ok(c.execute("DELETE FROM login_failures WHERE name = ?1", [name])? > 0))
    }

    fn append_audit(&self, entries: &[AuditEntry]) -> Result<()> {
        self.with(|c| {
            let tx = c.transaction()?;
            for e in entries {
                tx.prepare_cached(
                    "INSERT INTO audit (at, event, user_id, user_name, device_id, address, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(rusqlite::params![
                    e.at_ms,
                    e.event.as_str(),
                    e.user_id,
                    e.user_name,
                    e.device_id,
                    e.address,
                    e.detail
                ])?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn audit_since(&self, since_ms: i64, limit: u32) -> Result<Vec<AuditEntry>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT seq, at, event, user_id, user_name, device_id, address, detail FROM audit
                 WHERE at >= ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = st.query_map(rusqlite::params![since_ms, limit], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (seq, at_ms, event, user_id, user_name, device_id, address, detail) = row?;
                let event = AuditEvent::parse(&event)
                    .ok_or_else(|| Error::Internal(format!("unknown audit event {event}")))?;
                out.push(AuditEntry {
                    seq: seq as u64,
                    at_ms,
                    event,
                    user_id,
                    user_name,
                    device_id,
                    address,
                    detail,
                });
            }
            Ok(out)
        })
    }
}

const DEVICE_SELECT: &str =
    "SELECT id, user_id, public_key, registered_at, last_login_at, revoked_at FROM devices";

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok(DeviceRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        public_key: r.get(2)?,
        registered_at_ms: r.get(3)?,
        last_login_at_ms: r.get(4)?,
        revoked_at_ms: r.get(5)?,
    })
}

//! The device store: one SQLite file per signed-in user holding every
//! record's Automerge document (snapshot + incremental chunks) and the query index, written in
//! one transaction per change with `synchronous=FULL`, so an acknowledged write survives a
//! crash or power loss. Documents are loaded lazily into a small LRU; opening loads none.

mod check;
mod docs;
pub mod fts;
pub mod index;
mod key;
mod merge;
mod open;
mod records;
pub mod schema;
mod search_rebuild;
pub use check::IndexMismatch;
mod sync_state;

use std::path::{Path, PathBuf};

use automerge::{ActorId, AutoCommit};
use lru::LruCache;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::doc::{Author, FieldConflict};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::records::{Kind, Role, User};
use crate::rules::RuleContext;

pub use docs::Imported;
pub use index::{Filter, ListQuery, SearchHit};
pub use key::StoreKey;
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
    /// BCP 47 tag of the user's language: new accounts take it, reports and periods use it.
    pub locale: String,
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
    pub locale: String,
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
    /// Encrypt the store with this key (docs/adr/0009); none writes plain SQLite.
    pub key: Option<StoreKey>,
    /// The device's signing key, written with the identity in one transaction (a login
    /// registers its public half before the store exists: a store with the device id but
    /// another key would be refused by the server for good). None: made when first used.
    pub device_key: Option<ed25519_dalek::SigningKey>,
}

/// How to open an existing store. The default: the system's `Env`, no key.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub env: Env,
    /// The key of an encrypted store. Given for a plain store, it encrypts it in place first.
    pub key: Option<StoreKey>,
}

impl InitOptions {
    pub fn new(user_name: impl Into<String>, role: Role) -> Self {
        InitOptions {
            user_name: user_name.into(),
            role,
            zone: "UTC".into(),
            currency: "EUR".into(),
            locale: crate::locale::DEFAULT_LOCALE.into(),
            user_id: None,
            device_id: None,
            user_record: true,
            env: Env::system(),
            key: None,
            device_key: None,
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
    encrypted: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Whether the file is encrypted at rest (opened with a key).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
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
        let Ok(Some(u)) = self.find::<User>(&self.identity.user_id) else {
            return ctx;
        };
        let ctx = ctx.with_discount_limit(u.max_discount_bp);
        // only a manager's edits of territories and profiles depend on her hierarchy; a
        // rep's writes skip listing the territories
        if self.identity.role != Role::Manager {
            return ctx;
        }
        match self.territories() {
            Ok(all) => ctx.with_managed_territories(crate::records::territories_under(
                &u.territory_ids,
                all.iter().map(|t| (t.id.as_str(), t.parent_id.as_deref())),
            )),
            Err(_) => ctx,
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

    /// Change the user's working zone, currency and language on this device (the server's
    /// values at sign-in); `None` keeps a value. All checked before anything is written.
    pub fn set_profile(
        &mut self,
        zone: Option<&str>,
        currency: Option<&str>,
        locale: Option<&str>,
    ) -> Result<()> {
        if let Some(z) = zone {
            crate::time::check_zone(z)?;
        }
        if let Some(c) = currency {
            crate::money::check_currency(c)?;
        }
        let locale = locale.map(crate::locale::check_locale).transpose()?;
        let tx = self.conn.transaction()?;
        for (k, v) in [
            ("zone", zone),
            ("currency", currency),
            ("locale", locale.as_deref()),
        ] {
            if let Some(v) = v {
                write_meta(&tx, k, v)?;
            }
        }
        tx.commit()?;
        if let Some(z) = zone {
            self.identity.zone = z.to_string();
        }
        if let Some(c) = currency {
            self.identity.currency = c.to_string();
        }
        if let Some(l) = locale {
            self.identity.locale = l;
        }
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

    /// Delete everything this store holds (documents, index, blobs, the session, the device's
    /// keys and identity) and rewrite the file so no free page keeps old bytes: what a device
    /// the server revoked does (`TransportError::DeviceRevoked`). The file stays, as blank as
    /// a new one, so a later sign-in takes it over as a new device; this `Store` can do nothing
    /// more and should be dropped.
    pub fn wipe(&mut self) -> Result<()> {
        self.docs.clear();
        self.conn.execute_batch("PRAGMA secure_delete = ON")?;
        let tables = |conn: &Connection, virtual_only: bool| -> Result<Vec<String>> {
            let mut st = conn.prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND (?1 = 0 OR sql LIKE 'CREATE VIRTUAL%')",
            )?;
            let names = st.query_map([virtual_only], |r| r.get::<_, String>(0))?;
            Ok(names.collect::<rusqlite::Result<_>>()?)
        };
        // virtual tables first: dropping one drops its shadow tables, which cannot be
        // dropped on their own
        for virtual_only in [true, false] {
            for t in tables(&self.conn, virtual_only)? {
                self.conn.execute_batch(&format!(
                    "DROP TABLE IF EXISTS \"{}\"",
                    t.replace('"', "\"\"")
                ))?;
            }
        }
        self.conn.pragma_update(None, "user_version", 0)?;
        self.conn.execute_batch("VACUUM")?;
        self.checkpoint()
    }

    /// Run `f` in one write transaction: all of it is stored, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
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

//! Creating and opening a store: the file set up for durable writes, its schema brought to
//! the current version, a file SQLite cannot read moved aside, the identity read back.

use std::path::{Path, PathBuf};

use automerge::ActorId;
use lru::LruCache;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::key::{self, FileState, StoreKey};
use super::{Identity, InitOptions, OPEN_DOCS, OpenOptions, Store, read_meta, schema, write_meta};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::records::{Role, User};

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

/// The store file and its WAL and shared-memory files as the owner's alone (mode 0600), so
/// other accounts on the machine cannot read customers' data. SQLite gives the WAL and SHM it
/// creates the main file's mode, so creating the main file first with 0600 covers all three;
/// files an older version created with the umask's mode are tightened here.
#[cfg(unix)]
pub(super) fn make_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    // `:memory:` and `file:` URIs name no plain file of ours
    let name = path.as_os_str().to_string_lossy();
    if name.starts_with(':') || name.starts_with("file:") {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        match std::fs::metadata(&p) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub(super) fn make_private(_path: &Path) -> Result<()> {
    Ok(())
}

/// Open the SQLite file, set it up for durable writes and bring its schema to `VERSION`.
fn open_connection(path: &Path, env: &Env, key: Option<&StoreKey>) -> Result<(Connection, bool)> {
    if let Some(k) = key
        && key::file_state(path)? == FileState::Plain
    {
        key::encrypt_plain_store(path, k)?;
    }
    make_private(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let mut conn = Connection::open_with_flags(path, flags)?;
    if let Some(k) = key {
        key::apply_key(&conn, k)?;
    }
    let setup = |conn: &mut Connection| -> rusqlite::Result<i64> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // checkpoints run in whichever commit crosses the threshold and stall it; the app
        // calls `checkpoint()` when idle, and this is only the cap (32 MB of 4 KB pages)
        conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // 8 MB of page cache (SQLite's default is 2 MB): a first sync's large transactions
        // otherwise spill pages mid-transaction and re-read index pages. An encrypted store
        // gets 16 MB: every page read past the cache is decrypted and its HMAC checked again,
        // which tripled `report kpi` over 50k orders with 8 MB (docs/benchmarks.md)
        let cache_kib: i64 = if key.is_some() { 16 * 1024 } else { 8 * 1024 };
        conn.pragma_update(None, "cache_size", -cache_kib)?;
        // reading the schema catches a file that is not a database
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    };
    let version = match setup(&mut conn) {
        Ok(v) => v,
        Err(e) if is_corruption(&e) => {
            drop(conn);
            // an encrypted file that does not open is never moved aside: with the right key
            // (or the key at all) it is whole
            if key.is_some() {
                return Err(Error::WrongKey);
            }
            if key::file_state(path)? == FileState::LooksEncrypted {
                return Err(Error::KeyNeeded);
            }
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
        crate::time::check_zone(&opts.zone)?;
        let locale = crate::locale::check_locale(&opts.locale)?;
        let env = opts.env;
        let (mut conn, _) = open_connection(&path, &env, opts.key.as_ref())?;
        if read_meta(&conn, "device_id")?.is_some() {
            return Err(Error::AlreadyInitialised(path));
        }
        let mut user = User::new(&env, opts.user_name.trim(), opts.role);
        if let Some(id) = opts.user_id {
            user.id = id;
        }
        user.zone = opts.zone.clone();
        user.currency = opts.currency.clone();
        user.locale = locale.clone();
        let identity = Identity {
            device_id: opts.device_id.clone().unwrap_or_else(|| env.new_uuid()),
            actor: env.new_actor(),
            user_id: user.id.clone(),
            user_name: user.name.clone(),
            role: opts.role,
            zone: opts.zone,
            currency: opts.currency,
            locale,
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
                ("locale", &identity.locale),
            ] {
                write_meta(&tx, k, v)?;
            }
            if let Some(k) = &opts.device_key {
                let secret = zeroize::Zeroizing::new(hex::encode(k.to_bytes()));
                write_meta(&tx, crate::quotes::DEVICE_KEY_META, &secret)?;
            }
            tx.commit()?;
        }
        let mut store = Store {
            conn,
            path,
            identity,
            docs: LruCache::new(std::num::NonZeroUsize::MIN.saturating_add(OPEN_DOCS - 1)),
            env,
            encrypted: opts.key.is_some(),
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
        Store::open_with_options(path, OpenOptions { env, key: None })
    }

    /// Open an initialised store, encrypted if `opts.key` is given: a plain store is then
    /// encrypted in place first; a wrong key is [`Error::WrongKey`] and changes nothing.
    pub fn open_with_options(path: impl AsRef<Path>, opts: OpenOptions) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(Error::NotInitialised(path));
        }
        let OpenOptions { env, key } = opts;
        let (conn, reindex) = open_connection(&path, &env, key.as_ref())?;
        let identity = load_identity(&conn, &path)?;
        let mut store = Store {
            conn,
            path,
            identity,
            docs: LruCache::new(std::num::NonZeroUsize::MIN.saturating_add(OPEN_DOCS - 1)),
            env,
            encrypted: key.is_some(),
        };
        if reindex {
            store.reindex()?;
        }
        Ok(store)
    }
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
        // stores made before locales read as English
        locale: read_meta(conn, "locale")?
            .unwrap_or_else(|| crate::locale::DEFAULT_LOCALE.to_string()),
        server_url: read_meta(conn, "server_url")?,
    })
}

//! Signing a device in: the server registers the device and hands out a token; the store is
//! created for (or must already belong to) that user and is bound to the server.

use std::path::Path;

use super::protocol::LoginRequest;
use super::transport::{Transport, TransportError};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::quotes::{KeyStore, generate_signing_key, public_key_hex};
use crate::{InitOptions, OpenOptions, Store};

/// Log `user` in at `server_url` and return their device store at `path`, creating it on the
/// first login. Nothing is created if the server refuses.
pub fn login(
    path: &Path,
    transport: &dyn Transport,
    server_url: &str,
    user: &str,
    password: &str,
) -> Result<Store> {
    login_with(&Env::system(), path, transport, server_url, user, password)
}

/// [`login`] with a store that runs on `env`'s clock and randomness.
pub fn login_with(
    env: &Env,
    path: &Path,
    transport: &dyn Transport,
    server_url: &str,
    user: &str,
    password: &str,
) -> Result<Store> {
    let opts = OpenOptions {
        env: env.clone(),
        key: None,
    };
    login_with_options(opts, path, transport, server_url, user, password)
}

/// [`login`] with a store opened (or created) with `opts`: encrypted when it has a key.
pub fn login_with_options(
    opts: OpenOptions,
    path: &Path,
    transport: &dyn Transport,
    server_url: &str,
    user: &str,
    password: &str,
) -> Result<Store> {
    let env = &opts.env;
    // a file without an identity is a first login that was killed before it wrote one
    // (SQLite creates the file, then the schema, then the identity): it holds nothing, and
    // `Store::init` takes it over like a new file. Refusing it would lock the device out
    let existing = match Store::open_with_options(path, opts.clone()) {
        Ok(s) => Some(s),
        Err(Error::NotInitialised(_)) => None,
        Err(e) => return Err(e),
    };
    let device_id = existing
        .as_ref()
        .map(|s| s.identity().device_id.clone())
        .unwrap_or_else(|| env.new_uuid());
    // the server registers the device's public key, against which it checks the signatures
    // this device seals (docs/adr/0004); a new store gets the key generated here
    let (public_key, new_key) = match &existing {
        Some(s) => (s.device_keys().public_key_hex()?, None),
        None => {
            let k = generate_signing_key(env);
            (public_key_hex(&k), Some(k))
        }
    };
    let resp = match transport.login(&LoginRequest {
        user: user.to_string(),
        password: password.to_string(),
        device_id: device_id.clone(),
        public_key: Some(public_key),
    }) {
        Ok(r) => r,
        // an administrator revoked this device: what it holds goes, as on a sync
        Err(TransportError::DeviceRevoked(_)) if existing.is_some() => {
            if let Some(mut s) = existing {
                s.wipe()?;
            }
            return Err(TransportError::DeviceRevoked(super::engine::WIPED.to_string()).into());
        }
        Err(e) => return Err(e.into()),
    };
    let mut store = match existing {
        Some(s) => {
            if s.identity().user_id != resp.user_id {
                return Err(Error::invalid(
                    "this device store belongs to another user; use another --db file",
                ));
            }
            s
        }
        None => {
            let key = &opts.key;
            let mut opts = InitOptions::new(resp.user_name.clone(), resp.role);
            opts.user_id = Some(resp.user_id.clone());
            opts.device_id = Some(device_id);
            opts.user_record = false;
            opts.env = env.clone();
            opts.key = key.clone();
            if let Some(z) = &resp.zone {
                opts.zone = z.clone();
            }
            if let Some(c) = &resp.currency {
                opts.currency = c.clone();
            }
            if let Some(l) = &resp.locale {
                opts.locale = l.clone();
            }
            // the identity and the key the server just registered go in together: a kill
            // between them would leave a device the server refuses for good
            opts.device_key = new_key;
            Store::init(path, opts)?
        }
    };
    store.bind_server(server_url)?;
    // the server's profile of the user wins: an admin may have changed their zone, currency
    // or language since the last sign-in
    store.set_profile(
        resp.zone.as_deref(),
        resp.currency.as_deref(),
        resp.locale.as_deref(),
    )?;
    store.set_meta("token", &resp.token)?;
    store.set_meta(
        "territory_ids",
        &serde_json::to_string(&resp.territory_ids)?,
    )?;
    Ok(store)
}

/// What signing out did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogoutReport {
    /// The server ended this device's session (or it had already ended). False when the
    /// server could not be reached and the sign-out was forced, or the store never signed in.
    pub server_revoked: bool,
    /// Documents with changes the server never received, deleted with the store (forced).
    pub discarded_documents: u64,
    /// Photos never uploaded, deleted with the store (forced).
    pub discarded_blobs: u64,
}

/// Sign out: end the session on the server, then delete the local store (its file, WAL and
/// shared memory, and with them the token and the device's signing key kept in it).
///
/// Unsynced work refuses it with [`Error::Unsynced`] unless `force`. A server that cannot be
/// reached refuses it too unless `force` (the token then stays valid on the server until it
/// expires or an admin revokes the user or device): offline sign-out is forced only. A token
/// the server no longer knows counts as ended. On any refusal nothing is changed.
pub fn logout(store: Store, transport: &dyn Transport, force: bool) -> Result<LogoutReport> {
    let report = end_session(&store, transport, force)?;
    store.delete()?;
    Ok(report)
}

/// The server a sign-out must reach. A store never signed in to one has no session to end:
/// refused, so that only deleting its file discards it.
pub fn session_server(store: &Store) -> Result<String> {
    store.identity().server_url.clone().ok_or_else(|| {
        Error::invalid("this store is not signed in to a server; to discard it, delete its file")
    })
}

/// The checks and the server half of [`logout`], leaving the store open: for callers that
/// hold the store in a shared slot and delete it themselves with [`Store::delete`].
pub fn end_session(store: &Store, transport: &dyn Transport, force: bool) -> Result<LogoutReport> {
    let UnsyncedWork { documents, blobs } = store.unsynced_work()?;
    if (documents > 0 || blobs > 0) && !force {
        return Err(Error::Unsynced { documents, blobs });
    }
    let server_revoked = match store.meta("token")? {
        None => false,
        Some(token) => match transport.logout(&token) {
            Ok(()) | Err(TransportError::Unauthorized(_)) => true,
            Err(_) if force => false,
            Err(e) => return Err(e.into()),
        },
    };
    Ok(LogoutReport {
        server_revoked,
        discarded_documents: documents,
        discarded_blobs: blobs,
    })
}

/// What signing out now would discard: documents changed here and not yet on the server,
/// and photos not yet uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct UnsyncedWork {
    pub documents: u64,
    pub blobs: u64,
}

impl Store {
    /// The work a sign-out would discard (see [`UnsyncedWork`]); the apps show it before
    /// asking whether to sign out anyway.
    pub fn unsynced_work(&self) -> Result<UnsyncedWork> {
        let documents = u64::try_from(self.dirty_count()?).unwrap_or(0);
        let blobs: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM blobs WHERE uploaded = 0", [], |r| {
                    r.get(0)
                })?;
        Ok(UnsyncedWork {
            documents,
            blobs: u64::try_from(blobs).unwrap_or(0),
        })
    }

    /// Close the store and delete its files: the database, its WAL and its shared memory.
    /// What the store held (documents, photos, the token, the device key) is gone for good.
    pub fn delete(self) -> Result<()> {
        let path = self.path().to_path_buf();
        // closing the last connection first, so SQLite does not write the WAL back afterwards
        drop(self);
        for suffix in ["-wal", "-shm", ""] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            match std::fs::remove_file(std::path::PathBuf::from(p)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// The territories the server assigned this user at login.
    pub fn territory_ids(&self) -> Result<Vec<String>> {
        Ok(match self.meta("territory_ids")? {
            Some(s) => serde_json::from_str(&s)?,
            None => vec![],
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::quotes::KeyStore;
    use crate::records::Role;
    use crate::sync::TransportError;
    use crate::sync::protocol::LoginResponse;

    /// A server that accepts every login and records what it was sent.
    struct Recorder(Mutex<Vec<LoginRequest>>);

    impl Transport for Recorder {
        fn login(&self, req: &LoginRequest) -> Result<LoginResponse, TransportError> {
            self.0.lock().unwrap().push(req.clone());
            Ok(LoginResponse {
                token: "t".into(),
                user_id: "u1".into(),
                user_name: "ana".into(),
                role: Role::Rep,
                territory_ids: vec![],
                expires_at: 0,
                zone: None,
                currency: None,
                locale: None,
            })
        }
        fn logout(&self, _: &str) -> Result<(), TransportError> {
            Err(TransportError::Offline("test".into()))
        }
        fn sync(&self, _: &str, _: Vec<u8>) -> Result<Vec<u8>, TransportError> {
            Err(TransportError::Offline("test".into()))
        }
        fn put_blob(&self, _: &str, _: &str, _: u64, _: &[u8]) -> Result<(), TransportError> {
            Err(TransportError::Offline("test".into()))
        }
        fn blob_offset(&self, _: &str, _: &str) -> Result<u64, TransportError> {
            Err(TransportError::Offline("test".into()))
        }
        fn get_blob(&self, _: &str, _: &str) -> Result<Vec<u8>, TransportError> {
            Err(TransportError::Offline("test".into()))
        }
        fn report(
            &self,
            _: &str,
            _: &str,
            _: &str,
            _: Option<&str>,
        ) -> Result<serde_json::Value, TransportError> {
            Err(TransportError::Offline("test".into()))
        }
    }

    #[test]
    fn a_first_login_killed_before_the_identity_was_written_can_log_in_again() {
        let dir = tempfile::tempdir().unwrap();
        let t = Recorder(Mutex::new(vec![]));
        // killed as SQLite created the file
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        // killed after the schema, before the identity: the same file without its meta rows
        let schema_only = dir.path().join("schema.db");
        let mut opts = InitOptions::new("x", Role::Rep);
        opts.user_record = false;
        drop(Store::init(&schema_only, opts).unwrap());
        rusqlite::Connection::open(&schema_only)
            .unwrap()
            .execute("DELETE FROM meta", [])
            .unwrap();
        assert!(matches!(
            Store::open(&schema_only),
            Err(Error::NotInitialised(_))
        ));
        for path in [empty, schema_only] {
            let s = login(&path, &t, "http://127.0.0.1:9", "ana", "pw").unwrap();
            assert_eq!(s.identity().user_id, "u1");
            assert_eq!(s.meta("token").unwrap().as_deref(), Some("t"));
            drop(s);
            let s = Store::open(&path).unwrap();
            assert_eq!(s.identity().user_name, "ana");
        }
    }

    #[test]
    fn login_registers_the_devices_public_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ana.db");
        let t = Recorder(Mutex::new(vec![]));
        let s = login(&path, &t, "http://127.0.0.1:9", "ana", "pw").unwrap();
        let key = s.device_keys().public_key_hex().unwrap();
        let device = s.identity().device_id.clone();
        drop(s);
        login(&path, &t, "http://127.0.0.1:9", "ana", "pw").unwrap();
        let sent = t.0.lock().unwrap();
        assert_eq!(sent.len(), 2);
        for req in sent.iter() {
            assert_eq!(req.public_key.as_deref(), Some(key.as_str()));
            assert_eq!(req.device_id, device);
        }
    }
}

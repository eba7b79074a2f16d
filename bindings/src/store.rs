//! The device store as the app holds it: open, create, log in, close, listeners, sync.

use std::sync::{Arc, Mutex, MutexGuard};

use fieldsales_core::sync::engine::{StoreAccess, sync_with};
use fieldsales_core::{InitOptions, OpenOptions, Store, StoreKey};
use fieldsales_http::HttpTransport;

use crate::error::{FieldSalesError, Result, invalid};
use crate::listeners::{DataListener, Listeners, SyncListener};
use crate::types::{Identity, LogoutReport, RecordKind, Role, SyncReport, SyncState, UnsyncedWork};

/// One user's store on this device. Every method is safe to call from any thread; `sync` and
/// `login` are `async` and run on the library's own runtime.
#[derive(uniffi::Object)]
pub struct FieldSales {
    inner: Mutex<Option<Store>>,
    listeners: Mutex<Listeners>,
    state: Mutex<SyncState>,
    /// Held for the length of a sync, so two syncs of one store run one after the other.
    syncing: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // a panic while holding a lock cannot leave the store half-written (SQLite transactions
    // roll back), so a poisoned lock is still usable
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn closed() -> fieldsales_core::Error {
    fieldsales_core::Error::invalid("the store is closed")
}

impl FieldSales {
    fn wrap(store: Store) -> Arc<Self> {
        Arc::new(FieldSales {
            inner: Mutex::new(Some(store)),
            listeners: Mutex::new(Listeners::default()),
            state: Mutex::new(SyncState::Idle),
            syncing: Mutex::new(()),
        })
    }

    /// Run `f` on the open store.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut Store) -> fieldsales_core::Result<T>,
    ) -> Result<T> {
        let mut g = lock(&self.inner);
        let store = g.as_mut().ok_or_else(closed)?;
        Ok(f(store)?)
    }

    /// Run a write and tell the listeners of `kinds` once it is committed.
    pub(crate) fn write<T>(
        &self,
        kinds: &[RecordKind],
        f: impl FnOnce(&mut Store) -> fieldsales_core::Result<T>,
    ) -> Result<T> {
        let out = self.with(f)?;
        self.notify(kinds);
        Ok(out)
    }

    fn notify(&self, kinds: &[RecordKind]) {
        let targets = lock(&self.listeners).data_for(kinds);
        for (kind, l) in targets {
            if let Err(e) = l.on_changed(kind) {
                tracing::warn!("data listener failed: {e}");
                lock(&self.listeners).errors.push(e.to_string());
            }
        }
    }

    fn set_state(&self, state: SyncState) {
        *lock(&self.state) = state;
        // the listeners are copied out first: one may register or remove listeners, and a
        // failing one's error is recorded under the same lock
        let listeners = lock(&self.listeners).sync_listeners();
        for l in listeners {
            if let Err(e) = l.on_state(state) {
                lock(&self.listeners).errors.push(e.to_string());
            }
        }
    }

    fn run_sync(&self) -> Result<SyncReport> {
        let _one_at_a_time = lock(&self.syncing);
        let url = self
            .with(|s| Ok(s.identity().server_url.clone()))?
            .ok_or_else(|| invalid("this store is not bound to a server: log in first"))?;
        let transport = HttpTransport::new(&url).map_err(fieldsales_core::Error::from)?;
        self.set_state(SyncState::Syncing);
        let listeners = lock(&self.listeners).sync_listeners();
        let mut failed: Option<FieldSalesError> = None;
        let result = sync_with(self, &transport, &mut |p| {
            for l in &listeners {
                if let Err(e) = l.on_progress(p.into()) {
                    failed = Some(e);
                    return Err(fieldsales_core::Error::invalid(
                        "stopped by a sync listener",
                    ));
                }
            }
            Ok(())
        });
        let result = match (result, failed) {
            (_, Some(e)) => Err(e),
            (r, None) => r.map_err(FieldSalesError::from),
        };
        match &result {
            Ok(report) => {
                self.set_state(SyncState::Idle);
                let changed: Vec<RecordKind> = report
                    .changed
                    .iter()
                    .map(|&k| RecordKind::from(k))
                    .collect();
                self.notify(&changed);
            }
            Err(FieldSalesError::Offline { .. }) => self.set_state(SyncState::Offline),
            Err(_) => self.set_state(SyncState::Error),
        }
        Ok(result?.into())
    }
}

impl FieldSales {
    /// The store stays locked from the unsynced-work check to its deletion, so no edit slips
    /// in between; the app is signing out, so waiting on the server there blocks nothing else.
    fn run_logout(&self, force: bool) -> Result<LogoutReport> {
        let _no_sync_meanwhile = lock(&self.syncing);
        let mut g = lock(&self.inner);
        let store = g.as_ref().ok_or_else(closed)?;
        let url = fieldsales_core::sync::session::session_server(store)?;
        let transport = HttpTransport::new(&url).map_err(fieldsales_core::Error::from)?;
        let report = fieldsales_core::sync::session::end_session(store, &transport, force)?;
        if let Some(store) = g.take() {
            store.delete()?;
        }
        Ok(report.into())
    }
}

/// The engine locks the store for each step of a sync, never across a round trip, so the app
/// keeps working while a long first sync waits on the network.
impl StoreAccess for FieldSales {
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> fieldsales_core::Result<T>,
    ) -> fieldsales_core::Result<T> {
        let mut g = lock(&self.inner);
        f(g.as_mut().ok_or_else(closed)?)
    }
}

/// Log `user` in at `server_url` and open their store at `path` (created on the first login).
/// Nothing is created if the server refuses.
#[uniffi::export]
pub async fn login(
    path: String,
    server_url: String,
    user: String,
    password: String,
) -> Result<Arc<FieldSales>> {
    crate::on_runtime(move || {
        let transport = HttpTransport::new(&server_url).map_err(fieldsales_core::Error::from)?;
        let store = fieldsales_core::sync::session::login(
            std::path::Path::new(&path),
            &transport,
            &server_url,
            &user,
            &password,
        )?;
        Ok(FieldSales::wrap(store))
    })
    .await
}

/// [`login`] into a store encrypted with `key` (32 bytes from the platform keystore): created
/// encrypted, or a plain one encrypted in place (docs/adr/0009-encryption-at-rest.md).
#[uniffi::export]
pub async fn login_with_key(
    path: String,
    key: Vec<u8>,
    server_url: String,
    user: String,
    password: String,
) -> Result<Arc<FieldSales>> {
    crate::on_runtime(move || {
        let opts = OpenOptions {
            key: Some(StoreKey::from_bytes(&key)?),
            ..OpenOptions::default()
        };
        let transport = HttpTransport::new(&server_url).map_err(fieldsales_core::Error::from)?;
        let store = fieldsales_core::sync::session::login_with_options(
            opts,
            std::path::Path::new(&path),
            &transport,
            &server_url,
            &user,
            &password,
        )?;
        Ok(FieldSales::wrap(store))
    })
    .await
}

#[uniffi::export]
impl FieldSales {
    /// Open an existing store encrypted with `key` (32 bytes); a plain store is encrypted in
    /// place first. A wrong key fails with `Storage` and changes nothing.
    #[uniffi::constructor]
    pub fn open_with_key(path: String, key: Vec<u8>) -> Result<Arc<Self>> {
        let opts = OpenOptions {
            key: Some(StoreKey::from_bytes(&key)?),
            ..OpenOptions::default()
        };
        Ok(Self::wrap(Store::open_with_options(&path, opts)?))
    }

    /// [`FieldSales::create`] encrypted with `key` (32 bytes).
    #[uniffi::constructor]
    pub fn create_with_key(
        path: String,
        user_name: String,
        role: Role,
        zone: String,
        key: Vec<u8>,
    ) -> Result<Arc<Self>> {
        let mut opts = InitOptions::new(user_name, role.into());
        opts.zone = zone;
        opts.key = Some(StoreKey::from_bytes(&key)?);
        Ok(Self::wrap(Store::init(&path, opts)?))
    }

    /// Whether the store file is encrypted at rest.
    pub fn is_encrypted(&self) -> Result<bool> {
        self.with(|s| Ok(s.is_encrypted()))
    }

    /// Open an existing store.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Self::wrap(Store::open(&path)?))
    }

    /// Create a store that is not bound to a server (a demo, a trial): its user owns its data.
    /// `zone` is the IANA zone of the user's days, e.g. `Europe/Berlin`.
    #[uniffi::constructor]
    pub fn create(path: String, user_name: String, role: Role, zone: String) -> Result<Arc<Self>> {
        let mut opts = InitOptions::new(user_name, role.into());
        opts.zone = zone;
        Ok(Self::wrap(Store::init(&path, opts)?))
    }

    /// Close the store; later calls fail with `Invalid`. Closing twice is fine. (Not `close`:
    /// Kotlin's `AutoCloseable.close` frees the Rust object itself.)
    pub fn close_store(&self) -> Result<()> {
        if let Some(store) = lock(&self.inner).take() {
            store.checkpoint()?;
        }
        Ok(())
    }

    pub fn identity(&self) -> Result<Identity> {
        self.with(|s| Identity::of(s))
    }

    /// Set the user's working zone (IANA), currency (ISO 4217) and language (BCP 47) on this
    /// device; `None` keeps a value. New accounts take the currency and language. A store
    /// bound to a server takes the server's values again at each sign-in.
    pub fn set_profile(
        &self,
        zone: Option<String>,
        currency: Option<String>,
        locale: Option<String>,
    ) -> Result<Identity> {
        self.with(|s| {
            s.set_profile(zone.as_deref(), currency.as_deref(), locale.as_deref())?;
            Identity::of(s)
        })
    }

    /// Call `listener` after records of `kind` change. Returns an id for `remove_listener`.
    pub fn add_data_listener(&self, kind: RecordKind, listener: Arc<dyn DataListener>) -> u64 {
        lock(&self.listeners).add_data(kind, listener)
    }

    /// Call `listener` with the progress and state of every sync.
    pub fn add_sync_listener(&self, listener: Arc<dyn SyncListener>) -> u64 {
        lock(&self.listeners).add_sync(listener)
    }

    /// Whether a listener with this id was registered (and is now removed).
    pub fn remove_listener(&self, id: u64) -> bool {
        lock(&self.listeners).remove(id)
    }

    /// The errors listeners returned since the last call (oldest first).
    pub fn take_listener_errors(&self) -> Vec<String> {
        std::mem::take(&mut lock(&self.listeners).errors)
    }

    /// What the sync status screen shows.
    pub fn sync_state(&self) -> SyncState {
        *lock(&self.state)
    }

    /// Documents changed on this device and not yet on the server.
    pub fn pending_changes(&self) -> Result<i64> {
        self.with(|s| s.dirty_count())
    }

    /// What signing out now would discard (the counts of a `logout` refused with code
    /// `unsynced`).
    pub fn unsynced_work(&self) -> Result<UnsyncedWork> {
        self.with(|s| s.unsynced_work().map(Into::into))
    }

    /// Push local changes and pull the server's until both sides are even. Fails with
    /// `Offline` when the server cannot be reached; nothing local is lost.
    pub async fn sync(self: Arc<Self>) -> Result<SyncReport> {
        crate::on_runtime(move || self.run_sync()).await
    }

    /// Sign out: end the session on the server, then delete this store (its files, and the
    /// token and device key kept in it); the object is closed afterwards. Refused with
    /// `Conflict` (code `unsynced`) while documents or photos are unsynced, and `Offline`
    /// when the server cannot be reached, unless `force`, which discards them.
    pub async fn logout(self: Arc<Self>, force: bool) -> Result<LogoutReport> {
        crate::on_runtime(move || self.run_logout(force)).await
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::types::{AccountEdit, NewAccount};

    fn store(dir: &tempfile::TempDir) -> Arc<FieldSales> {
        let path = dir.path().join("t.db").to_string_lossy().into_owned();
        FieldSales::create(path, "ana".into(), Role::Rep, "Europe/Berlin".into()).unwrap()
    }

    fn account(name: &str) -> NewAccount {
        NewAccount {
            name: name.into(),
            legal_name: String::new(),
            phone: String::new(),
            email: String::new(),
            street: String::new(),
            city: "Berlin".into(),
            postal_code: "10115".into(),
            country: "DE".into(),
            geo: None,
            segment: String::new(),
            territory_id: None,
            visit_frequency_days: 0,
            currency: None,
            locale: None,
            tax_id: None,
        }
    }

    struct Counting(AtomicUsize, bool);

    impl DataListener for Counting {
        fn on_changed(&self, kind: RecordKind) -> Result<()> {
            assert_eq!(kind, RecordKind::Account);
            self.0.fetch_add(1, Ordering::SeqCst);
            if self.1 {
                return Err(FieldSalesError::Internal {
                    reason: "the screen is gone".into(),
                });
            }
            Ok(())
        }
    }

    #[test]
    fn listeners_hear_committed_writes_of_their_kind_and_their_errors_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        let ok = Arc::new(Counting(AtomicUsize::new(0), false));
        let failing = Arc::new(Counting(AtomicUsize::new(0), true));
        let a = s.add_data_listener(RecordKind::Account, ok.clone());
        s.add_data_listener(RecordKind::Account, failing.clone());
        let acc = s.create_account(account("Acme")).unwrap();
        // a failing listener does not undo the write
        assert_eq!(s.get_account(acc.id.clone()).unwrap().name, "Acme");
        assert_eq!(ok.0.load(Ordering::SeqCst), 1);
        assert_eq!(s.take_listener_errors().len(), 1);
        assert!(s.take_listener_errors().is_empty());
        // a refused write tells nobody
        let bad = AccountEdit {
            name: Some(" ".into()),
            ..Default::default()
        };
        assert!(matches!(
            s.edit_account(acc.id.clone(), bad),
            Err(FieldSalesError::Invalid { .. })
        ));
        assert_eq!(ok.0.load(Ordering::SeqCst), 1);
        assert!(s.remove_listener(a));
        assert!(!s.remove_listener(a));
        s.create_account(account("Beta")).unwrap();
        assert_eq!(ok.0.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_closed_store_refuses_calls_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        let acc = s.create_account(account("Acme")).unwrap();
        s.close_store().unwrap();
        s.close_store().unwrap();
        assert!(matches!(
            s.get_account(acc.id.clone()),
            Err(FieldSalesError::Invalid { .. })
        ));
        let path = dir.path().join("t.db").to_string_lossy().into_owned();
        let again = FieldSales::open(path).unwrap();
        assert_eq!(again.get_account(acc.id).unwrap().name, "Acme");
    }

    #[test]
    fn sync_without_a_server_says_so_and_the_state_stays_idle() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        let r = crate::runtime().block_on(s.clone().sync());
        assert!(matches!(r, Err(FieldSalesError::Invalid { .. })), "{r:?}");
        assert_eq!(s.sync_state(), SyncState::Idle);
    }

    #[test]
    fn an_unreachable_server_is_offline_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir);
        let acc = s.create_account(account("Acme")).unwrap();
        // bind to a port nobody listens on, with a token, as a login would
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        s.with(|st| {
            st.bind_server(&format!("http://127.0.0.1:{port}"))?;
            st.set_meta("token", "t")
        })
        .unwrap();
        let r = crate::runtime().block_on(s.clone().sync());
        assert!(matches!(r, Err(FieldSalesError::Offline { .. })), "{r:?}");
        assert_eq!(s.sync_state(), SyncState::Offline);
        assert_eq!(s.get_account(acc.id).unwrap().name, "Acme");
        assert!(s.pending_changes().unwrap() >= 1);
    }
}

//! Listeners the shells implement (Kotlin, Swift, Python). A listener that throws gives an
//! error value back to Rust; it never unwinds into Rust, and it never undoes a committed write.

use std::sync::Arc;

use crate::error::FieldSalesError;
use crate::types::{RecordKind, SyncProgress, SyncState};

/// Told when records of a kind changed: by this app's own writes or by a sync. A reactive
/// screen re-reads its list.
#[uniffi::export(with_foreign)]
pub trait DataListener: Send + Sync {
    fn on_changed(&self, kind: RecordKind) -> Result<(), FieldSalesError>;
}

/// Told how a sync is going. An error from `on_progress` stops the sync between round trips,
/// where everything the server acknowledged is stored; the sync then fails with that error.
#[uniffi::export(with_foreign)]
pub trait SyncListener: Send + Sync {
    fn on_progress(&self, progress: SyncProgress) -> Result<(), FieldSalesError>;
    fn on_state(&self, state: SyncState) -> Result<(), FieldSalesError>;
}

#[derive(Default)]
pub(crate) struct Listeners {
    next: u64,
    data: Vec<(u64, RecordKind, Arc<dyn DataListener>)>,
    sync: Vec<(u64, Arc<dyn SyncListener>)>,
    /// Errors listeners returned, until the app takes them.
    pub(crate) errors: Vec<String>,
}

impl Listeners {
    pub(crate) fn add_data(&mut self, kind: RecordKind, l: Arc<dyn DataListener>) -> u64 {
        self.next += 1;
        self.data.push((self.next, kind, l));
        self.next
    }

    pub(crate) fn add_sync(&mut self, l: Arc<dyn SyncListener>) -> u64 {
        self.next += 1;
        self.sync.push((self.next, l));
        self.next
    }

    pub(crate) fn remove(&mut self, id: u64) -> bool {
        let before = self.data.len() + self.sync.len();
        self.data.retain(|(i, ..)| *i != id);
        self.sync.retain(|(i, _)| *i != id);
        before != self.data.len() + self.sync.len()
    }

    /// The data listeners for these kinds (called outside the lock, so they may read).
    pub(crate) fn data_for(
        &self,
        kinds: &[RecordKind],
    ) -> Vec<(RecordKind, Arc<dyn DataListener>)> {
        self.data
            .iter()
            .filter(|(_, k, _)| kinds.contains(k))
            .map(|(_, k, l)| (*k, l.clone()))
            .collect()
    }

    pub(crate) fn sync_listeners(&self) -> Vec<Arc<dyn SyncListener>> {
        self.sync.iter().map(|(_, l)| l.clone()).collect()
    }
}

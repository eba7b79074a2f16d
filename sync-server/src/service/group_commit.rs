//! Group commit: many requests' accepted documents made durable in one transaction.

use std::collections::HashMap;
use std::sync::MutexGuard;

use super::SyncService;
use crate::error::{Error, Result};
use crate::store::{Commit, ServerDoc, ServerStore};

/// Group commit: accepted documents wait in the open batch; the first request that needs
/// its batch durable commits the whole batch in one transaction (one fsync) while others
/// go on checking and staging into the next. A request answers only once its batch is
/// stored, so an acknowledged write is durable.
#[derive(Default)]
pub(super) struct GroupCommit {
    /// Documents accepted but not yet stored (open or committing batch), with their batch.
    pub(super) staged: HashMap<String, (u64, ServerDoc)>,
    pub(super) open: Vec<Commit>,
    /// The number of the open batch; batches before it are committing or done.
    pub(super) open_batch: u64,
    pub(super) committing: bool,
    /// Every batch up to this one has been stored (or failed).
    pub(super) done_through: u64,
    /// Batches whose commit failed, with the error.
    pub(super) failed: HashMap<u64, String>,
}

impl<S: ServerStore> SyncService<S> {
    /// Wait until `batch` is stored, committing it (and whatever joined it) if no one else
    /// is committing.
    pub(super) fn wait_stored<'a>(
        &'a self,
        mut w: MutexGuard<'a, GroupCommit>,
        batch: u64,
    ) -> Result<()> {
        loop {
            if w.done_through >= batch {
                return match w.failed.get(&batch) {
                    Some(e) => Err(Error::Internal(format!("storing the batch failed: {e}"))),
                    None => Ok(()),
                };
            }
            if w.committing {
                w = self
                    .committed
                    .wait(w)
                    .map_err(|_| Error::Internal("write lock poisoned".into()))?;
                continue;
            }
            // lead: take the open batch and store it outside the lock
            let n = w.open_batch;
            let commits = std::mem::take(&mut w.open);
            w.open_batch += 1;
            w.committing = true;
            drop(w);
            let stored = self.store.commit_many(&commits);
            w = self.lock_writes()?;
            w.committing = false;
            w.done_through = n;
            w.staged.retain(|_, (b, _)| *b != n);
            if let Err(e) = stored {
                tracing::error!(error = %e, "group commit failed");
                w.failed.insert(n, e.to_string());
            }
            w.failed.retain(|b, _| *b + 64 > n);
            self.committed.notify_all();
        }
    }

    /// Store the open batch and `extra` now, in one transaction. Callers hold the lock and
    /// have drained (nothing is committing), so no older batch can land after this one.
    pub(super) fn store_now(&self, w: &mut GroupCommit, extra: Option<Commit>) -> Result<()> {
        if w.committing {
            return Err(Error::Internal("a batch is committing".into()));
        }
        let mut commits = std::mem::take(&mut w.open);
        commits.extend(extra);
        if commits.is_empty() {
            return Ok(());
        }
        let n = w.open_batch;
        w.open_batch += 1;
        let stored = self.store.commit_many(&commits);
        w.done_through = n;
        w.staged.retain(|_, (b, _)| *b != n);
        if let Err(e) = &stored {
            w.failed.insert(n, e.to_string());
        }
        self.committed.notify_all();
        stored.map(|_| ())
    }

    /// Wait for a committing batch, then store the open one: afterwards the store holds
    /// everything accepted so far.
    pub(super) fn drain<'a>(
        &'a self,
        mut w: MutexGuard<'a, GroupCommit>,
    ) -> Result<MutexGuard<'a, GroupCommit>> {
        while w.committing {
            w = self
                .committed
                .wait(w)
                .map_err(|_| Error::Internal("write lock poisoned".into()))?;
        }
        self.store_now(&mut w, None)?;
        Ok(w)
    }
}

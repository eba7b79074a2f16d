//! The sync service: a function of (signed-in user, request, store) -> response. It opens no
//! socket; `api.rs` and the HTTP layer put it on the network.

use std::sync::{Condvar, Mutex, MutexGuard};

use fieldsales_core::Env;
use fieldsales_core::records::Kind;
use fieldsales_core::sync::protocol::{
    Accepted, MAX_PULL_LIMIT, MAX_PUSH_DOCS, MAX_WANT, PullDoc, PushDoc, Rejected, SyncRequest,
    SyncResponse,
};

use crate::error::{Error, Result};
use crate::push::{self, AuthTable, Landing, Staged, Stop, Verified};
use crate::scope::Access;
use crate::store::{ServerDoc, ServerStore, UserRow};

pub struct SyncService<S: ServerStore> {
    store: S,
    /// The clock and randomness of what the server writes itself.
    env: Env,
    /// Pushes are checked one at a time (each reads a document, merges, and stages the
    /// result); staged documents are made durable in groups (see `GroupCommit`).
    writes: Mutex<GroupCommit>,
    committed: Condvar,
    /// `PasswordCost::Minimal` when set (simulations only).
    minimal_password_cost: std::sync::atomic::AtomicBool,
}

/// What happened to one pushed document.
pub enum PushOutcome {
    Accepted(Accepted),
    Rejected(Rejected),
}

/// A push that passed the checks.
enum Checked {
    Replay { heads: Vec<u8> },
    New(push::Placed),
}

mod access;
mod admin;
pub use admin::UserProfile;
mod group_commit;
mod pull;

use group_commit::GroupCommit;

impl<S: ServerStore> SyncService<S> {
    pub fn new(store: S) -> Self {
        SyncService::with_env(store, Env::system())
    }

    /// A service on `env`'s clock and randomness: ids, actors, salts and tokens of what it
    /// writes itself come from it.
    pub fn with_env(store: S, env: Env) -> Self {
        SyncService {
            env,
            store,
            writes: Mutex::new(GroupCommit {
                open_batch: 1,
                ..Default::default()
            }),
            committed: Condvar::new(),
            minimal_password_cost: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Hash new users' passwords at argon2's minimum cost. Only for simulations that create
    /// and sign in many users; a server with real users keeps the standard cost, and a
    /// production build cannot switch it.
    #[cfg(any(test, feature = "testing"))]
    pub fn use_minimal_password_cost(&self) {
        self.minimal_password_cost
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub(crate) fn password_cost(&self) -> crate::auth::PasswordCost {
        if self
            .minimal_password_cost
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            crate::auth::PasswordCost::Minimal
        } else {
            crate::auth::PasswordCost::Standard
        }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    pub fn env(&self) -> &Env {
        &self.env
    }

    pub fn sync(&self, user: &UserRow, device_id: &str, req: SyncRequest) -> Result<SyncResponse> {
        // refused whole before the write lock: one request must not hold it for long
        if req.push.len() > MAX_PUSH_DOCS {
            return Err(Error::TooManyDocuments(req.push.len()));
        }
        let access = Access::for_user(&self.store, user)?;
        let mut resp = SyncResponse::default();
        if !req.push.is_empty() {
            let mut w = self.lock_writes()?;
            // documents that decide access (territories, users, accounts: their stored state
            // is what scopes and the auth tables are read from) are stored at once, after
            // everything accepted before them
            if req.push.iter().any(|p| push::stored_at_once(p.kind)) {
                w = self.drain(w)?;
            }
            let mut wait_for = None;
            // and they go first, in the order their kinds are listed (a territory before the
            // users given it, before the accounts in it): the others' scopes are read from them
            // (products and price lists too, which price the lines after them; and a quote
            // before the order made from it)
            let mut order: Vec<&PushDoc> = req.push.iter().collect();
            order.sort_by_key(|p| {
                (
                    !p.kind.decides_access(),
                    !push::stored_at_once(p.kind),
                    p.kind == Kind::Order,
                    p.kind,
                )
            });
            for p in order {
                let (outcome, batch) = self.push(&mut w, &access, device_id, p)?;
                wait_for = wait_for.max(batch);
                match outcome {
                    PushOutcome::Accepted(a) => resp.accepted.push(a),
                    PushOutcome::Rejected(r) => {
                        tracing::info!(reason = %r.reason, kind = %p.kind, "push rejected");
                        resp.rejected.push(r)
                    }
                }
            }
            if let Some(batch) = wait_for {
                self.wait_stored(w, batch)?;
            }
        }
        self.pull(
            &access,
            device_id,
            &req.cursor,
            req.limit.clamp(1, MAX_PULL_LIMIT),
            &mut resp,
        )?;
        self.answer_wants(&access, &req.want, &mut resp)?;
        Ok(resp)
    }

    /// Whole snapshots of the documents the device asked for by id; those it may not read
    /// (or that do not exist) are listed as revoked, so it stops asking and drops them.
    fn answer_wants(
        &self,
        access: &Access,
        want: &[String],
        resp: &mut SyncResponse,
    ) -> Result<()> {
        for id in want.iter().take(MAX_WANT) {
            let doc = self.store.load_doc(id)?;
            match doc {
                Some(d) if access.readable.contains(&d.scope) => {
                    resp.pull.retain(|p| &p.id != id);
                    resp.pull.push(PullDoc {
                        id: d.id,
                        kind: d.kind,
                        bytes: d.snapshot,
                        snapshot: true,
                        heads: d.heads,
                        record: d.record,
                    });
                }
                _ => {
                    resp.pull.retain(|p| &p.id != id);
                    if !resp.revoked.contains(id) {
                        resp.revoked.push(id.clone());
                    }
                }
            }
        }
        Ok(())
    }

    fn lock_writes(&self) -> Result<MutexGuard<'_, GroupCommit>> {
        self.writes
            .lock()
            .map_err(|_| Error::Internal("write lock poisoned".into()))
    }

    /// A document as the server holds it: staged if accepted and not yet stored.
    fn current(&self, w: &GroupCommit, id: &str) -> Result<Option<ServerDoc>> {
        match w.staged.get(id) {
            Some((_, d)) => Ok(Some(d.clone())),
            None => self.store.load_doc(id),
        }
    }

    /// Take one pushed document through the steps in `push`: authorize, verify, authorize
    /// its home, stage. A rejection never affects the others. Returns the batch to wait for
    /// when something joined one.
    fn push(
        &self,
        w: &mut MutexGuard<'_, GroupCommit>,
        access: &Access,
        device_id: &str,
        p: &PushDoc,
    ) -> Result<(PushOutcome, Option<u64>)> {
        let placed = match self.check(w, access, p) {
            Ok(Checked::Replay { heads }) => {
                let accepted = Accepted {
                    id: p.id.clone(),
                    heads,
                };
                return Ok((PushOutcome::Accepted(accepted), None));
            }
            Ok(Checked::New(placed)) => placed,
            Err(Stop::Rejected(r)) => {
                return Ok((PushOutcome::Rejected(r.into_rejected(&p.id)), None));
            }
            Err(Stop::Failed(e)) => return Err(e),
        };
        let user_change =
            crate::accounts::user_change(&placed, &access.user, device_id, self.env.now().millis());
        // the blobs a record references (a visit's photos) become readable to its readers
        let blobs = match &placed.change.record {
            fieldsales_core::any::AnyRecord::Visit(v) if !v.photos.is_empty() => v.photos.clone(),
            _ => vec![],
        };
        let staged = match push::stage(&self.store, device_id, placed) {
            Ok(s) => s,
            Err(Stop::Rejected(r)) => {
                return Ok((PushOutcome::Rejected(r.into_rejected(&p.id)), None));
            }
            Err(Stop::Failed(e)) => return Err(e),
        };
        let heads = staged.heads().to_vec();
        if !blobs.is_empty() {
            // before the document is stored: a reference to a document that is not (yet)
            // stored lets nobody read anything, as its scope is read from the document
            self.store.add_blob_refs(&p.id, &blobs)?;
        }
        let batch = self.enqueue(w, staged)?;
        if let Some(entry) = user_change {
            crate::audit::record(&self.store, &[entry]);
        }
        Ok((
            PushOutcome::Accepted(Accepted {
                id: p.id.clone(),
                heads,
            }),
            batch,
        ))
    }

    /// The checks, in order: nothing about the push is looked at before the sender is known
    /// to be allowed near the document.
    fn check(&self, w: &GroupCommit, access: &Access, p: &PushDoc) -> push::Step<Checked> {
        let authorized = push::authorize(access, self.current(w, &p.id)?)?;
        let lookup = |id: &str| self.current(w, id);
        let change = match push::verify_with(&self.store, &lookup, access, authorized, p)? {
            Verified::Replay { heads } => return Ok(Checked::Replay { heads }),
            Verified::Changed(c) => c,
        };
        Ok(Checked::New(push::authorize_home(
            &self.store,
            access,
            change,
        )?))
    }

    /// Put a staged change in the open batch, or store it now (see `Landing`). Returns the
    /// batch to wait for.
    fn enqueue(&self, w: &mut GroupCommit, staged: Staged) -> Result<Option<u64>> {
        let Staged { commit, landing } = staged;
        match landing {
            Landing::Batch => {
                let n = w.open_batch;
                w.staged
                    .insert(commit.doc.id.clone(), (n, commit.doc.clone()));
                w.open.push(commit);
                Ok(Some(n))
            }
            Landing::Now(table) => {
                // whose reading the table change may change, as they read before it
                let affected = match &table {
                    Some(t) => self.affected_by(t)?,
                    None => vec![],
                };
                self.store_now(w, Some(commit))?;
                match table {
                    Some(AuthTable::UserTerritories {
                        user_id,
                        territory_ids,
                    }) => self.store.set_user_territories(&user_id, &territory_ids)?,
                    Some(AuthTable::Territory {
                        id,
                        name,
                        parent_id,
                    }) => self
                        .store
                        .create_territory(&id, &name, parent_id.as_deref())?,
                    None => {}
                }
                self.grant_and_revoke(affected)?;
                Ok(None)
            }
        }
    }
}

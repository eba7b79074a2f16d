//! The sync service: a function of (signed-in user, request, store) -> response. It opens no
//! socket; `api.rs` and the HTTP layer put it on the network.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use fieldsales_core::Env;
use fieldsales_core::any::AnyRecord;
use fieldsales_core::records::{Kind, Record, Role, Territory, User};
use fieldsales_core::sync::protocol::{
    Accepted, Cursor, MAX_PULL_LIMIT, MAX_WANT, PullDoc, PushDoc, Rejected, SyncRequest,
    SyncResponse,
};

use crate::error::{Error, Result};
use crate::push::{self, AuthTable, Landing, Staged, Stop, Verified};
use crate::scope::{self, Access};
use crate::store::{Commit, FeedOp, ServerDoc, ServerStore, UserRow};

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

/// Group commit: accepted documents wait in the open batch; the first request that needs
/// its batch durable commits the whole batch in one transaction (one fsync) while others
/// go on checking and staging into the next. A request answers only once its batch is
/// stored, so an acknowledged write is durable.
#[derive(Default)]
struct GroupCommit {
    /// Documents accepted but not yet stored (open or committing batch), with their batch.
    staged: HashMap<String, (u64, ServerDoc)>,
    open: Vec<Commit>,
    /// The number of the open batch; batches before it are committing or done.
    open_batch: u64,
    committing: bool,
    /// Every batch up to this one has been stored (or failed).
    done_through: u64,
    /// Batches whose commit failed, with the error.
    failed: HashMap<u64, String>,
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

    fn password_cost(&self) -> crate::auth::PasswordCost {
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
        let access = Access::for_user(&self.store, user)?;
        let mut resp = SyncResponse::default();
        if !req.push.is_empty() {
            let mut w = self.lock_writes()?;
            // documents that decide access (territories, users, accounts: their stored state
            // is what scopes and the auth tables are read from) are stored at once, after
            // everything accepted before them
            if req.push.iter().any(|p| p.kind.decides_access()) {
                w = self.drain(w)?;
            }
            let mut wait_for = None;
            // and they go first, in the order their kinds are listed (a territory before the
            // users given it, before the accounts in it): the others' scopes are read from them
            let mut order: Vec<&PushDoc> = req.push.iter().collect();
            order.sort_by_key(|p| (!p.kind.decides_access(), p.kind));
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

    /// Wait until `batch` is stored, committing it (and whatever joined it) if no one else
    /// is committing.
    fn wait_stored<'a>(&'a self, mut w: MutexGuard<'a, GroupCommit>, batch: u64) -> Result<()> {
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
    fn store_now(&self, w: &mut GroupCommit, extra: Option<Commit>) -> Result<()> {
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
    fn drain<'a>(
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
        let staged = push::stage(&self.store, device_id, placed)?;
        let heads = staged.heads().to_vec();
        let batch = self.enqueue(w, staged)?;
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
        let change = match push::verify(&self.store, access, authorized, p)? {
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
                Ok(None)
            }
        }
    }

    fn pull(
        &self,
        access: &Access,
        device_id: &str,
        cursor: &Cursor,
        limit: u32,
        resp: &mut SyncResponse,
    ) -> Result<()> {
        if cursor.bootstrapping() {
            let high = if cursor.seq == 0 {
                self.store.max_seq()?
            } else {
                cursor.seq
            };
            let docs = self.store.docs_in_scopes(
                &access.readable,
                cursor.snapshot_after.as_deref(),
                limit,
            )?;
            let full = docs.len() as u32 == limit;
            let last = docs.last().map(|d| d.id.clone());
            for d in docs {
                resp.pull.push(PullDoc {
                    id: d.id,
                    kind: d.kind,
                    bytes: d.snapshot,
                    snapshot: true,
                    heads: d.heads,
                    record: d.record,
                });
            }
            resp.more = full;
            resp.cursor = Cursor {
                seq: high,
                snapshot_after: if full { last } else { None },
            };
            return Ok(());
        }
        let mut entries = self
            .store
            .feed_after(cursor.seq, &access.readable, limit + 1)?;
        resp.more = entries.len() as u32 > limit;
        entries.truncate(limit as usize);
        resp.cursor = Cursor {
            seq: entries.last().map_or(cursor.seq, |e| e.seq),
            snapshot_after: None,
        };
        let mut at: HashMap<String, usize> = HashMap::new();
        for e in entries {
            match e.op {
                FeedOp::Change => {
                    if e.origin == device_id {
                        continue;
                    }
                    match at.get(&e.doc_id) {
                        Some(&i) => {
                            let pd = &mut resp.pull[i];
                            if !pd.snapshot {
                                pd.bytes.extend_from_slice(&e.bytes);
                                pd.heads = e.heads;
                            }
                        }
                        None => {
                            at.insert(e.doc_id.clone(), resp.pull.len());
                            resp.pull.push(PullDoc {
                                id: e.doc_id,
                                kind: e.kind,
                                bytes: e.bytes,
                                snapshot: false,
                                heads: e.heads,
                                record: None,
                            });
                        }
                    }
                }
                FeedOp::Grant => {
                    let Some(d) = self.store.load_doc(&e.doc_id)? else {
                        continue;
                    };
                    if !access.readable.contains(&d.scope) {
                        continue;
                    }
                    resp.revoked.retain(|r| r != &d.id);
                    let pd = PullDoc {
                        id: d.id.clone(),
                        kind: d.kind,
                        bytes: d.snapshot,
                        snapshot: true,
                        heads: d.heads,
                        record: d.record,
                    };
                    match at.get(&d.id) {
                        Some(&i) => resp.pull[i] = pd,
                        None => {
                            at.insert(d.id, resp.pull.len());
                            resp.pull.push(pd);
                        }
                    }
                }
                FeedOp::Revoke => {
                    let still = self
                        .store
                        .load_doc(&e.doc_id)?
                        .is_some_and(|d| access.readable.contains(&d.scope));
                    if !still && !resp.revoked.contains(&e.doc_id) {
                        if let Some(i) = at.remove(&e.doc_id) {
                            // keep positions of the others valid: blank it out, drop below
                            resp.pull[i].id.clear();
                        }
                        resp.revoked.push(e.doc_id);
                    }
                }
            }
        }
        resp.pull.retain(|p| !p.id.is_empty());
        Ok(())
    }

    /// A record written by the server itself (admin commands), with its feed entry.
    fn write_record<R: Record>(&self, record: &R) -> Result<()> {
        let author = fieldsales_core::doc::Author {
            actor: self.env.new_actor(),
            name: "server".into(),
            at: self.env.now(),
        };
        let mut doc = fieldsales_core::doc::create(record, &author)?;
        let Some(scope) = scope::scope_of(&self.store, &record.home())? else {
            return Err(Error::Internal("no scope".into()));
        };
        let heads = push::encode_heads(&doc.get_heads());
        let snapshot = doc.save();
        let record_json = push::index_hint(&doc, &AnyRecord::read(&doc)?)?;
        let mut w = self.drain(self.lock_writes()?)?;
        self.store_now(
            &mut w,
            Some(Commit {
                doc: ServerDoc {
                    id: record.id().to_string(),
                    kind: R::KIND,
                    scope,
                    account_id: None,
                    snapshot: snapshot.clone(),
                    heads,
                    record: record_json,
                },
                changes: snapshot,
                origin: "server".into(),
                rescoped: vec![],
                old_scope: None,
            }),
        )
    }

    pub fn create_territory(&self, name: &str, parent_id: Option<&str>) -> Result<Territory> {
        if name.trim().is_empty() {
            return Err(Error::BadRequest("a territory needs a name".into()));
        }
        let mut t = Territory::new(&self.env, name.trim());
        if let Some(p) = parent_id {
            if self
                .store
                .load_doc(p)?
                .is_none_or(|d| d.kind != Kind::Territory)
            {
                return Err(Error::NotFound(format!("no territory {p}")));
            }
            t.parent_id = Some(p.to_string());
        }
        self.store.create_territory(&t.id, &t.name, parent_id)?;
        self.write_record(&t)?;
        Ok(t)
    }

    pub fn create_user(
        &self,
        name: &str,
        password: &str,
        role: Role,
        territory_ids: &[String],
    ) -> Result<User> {
        if name.trim().is_empty() || password.len() < 4 {
            return Err(Error::BadRequest(
                "a user needs a name and a password of at least 4 characters".into(),
            ));
        }
        if self.store.user_by_name(name)?.is_some() {
            return Err(Error::Conflict(format!("a user named {name} exists")));
        }
        for t in territory_ids {
            if self
                .store
                .load_doc(t)?
                .is_none_or(|d| d.kind != Kind::Territory)
            {
                return Err(Error::NotFound(format!("no territory {t}")));
            }
        }
        let mut u = User::new(&self.env, name.trim(), role);
        u.territory_ids = territory_ids.to_vec();
        self.store.create_user(&UserRow {
            id: u.id.clone(),
            name: u.name.clone(),
            password_hash: crate::auth::hash_password_with(
                password,
                self.password_cost(),
                &self.env,
            )?,
            role,
            active: true,
            territory_ids: territory_ids.to_vec(),
        })?;
        self.write_record(&u)?;
        Ok(u)
    }
}

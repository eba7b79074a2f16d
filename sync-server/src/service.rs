//! The sync service: a function of (signed-in user, request, store) -> response. It opens no
//! socket; `api.rs` and the HTTP layer put it on the network.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

use automerge::{ActorId, AutoCommit};
use fieldsales_core::any::{AnyRecord, Home};
use fieldsales_core::records::{Kind, Role, Territory, User};
use fieldsales_core::rules::RuleContext;
use fieldsales_core::sync::protocol::{
    Accepted, Cursor, MAX_DOC_PUSH_BYTES, MAX_PULL_LIMIT, MAX_WANT, PullDoc, PushDoc, Rejected,
    SyncRequest, SyncResponse,
};

use crate::error::{Error, Result};
use crate::scope::{self, Access};
use crate::store::{Commit, FeedOp, ServerDoc, ServerStore, UserRow};

/// Concatenated 32-byte change hashes.
pub fn encode_heads(heads: &[automerge::ChangeHash]) -> Vec<u8> {
    heads.iter().flat_map(|h| h.as_ref().to_vec()).collect()
}

/// The record as JSON for devices to index without loading the document, unless the
/// document holds concurrent values (the device must find those itself).
fn index_hint(doc: &AutoCommit, record: &AnyRecord) -> Result<Option<String>> {
    if fieldsales_core::doc::has_conflicts(doc, record.kind())? {
        return Ok(None);
    }
    Ok(Some(
        serde_json::to_string(record).map_err(|e| Error::Internal(e.to_string()))?,
    ))
}

pub struct SyncService<S: ServerStore> {
    store: S,
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

fn reject(
    id: &str,
    reason: &str,
    detail: impl Into<String>,
    current: Option<&ServerDoc>,
) -> PushOutcome {
    PushOutcome::Rejected(Rejected {
        id: id.to_string(),
        reason: reason.to_string(),
        detail: detail.into(),
        current: current.map(|d| d.snapshot.clone()),
    })
}

impl<S: ServerStore> SyncService<S> {
    pub fn new(store: S) -> Self {
        SyncService {
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
    /// and sign in many users; a server with real users keeps the standard cost.
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

    pub fn sync(&self, user: &UserRow, device_id: &str, req: SyncRequest) -> Result<SyncResponse> {
        let access = Access::for_user(&self.store, user)?;
        let mut resp = SyncResponse::default();
        if !req.push.is_empty() {
            let mut w = self.lock_writes()?;
            // accounts may move (their children's scopes are read from the store), users
            // and territories feed the auth tables: those are stored at once, after
            // everything accepted before them
            if req
                .push
                .iter()
                .any(|p| matches!(p.kind, Kind::Account | Kind::User | Kind::Territory))
            {
                w = self.drain(w)?;
            }
            let mut wait_for = None;
            // territories, users and accounts first: the others' scopes are read from them
            let mut order: Vec<&PushDoc> = req.push.iter().collect();
            order.sort_by_key(|p| match p.kind {
                Kind::Territory => 0,
                Kind::User => 1,
                Kind::Account => 2,
                _ => 3,
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

    /// The most discount a user may give without approval, from their user record.
    fn discount_limit(&self, user_id: &str) -> Result<Option<i64>> {
        let Some(d) = self.store.load_doc(user_id)? else {
            return Ok(None);
        };
        let doc = AutoCommit::load(&d.snapshot).map_err(fieldsales_core::Error::from)?;
        Ok(match AnyRecord::read(&doc)? {
            AnyRecord::User(u) => Some(u.max_discount_bp),
            _ => None,
        })
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

    /// Check one pushed document and stage it. A rejection never affects the others.
    /// Returns the batch to wait for when something was staged.
    fn push(
        &self,
        w: &mut MutexGuard<'_, GroupCommit>,
        access: &Access,
        device_id: &str,
        p: &PushDoc,
    ) -> Result<(PushOutcome, Option<u64>)> {
        let mut batch = None;
        let outcome = self.check_and_stage(w, access, device_id, p, &mut batch)?;
        Ok((outcome, batch))
    }

    fn check_and_stage(
        &self,
        w: &mut MutexGuard<'_, GroupCommit>,
        access: &Access,
        device_id: &str,
        p: &PushDoc,
        batch: &mut Option<u64>,
    ) -> Result<PushOutcome> {
        let existing = self.current(w, &p.id)?;
        let cur = existing.as_ref();
        if p.changes.len() > MAX_DOC_PUSH_BYTES {
            return Ok(reject(
                &p.id,
                "too_large",
                "the changes to this record are too large",
                cur,
            ));
        }
        let (mut doc, before) = match cur {
            Some(d) => {
                let doc = AutoCommit::load(&d.snapshot).map_err(fieldsales_core::Error::from)?;
                let before = AnyRecord::read(&doc)?;
                (doc, Some(before))
            }
            None => (AutoCommit::new(), None),
        };
        let old_heads = doc.get_heads();
        if fieldsales_core::doc::apply_foreign(&mut doc, &p.changes).is_err() {
            return Ok(reject(
                &p.id,
                "bad_document",
                "the changes could not be read",
                cur,
            ));
        }
        if !doc.get_missing_deps(&[]).is_empty() {
            return Ok(reject(
                &p.id,
                "bad_document",
                "the changes depend on history the server does not have",
                cur,
            ));
        }
        let after = match AnyRecord::read(&doc) {
            Ok(a) => a,
            Err(e) => {
                return Ok(reject(
                    &p.id,
                    "bad_document",
                    format!("not a valid {}: {e}", p.kind),
                    cur,
                ));
            }
        };
        if after.kind() != p.kind || after.id() != p.id || cur.is_some_and(|d| d.kind != p.kind) {
            return Ok(reject(
                &p.id,
                "bad_document",
                "the document's kind or id does not match",
                cur,
            ));
        }
        let new_heads = doc.get_heads();
        if new_heads == old_heads {
            // a replayed push: nothing new, nothing stored
            return Ok(PushOutcome::Accepted(Accepted {
                id: p.id.clone(),
                heads: encode_heads(&new_heads),
            }));
        }
        let mut ctx = RuleContext::as_actor(&access.user.id, access.user.role);
        if let AnyRecord::Quote(_) = &after
            && let Some(limit) = self.discount_limit(&access.user.id)?
        {
            ctx = ctx.with_discount_limit(limit);
        }
        if let Err(v) = after.check(&ctx, before.as_ref()) {
            return Ok(reject(&p.id, v.code(), v.to_string(), cur));
        }
        if let AnyRecord::Quote(q) = &after
            && let Some(sig) = &q.signature
        {
            // the signature must be the registered key's of the device that signed, over
            // exactly this content: a forgery re-sealed with another key fails here
            let verdict = match self.store.device_key(&sig.device_id)? {
                Some(key) => fieldsales_core::quotes::verify_with_key(q, &key),
                None => fieldsales_core::quotes::Verification::BadSignature,
            };
            if verdict != fieldsales_core::quotes::Verification::Valid {
                return Ok(reject(
                    &p.id,
                    "invalid_signature",
                    format!("the customer's signature does not verify on the server: {verdict:?}"),
                    cur,
                ));
            }
        }
        let Some(scope_after) = scope::scope_of(&self.store, &after.home())? else {
            return Ok(reject(
                &p.id,
                "out_of_scope",
                "the customer of this record is not known here",
                cur,
            ));
        };
        if scope_after == scope::UNASSIGNED && access.user.role != Role::Admin {
            return Ok(reject(
                &p.id,
                "invalid_record",
                "an account needs a territory",
                cur,
            ));
        }
        let scope_ok =
            cur.is_none_or(|d| access.can_write(&d.scope)) && access.can_write(&scope_after);
        if !scope_ok {
            return Ok(reject(
                &p.id,
                "out_of_scope",
                "this record is outside your territories",
                cur,
            ));
        }
        let changes = doc.save_after(&old_heads);
        let moved = cur
            .filter(|d| d.scope != scope_after)
            .map(|d| d.scope.clone());
        let rescoped = match (&moved, &after) {
            (Some(_), AnyRecord::Account(a)) => self
                .store
                .children_of(&a.id)?
                .into_iter()
                .map(|c| (c.id, scope_after.clone()))
                .collect(),
            _ => vec![],
        };
        let account_id = match after.home() {
            Home::Account(a) => Some(a),
            _ => None,
        };
        let heads = encode_heads(&new_heads);
        let record = index_hint(&doc, &after)?;
        let commit = Commit {
            doc: ServerDoc {
                id: p.id.clone(),
                kind: p.kind,
                scope: scope_after,
                account_id,
                snapshot: doc.save(),
                heads: heads.clone(),
                record,
            },
            changes,
            origin: device_id.to_string(),
            rescoped,
            old_scope: moved,
        };
        // accounts decide their children's scopes (read from the store by the next push,
        // perhaps in this very request); users and territories feed the auth tables
        let immediate = matches!(
            after,
            AnyRecord::Account(_) | AnyRecord::User(_) | AnyRecord::Territory(_)
        );
        if immediate {
            // the tables auth and scopes read follow the document at once
            self.store_now(w, Some(commit))?;
            match &after {
                AnyRecord::User(u) => self.store.set_user_territories(&u.id, &u.territory_ids)?,
                AnyRecord::Territory(t) => {
                    self.store
                        .create_territory(&t.id, &t.name, t.parent_id.as_deref())?
                }
                _ => {}
            }
        } else {
            let n = w.open_batch;
            w.staged.insert(p.id.clone(), (n, commit.doc.clone()));
            w.open.push(commit);
            *batch = Some(n);
        }
        Ok(PushOutcome::Accepted(Accepted {
            id: p.id.clone(),
            heads,
        }))
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
    pub fn write_record(&self, record: &AnyRecord) -> Result<()> {
        let author = fieldsales_core::doc::Author {
            actor: ActorId::random(),
            name: "server".into(),
            at: fieldsales_core::Env::system().now(),
        };
        let mut doc = match record {
            AnyRecord::Territory(t) => fieldsales_core::doc::create(t, &author)?,
            AnyRecord::User(u) => fieldsales_core::doc::create(u, &author)?,
            _ => {
                return Err(Error::Internal(
                    "the server writes only territories and users".into(),
                ));
            }
        };
        let Some(scope) = scope::scope_of(&self.store, &record.home())? else {
            return Err(Error::Internal("no scope".into()));
        };
        let heads = encode_heads(&doc.get_heads());
        let snapshot = doc.save();
        let record_json = index_hint(&doc, record)?;
        let mut w = self.drain(self.lock_writes()?)?;
        self.store_now(
            &mut w,
            Some(Commit {
                doc: ServerDoc {
                    id: record.id().to_string(),
                    kind: record.kind(),
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
        let mut t = Territory::new(&fieldsales_core::Env::system(), name.trim());
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
        self.write_record(&AnyRecord::Territory(t.clone()))?;
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
        let mut u = User::new(&fieldsales_core::Env::system(), name.trim(), role);
        u.territory_ids = territory_ids.to_vec();
        self.store.create_user(&UserRow {
            id: u.id.clone(),
            name: u.name.clone(),
            password_hash: crate::auth::hash_password_with(password, self.password_cost())?,
            role,
            active: true,
            territory_ids: territory_ids.to_vec(),
        })?;
        self.write_record(&AnyRecord::User(u.clone()))?;
        Ok(u)
    }
}

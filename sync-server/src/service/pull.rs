//! The pull half of a sync: what changed in the device's scopes since its cursor.

use std::collections::HashMap;

use fieldsales_core::sync::protocol::{Cursor, PullDoc, SyncResponse};

use super::SyncService;
use crate::error::Result;
use crate::scope::Access;
use crate::store::{FeedOp, ServerStore};

impl<S: ServerStore> SyncService<S> {
    pub(super) fn pull(
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
        let mine = crate::scope::access(&access.user.id);
        for e in entries {
            // another user's grants and revokes (an admin reads every scope): nothing for
            // this device, which reads those documents through their own scopes
            if e.scope.starts_with("access:") && e.scope != mine {
                continue;
            }
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
}

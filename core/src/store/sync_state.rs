//! What the sync engine needs from the store: dirty documents and the changes the server has
//! not acknowledged, applying pulled documents in one transaction per page, acknowledgements,
//! rejections (kept for the user, the document reset to the server's state), revocations, the
//! feed cursor and the session token.

use automerge::ChangeHash;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::docs::{self, Incoming, encode_heads};
use super::{Store, read_meta, write_meta};
use crate::error::{Error, Result};
use crate::records::Kind;
use crate::sync::protocol::{Cursor, PullDoc, PushDoc, RejectReason, Rejected};
use crate::time::Ts;

/// A push sent to the server, remembered until its answer arrives.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: String,
    /// The document's heads when it was pushed: if they are unchanged when the server
    /// acknowledges, the document is clean.
    pub local_heads: Vec<u8>,
}

/// An edit the server refused, kept with its bytes until the user deals with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRejection {
    pub id: i64,
    pub doc_id: String,
    pub kind: Kind,
    /// Stored as its label; a label this build does not know reads back as `Other`.
    pub reason: RejectReason,
    pub detail: String,
    /// The refused document's bytes, to show or redo the edit.
    #[serde(skip)]
    pub refused: Vec<u8>,
    pub at: Ts,
}

fn decode_heads(bytes: &[u8]) -> Vec<ChangeHash> {
    bytes
        .chunks(32)
        .filter_map(|c| ChangeHash::try_from(c).ok())
        .collect()
}

/// Meta key of the documents to ask the server for whole.
const WANT_KEY: &str = "sync_want";

impl Store {
    /// Documents with changes the server has not acknowledged: territories, users and accounts
    /// first (the others' scopes follow their account), then products and price lists (the
    /// server prices lines with them), then quotes (an order made from one is checked against
    /// it), then oldest change first.
    pub fn dirty_documents(&self, limit: usize) -> Result<Vec<(String, Kind)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, kind FROM documents WHERE dirty = 1
             ORDER BY CASE kind WHEN 'territory' THEN 0 WHEN 'user' THEN 1 WHEN 'account' THEN 2
                      WHEN 'product' THEN 3 WHEN 'price_list' THEN 4 WHEN 'quote' THEN 5 ELSE 6 END,
                      updated_at, id
             LIMIT ?1",
        )?;
        let rows = st.query_map([limit as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind) = row?;
            out.push((id, Kind::parse(&kind)?));
        }
        Ok(out)
    }

    /// How many documents wait to be pushed.
    pub fn dirty_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents WHERE dirty = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// The changes of a document the server does not have (its whole history if the server
    /// never acknowledged it).
    pub fn push_for(&mut self, id: &str, kind: Kind) -> Result<(PushDoc, Pending)> {
        let server_heads: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT server_heads FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("document", id))?;
        let doc = self.open_doc(id, kind)?;
        let changes = match server_heads {
            None => doc.save(),
            Some(h) => {
                // heads the server reported but this device has not pulled yet are skipped:
                // the server ignores changes it already has
                let known: Vec<ChangeHash> = decode_heads(&h)
                    .into_iter()
                    .filter(|h| doc.get_change_by_hash(h).is_some())
                    .collect();
                doc.save_after(&known)
            }
        };
        let local_heads = encode_heads(&doc.get_heads());
        Ok((
            PushDoc {
                id: id.to_string(),
                kind,
                changes,
            },
            Pending {
                id: id.to_string(),
                local_heads,
            },
        ))
    }

    /// The server took these pushes: remember its heads; documents not edited since are clean.
    pub fn mark_accepted(&mut self, accepted: &[(Pending, Vec<u8>)]) -> Result<()> {
        self.write(|tx| {
            for (p, heads) in accepted {
                tx.prepare_cached(
                    "UPDATE documents SET server_heads = ?2,
                        dirty = CASE WHEN heads = ?3 OR heads = ?2 THEN 0 ELSE dirty END
                     WHERE id = ?1",
                )?
                .execute(rusqlite::params![p.id, heads, p.local_heads])?;
                // the server may hold more than we pushed (others' changes): then we are
                // clean only once those arrive, which the pull takes care of
            }
            Ok(())
        })
    }

    /// The server already has every change of this document.
    pub fn mark_clean(&mut self, p: &Pending) -> Result<()> {
        self.write(|tx| {
            tx.prepare_cached("UPDATE documents SET dirty = 0 WHERE id = ?1 AND heads = ?2")?
                .execute(rusqlite::params![p.id, p.local_heads])?;
            Ok(())
        })
    }

    /// Merge a page of pulled documents in one transaction. Returns how many changed.
    pub fn apply_pulled(&mut self, pulled: &[PullDoc]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        let mut want: std::collections::BTreeSet<String> = read_meta(&tx, WANT_KEY)?
            .map(|s| serde_json::from_str(&s))
            .transpose()?
            .unwrap_or_default();
        let wanted_before = want.clone();
        let now_ms = self.env.now().millis();
        for p in pulled.iter().filter(|p| !p.id.is_empty()) {
            if let (true, Some(json)) = (p.snapshot, &p.record)
                && docs::insert_indexed(&tx, &p.id, p.kind, &p.bytes, &p.heads, json, now_ms)?
            {
                changed += 1;
                want.remove(&p.id);
                continue;
            }
            let incoming = if p.snapshot {
                Incoming::Document(&p.bytes)
            } else {
                Incoming::Changes(&p.bytes)
            };
            let merged = docs::merge_in(
                &tx,
                &mut self.docs,
                &self.identity.actor,
                &p.id,
                p.kind,
                incoming,
                Some(&p.heads),
                false,
                now_ms,
            );
            match merged {
                Ok(m) => {
                    changed += m.changed as usize;
                    if p.snapshot {
                        want.remove(&p.id);
                    }
                }
                // changes this device cannot apply (it lacks the history they build on, e.g.
                // its own creation of a document it later dropped): nothing was written; ask
                // the server for the whole document next time instead of failing every sync
                Err(Error::Invalid(reason)) => {
                    tracing::warn!(doc = %p.id, %reason, "pulled changes not applicable; asking for a snapshot");
                    want.insert(p.id.clone());
                }
                Err(e) => return Err(e),
            }
        }
        if want != wanted_before {
            write_meta(&tx, WANT_KEY, &serde_json::to_string(&want)?)?;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Documents to ask the server for whole (see `SyncRequest::want`).
    pub fn wanted(&self) -> Result<Vec<String>> {
        let want: Vec<String> = read_meta(&self.conn, WANT_KEY)?
            .map(|s| serde_json::from_str(&s))
            .transpose()?
            .unwrap_or_default();
        Ok(want
            .into_iter()
            .take(crate::sync::protocol::MAX_WANT)
            .collect())
    }

    /// The server refused a document: keep the refused edit, then reset the document to the
    /// server's state (or remove it, if the server has none).
    pub fn apply_rejection(&mut self, r: &Rejected) -> Result<()> {
        let kind = docs::kind(&self.conn, &r.id)?;
        let Some(kind) = kind else {
            return Ok(());
        };
        let refused = self.open_doc(&r.id, kind)?.save();
        self.docs.pop(&r.id);
        let now_ms = self.env.now().millis();
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "INSERT INTO rejections (doc_id, kind, reason, detail, refused, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(rusqlite::params![r.id, kind.as_str(), r.reason.as_str(), r.detail, refused, now_ms])?;
        docs::remove(&tx, &r.id)?;
        if let Some(current) = &r.current {
            let heads = {
                let mut d = crate::doc::load_foreign(current).map_err(|e| {
                    Error::invalid(format!("server state of {} unreadable: {e}", r.id))
                })?;
                encode_heads(&d.get_heads())
            };
            docs::merge_in(
                &tx,
                &mut self.docs,
                &self.identity.actor,
                &r.id,
                kind,
                Incoming::Document(current),
                Some(&heads),
                false,
                now_ms,
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Documents that left this device's scope: removed, with everything derived from them.
    pub fn remove_documents(&mut self, ids: &[String]) -> Result<usize> {
        for id in ids {
            self.docs.pop(id);
        }
        self.write(|tx| {
            let mut n = 0;
            for id in ids {
                n += docs::remove(tx, id)? as usize;
            }
            if let Some(w) = read_meta(tx, WANT_KEY)? {
                let mut want: std::collections::BTreeSet<String> = serde_json::from_str(&w)?;
                let before = want.len();
                want.retain(|x| !ids.contains(x));
                if want.len() != before {
                    write_meta(tx, WANT_KEY, &serde_json::to_string(&want)?)?;
                }
            }
            Ok(n)
        })
    }

    /// Edits the server refused, newest first.
    pub fn rejections(&self) -> Result<Vec<StoredRejection>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, doc_id, kind, reason, detail, refused, at FROM rejections ORDER BY id DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Vec<u8>>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, doc_id, kind, reason, detail, refused, at) = row?;
            out.push(StoredRejection {
                id,
                doc_id,
                kind: Kind::parse(&kind)?,
                reason: RejectReason::parse(&reason),
                detail,
                refused,
                at: Ts::from_millis(at),
            });
        }
        Ok(out)
    }

    /// The user has seen a rejection (and redone the edit, or not).
    pub fn dismiss_rejection(&mut self, id: i64) -> Result<bool> {
        Ok(self.write(|tx| Ok(tx.execute("DELETE FROM rejections WHERE id = ?1", [id])?))? > 0)
    }

    pub fn sync_cursor(&self) -> Result<Cursor> {
        Ok(match read_meta(&self.conn, "sync_cursor")? {
            Some(s) => serde_json::from_str(&s)?,
            None => Cursor::default(),
        })
    }

    pub fn set_sync_cursor(&mut self, c: &Cursor) -> Result<()> {
        let s = serde_json::to_string(c)?;
        self.write(|tx| write_meta(tx, "sync_cursor", &s))
    }
}

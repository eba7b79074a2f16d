//! Document persistence: a compacted snapshot plus incremental chunks per document, folded
//! together when the chunks grow; loading; merging foreign bytes.

use automerge::{ActorId, AutoCommit, ChangeHash};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{Store, index, now_ms};
use crate::doc;
use crate::error::{Error, Result};
use crate::records::{
    Account, Contact, Kind, Order, PriceList, Product, Quota, Quote, Record, Schedule, Stock, Task,
    Territory, User, Visit,
};

/// Fold chunks into the snapshot after this many.
const COMPACT_AFTER_CHUNKS: i64 = 32;

/// Run `$body` with `$R` bound to the record type of `$kind`.
macro_rules! with_record_type {
    ($kind:expr, $R:ident => $body:expr) => {
        match $kind {
            Kind::Territory => {
                type $R = Territory;
                $body
            }
            Kind::User => {
                type $R = User;
                $body
            }
            Kind::Account => {
                type $R = Account;
                $body
            }
            Kind::Contact => {
                type $R = Contact;
                $body
            }
            Kind::Product => {
                type $R = Product;
                $body
            }
            Kind::PriceList => {
                type $R = PriceList;
                $body
            }
            Kind::Stock => {
                type $R = Stock;
                $body
            }
            Kind::Visit => {
                type $R = Visit;
                $body
            }
            Kind::Order => {
                type $R = Order;
                $body
            }
            Kind::Quote => {
                type $R = Quote;
                $body
            }
            Kind::Quota => {
                type $R = Quota;
                $body
            }
            Kind::Task => {
                type $R = Task;
                $body
            }
            Kind::Schedule => {
                type $R = Schedule;
                $body
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use with_record_type;

pub(crate) fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    let mut out = Vec::with_capacity(heads.len() * 32);
    for h in heads {
        out.extend_from_slice(h.as_ref());
    }
    out
}

/// Insert a brand-new document and its index row.
pub(super) fn insert<R: Record>(conn: &Connection, doc: &mut AutoCommit, record: &R) -> Result<()> {
    let snapshot = doc.save();
    let heads = encode_heads(&doc.get_heads());
    let inserted = conn
        .prepare_cached(
            "INSERT INTO documents (id, kind, snapshot, heads, updated_at, dirty) VALUES (?1, ?2, ?3, ?4, ?5, 1)
             ON CONFLICT(id) DO NOTHING",
        )?
        .execute(rusqlite::params![
            record.id(),
            R::KIND.as_str(),
            snapshot,
            heads,
            now_ms()
        ])?;
    if inserted == 0 {
        return Err(Error::invalid(format!(
            "a document with id {} already exists",
            record.id()
        )));
    }
    index::upsert(conn, conn.last_insert_rowid(), record)
}

pub(super) fn rowid(conn: &Connection, id: &str) -> Result<i64> {
    conn.prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found("document", id))
}

pub(super) fn kind(conn: &Connection, id: &str) -> Result<Option<Kind>> {
    let k: Option<String> = conn
        .prepare_cached("SELECT kind FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    k.map(|k| Kind::parse(&k)).transpose()
}

/// Load a document: its snapshot, then its chunks in order.
pub(super) fn load(
    conn: &Connection,
    id: &str,
    actor: &ActorId,
) -> Result<Option<(Kind, AutoCommit)>> {
    let row: Option<(String, Vec<u8>, i64)> = conn
        .prepare_cached("SELECT kind, snapshot, chunks FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((kind, snapshot, chunks)) = row else {
        return Ok(None);
    };
    let mut doc = AutoCommit::load(&snapshot)?.with_actor(actor.clone());
    if chunks > 0 {
        let mut st =
            conn.prepare_cached("SELECT bytes FROM doc_chunks WHERE doc_id = ?1 ORDER BY seq")?;
        let rows = st.query_map([id], |r| r.get::<_, Vec<u8>>(0))?;
        for bytes in rows {
            doc.load_incremental(&bytes?)?;
        }
    }
    Ok(Some((Kind::parse(&kind)?, doc)))
}

/// Persist what changed in `doc` since `old_heads`: a new chunk, or a fresh snapshot when the
/// chunks have grown. Marks the document dirty (it has changes the server may not have).
pub(super) fn append_change(
    conn: &Connection,
    doc: &mut AutoCommit,
    old_heads: &[ChangeHash],
) -> Result<()> {
    let id = doc::id_of(doc)?;
    let chunk = doc.save_after(old_heads);
    let heads = encode_heads(&doc.get_heads());
    let (chunks, chunk_bytes, snapshot_len): (i64, i64, i64) = conn
        .prepare_cached(
            "UPDATE documents SET chunks = chunks + 1, chunk_bytes = chunk_bytes + ?2, heads = ?3,
                updated_at = ?4, dirty = 1
             WHERE id = ?1 RETURNING chunks, chunk_bytes, length(snapshot)",
        )?
        .query_row(
            rusqlite::params![id, chunk.len() as i64, heads, now_ms()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("document", &id))?;
    if chunks >= COMPACT_AFTER_CHUNKS || chunk_bytes > snapshot_len.max(8 * 1024) {
        let snapshot = doc.save();
        conn.prepare_cached(
            "UPDATE documents SET snapshot = ?2, chunks = 0, chunk_bytes = 0 WHERE id = ?1",
        )?
        .execute(rusqlite::params![id, snapshot])?;
        conn.prepare_cached("DELETE FROM doc_chunks WHERE doc_id = ?1")?
            .execute([&id])?;
    } else {
        conn.prepare_cached("INSERT INTO doc_chunks (doc_id, seq, bytes) VALUES (?1, ?2, ?3)")?
            .execute(rusqlite::params![id, chunks, chunk])?;
    }
    Ok(())
}

/// Read a document as its kind's record and write the index row.
pub(super) fn index_any(conn: &Connection, kind: Kind, rowid: i64, doc: &AutoCommit) -> Result<()> {
    with_record_type!(kind, R => {
        let r: R = doc::read(doc)?;
        index::upsert(conn, rowid, &r)
    })
}

/// Check that a document reads back as a record of its kind.
fn validate(kind: Kind, doc: &AutoCommit) -> Result<()> {
    with_record_type!(kind, R => {
        doc::read::<R>(doc).map(|_| ())
    })
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    pub id: String,
    pub kind: Kind,
    /// The document was new to this store.
    pub created: bool,
    /// The merge brought changes this store did not have.
    pub changed: bool,
    /// Fields now holding concurrent values.
    pub conflicts: usize,
}

pub(super) fn import(store: &mut Store, bytes: &[u8]) -> Result<Imported> {
    let mut incoming =
        AutoCommit::load(bytes).map_err(|e| Error::invalid(format!("not a document: {e}")))?;
    let kind = doc::kind_of(&incoming)?;
    let id = doc::id_of(&incoming)?;
    validate(kind, &incoming)?;
    let actor = store.identity.actor.clone();
    let existing = match store.docs.pop(&id) {
        Some(d) => Some(d),
        None => load(&store.conn, &id, &actor)?.map(|(k, d)| {
            // a document never changes kind; a clash is refused below
            let _ = k;
            d
        }),
    };
    let (mut merged, created, old_heads) = match existing {
        Some(mut d) => {
            let local_kind = doc::kind_of(&d)?;
            if local_kind != kind {
                store.docs.put(id.clone(), d);
                return Err(Error::WrongKind {
                    id,
                    expected: local_kind.as_str(),
                    found: kind.to_string(),
                });
            }
            let old = d.get_heads();
            let mut candidate = d.fork().with_actor(actor.clone());
            candidate.merge(&mut incoming)?;
            // the merged document must still read back as its kind
            if let Err(e) = validate(kind, &candidate) {
                store.docs.put(id.clone(), d);
                return Err(e);
            }
            d.merge(&mut incoming)?;
            (d, false, Some(old))
        }
        None => (incoming.with_actor(actor.clone()), true, None),
    };
    let changed = created || old_heads.as_deref() != Some(&merged.get_heads()[..]);
    let found = doc::conflicts(&mut merged)?;
    let tx = store.conn.transaction()?;
    if changed {
        match &old_heads {
            None => {
                let snapshot = merged.save();
                let heads = encode_heads(&merged.get_heads());
                tx.prepare_cached(
                    "INSERT INTO documents (id, kind, snapshot, heads, updated_at, dirty) VALUES (?1, ?2, ?3, ?4, ?5, 1)",
                )?
                .execute(rusqlite::params![id, kind.as_str(), snapshot, heads, now_ms()])?;
            }
            Some(old) => append_change(&tx, &mut merged, old)?,
        }
        let rid = rowid(&tx, &id)?;
        index_any(&tx, kind, rid, &merged)?;
        record_conflicts(&tx, &id, kind, &found)?;
    }
    tx.commit()?;
    let n = found.len();
    store.docs.put(id.clone(), merged);
    Ok(Imported {
        id,
        kind,
        created,
        changed,
        conflicts: n,
    })
}

/// Keep the conflicts a merge produced until the user dismisses them.
pub(super) fn record_conflicts(
    conn: &Connection,
    id: &str,
    kind: Kind,
    found: &[doc::FieldConflict],
) -> Result<()> {
    for c in found {
        conn.prepare_cached(
            "INSERT INTO conflicts (doc_id, kind, path, winner, losers, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(doc_id, path) DO UPDATE SET winner = excluded.winner, losers = excluded.losers",
        )?
        .execute(rusqlite::params![
            id,
            kind.as_str(),
            c.path,
            serde_json::to_string(&c.winner)?,
            serde_json::to_string(&c.losers)?,
            now_ms()
        ])?;
    }
    Ok(())
}

//! Document persistence: a compacted snapshot plus incremental chunks per document, folded
//! together when the chunks grow; loading; merging foreign bytes.

use automerge::{ActorId, AutoCommit, ChangeHash, ReadDoc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{Store, index};
use crate::any::AnyRecord;
use crate::doc;
use crate::error::{Error, Result};
use crate::records::{Kind, Record};

/// Fold chunks into the snapshot after this many.
const COMPACT_AFTER_CHUNKS: i64 = 32;

pub(crate) fn encode_heads(heads: &[ChangeHash]) -> Vec<u8> {
    let mut out = Vec::with_capacity(heads.len() * 32);
    for h in heads {
        out.extend_from_slice(h.as_ref());
    }
    out
}

/// Insert a brand-new document and its index row.
pub(super) fn insert<R: Record>(
    conn: &Connection,
    doc: &mut AutoCommit,
    record: &R,
    now_ms: i64,
) -> Result<()> {
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
            now_ms
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
    now_ms: i64,
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
            rusqlite::params![id, chunk.len() as i64, heads, now_ms],
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
    index::write_entry(conn, rowid, validate(kind, doc)?)
}

/// Read a document back as a record of its kind (the check that it is one), giving its
/// index row.
pub(super) fn validate(kind: Kind, doc: &AutoCommit) -> Result<index::Entry> {
    let r = AnyRecord::read(doc)?;
    if r.kind() != kind {
        return Err(Error::WrongKind {
            id: r.id().to_string(),
            expected: kind.as_str(),
            found: r.kind().to_string(),
        });
    }
    r.entry()
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

/// A document new to this store, from the server, with the record it holds as JSON: stored
/// as it came and indexed from the JSON, without loading it (ADR 0003). Returns false, with
/// nothing written, when the document is already here or the JSON is not a record of `kind`
/// with this id: the caller then merges the snapshot the ordinary way.
pub(crate) fn insert_indexed(
    conn: &Connection,
    id: &str,
    kind: Kind,
    snapshot: &[u8],
    heads: &[u8],
    json: &str,
    now_ms: i64,
) -> Result<bool> {
    if heads.is_empty() || !heads.len().is_multiple_of(32) {
        return Ok(false);
    }
    let entry = match AnyRecord::from_json(kind, json) {
        Ok(r) if r.id() == id => r.entry_with_json(json.to_string()),
        _ => return Ok(false),
    };
    let inserted = conn
        .prepare_cached(
            "INSERT INTO documents (id, kind, snapshot, heads, updated_at, dirty, server_heads)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?4) ON CONFLICT(id) DO NOTHING",
        )?
        .execute(rusqlite::params![
            id,
            kind.as_str(),
            snapshot,
            heads,
            now_ms
        ])?;
    if inserted == 0 {
        return Ok(false);
    }
    index::write_entry(conn, conn.last_insert_rowid(), entry)?;
    Ok(true)
}

/// Bytes arriving from elsewhere: a whole document, or changes to merge.
pub(crate) enum Incoming<'a> {
    Document(&'a [u8]),
    Changes(&'a [u8]),
}

/// What merging did to one document.
pub(crate) struct Merged {
    pub created: bool,
    pub changed: bool,
    pub conflicts: usize,
}

/// Merge incoming bytes into document `id` (or create it) inside the caller's transaction.
/// The result must read back as `kind`, else nothing changes. With `server_heads`, the bytes
/// came from the server: its heads are remembered and the document is clean when it holds
/// exactly what the server has.
#[allow(clippy::too_many_arguments)]
pub(crate) fn merge_in(
    conn: &Connection,
    cache: &mut lru::LruCache<String, AutoCommit>,
    actor: &ActorId,
    id: &str,
    kind: Kind,
    incoming: Incoming<'_>,
    server_heads: Option<&[u8]>,
    keep_open: bool,
    now_ms: i64,
) -> Result<Merged> {
    let existing = match cache.pop(id) {
        Some(d) => Some(d),
        None => load(conn, id, actor)?.map(|(_, d)| d),
    };
    let (mut base, created) = match existing {
        Some(d) => (d, false),
        None => (AutoCommit::new().with_actor(actor.clone()), true),
    };
    if !created {
        let local_kind = doc::kind_of(&base)?;
        if local_kind != kind {
            cache.put(id.to_string(), base);
            return Err(Error::WrongKind {
                id: id.to_string(),
                expected: local_kind.as_str(),
                found: kind.to_string(),
            });
        }
    }
    let old_heads = base.get_heads();
    let mut merged = if created {
        base
    } else {
        base.fork().with_actor(actor.clone())
    };
    let mut snapshot_bytes: Option<&[u8]> = None;
    let applied = match incoming {
        // a whole document new to this store is loaded as it is, and stored as it came
        Incoming::Document(bytes) if created => doc::load_foreign(bytes)
            .map(|d| {
                merged = d.with_actor(actor.clone());
                snapshot_bytes = Some(bytes);
            })
            .map_err(|e| Error::invalid(format!("not a document: {e}"))),
        Incoming::Document(bytes) => doc::load_foreign(bytes)
            .map_err(|e| Error::invalid(format!("not a document: {e}")))
            .and_then(|mut other| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| merged.merge(&mut other)))
                    .map_err(|_| Error::invalid("the document could not be merged"))?
                    .map(|_| ())
                    .map_err(Error::from)
            }),
        Incoming::Changes(bytes) => doc::apply_foreign(&mut merged, bytes)
            .map_err(|e| Error::invalid(format!("not document changes: {e}"))),
    };
    let checked = applied.and_then(|()| {
        if merged.get_heads().is_empty() {
            return Err(Error::invalid(format!("no changes for {id}")));
        }
        if !merged.get_missing_deps(&[]).is_empty() {
            return Err(Error::invalid(format!(
                "changes to {id} depend on changes this device does not have"
            )));
        }
        if doc::kind_of(&merged)? != kind || doc::id_of(&merged)? != id {
            return Err(Error::invalid(format!("the bytes are not the {kind} {id}")));
        }
        validate(kind, &merged)
    });
    let entry = match checked {
        Ok(entry) => entry,
        Err(e) => {
            // the stored document is untouched; an open copy of it stays valid
            if !created {
                load(conn, id, actor)?.map(|(_, d)| cache.put(id.to_string(), d));
            }
            return Err(e);
        }
    };
    let changed = created || merged.get_heads() != old_heads;
    // a document written by one actor only has no concurrent values: skip the walk
    let found = if merged.stats().num_actors <= 1 {
        Vec::new()
    } else {
        doc::conflicts_of(kind, &mut merged)?
    };
    let mut heads_recorded = false;
    if changed {
        let rowid = if created {
            let snapshot = match snapshot_bytes {
                Some(b) => b.to_vec(),
                None => merged.save(),
            };
            let heads = encode_heads(&merged.get_heads());
            let dirty = server_heads != Some(heads.as_slice());
            conn.prepare_cached(
                "INSERT INTO documents (id, kind, snapshot, heads, updated_at, dirty, server_heads)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                id,
                kind.as_str(),
                snapshot,
                heads,
                now_ms,
                dirty,
                server_heads
            ])?;
            heads_recorded = true;
            conn.last_insert_rowid()
        } else {
            append_change(conn, &mut merged, &old_heads, now_ms)?;
            rowid(conn, id)?
        };
        index::write_entry(conn, rowid, entry)?;
        record_conflicts(conn, id, kind, &found, now_ms)?;
    }
    if let Some(h) = server_heads.filter(|_| !heads_recorded) {
        conn.prepare_cached(
            "UPDATE documents SET server_heads = ?2, dirty = CASE WHEN heads = ?2 THEN 0 ELSE dirty END WHERE id = ?1",
        )?
        .execute(rusqlite::params![id, h])?;
    }
    if keep_open {
        cache.put(id.to_string(), merged);
    }
    Ok(Merged {
        created,
        changed,
        conflicts: found.len(),
    })
}

pub(super) fn import(store: &mut Store, bytes: &[u8]) -> Result<Imported> {
    let probe =
        doc::load_foreign(bytes).map_err(|e| Error::invalid(format!("not a document: {e}")))?;
    let kind = doc::kind_of(&probe)?;
    let id = doc::id_of(&probe)?;
    let tx = store.conn.transaction()?;
    let m = merge_in(
        &tx,
        &mut store.docs,
        &store.identity.actor,
        &id,
        kind,
        Incoming::Document(bytes),
        None,
        true,
        store.env.now().millis(),
    );
    let m = m?;
    if let Err(e) = tx.commit() {
        // the open copy holds what was not stored: drop it
        store.docs.pop(&id);
        return Err(e.into());
    }
    Ok(Imported {
        id,
        kind,
        created: m.created,
        changed: m.changed,
        conflicts: m.conflicts,
    })
}

/// Remove a document and everything derived from it.
pub(crate) fn remove(conn: &Connection, id: &str) -> Result<bool> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT rowid, kind FROM documents WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((rid, kind)) = row else {
        return Ok(false);
    };
    index::remove(conn, Kind::parse(&kind)?, id, rid)?;
    conn.prepare_cached("DELETE FROM doc_chunks WHERE doc_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM conflicts WHERE doc_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM documents WHERE id = ?1")?
        .execute([id])?;
    Ok(true)
}

/// Keep the conflicts a merge produced until the user dismisses them.
pub(super) fn record_conflicts(
    conn: &Connection,
    id: &str,
    kind: Kind,
    found: &[doc::FieldConflict],
    now_ms: i64,
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
            now_ms
        ])?;
    }
    Ok(())
}

//! Documents that come from elsewhere: export and import of whole documents, the conflicts
//! merges leave for the user, and rebuilding the index from the documents.

use super::{Imported, Store, StoredConflict, docs};
use crate::doc::FieldConflict;
use crate::error::{Error, Result};
use crate::records::Kind;

impl Store {
    /// The whole document of a record, to hand to another store.
    pub fn export(&mut self, id: &str) -> Result<Vec<u8>> {
        let kind = docs::kind(&self.conn, id)?.ok_or_else(|| Error::not_found("document", id))?;
        Ok(self.open_doc(id, kind)?.save())
    }

    /// Merge a document (whole or changes) from another store into this one. The bytes must
    /// load and read back as a record of their kind; otherwise nothing changes. Fields both
    /// sides set concurrently are recorded as conflicts.
    pub fn import(&mut self, bytes: &[u8]) -> Result<Imported> {
        docs::import(self, bytes)
    }

    /// The conflicts recorded by merges, oldest first.
    pub fn conflicts(&self) -> Result<Vec<StoredConflict>> {
        let mut st = self.conn.prepare_cached(
            "SELECT doc_id, kind, path, winner, losers, detected_at FROM conflicts ORDER BY detected_at, doc_id, path",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc_id, kind, path, winner, losers, at) = row?;
            out.push(StoredConflict {
                doc_id,
                kind: Kind::parse(&kind)?,
                conflict: FieldConflict {
                    path,
                    winner: serde_json::from_str(&winner)?,
                    losers: serde_json::from_str(&losers)?,
                },
                detected_at: crate::time::Ts::from_millis(at),
            });
        }
        Ok(out)
    }

    /// The user has seen a conflict and keeps the winner (or has re-entered the value).
    pub fn dismiss_conflict(&mut self, doc_id: &str, path: &str) -> Result<bool> {
        let n = self.write(|tx| {
            Ok(tx.execute(
                "DELETE FROM conflicts WHERE doc_id = ?1 AND path = ?2",
                [doc_id, path],
            )?)
        })?;
        Ok(n > 0)
    }

    /// Rebuild the whole query index from the documents (after a schema change).
    pub fn reindex(&mut self) -> Result<usize> {
        let actor = self.identity.actor.clone();
        let tx = self.conn.transaction()?;
        let ids: Vec<(i64, String)> = {
            let mut st = tx.prepare("SELECT rowid, id FROM documents")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (rowid, id) in &ids {
            if let Some((kind, doc)) = docs::load(&tx, id, &actor)? {
                docs::index_any(&tx, kind, *rowid, &doc)?;
            }
        }
        tx.commit()?;
        Ok(ids.len())
    }
}

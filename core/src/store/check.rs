//! Self-checks of a store: the index says what the documents say.

use super::{Store, docs, index};
use crate::error::Result;
use crate::records::Kind;

/// A document whose index row disagrees with the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexMismatch {
    pub id: String,
    pub kind: Kind,
    /// The index row's JSON (None: the row is missing).
    pub indexed: Option<String>,
    /// The record read from the document, as JSON.
    pub document: String,
}

impl Store {
    /// Read every document and compare the record it holds with its index row. Slow (it
    /// loads every document); for tests, simulations and support, not for the app's paths.
    pub fn check_index(&mut self) -> Result<Vec<IndexMismatch>> {
        let ids: Vec<(String, String)> = {
            let mut st = self
                .conn
                .prepare("SELECT id, kind FROM documents ORDER BY id")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut out = Vec::new();
        for (id, kind) in ids {
            let kind = Kind::parse(&kind)?;
            let Some((_, doc)) = docs::load(&self.conn, &id, &self.identity.actor)? else {
                continue;
            };
            let document = docs::validate(kind, &doc)?.json().to_string();
            let indexed = index::json_of(&self.conn, kind, &id)?;
            if indexed.as_deref() != Some(document.as_str()) {
                out.push(IndexMismatch {
                    id,
                    kind,
                    indexed,
                    document,
                });
            }
        }
        Ok(out)
    }
}

//! Remaking the full-text table in place when only its layout changed (a new tokenizer or
//! column): it is filled from the kinds' index rows, which hold every record as JSON, so no
//! document is loaded and the kinds' tables stay as they are.

use rusqlite::Connection;

use super::index;
use crate::error::Result;
use crate::records::{Kind, KindVisitor, Record};

/// Drop the full-text table, create it with `create_sql` and write the search text of every
/// record of the kinds the old table held text of. Runs in the caller's transaction.
pub(super) fn rebuild_search(conn: &Connection, create_sql: &str) -> Result<usize> {
    let kinds: Vec<String> = {
        let mut st = conn.prepare("SELECT DISTINCT kind FROM search")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    conn.execute_batch("DROP TABLE search")?;
    conn.execute_batch(create_sql)?;
    let mut written = 0;
    for k in kinds {
        written += Kind::parse(&k)?.visit(Fill(conn))?;
    }
    tracing::info!(written, "full-text table rebuilt from the index rows");
    Ok(written)
}

/// Writes the search text of every indexed record of one kind.
struct Fill<'a>(&'a Connection);

impl KindVisitor for Fill<'_> {
    type Output = Result<usize>;

    fn visit<R: Record>(self) -> Result<usize> {
        let mut st = self.0.prepare(&format!(
            "SELECT d.rowid, i.id, i.json FROM {} i JOIN documents d ON d.id = i.id",
            R::KIND.table()
        ))?;
        let mut rows = st.query([])?;
        let mut written = 0;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            let id: String = row.get(1)?;
            let json: String = row.get(2)?;
            let record: R = serde_json::from_str(&json)?;
            if let Some(text) = record.search_text() {
                index::write_search(self.0, rowid, R::KIND, &id, &text)?;
                written += 1;
            }
        }
        Ok(written)
    }
}

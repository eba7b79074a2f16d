//! The device store's schema as code: one `VERSION`, the SQL in one place, one upgrade step
//! per version. The query index tables are derived data, made from the kinds' declarations:
//! whenever the file's differ from them, they are dropped and rebuilt from the documents.

use rusqlite::Transaction;

use crate::error::{Error, Result};
use crate::records::{Kind, KindVisitor, Record};

/// The schema version this build writes.
pub const VERSION: i64 = 2;

/// Tables that hold the source of truth: documents, their chunks, blobs.
const DOCUMENTS_V1: &str = "
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    snapshot BLOB NOT NULL,
    chunks INTEGER NOT NULL DEFAULT 0,
    chunk_bytes INTEGER NOT NULL DEFAULT 0,
    heads BLOB NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX documents_kind ON documents(kind);
CREATE TABLE doc_chunks (
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL,
    uploaded INTEGER NOT NULL DEFAULT 0
);
";

/// Version 2: sync bookkeeping, conflicts kept for the user, refused edits.
const SYNC_V2: &str = "
ALTER TABLE documents ADD COLUMN server_heads BLOB;
ALTER TABLE documents ADD COLUMN dirty INTEGER NOT NULL DEFAULT 1;
CREATE INDEX documents_dirty ON documents(dirty) WHERE dirty = 1;
CREATE TABLE conflicts (
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    winner TEXT NOT NULL,
    losers TEXT NOT NULL,
    detected_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, path)
) WITHOUT ROWID;
CREATE TABLE rejections (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    refused BLOB NOT NULL,
    at INTEGER NOT NULL
);
";

/// The full-text table over the searchable kinds' text; `rowid` is the document's row id.
/// `body` is the text as the tokenizer needs it (each character of an unspaced script such as
/// Thai or Chinese spaced out, see `fts.rs`), `text` the text as written, for showing a hit.
/// Combining marks are word characters (`M*`): a Thai tone mark or vowel sign does not split
/// a word.
const SEARCH: &str = "CREATE VIRTUAL TABLE search USING fts5(
    body, text UNINDEXED, kind UNINDEXED, doc_id UNINDEXED,
    tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\", prefix = '2 3'
)";

/// The full-text table of the builds before search looked inside Thai and Chinese names,
/// kept so tests can open a store of that layout.
#[doc(hidden)]
pub fn frozen_v2_search() -> &'static str {
    "CREATE VIRTUAL TABLE search USING fts5(
    body, kind UNINDEXED, doc_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
)"
}

/// The query index: one table per kind with typed columns plus the record as JSON, each made
/// from its kind's declaration (`Record::COLUMNS`, `Record::INDEXES`), and the full-text
/// table. Derived data: rebuilt from the documents whenever it differs from this.
pub fn index_sql() -> Vec<String> {
    struct TableSql;
    impl KindVisitor for TableSql {
        type Output = Vec<String>;
        fn visit<R: Record>(self) -> Vec<String> {
            crate::records::index_table_sql::<R>()
        }
    }
    let mut out: Vec<String> = Kind::ALL.iter().flat_map(|k| k.visit(TableSql)).collect();
    out.push(SEARCH.to_string());
    out
}

fn create_index(tx: &Transaction<'_>) -> Result<()> {
    for sql in index_sql() {
        tx.execute_batch(&sql)?;
    }
    Ok(())
}

/// Create a fresh store at the current version.
pub fn create(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(DOCUMENTS_V1)?;
    tx.execute_batch(SYNC_V2)?;
    create_index(tx)?;
    tx.pragma_update(None, "user_version", VERSION)?;
    Ok(())
}

/// What an upgrade needs done after the SQL steps ran.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Upgraded {
    /// The index tables were rebuilt empty and must be filled from the documents.
    pub reindex: bool,
}

/// Upgrade a store from `from` to `VERSION`, one step per version.
pub fn upgrade(tx: &Transaction<'_>, from: i64) -> Result<Upgraded> {
    if from > VERSION {
        return Err(Error::SchemaTooNew {
            found: from,
            known: VERSION,
        });
    }
    let mut out = Upgraded::default();
    for v in from..VERSION {
        match v {
            1 => {
                tx.execute_batch(SYNC_V2)?;
                // every document of a v1 store was written before sync existed: all dirty
                tx.execute_batch("UPDATE documents SET dirty = 1")?;
            }
            other => {
                return Err(Error::invalid(format!(
                    "no upgrade step from schema {other}"
                )));
            }
        }
    }
    out.reindex |= rebuild_index_if_changed(tx)?;
    tx.pragma_update(None, "user_version", VERSION)?;
    Ok(out)
}

/// One SQL statement with its whitespace folded, for comparing what SQLite kept with what the
/// declarations make.
fn folded(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the index tables in the file are exactly the ones the declarations make.
pub fn index_is_current(conn: &rusqlite::Connection) -> Result<bool> {
    let mut have: Vec<String> = stored_index_sql(conn)?.iter().map(|s| folded(s)).collect();
    let mut want: Vec<String> = index_sql().iter().map(|s| folded(s)).collect();
    have.sort();
    want.sort();
    Ok(have == want)
}

/// Whether the kinds' tables are current and only the full-text table differs.
fn only_search_differs(conn: &rusqlite::Connection) -> Result<bool> {
    let mut have: Vec<String> = stored_index_sql(conn)?.iter().map(|s| folded(s)).collect();
    let mut want: Vec<String> = index_sql().iter().map(|s| folded(s)).collect();
    let search = folded(SEARCH);
    let had_search = have
        .iter()
        .any(|s| s.starts_with("CREATE VIRTUAL TABLE search "));
    have.retain(|s| !s.starts_with("CREATE VIRTUAL TABLE search "));
    want.retain(|s| *s != search);
    have.sort();
    want.sort();
    Ok(had_search && have == want)
}

/// Compare the index tables with the declarations; if they differ (a kind, a column or an SQL
/// index was added or changed), drop them and recreate them empty, to be filled from the
/// documents. Returns whether it did. When only the full-text table changed, it is remade
/// and filled here from the kinds' index rows, and no document needs reading.
pub fn rebuild_index_if_changed(tx: &Transaction<'_>) -> Result<bool> {
    if index_is_current(tx)? {
        return Ok(false);
    }
    if only_search_differs(tx)? {
        super::search_rebuild::rebuild_search(tx, SEARCH)?;
        return Ok(false);
    }
    for (ty, name) in index_objects(tx)? {
        if ty == "table" && !name.starts_with("search_") {
            tx.execute_batch(&format!("DROP TABLE IF EXISTS \"{name}\""))?;
        }
    }
    create_index(tx)?;
    Ok(true)
}

fn index_objects(conn: &rusqlite::Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare(
        "SELECT type, name FROM sqlite_master WHERE (name LIKE 'idx_%' OR name = 'search') ORDER BY name",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn stored_index_sql(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT sql FROM sqlite_master WHERE (name LIKE 'idx_%' OR name = 'search') AND sql IS NOT NULL ORDER BY name",
    )?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The normalized schema of a database, for comparing an upgraded store with a fresh one.
pub fn describe(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = st.query_map([], |r| {
        let sql: Option<String> = r.get(3)?;
        Ok(format!(
            "{} {} {} {}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            sql.unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The v1 schema exactly as it was, kept so tests can upgrade a v1 store.
#[doc(hidden)]
pub fn frozen_v1() -> &'static str {
    "
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    snapshot BLOB NOT NULL,
    chunks INTEGER NOT NULL DEFAULT 0,
    chunk_bytes INTEGER NOT NULL DEFAULT 0,
    heads BLOB NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX documents_kind ON documents(kind);
CREATE TABLE doc_chunks (
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL,
    uploaded INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE idx_account (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    name TEXT, city TEXT, territory_id TEXT);
CREATE TABLE idx_order (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    number TEXT, account_id TEXT, status TEXT, total_minor INTEGER);
CREATE VIRTUAL TABLE search USING fts5(body, kind UNINDEXED, doc_id UNINDEXED);
PRAGMA user_version = 1;
"
}

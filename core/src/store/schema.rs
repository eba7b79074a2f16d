//! The device store's schema as code: one `VERSION`, the SQL in one place, one upgrade step
//! per version. The query index tables are derived data: a step that changes them may drop and
//! rebuild them from the documents.

use rusqlite::Transaction;

use crate::error::{Error, Result};

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

/// The query index: one table per kind with typed columns, plus the record as JSON.
/// `rid` is the row id shared with the full-text table.
pub const INDEX: &str = "
CREATE TABLE idx_territory (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    name TEXT, parent_id TEXT);
CREATE TABLE idx_user (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    name TEXT, role TEXT, active INTEGER);
CREATE INDEX idx_user_name ON idx_user(name);
CREATE TABLE idx_account (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    name TEXT, city TEXT, postal_code TEXT, territory_id TEXT, segment TEXT,
    lat REAL, lon REAL, visit_frequency_days INTEGER, created_by TEXT, created_at INTEGER);
CREATE INDEX idx_account_name ON idx_account(name COLLATE NOCASE);
CREATE INDEX idx_account_city ON idx_account(city, name COLLATE NOCASE);
CREATE INDEX idx_account_territory ON idx_account(territory_id, name COLLATE NOCASE);
CREATE INDEX idx_account_postal ON idx_account(postal_code);
CREATE INDEX idx_account_created ON idx_account(created_at);
CREATE TABLE idx_contact (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    account_id TEXT, name TEXT);
CREATE INDEX idx_contact_account ON idx_contact(account_id);
CREATE TABLE idx_product (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    sku TEXT, name TEXT, active INTEGER);
CREATE INDEX idx_product_sku ON idx_product(sku);
CREATE INDEX idx_product_name ON idx_product(name COLLATE NOCASE);
CREATE TABLE idx_price_list (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    name TEXT, currency TEXT, valid_from TEXT, valid_to TEXT);
CREATE TABLE idx_stock (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    product_id TEXT, warehouse TEXT, on_hand_milli INTEGER);
CREATE INDEX idx_stock_product ON idx_stock(product_id);
CREATE TABLE idx_visit (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    account_id TEXT, owner_id TEXT, status TEXT, planned_start INTEGER, completed_at INTEGER);
CREATE INDEX idx_visit_start ON idx_visit(planned_start);
CREATE INDEX idx_visit_done ON idx_visit(completed_at, status, owner_id, account_id);
CREATE INDEX idx_visit_account ON idx_visit(account_id, planned_start);
CREATE TABLE idx_order (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    number TEXT, account_id TEXT, owner_id TEXT, status TEXT, currency TEXT,
    total_minor INTEGER, subtotal_minor INTEGER, order_date TEXT, created_at INTEGER,
    submitted_at INTEGER, from_quote_id TEXT);
CREATE INDEX idx_order_created ON idx_order(created_at);
CREATE INDEX idx_order_account ON idx_order(account_id, created_at);
CREATE INDEX idx_order_status ON idx_order(status, created_at);
CREATE INDEX idx_order_date ON idx_order(order_date, status, currency, owner_id, account_id, subtotal_minor);
CREATE INDEX idx_order_account_date ON idx_order(account_id, order_date);
CREATE TABLE idx_quote (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    number TEXT, account_id TEXT, owner_id TEXT, status TEXT, total_minor INTEGER,
    valid_until TEXT, created_at INTEGER);
CREATE INDEX idx_quote_account ON idx_quote(account_id, created_at);
CREATE TABLE idx_quota (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    user_id TEXT, territory_id TEXT, period TEXT, metric TEXT);
CREATE INDEX idx_quota_period ON idx_quota(period);
CREATE TABLE idx_task (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    account_id TEXT, owner_id TEXT, status TEXT, due TEXT);
CREATE INDEX idx_task_due ON idx_task(status, due);
CREATE TABLE idx_schedule (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    owner_id TEXT, date TEXT);
CREATE INDEX idx_schedule_day ON idx_schedule(owner_id, date);
CREATE VIRTUAL TABLE search USING fts5(
    body, kind UNINDEXED, doc_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
";

/// Create a fresh store at the current version.
pub fn create(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(DOCUMENTS_V1)?;
    tx.execute_batch(SYNC_V2)?;
    tx.execute_batch(INDEX)?;
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
    if from < VERSION {
        out.reindex |= rebuild_index_if_changed(tx)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    Ok(out)
}

/// Compare the index tables with `INDEX`; if they differ, drop and recreate them empty.
fn rebuild_index_if_changed(tx: &Transaction<'_>) -> Result<bool> {
    let current = index_sql(tx)?;
    let mem = rusqlite::Connection::open_in_memory()?;
    mem.execute_batch(INDEX)?;
    let wanted = index_sql(&mem)?;
    if current == wanted {
        return Ok(false);
    }
    for (ty, name) in index_objects(tx)? {
        if ty == "table" && !name.starts_with("search_") {
            tx.execute_batch(&format!("DROP TABLE IF EXISTS \"{name}\""))?;
        }
    }
    tx.execute_batch(INDEX)?;
    Ok(true)
}

fn index_objects(conn: &rusqlite::Connection) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare(
        "SELECT type, name FROM sqlite_master WHERE (name LIKE 'idx_%' OR name = 'search') ORDER BY name",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn index_sql(conn: &rusqlite::Connection) -> Result<Vec<String>> {
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

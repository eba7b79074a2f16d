//! The query index: one table per kind with typed columns and the record as JSON, plus FTS5
//! over the searchable kinds. Written in the same transaction as the document; lists,
//! searches and reports read only these tables, never documents.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::fts::{fts_query, indexed_text};
use crate::error::{Error, Result};
use crate::records::{Kind, Record};

/// A filter on one typed index column.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Eq(String, SqlValue),
    /// `min <= col < max`; either bound may be open.
    Range {
        column: String,
        min: Option<SqlValue>,
        max: Option<SqlValue>,
    },
    IsNull(String),
    In(String, Vec<SqlValue>),
}

impl Filter {
    pub fn eq(column: &str, v: impl Into<SqlValue>) -> Self {
        Filter::Eq(column.into(), v.into())
    }
}

/// A page of a list: filters, sort, paging, and an optional full-text query.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub filters: Vec<Filter>,
    /// Column to sort by and whether descending. Text columns sort case-insensitively.
    pub order_by: Option<(String, bool)>,
    pub limit: u32,
    pub offset: u32,
    /// Words the record's searchable text must contain (prefixes match).
    pub search: Option<String>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            filters: vec![],
            order_by: None,
            limit: 50,
            offset: 0,
            search: None,
        }
    }
}

impl ListQuery {
    pub fn filter(mut self, f: Filter) -> Self {
        self.filters.push(f);
        self
    }
    pub fn order(mut self, column: &str, desc: bool) -> Self {
        self.order_by = Some((column.into(), desc));
        self
    }
    pub fn limit(mut self, n: u32) -> Self {
        self.limit = n;
        self
    }
    pub fn offset(mut self, n: u32) -> Self {
        self.offset = n;
        self
    }
    pub fn search(mut self, q: impl Into<String>) -> Self {
        self.search = Some(q.into());
        self
    }
}

/// Column names come from code, but check them anyway: they are spliced into SQL.
fn column(name: &str) -> Result<&str> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        Ok(name)
    } else {
        Err(Error::invalid(format!("`{name}` is not an index column")))
    }
}

/// A record's index row, computed once from the record.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    kind: Kind,
    id: String,
    json: String,
    values: Vec<(&'static str, SqlValue)>,
    search: Option<String>,
}

impl Entry {
    pub(crate) fn of<R: Record>(record: &R) -> Result<Entry> {
        Ok(Entry::with_json(record, serde_json::to_string(record)?))
    }

    /// The entry of a record whose JSON is already at hand.
    pub(crate) fn with_json<R: Record>(record: &R, json: String) -> Entry {
        Entry {
            kind: R::KIND,
            id: record.id().to_string(),
            json,
            values: R::COLUMNS
                .iter()
                .map(|c| (c.name, (c.value)(record)))
                .collect(),
            search: record.search_text(),
        }
    }

    pub(crate) fn json(&self) -> &str {
        &self.json
    }
}

/// The index row's JSON of one document.
pub(crate) fn json_of(conn: &Connection, kind: Kind, id: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(&format!("SELECT json FROM {} WHERE id = ?1", kind.table()))?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Write a record's index row (and its search text) for the document at `rowid`.
pub fn upsert<R: Record>(conn: &Connection, rowid: i64, record: &R) -> Result<()> {
    write_entry(conn, rowid, Entry::of(record)?)
}

pub(crate) fn write_entry(conn: &Connection, rowid: i64, e: Entry) -> Result<()> {
    let table = e.kind.table();
    let cols: Vec<&str> = e.values.iter().map(|(c, _)| *c).collect();
    let placeholders: Vec<String> = (0..cols.len()).map(|i| format!("?{}", i + 3)).collect();
    let sql = format!(
        "INSERT OR REPLACE INTO {table} (id, json, {}) VALUES (?1, ?2, {})",
        cols.join(", "),
        placeholders.join(", ")
    );
    let mut params: Vec<SqlValue> = Vec::with_capacity(e.values.len() + 2);
    params.push(SqlValue::Text(e.id.clone()));
    params.push(SqlValue::Text(e.json));
    params.extend(e.values.into_iter().map(|(_, v)| v));
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(params))?;
    if let Some(text) = e.search {
        write_search(conn, rowid, e.kind, &e.id, &text)?;
    }
    Ok(())
}

/// Write a document's search text: the text for the tokenizer and the text as written.
pub(crate) fn write_search(
    conn: &Connection,
    rowid: i64,
    kind: Kind,
    id: &str,
    text: &str,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([rowid])?;
    conn.prepare_cached(
        "INSERT INTO search (rowid, body, text, kind, doc_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![
        rowid,
        indexed_text(text),
        text,
        kind.as_str(),
        id
    ])?;
    Ok(())
}

/// Remove a document's index row and search text.
pub fn remove(conn: &Connection, kind: Kind, id: &str, rowid: i64) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", kind.table()))?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([rowid])?;
    Ok(())
}

/// One record from the index (no document is loaded).
pub fn get<R: Record>(conn: &Connection, id: &str) -> Result<Option<R>> {
    let json: Option<String> = conn
        .prepare_cached(&format!(
            "SELECT json FROM {} WHERE id = ?1",
            R::KIND.table()
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    json.map(|j| serde_json::from_str(&j).map_err(Error::from))
        .transpose()
}

/// A page of records of one kind.
pub fn list<R: Record>(conn: &Connection, q: &ListQuery) -> Result<Vec<R>> {
    let table = R::KIND.table();
    let mut params: Vec<SqlValue> = Vec::new();
    let mut wheres: Vec<String> = Vec::new();
    let fts = q.search.as_deref().and_then(fts_query);
    // a sorted page of a search sorts the matches' ids only and then reads the page's rows:
    // a one-letter Thai query matches most names, and sorting every match with its JSON
    // cost 200 ms on 20k accounts
    let ids_first = fts.is_some() && q.order_by.is_some();
    let what = if ids_first { "i.id" } else { "i.json" };
    let mut sql = match &fts {
        Some(m) => {
            params.push(SqlValue::Text(m.clone()));
            params.push(SqlValue::Text(R::KIND.as_str().into()));
            wheres.push(format!(
                "search MATCH ?{} AND s.kind = ?{}",
                params.len() - 1,
                params.len()
            ));
            format!("SELECT {what} FROM search s JOIN {table} i ON i.id = s.doc_id")
        }
        None => format!("SELECT {what} FROM {table} i"),
    };
    for f in &q.filters {
        match f {
            Filter::Eq(c, v) => {
                params.push(v.clone());
                wheres.push(format!("i.{} = ?{}", column(c)?, params.len()));
            }
            Filter::IsNull(c) => wheres.push(format!("i.{} IS NULL", column(c)?)),
            Filter::Range {
                column: c,
                min,
                max,
            } => {
                let c = column(c)?;
                if let Some(min) = min {
                    params.push(min.clone());
                    wheres.push(format!("i.{c} >= ?{}", params.len()));
                }
                if let Some(max) = max {
                    params.push(max.clone());
                    wheres.push(format!("i.{c} < ?{}", params.len()));
                }
            }
            Filter::In(c, vs) => {
                let c = column(c)?;
                let mut ph = Vec::new();
                for v in vs {
                    params.push(v.clone());
                    ph.push(format!("?{}", params.len()));
                }
                if ph.is_empty() {
                    wheres.push("0".into());
                } else {
                    wheres.push(format!("i.{c} IN ({})", ph.join(", ")));
                }
            }
        }
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    match (&q.order_by, &fts) {
        (Some((c, desc)), _) => {
            let c = column(c)?;
            // ties break by id in the same direction: ids are time-ordered, so "newest first"
            // stays newest first among records of the same millisecond
            let dir = if *desc { "DESC" } else { "ASC" };
            sql.push_str(&format!(
                " ORDER BY i.{c}{} {dir}, i.id {dir}",
                if is_text_sort(c) {
                    " COLLATE NOCASE"
                } else {
                    ""
                },
            ));
        }
        // no bm25 ranking: scoring every match of a short prefix costs tens of ms on 20k
        // accounts; the first matches in document order come back in well under one
        (None, Some(_)) => sql.push_str(" ORDER BY s.rowid"),
        (None, None) => sql.push_str(" ORDER BY i.id"),
    }
    params.push(SqlValue::Integer(q.limit as i64));
    params.push(SqlValue::Integer(q.offset as i64));
    sql.push_str(&format!(
        " LIMIT ?{} OFFSET ?{}",
        params.len() - 1,
        params.len()
    ));
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st
        .query_map(params_from_iter(params), |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let mut out = Vec::with_capacity(rows.len());
    if ids_first {
        let mut by_id = conn.prepare_cached(&format!("SELECT json FROM {table} WHERE id = ?1"))?;
        for id in rows {
            let json: String = by_id.query_row([&id], |r| r.get(0))?;
            out.push(serde_json::from_str(&json)?);
        }
    } else {
        for json in rows {
            out.push(serde_json::from_str(&json)?);
        }
    }
    Ok(out)
}

fn is_text_sort(c: &str) -> bool {
    matches!(c, "name" | "city" | "sku")
}

/// A hit of a search across kinds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    pub kind: Kind,
    pub id: String,
    pub text: String,
}

/// Full-text search over accounts, contacts and products (or some of them).
pub fn search(
    conn: &Connection,
    input: &str,
    kinds: &[Kind],
    limit: u32,
) -> Result<Vec<SearchHit>> {
    let Some(m) = fts_query(input) else {
        return Ok(vec![]);
    };
    let mut params: Vec<SqlValue> = vec![SqlValue::Text(m), SqlValue::Integer(limit as i64)];
    let mut sql = "SELECT kind, doc_id, text FROM search WHERE search MATCH ?1".to_string();
    if !kinds.is_empty() {
        let ph: Vec<String> = (0..kinds.len()).map(|i| format!("?{}", i + 3)).collect();
        sql.push_str(&format!(" AND kind IN ({})", ph.join(", ")));
        params.extend(kinds.iter().map(|k| SqlValue::Text(k.as_str().to_string())));
    }
    sql.push_str(" LIMIT ?2");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params_from_iter(params), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (k, id, text) = row?;
        out.push(SearchHit {
            kind: Kind::parse(&k)?,
            id,
            text,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_checked() {
        assert!(column("name").is_ok());
        assert!(column("name; DROP TABLE x").is_err());
        assert!(column("").is_err());
    }
}

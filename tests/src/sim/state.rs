//! The whole state a seed's world ends in, table by table: every device's documents (their
//! bytes), index rows, search text, conflicts, refused edits and settings, and every table of
//! the server. Two runs of one seed must give the same, row for row.

use std::collections::BTreeMap;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::World;

/// `"<who>/<table>"` to the table's rows, each rendered as text, sorted.
pub type State = BTreeMap<String, Vec<String>>;

fn cell(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("x'{}'", hex(b)),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every table of a database, with its rows. The full-text index's own storage tables are
/// left out: the `search` table itself is compared.
fn tables(conn: &Connection, who: &str, out: &mut State) {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE 'search_%' ORDER BY name",
        )
        .and_then(|mut st| {
            st.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .unwrap_or_else(|e| panic!("{who}: tables: {e}"));
    for name in names {
        let sql = if name == "search" {
            "SELECT rowid, body, kind, doc_id FROM search".to_string()
        } else {
            format!("SELECT * FROM \"{name}\"")
        };
        let mut st = conn
            .prepare(&sql)
            .unwrap_or_else(|e| panic!("{who}/{name}: {e}"));
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(cell))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|cells| cells.join(" | "))
            })
            .and_then(|rows| rows.collect())
            .unwrap_or_else(|e| panic!("{who}/{name}: {e}"));
        rows.sort();
        out.insert(format!("{who}/{name}"), rows);
    }
}

/// The whole state of a world that has run (after `simulate`).
pub fn state(w: &mut World) -> State {
    let mut out = State::new();
    for i in 0..w.devices.len() {
        let user = w.devices[i].user.clone();
        tables(w.store(i).conn(), &user, &mut out);
    }
    let server = Connection::open_with_flags(
        w.server.data.join("server.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap_or_else(|e| panic!("server db: {e}"));
    tables(&server, "server", &mut out);
    out
}

/// Where two states first differ, for a failing test's message; None when they are equal.
pub fn first_difference(a: &State, b: &State) -> Option<String> {
    for (key, rows) in a {
        let Some(other) = b.get(key) else {
            return Some(format!("{key} only in the first run"));
        };
        if rows.len() != other.len() {
            return Some(format!(
                "{key}: {} rows in the first run, {} in the second",
                rows.len(),
                other.len()
            ));
        }
        if let Some((x, y)) = rows.iter().zip(other).find(|(x, y)| x != y) {
            let cut = |s: &str| s.chars().take(400).collect::<String>();
            return Some(format!(
                "{key}:\n  first:  {}\n  second: {}",
                cut(x),
                cut(y)
            ));
        }
    }
    b.keys()
        .find(|k| !a.contains_key(*k))
        .map(|k| format!("{k} only in the second run"))
}

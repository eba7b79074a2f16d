//! Records in the store: create (with the rules), read from the document or the index,
//! update (the rules check before against after), list and search the index, and the LRU of
//! open documents.

use automerge::AutoCommit;
use rusqlite::{Connection, OptionalExtension};

use super::index::{ListQuery, SearchHit};
use super::{Store, docs, index, read_meta, write_meta};
use crate::error::{Error, Result};
use crate::records::{Kind, Record};
use crate::rules;

impl Store {
    fn number_prefix(&self) -> String {
        self.identity
            .device_id
            .chars()
            .take(4)
            .collect::<String>()
            .to_uppercase()
    }

    /// Create a record that carries the next number of a sequence, in one transaction (one
    /// fsync): a number is never used up by a record that was not stored.
    pub fn create_numbered<R: Record>(
        &mut self,
        prefix: &str,
        build: impl FnOnce(String) -> R,
    ) -> Result<R> {
        let ctx = self.rule_context();
        let author = self.author();
        let device = self.number_prefix();
        let tx = self.conn.transaction()?;
        let mut record = build(take_number(&tx, prefix, &device)?);
        record.normalize();
        rules::check(&ctx, None, &record)?;
        let mut doc = crate::doc::create(&record, &author)?;
        docs::insert(&tx, &mut doc, &record, author.at.millis())?;
        tx.commit()?;
        self.docs.put(record.id().to_string(), doc);
        Ok(record)
    }

    // ---- records ------------------------------------------------------------------------

    /// Store a new record in its own document. Rules are checked first; on any error nothing
    /// is written.
    pub fn create<R: Record>(&mut self, mut record: R) -> Result<R> {
        record.normalize();
        rules::check(&self.rule_context(), None, &record)?;
        let mut doc = crate::doc::create(&record, &self.author())?;
        self.insert_new_doc(&mut doc, &record)?;
        self.docs.put(record.id().to_string(), doc);
        Ok(record)
    }

    /// Store many new records in one transaction (generated data). Rules apply to each.
    #[cfg(any(test, feature = "generate"))]
    pub fn create_many<R: Record>(&mut self, records: Vec<R>) -> Result<usize> {
        let ctx = self.rule_context();
        let author = self.author();
        let tx = self.conn.transaction()?;
        let n = records.len();
        for mut r in records {
            r.normalize();
            rules::check(&ctx, None, &r)?;
            let mut doc = crate::doc::create(&r, &author)?;
            docs::insert(&tx, &mut doc, &r, author.at.millis())?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Store many new records in one transaction without the lifecycle rules: generated data
    /// that is born in its final state (submitted orders, completed visits). Records are still
    /// checked to read back as their kind.
    #[cfg(any(test, feature = "generate"))]
    pub fn create_many_unchecked<R: Record>(&mut self, records: Vec<R>) -> Result<usize> {
        let author = self.author();
        let tx = self.conn.transaction()?;
        let n = records.len();
        for mut r in records {
            r.normalize();
            let mut doc = crate::doc::create(&r, &author)?;
            docs::insert(&tx, &mut doc, &r, author.at.millis())?;
        }
        tx.commit()?;
        Ok(n)
    }

    fn insert_new_doc<R: Record>(&mut self, doc: &mut AutoCommit, record: &R) -> Result<()> {
        let now_ms = self.env.now().millis();
        let tx = self.conn.transaction()?;
        docs::insert(&tx, doc, record, now_ms)?;
        tx.commit()?;
        Ok(())
    }

    /// Read a record from its document.
    pub fn get<R: Record>(&mut self, id: &str) -> Result<R> {
        let doc = self.open_doc(id, R::KIND)?;
        crate::doc::read(doc)
    }

    /// Read a record from the query index, without opening its document.
    pub fn find<R: Record>(&self, id: &str) -> Result<Option<R>> {
        index::get(&self.conn, id)
    }

    /// Like `find`, with a not-found error.
    pub fn lookup<R: Record>(&self, id: &str) -> Result<R> {
        self.find(id)?
            .ok_or_else(|| Error::not_found(R::KIND.as_str(), id))
    }

    /// Change a record: `f` edits a copy, the rules check before against after, and the
    /// difference is written to the document and the index in one transaction.
    pub fn update<R: Record>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut R) -> Result<()>,
    ) -> Result<R> {
        let ctx = self.rule_context();
        let author = self.author();
        // take the document out of the cache; it goes back only if everything succeeds
        self.open_doc(id, R::KIND)?;
        let mut doc = self
            .docs
            .pop(id)
            .ok_or_else(|| Error::not_found(R::KIND.as_str(), id))?;
        let before: R = match crate::doc::read(&doc) {
            Ok(r) => r,
            Err(e) => {
                self.docs.put(id.to_string(), doc);
                return Err(e);
            }
        };
        let mut after = before.clone();
        let checked = f(&mut after).and_then(|()| {
            after.normalize();
            rules::check(&ctx, Some(&before), &after).map_err(Error::from)
        });
        if let Err(e) = checked {
            self.docs.put(id.to_string(), doc);
            return Err(e);
        }
        let old_heads = doc.get_heads();
        crate::doc::write(&mut doc, &after)?;
        if doc.commit_with(author.commit_options()).is_none() {
            self.docs.put(id.to_string(), doc);
            return Ok(after);
        }
        let tx = self.conn.transaction()?;
        docs::append_change(&tx, &mut doc, &old_heads, author.at.millis())?;
        index::upsert(&tx, docs::rowid(&tx, id)?, &after)?;
        tx.commit()?;
        self.docs.put(id.to_string(), doc);
        Ok(after)
    }

    /// A page of records from the index.
    pub fn list<R: Record>(&self, q: &ListQuery) -> Result<Vec<R>> {
        index::list(&self.conn, q)
    }

    /// The kind of a stored document, if the store has it.
    pub fn kind_of(&self, id: &str) -> Result<Option<Kind>> {
        let kind: Option<String> = self
            .conn
            .prepare_cached("SELECT kind FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        kind.map(|k| Kind::parse(&k)).transpose()
    }

    /// Count the records of a kind.
    pub fn count(&self, kind: Kind) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {}", kind.table()))?
            .query_row([], |r| r.get(0))?)
    }

    /// Full-text search across kinds.
    pub fn search(&self, q: &str, kinds: &[Kind], limit: u32) -> Result<Vec<SearchHit>> {
        index::search(&self.conn, q, kinds, limit)
    }

    /// Drop every open document (after a restart the LRU is empty too).
    pub fn close_documents(&mut self) {
        self.docs.clear();
    }

    /// How many documents are open in memory.
    pub fn open_documents(&self) -> usize {
        self.docs.len()
    }

    /// Ensure `id` is open in the LRU and is of `kind`.
    pub(super) fn open_doc(&mut self, id: &str, kind: Kind) -> Result<&mut AutoCommit> {
        if !self.docs.contains(id) {
            let (found_kind, doc) = docs::load(&self.conn, id, &self.identity.actor)?
                .ok_or_else(|| Error::not_found(kind.as_str(), id))?;
            if found_kind != kind {
                return Err(Error::WrongKind {
                    id: id.into(),
                    expected: kind.as_str(),
                    found: found_kind.to_string(),
                });
            }
            self.docs.put(id.to_string(), doc);
        }
        let doc = self
            .docs
            .get_mut(id)
            .ok_or_else(|| Error::not_found(kind.as_str(), id))?;
        let found = crate::doc::kind_of(doc)?;
        if found != kind {
            return Err(Error::WrongKind {
                id: id.into(),
                expected: kind.as_str(),
                found: found.to_string(),
            });
        }
        Ok(doc)
    }
}

fn take_number(conn: &Connection, prefix: &str, device: &str) -> Result<String> {
    let key = format!("seq:{prefix}");
    let n: i64 = read_meta(conn, &key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        + 1;
    write_meta(conn, &key, &n.to_string())?;
    Ok(format!("{prefix}{device}-{n:05}"))
}

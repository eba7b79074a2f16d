//! Records in their Automerge documents: create, read back, write, and the conflicts a merge
//! left behind. Nothing here touches storage.

use automerge::{
    ActorId, AutoCommit, AutomergeError, LoadOptions, ObjId, ObjType, OnPartialLoad, ReadDoc,
    ScalarValue, Value, ValueRef, transaction::CommitOptions,
};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::records::{Kind, Record};

/// Who is writing: the device's actor and the user name written into each change's message,
/// so a conflict can say who set the losing value.
#[derive(Debug, Clone)]
pub struct Author {
    pub actor: ActorId,
    pub name: String,
    /// When the change is made (its commit time, from the writer's clock).
    pub at: crate::time::Ts,
}

impl Author {
    pub fn commit_options(&self) -> CommitOptions {
        CommitOptions::default()
            .with_message(self.name.clone())
            .with_time(self.at.millis().div_euclid(1000))
    }
}

/// Create the document of a new record. Every container of the record (lists, maps, text) is
/// created here, once, so no replica ever has to "create if missing" and lose a merge.
pub fn create<R: Record>(record: &R, author: &Author) -> Result<AutoCommit> {
    let mut doc = AutoCommit::new().with_actor(author.actor.clone());
    autosurgeon::reconcile(&mut doc, record)?;
    doc.commit_with(author.commit_options());
    Ok(doc)
}

/// The kind stored at the root of a document.
pub fn kind_of(doc: &impl ReadDoc) -> Result<Kind> {
    match doc.get(automerge::ROOT, "kind")? {
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Str(k) => Kind::parse(k),
            _ => Err(Error::invalid("document `kind` is not a string")),
        },
        _ => Err(Error::invalid("document has no `kind`")),
    }
}

/// The record id stored at the root of a document.
pub fn id_of(doc: &impl ReadDoc) -> Result<String> {
    match doc.get(automerge::ROOT, "id")? {
        Some((Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Str(id) if !id.is_empty() && id.len() <= 64 => Ok(id.to_string()),
            _ => Err(Error::invalid("document `id` is not a valid id")),
        },
        _ => Err(Error::invalid("document has no `id`")),
    }
}

/// Read a record back from its document, with derived fields recomputed.
pub fn read<R: Record>(doc: &AutoCommit) -> Result<R> {
    let kind = kind_of(doc)?;
    if kind != R::KIND {
        return Err(Error::WrongKind {
            id: id_of(doc).unwrap_or_default(),
            expected: R::KIND.as_str(),
            found: kind.to_string(),
        });
    }
    let mut r: R = autosurgeon::hydrate(doc)?;
    r.normalize();
    Ok(r)
}

/// Write a record's fields into its document (without committing). Keys the record type does
/// not know, written by newer versions, are left in place.
pub fn write<R: Record>(doc: &mut AutoCommit, record: &R) -> Result<()> {
    autosurgeon::reconcile(doc, record)?;
    Ok(())
}

/// One value of a field that two devices set concurrently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    pub value: serde_json::Value,
    /// The user name on the change that wrote it, when known.
    pub by: Option<String>,
}

/// A field with concurrent values: the deterministic winner every replica shows, and the
/// values that lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// `phone`, `billing.city`, `lines[<line_id>].qty_milli`...
    pub path: String,
    pub winner: ConflictValue,
    pub losers: Vec<ConflictValue>,
}

/// Every field of a record's document that currently holds concurrent values, ignoring
/// concurrent writes of the same value and fields the record derives from others.
pub fn conflicts<R: Record>(doc: &mut AutoCommit) -> Result<Vec<FieldConflict>> {
    conflicts_of(R::KIND, doc)
}

/// [`conflicts`] of a document whose kind is known at run time.
pub fn conflicts_of(kind: Kind, doc: &mut AutoCommit) -> Result<Vec<FieldConflict>> {
    let mut found = Vec::new();
    let mut raw = Vec::new();
    walk(doc, automerge::ROOT, String::new(), &mut raw)?;
    for (path, values) in raw {
        if kind.is_derived(&path) {
            continue;
        }
        let mut vals = Vec::with_capacity(values.len());
        for (json, id) in values {
            let by = doc
                .hash_for_opid(&id)
                .and_then(|h| doc.get_change_meta_by_hash(&h))
                .and_then(|m| m.message.map(|s| s.to_string()));
            vals.push(ConflictValue { value: json, by });
        }
        let mut iter = vals.into_iter();
        if let Some(winner) = iter.next() {
            found.push(FieldConflict {
                path,
                winner,
                losers: iter.collect(),
            });
        }
    }
    Ok(found)
}

/// Whether any property a person would have to settle holds differing concurrent values
/// (what `conflicts` would list). A document one actor wrote has none: that needs no walk.
pub fn has_conflicts(doc: &AutoCommit, kind: Kind) -> Result<bool> {
    if doc.stats().num_actors <= 1 {
        return Ok(false);
    }
    let mut raw = Vec::new();
    walk(doc, automerge::ROOT, String::new(), &mut raw)?;
    Ok(raw.iter().any(|(path, _)| !kind.is_derived(path)))
}

/// A list element: its index, whether it holds concurrent values, the object it holds.
type ListItem = (usize, bool, Option<(ObjType, ObjId)>);

type RawConflict = (String, Vec<(serde_json::Value, automerge::ObjId)>);

/// Walk every object once with its range iterator (one pass per object, not a lookup per
/// key), looking up all values only where automerge flags a conflict.
fn walk(doc: &AutoCommit, obj: ObjId, path: String, out: &mut Vec<RawConflict>) -> Result<()> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match doc.object_type(&obj)? {
        ObjType::Map | ObjType::Table => {
            let items: Vec<(String, bool, Option<ObjId>)> = doc
                .map_range(&obj, ..)
                .map(|it| {
                    let child = matches!(it.value, ValueRef::Object(_)).then(|| it.id());
                    (it.key.into_owned(), it.conflict, child)
                })
                .collect();
            for (key, conflict, child) in items {
                let sub = join(&key);
                if conflict {
                    record_conflict(doc, &obj, automerge::Prop::Map(key), &sub, out)?;
                }
                if let Some(child) = child {
                    walk(doc, child, sub, out)?;
                }
            }
        }
        ObjType::List => {
            let items: Vec<ListItem> = doc
                .list_range(&obj, ..)
                .map(|it| {
                    let child = match it.value {
                        ValueRef::Object(t) => Some((t, it.id())),
                        ValueRef::Scalar(_) => None,
                    };
                    (it.index, it.conflict, child)
                })
                .collect();
            for (i, conflict, child) in items {
                let label = match &child {
                    Some((ObjType::Map, c)) => list_key(doc, c).unwrap_or_else(|| i.to_string()),
                    _ => i.to_string(),
                };
                let sub = format!("{path}[{label}]");
                if conflict {
                    record_conflict(doc, &obj, automerge::Prop::Seq(i), &sub, out)?;
                }
                if let Some((_, child)) = child {
                    walk(doc, child, sub, out)?;
                }
            }
        }
        ObjType::Text => {}
    }
    Ok(())
}

fn list_key(doc: &AutoCommit, map: &ObjId) -> Option<String> {
    for k in ["line_id", "product_id", "id"] {
        if let Ok(Some((Value::Scalar(s), _))) = doc.get(map, k)
            && let ScalarValue::Str(v) = s.as_ref()
        {
            return Some(v.to_string());
        }
    }
    None
}

/// All concurrent values of one property, when they differ.
fn record_conflict(
    doc: &AutoCommit,
    obj: &ObjId,
    prop: automerge::Prop,
    path: &str,
    out: &mut Vec<RawConflict>,
) -> Result<()> {
    let all = doc.get_all(obj, prop)?;
    if all.len() > 1 {
        let mut vals = Vec::with_capacity(all.len());
        for (v, id) in &all {
            vals.push((to_json(doc, v, id)?, id.clone()));
        }
        let first = &vals[0].0;
        if vals.iter().any(|(v, _)| v != first) {
            // get_all lists values in op order; the winner is the last one
            vals.reverse();
            out.push((path.to_string(), vals));
        }
    }
    Ok(())
}

/// The first bytes of every chunk of automerge's binary format.
const CHUNK_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
/// Chunk type of a bundle (a set of changes in columns). Fieldsales never writes one.
const BUNDLE_CHUNK: u8 = 3;

/// Refuse bytes holding a bundle chunk. Fuzzing found a 485-byte bundle whose run-length
/// column makes automerge allocate 2 GiB, which kills a phone's app or the server; fieldsales
/// only writes documents and changes, so a bundle from elsewhere is refused before automerge
/// reads it. Walks the chunk headers (magic, checksum, type, LEB128 length) only; anything
/// that does not parse as headers is left to automerge to refuse.
fn refuse_bundles(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut rest = bytes;
    while rest.len() > 9 && rest[..4] == CHUNK_MAGIC {
        if rest[8] == BUNDLE_CHUNK {
            return Err("bundle chunks are not accepted".into());
        }
        let (mut len, mut at, mut shift) = (0u64, 9usize, 0u32);
        loop {
            let Some(&b) = rest.get(at) else {
                return Ok(());
            };
            if shift > 63 {
                return Ok(());
            }
            len |= u64::from(b & 0x7f) << shift;
            at += 1;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        let Some(end) = usize::try_from(len).ok().and_then(|l| at.checked_add(l)) else {
            return Ok(());
        };
        let Some(next) = rest.get(end..) else {
            return Ok(());
        };
        rest = next;
    }
    Ok(())
}

/// Load a whole document from bytes that came from elsewhere (another device, the server,
/// a file). Automerge can panic on some malformed input (found by fuzzing `import`); that is a
/// typed error here, never a crash of the app.
pub fn load_foreign(bytes: &[u8]) -> std::result::Result<AutoCommit, String> {
    refuse_bundles(bytes)?;
    match std::panic::catch_unwind(|| AutoCommit::load(bytes)) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("malformed document bytes".into()),
    }
}

/// Apply changes that came from elsewhere to `doc`, as [`load_foreign`]. After an error `doc`
/// may hold part of them: callers apply to a copy they drop on error.
pub fn apply_foreign(doc: &mut AutoCommit, bytes: &[u8]) -> std::result::Result<(), String> {
    refuse_bundles(bytes)?;
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.load_incremental(bytes)));
    match outcome {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("malformed changes".into()),
    }
}

/// [`apply_foreign`] for bytes that must decode whole. Automerge's incremental load keeps the
/// chunks it could read and drops the rest without an error, so garbage, or good changes with
/// garbage after them, would pass for a replay of changes already held; the server refuses
/// them instead. Costs a second parse of the bytes.
pub fn apply_foreign_whole(doc: &mut AutoCommit, bytes: &[u8]) -> std::result::Result<(), String> {
    refuse_bundles(bytes)?;
    let strict = || {
        AutoCommit::load_with_options(
            bytes,
            LoadOptions::new().on_partial_load(OnPartialLoad::Error),
        )
    };
    match std::panic::catch_unwind(strict) {
        // changes to an existing document build on history that is not in the bytes: a strict
        // load of them alone stops there, after every chunk decoded
        Ok(Ok(_)) | Ok(Err(AutomergeError::MissingDeps)) => {}
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("malformed changes".into()),
    }
    apply_foreign(doc, bytes)
}

/// A document value as JSON, objects included.
pub fn to_json(doc: &AutoCommit, v: &Value<'_>, id: &ObjId) -> Result<serde_json::Value> {
    Ok(match v {
        Value::Scalar(s) => scalar_json(s),
        Value::Object(ObjType::Text) => serde_json::Value::String(doc.text(id)?),
        Value::Object(ObjType::List) => {
            let mut items = Vec::new();
            for i in 0..doc.length(id) {
                if let Some((v, cid)) = doc.get(id, i)? {
                    items.push(to_json(doc, &v, &cid)?);
                }
            }
            serde_json::Value::Array(items)
        }
        Value::Object(_) => {
            let mut m = serde_json::Map::new();
            for k in doc.keys(id).collect::<Vec<_>>() {
                if let Some((v, cid)) = doc.get(id, k.as_str())? {
                    m.insert(k, to_json(doc, &v, &cid)?);
                }
            }
            serde_json::Value::Object(m)
        }
    })
}

fn scalar_json(s: &ScalarValue) -> serde_json::Value {
    use serde_json::Value as J;
    match s {
        ScalarValue::Str(v) => J::String(v.to_string()),
        ScalarValue::Int(i) => J::from(*i),
        ScalarValue::Uint(u) => J::from(*u),
        ScalarValue::F64(f) => J::from(*f),
        ScalarValue::Boolean(b) => J::Bool(*b),
        ScalarValue::Null => J::Null,
        ScalarValue::Timestamp(t) => J::String(crate::time::Ts::from_millis(*t).to_string()),
        ScalarValue::Counter(c) => J::from(i64::from(c)),
        ScalarValue::Bytes(b) => J::String(hex::encode(b)),
        other => J::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use crate::records::{Account, Order};

    fn author(name: &str) -> Author {
        Author {
            actor: ActorId::random(),
            name: name.into(),
            at: Env::system().now(),
        }
    }

    #[test]
    fn bundles_from_elsewhere_are_refused_and_documents_and_changes_are_not() {
        use automerge::transaction::Transactable;
        let mut doc = AutoCommit::new();
        doc.put(automerge::ROOT, "name", "Nordhof KG").unwrap();
        let saved = doc.save();
        let mut copy = load_foreign(&saved).unwrap();
        doc.put(automerge::ROOT, "phone", "+49 30 1").unwrap();
        let change = doc.save_after(&copy.get_heads());
        apply_foreign(&mut copy, &change).unwrap();
        // a document followed by changes is several chunks; all pass
        let mut both = saved.clone();
        both.extend_from_slice(&change);
        load_foreign(&both).unwrap();

        let heads = doc.get_heads();
        let bundle = doc.bundle(heads).unwrap();
        let refused = "bundle chunks are not accepted";
        assert_eq!(load_foreign(bundle.bytes()).unwrap_err(), refused);
        // also behind a valid document, and as changes
        let mut behind = saved.clone();
        behind.extend_from_slice(bundle.bytes());
        assert_eq!(load_foreign(&behind).unwrap_err(), refused);
        let before = copy.get_heads();
        assert_eq!(
            apply_foreign(&mut copy, bundle.bytes()).unwrap_err(),
            refused
        );
        assert_eq!(copy.get_heads(), before);
    }

    #[test]
    fn whole_changes_apply_and_a_garbage_tail_is_refused() {
        use automerge::transaction::Transactable;
        let mut doc = AutoCommit::new();
        doc.put(automerge::ROOT, "name", "Nordhof KG").unwrap();
        let saved = doc.save();
        let mut copy = load_foreign(&saved).unwrap();
        doc.put(automerge::ROOT, "phone", "+49 30 1").unwrap();
        let change = doc.save_after(&copy.get_heads());
        let mut fresh = AutoCommit::new();
        apply_foreign_whole(&mut fresh, &saved).unwrap();
        assert_eq!(fresh.get_heads(), copy.get_heads(), "a whole document");
        let before = copy.get_heads();
        for bad in [vec![1, 2, 3], [change.clone(), vec![0x85, 0x6f]].concat()] {
            // the lenient load takes what it can and says nothing
            let mut lenient = copy.clone();
            apply_foreign(&mut lenient, &bad).unwrap();
            assert!(apply_foreign_whole(&mut copy, &bad).is_err(), "{bad:?}");
            assert_eq!(copy.get_heads(), before, "nothing applied");
        }
        apply_foreign_whole(&mut copy, &change).unwrap();
        assert_eq!(
            copy.get_heads(),
            doc.get_heads(),
            "changes on known history"
        );
        // the same changes again are a replay, not an error
        apply_foreign_whole(&mut copy, &change).unwrap();
        assert_eq!(copy.get_heads(), doc.get_heads());
    }

    #[test]
    fn concurrent_field_edits_keep_a_winner_and_list_the_loser() {
        let anna = author("anna");
        let ben = author("ben");
        let acc = Account::new(&Env::system(), "Acme");
        let mut a = create(&acc, &anna).unwrap();
        let mut b = AutoCommit::load(&a.save())
            .unwrap()
            .with_actor(ben.actor.clone());
        let mut ra: Account = read(&a).unwrap();
        ra.phone = "+49 1".into();
        write(&mut a, &ra).unwrap();
        a.commit_with(anna.commit_options());
        let mut rb: Account = read(&b).unwrap();
        rb.phone = "+49 2".into();
        write(&mut b, &rb).unwrap();
        b.commit_with(ben.commit_options());
        a.merge(&mut b).unwrap();
        b.merge(&mut a).unwrap();
        let wa: Account = read(&a).unwrap();
        let wb: Account = read(&b).unwrap();
        assert_eq!(wa.phone, wb.phone, "same winner on both replicas");
        let ca = conflicts::<Account>(&mut a).unwrap();
        assert_eq!(ca, conflicts::<Account>(&mut b).unwrap());
        assert_eq!(ca.len(), 1);
        assert_eq!(ca[0].path, "phone");
        assert_eq!(ca[0].winner.value, serde_json::json!(wa.phone));
        let loser = &ca[0].losers[0];
        assert_ne!(loser.value, ca[0].winner.value);
        let names: Vec<_> = [ca[0].winner.by.clone(), loser.by.clone()]
            .into_iter()
            .flatten()
            .collect();
        assert!(names.contains(&"anna".to_string()) && names.contains(&"ben".to_string()));
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let me = author("me");
        let mut doc = create(&Account::new(&Env::system(), "Acme"), &me).unwrap();
        // a newer app version wrote a field this one does not know
        automerge::transaction::Transactable::put(
            &mut doc,
            automerge::ROOT,
            "loyalty_tier",
            "gold",
        )
        .unwrap();
        doc.commit();
        let mut acc: Account = read(&doc).unwrap();
        acc.name = "Acme AG".into();
        write(&mut doc, &acc).unwrap();
        doc.commit();
        let v = doc.get(automerge::ROOT, "loyalty_tier").unwrap().unwrap().0;
        assert_eq!(v.as_str(), Some("gold"));
        assert_eq!(read::<Account>(&doc).unwrap().name, "Acme AG");
    }

    #[test]
    fn reading_the_wrong_kind_is_a_typed_error() {
        let doc = create(&Account::new(&Env::system(), "Acme"), &author("me")).unwrap();
        assert!(matches!(read::<Order>(&doc), Err(Error::WrongKind { .. })));
    }
}

//! Step 4: what storing a placed change takes: the `Commit` (the document in its scope, the
//! new changes for the feed, a move's old scope and the children that move with an account),
//! and whether it can wait for the group commit.

use automerge::AutoCommit;
use fieldsales_core::any::{AnyRecord, Home};
use fieldsales_core::records::Kind;

use fieldsales_core::sync::protocol::{MAX_DOC_BYTES, RejectReason};

use super::{Change, Placed, Step, encode_heads};
use crate::error::{Error, Result};
use crate::store::{Commit, ServerDoc, ServerStore};

/// A change ready to store.
#[derive(Debug)]
pub struct Staged {
    pub commit: Commit,
    pub landing: Landing,
}

impl Staged {
    /// The document's heads once stored, the device's acknowledgement.
    pub fn heads(&self) -> &[u8] {
        &self.commit.doc.heads
    }
}

/// When a staged change is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// In the open batch of the group commit, with whatever else joins it.
    Batch,
    /// At once, after everything accepted before it: an account decides its children's
    /// scopes, which the next push (perhaps in this very request) reads from the store; users
    /// and territories feed the tables auth and scopes read, updated right after.
    Now(Option<AuthTable>),
}

/// A row of the tables auth and scopes read, which follows a user or territory document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthTable {
    UserTerritories {
        user_id: String,
        territory_ids: Vec<String>,
    },
    Territory {
        id: String,
        name: String,
        parent_id: Option<String>,
    },
}

/// The record as JSON for devices to index without loading the document, unless the
/// document holds concurrent values (the device must find those itself).
pub fn index_hint(doc: &AutoCommit, record: &AnyRecord) -> Result<Option<String>> {
    if fieldsales_core::doc::has_conflicts(doc, record.kind())? {
        return Ok(None);
    }
    Ok(Some(
        serde_json::to_string(record).map_err(|e| Error::Internal(e.to_string()))?,
    ))
}

/// Build what storing `placed` takes. Reads the store for an account that moves: its
/// children move with it, in the same transaction. A document that the change would grow
/// past `MAX_DOC_BYTES` is refused: each push is bounded, and so is what they add up to.
pub fn stage(store: &dyn ServerStore, device_id: &str, placed: Placed) -> Step<Staged> {
    let Placed { change, scope } = placed;
    let Change {
        authorized,
        mut doc,
        record,
        old_heads,
        ..
    } = *change;
    let snapshot = doc.save();
    if snapshot.len() > MAX_DOC_BYTES {
        return Err(authorized
            .reject(
                RejectReason::TooLarge,
                format!(
                    "this record would be over {} MiB",
                    MAX_DOC_BYTES / (1024 * 1024)
                ),
            )
            .into());
    }
    let moved_from = authorized
        .existing
        .filter(|d| d.scope != scope)
        .map(|d| d.scope);
    // a record that heads a territory's scope (an account) takes the records hanging off it
    // along when it moves
    let rescoped = match (&moved_from, record.home()) {
        (Some(_), Home::Territory(_)) => store
            .children_of(record.id())?
            .into_iter()
            .map(|c| (c.id, scope.clone()))
            .collect(),
        _ => vec![],
    };
    let account_id = match record.home() {
        Home::Account(a) => Some(a),
        _ => None,
    };
    // the server's own tables of users and territories follow their documents
    let auth_table = match &record {
        AnyRecord::User(u) => Some(AuthTable::UserTerritories {
            user_id: u.id.clone(),
            territory_ids: u.territory_ids.clone(),
        }),
        AnyRecord::Territory(t) => Some(AuthTable::Territory {
            id: t.id.clone(),
            name: t.name.clone(),
            parent_id: t.parent_id.clone(),
        }),
        _ => None,
    };
    let landing = if stored_at_once(record.kind()) {
        Landing::Now(auth_table)
    } else {
        Landing::Batch
    };
    let commit = Commit {
        doc: ServerDoc {
            id: record.id().to_string(),
            kind: record.kind(),
            scope,
            account_id,
            heads: encode_heads(&doc.get_heads()),
            record: index_hint(&doc, &record)?,
            snapshot,
        },
        changes: doc.save_after(&old_heads),
        origin: device_id.to_string(),
        rescoped,
        old_scope: moved_from,
    };
    Ok(Staged { commit, landing })
}

/// Kinds stored at once rather than in the next group commit: those that decide access
/// (territories, users, accounts), and those the server prices lines with (products, price
/// lists), so the documents after them in a push are checked against them.
pub fn stored_at_once(kind: Kind) -> bool {
    kind.decides_access() || matches!(kind, Kind::Product | Kind::PriceList)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use fieldsales_core::records::{Account, Contact, Role, User};

    use super::*;
    use crate::push::Stop;
    use crate::push::fixture::{self, Fixture};
    use crate::scope;
    use fieldsales_core::Env;

    #[test]
    fn a_moved_account_takes_its_children_along_and_is_stored_at_once() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let jo = Contact::new(&Env::system(), &north.id, "Jo");
        f.put(&jo, &scope::territory(fixture::NORTH), Some(&north.id));
        let push = f.edit_push(&north.id, |a: &mut Account| {
            a.territory_id = Some(fixture::SOUTH.into());
        });
        let placed = f.placed(&f.manager(), &push);
        let staged = stage(&f.store, "dev-1", placed).unwrap();
        let south = scope::territory(fixture::SOUTH);
        assert_eq!(staged.landing, Landing::Now(None));
        assert_eq!(staged.commit.doc.scope, south);
        assert_eq!(
            staged.commit.old_scope,
            Some(scope::territory(fixture::NORTH))
        );
        assert_eq!(staged.commit.rescoped, vec![(jo.id.clone(), south)]);
        assert_eq!(staged.commit.origin, "dev-1");
        let mut doc = AutoCommit::load(&staged.commit.doc.snapshot).unwrap();
        assert_eq!(staged.heads(), encode_heads(&doc.get_heads()));
        assert!(!staged.commit.changes.is_empty());
        // an edit that stays put moves nothing
        let push = f.edit_push(&north.id, |a: &mut Account| a.phone = "+49 30 1".into());
        let staged = stage(&f.store, "dev-1", f.placed(&f.manager(), &push)).unwrap();
        assert_eq!(
            (staged.commit.old_scope, staged.commit.rescoped),
            (None, vec![])
        );
    }

    /// `n` characters that do not compress (xorshift over letters and digits).
    fn noise(n: usize, seed: u64) -> String {
        let mut x = seed * 2 + 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[(x % 36) as usize])
            })
            .collect()
    }

    #[test]
    fn pushes_within_the_limit_do_not_grow_a_document_past_its_cap() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let mut stored = 0;
        for n in 0..12u64 {
            // each push is under the 1 MiB a push may carry; the old values stay in history
            let push = f.edit_push(&north.id, |a: &mut Account| a.phone = noise(900_000, n + 1));
            assert!(push.changes.len() <= fieldsales_core::sync::protocol::MAX_DOC_PUSH_BYTES);
            let placed = match f.check(&f.manager(), &push) {
                Ok(Some(p)) => p,
                Ok(None) => panic!("#{n}: a replay"),
                Err(r) => panic!("#{n}: refused: {:?} {}", r.reason, r.detail),
            };
            match stage(&f.store, "dev-1", placed) {
                Ok(staged) => {
                    assert!(staged.commit.doc.snapshot.len() <= MAX_DOC_BYTES);
                    f.store.commit_many(&[staged.commit]).unwrap();
                    stored += 1;
                }
                Err(Stop::Rejected(r)) => {
                    assert_eq!(r.reason, RejectReason::TooLarge);
                    let kept = f.store.load_doc(&north.id).unwrap().unwrap();
                    assert_eq!(r.current(), Some(kept.snapshot.as_slice()));
                    assert!(kept.snapshot.len() <= MAX_DOC_BYTES);
                    assert!(stored >= 2, "{stored} pushes stored before the cap");
                    return;
                }
                Err(Stop::Failed(e)) => panic!("{e}"),
            }
        }
        panic!("12 pushes of 900 kB were all stored");
    }

    #[test]
    fn records_join_the_batch_and_people_update_the_auth_tables() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let push = f.create_push(&Contact::new(&Env::system(), &north.id, "Jo"));
        let staged = stage(&f.store, "dev-1", f.placed(&f.rep_north(), &push)).unwrap();
        assert_eq!(staged.landing, Landing::Batch);
        assert_eq!(
            staged.commit.doc.account_id.as_deref(),
            Some(north.id.as_str())
        );
        assert!(staged.commit.doc.record.is_some(), "an index hint");
        let mut cy = User::new(&Env::system(), "cy", Role::Rep);
        cy.territory_ids = vec![fixture::SOUTH.into()];
        let staged = stage(&f.store, "dev-1", f.placed(&f.admin(), &f.create_push(&cy))).unwrap();
        assert_eq!(
            staged.landing,
            Landing::Now(Some(AuthTable::UserTerritories {
                user_id: cy.id.clone(),
                territory_ids: vec![fixture::SOUTH.into()],
            }))
        );
    }
}

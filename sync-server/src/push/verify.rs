//! Step 2: do the changes make a valid record? Applied to a copy of the server's document
//! (nothing is stored here), read back as the pushed kind, checked by the same rule code the
//! device runs, and a customer's signature checked against the signing device's key.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use fieldsales_core::any::AnyRecord;
use fieldsales_core::quotes::{self, Verification};
use fieldsales_core::records::Quote;
use fieldsales_core::rules::RuleContext;
use fieldsales_core::sync::protocol::{MAX_DOC_PUSH_BYTES, PushDoc, RejectReason};

use super::prices::{Lookup, list_prices};
use super::{Authorized, Change, Step, Verified, encode_heads};
use crate::error::Result;
use crate::scope::Access;
use crate::store::ServerStore;

/// Verify an authorized push: a `Replay` when the server holds every change already, else
/// the merged document and its record, which the rules allow. Documents are read from the
/// store alone; see [`verify_with`].
pub fn verify(
    store: &dyn ServerStore,
    access: &Access,
    authorized: Authorized,
    push: &PushDoc,
) -> Step<Verified> {
    verify_with(store, &|id| store.load_doc(id), access, authorized, push)
}

/// [`verify`], reading the documents a change refers to (products, customers, the quote an
/// order was made from) through `lookup`: the service's sees what is staged as well.
pub fn verify_with(
    store: &dyn ServerStore,
    lookup: Lookup<'_>,
    access: &Access,
    authorized: Authorized,
    push: &PushDoc,
) -> Step<Verified> {
    let mut change = decode(authorized, push)?;
    if change.doc.get_heads() == change.old_heads {
        // a replayed push: nothing new, nothing to check or store
        return Ok(Verified::Replay {
            heads: encode_heads(&change.old_heads),
        });
    }
    let prices = list_prices(store, lookup, &change)?;
    check_rules(store, access, &change, prices)?;
    if let AnyRecord::Quote(q) = &change.record {
        check_signature(store, &change.authorized, q)?;
    }
    Ok(Verified::Changed(Box::new(change)))
}

/// Apply the changes to a copy of the server's document and read the record back as the
/// pushed kind and id.
fn decode(authorized: Authorized, push: &PushDoc) -> Step<Change> {
    let bad = |detail: &str| authorized.reject(RejectReason::BadDocument, detail);
    if push.changes.len() > MAX_DOC_PUSH_BYTES {
        return Err(authorized
            .reject(
                RejectReason::TooLarge,
                "the changes to this record are too large",
            )
            .into());
    }
    // a device never pushes a document without changes (it marks it clean instead); empty
    // bytes would otherwise pass for a replay
    if push.changes.is_empty() {
        return Err(bad("no changes were sent").into());
    }
    let (mut doc, before) = match authorized.existing() {
        Some(d) => {
            let doc = AutoCommit::load(&d.snapshot).map_err(fieldsales_core::Error::from)?;
            let before = AnyRecord::read(&doc)?;
            (doc, Some(before))
        }
        None => (AutoCommit::new(), None),
    };
    let old_heads = doc.get_heads();
    if fieldsales_core::doc::apply_foreign_whole(&mut doc, &push.changes).is_err() {
        return Err(bad("the changes could not be read").into());
    }
    if !doc.get_missing_deps(&[]).is_empty() {
        return Err(bad("the changes depend on history the server does not have").into());
    }
    let record = match AnyRecord::read(&doc) {
        Ok(r) => r,
        Err(e) => return Err(bad(&format!("not a valid {}: {e}", push.kind)).into()),
    };
    let stored_kind_differs = authorized.existing().is_some_and(|d| d.kind != push.kind);
    if record.kind() != push.kind || record.id() != push.id || stored_kind_differs {
        return Err(bad("the document's kind or id does not match").into());
    }
    Ok(Change {
        authorized,
        doc,
        before,
        record,
        old_heads,
    })
}

/// The rules, as the sender: their role, their hierarchy, and for orders and quotes their
/// discount limit and the server's prices of the lines.
fn check_rules(
    store: &dyn ServerStore,
    access: &Access,
    change: &Change,
    prices: Option<BTreeMap<String, i64>>,
) -> Step<()> {
    let mut ctx = RuleContext::as_actor(&access.user.id, access.user.role)
        .with_managed_territories(access.territories.iter().cloned());
    if let AnyRecord::Quote(_) | AnyRecord::Order(_) = &change.record
        && let Some(limit) = discount_limit(store, &access.user.id)?
    {
        ctx = ctx.with_discount_limit(limit);
    }
    if let Some(prices) = prices {
        ctx = ctx.with_list_prices(prices);
    }
    match change.record.check(&ctx, change.before.as_ref()) {
        Ok(()) => Ok(()),
        Err(v) => Err(change.authorized.reject(v.code(), v.to_string()).into()),
    }
}

/// The most discount a user may give without approval, from their user record.
fn discount_limit(store: &dyn ServerStore, user_id: &str) -> Result<Option<i64>> {
    let Some(d) = store.load_doc(user_id)? else {
        return Ok(None);
    };
    let doc = AutoCommit::load(&d.snapshot).map_err(fieldsales_core::Error::from)?;
    Ok(match AnyRecord::read(&doc)? {
        AnyRecord::User(u) => Some(u.max_discount_bp),
        _ => None,
    })
}

/// A customer's signature must be the registered key's of the device that signed, over
/// exactly this content: a forgery re-sealed with another key fails here.
fn check_signature(store: &dyn ServerStore, authorized: &Authorized, q: &Quote) -> Step<()> {
    let Some(sig) = &q.signature else {
        return Ok(());
    };
    let verdict = match store.device_key(&sig.device_id)? {
        Some(key) => quotes::verify_with_key(q, &key),
        None => Verification::BadSignature,
    };
    if verdict == Verification::Valid {
        return Ok(());
    }
    Err(authorized
        .reject(
            RejectReason::InvalidSignature,
            format!("the customer's signature does not verify on the server: {verdict:?}"),
        )
        .into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use fieldsales_core::records::{Account, Contact, Kind};

    use super::*;
    use crate::push::fixture::{self, Fixture};
    use crate::push::{Rejection, Stop, authorize};
    use fieldsales_core::Env;

    fn verified(f: &Fixture, access: &Access, push: &PushDoc) -> Step<Verified> {
        let existing = f.store.load_doc(&push.id).unwrap();
        verify(&f.store, access, authorize(access, existing).unwrap(), push)
    }

    fn rejection(s: Step<Verified>) -> Rejection {
        match s {
            Err(Stop::Rejected(r)) => r,
            Err(Stop::Failed(e)) => panic!("{e}"),
            Ok(_) => panic!("verified"),
        }
    }

    #[test]
    fn changes_that_do_not_decode_whole_are_refused_never_accepted() {
        let f = Fixture::new();
        let rep = f.rep_north();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let snapshot = f.store.load_doc(&north.id).unwrap().unwrap().snapshot;
        let good = f.edit_push(&north.id, |a: &mut Account| a.phone = "+49 30 1".into());
        let with_tail = [good.changes.clone(), vec![0x85, 0x6f, 0x4a]].concat();
        for changes in [vec![], vec![1, 2, 3], with_tail] {
            let push = PushDoc {
                changes: changes.clone(),
                ..good.clone()
            };
            let r = rejection(verified(&f, &rep, &push));
            assert_eq!(r.reason, RejectReason::BadDocument, "{changes:?}");
            assert_eq!(r.current(), Some(snapshot.as_slice()), "they may read it");
        }
        // the same for a new id, where there is nothing to show
        let push = PushDoc {
            id: "new".into(),
            kind: Kind::Account,
            changes: vec![1, 2, 3],
        };
        let r = rejection(verified(&f, &rep, &push));
        assert_eq!(
            (r.reason.clone(), r.current()),
            (RejectReason::BadDocument, None)
        );
        assert!(matches!(
            verified(&f, &rep, &good).unwrap(),
            Verified::Changed(_)
        ));
    }

    #[test]
    fn too_large_and_missing_history_are_refused() {
        let f = Fixture::new();
        let rep = f.rep_north();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let push = PushDoc {
            id: north.id.clone(),
            kind: Kind::Account,
            changes: vec![0; MAX_DOC_PUSH_BYTES + 1],
        };
        assert_eq!(
            rejection(verified(&f, &rep, &push)).reason,
            RejectReason::TooLarge
        );
        // the second of two edits, without the first it builds on
        let stored = f.store.load_doc(&north.id).unwrap().unwrap();
        let mut doc = AutoCommit::load(&stored.snapshot).unwrap();
        let mut a: Account = fieldsales_core::doc::read(&doc).unwrap();
        a.phone = "1".into();
        fieldsales_core::doc::write(&mut doc, &a).unwrap();
        doc.commit();
        let first = doc.get_heads();
        let mut a: Account = fieldsales_core::doc::read(&doc).unwrap();
        a.phone = "2".into();
        fieldsales_core::doc::write(&mut doc, &a).unwrap();
        doc.commit();
        let push = PushDoc {
            changes: doc.save_after(&first),
            ..push
        };
        let r = rejection(verified(&f, &rep, &push));
        assert_eq!(r.reason, RejectReason::BadDocument);
        assert!(r.detail.contains("history"), "{}", r.detail);
    }

    #[test]
    fn the_record_must_be_the_pushed_kind_and_id() {
        let f = Fixture::new();
        let rep = f.rep_north();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let contact = f.create_push(&Contact::new(&Env::system(), &north.id, "Jo"));
        for push in [
            PushDoc {
                kind: Kind::Account,
                ..contact.clone()
            },
            PushDoc {
                id: "another-id".into(),
                ..contact.clone()
            },
        ] {
            let r = rejection(verified(&f, &rep, &push));
            assert_eq!(r.reason, RejectReason::BadDocument, "{}", r.detail);
        }
        // a stored account's id pushed with a contact's document
        let push = PushDoc {
            id: north.id.clone(),
            ..contact
        };
        assert_eq!(
            rejection(verified(&f, &rep, &push)).reason,
            RejectReason::BadDocument
        );
    }

    #[test]
    fn the_rules_run_as_the_sender() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let moved = f.edit_push(&north.id, |a: &mut Account| {
            a.territory_id = Some(fixture::SOUTH.into());
        });
        let r = rejection(verified(&f, &f.rep_north(), &moved));
        assert_eq!(
            r.reason,
            RejectReason::Forbidden,
            "a rep does not move accounts"
        );
        assert!(matches!(
            verified(&f, &f.manager(), &moved).unwrap(),
            Verified::Changed(_)
        ));
        let nameless = f.edit_push(&north.id, |a: &mut Account| a.name = " ".into());
        let r = rejection(verified(&f, &f.manager(), &nameless));
        assert_eq!(r.reason, RejectReason::InvalidRecord);
    }

    #[test]
    fn changes_the_server_holds_are_a_replay() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let stored = f.store.load_doc(&north.id).unwrap().unwrap();
        let push = PushDoc {
            id: north.id.clone(),
            kind: Kind::Account,
            changes: stored.snapshot.clone(),
        };
        match verified(&f, &f.rep_north(), &push).unwrap() {
            Verified::Replay { heads } => assert_eq!(heads, stored.heads),
            Verified::Changed(_) => panic!("nothing new"),
        }
    }
}

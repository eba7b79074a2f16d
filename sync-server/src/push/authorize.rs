//! Step 1 and step 3: may the sender touch this document, and the scope its record lives in?

use fieldsales_core::records::Role;
use fieldsales_core::sync::protocol::RejectReason;

use super::{Authorized, Change, Placed, Rejection, Step};
use crate::scope::{self, Access};
use crate::store::{ServerDoc, ServerStore};

const OUTSIDE: &str = "this record is outside your territories";

/// Whether the sender may push to this id, decided from the server's copy alone (`existing`,
/// staged or stored; `None` for a new id) before the changes are looked at: for a document
/// they may not read, the answer is the same whatever they send (empty, garbage, too large,
/// a valid edit), and carries neither its snapshot nor anything the changes revealed.
pub fn authorize(access: &Access, existing: Option<ServerDoc>) -> Result<Authorized, Rejection> {
    if let Some(d) = &existing {
        if !access.readable.contains(&d.scope) {
            return Err(Rejection::blind(RejectReason::OutOfScope, OUTSIDE));
        }
        if !access.can_write(&d.scope) {
            // readable, so the device may see the server's state and reset to it
            return Err(Authorized { existing }.reject(RejectReason::OutOfScope, OUTSIDE));
        }
    }
    Ok(Authorized { existing })
}

/// Whether the sender may write the scope the verified record lives in: for a record hanging
/// off an account, the account's scope as stored here.
pub fn authorize_home(
    store: &dyn ServerStore,
    access: &Access,
    change: Box<Change>,
) -> Step<Placed> {
    let Some(scope) = scope::scope_of(store, &change.record.home())? else {
        return Err(change
            .authorized
            .reject(
                RejectReason::OutOfScope,
                "the customer of this record is not known here",
            )
            .into());
    };
    if scope == scope::UNASSIGNED && access.user.role != Role::Admin {
        return Err(change
            .authorized
            .reject(RejectReason::InvalidRecord, "an account needs a territory")
            .into());
    }
    if !access.can_write(&scope) {
        return Err(change
            .authorized
            .reject(RejectReason::OutOfScope, OUTSIDE)
            .into());
    }
    Ok(Placed { change, scope })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use fieldsales_core::records::{Account, Contact, Product, Task, Territory};

    use super::*;
    use crate::push::fixture::{self, Fixture};
    use fieldsales_core::Env;

    #[test]
    fn a_document_the_sender_may_not_read_is_refused_blind() {
        let f = Fixture::new();
        let south = f.account_in("Südwerk AG", fixture::SOUTH);
        let stored = f.store.load_doc(&south.id).unwrap();
        // nothing about the push is an argument: not its size, its kind or its bytes
        let r = authorize(&f.rep_north(), stored).unwrap_err();
        assert_eq!(r.reason, RejectReason::OutOfScope);
        assert_eq!(
            r.current(),
            None,
            "no snapshot of a document they may not read"
        );
        assert_eq!(
            r.detail, OUTSIDE,
            "the same words as any other record elsewhere"
        );
    }

    #[test]
    fn a_document_the_sender_may_read_hands_on_with_the_server_state() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let stored = f.store.load_doc(&north.id).unwrap().unwrap();
        let a = authorize(&f.rep_north(), Some(stored.clone())).unwrap();
        assert_eq!(a.existing(), Some(&stored));
        let r = a.reject(RejectReason::Forbidden, "no");
        assert_eq!(r.current(), Some(stored.snapshot.as_slice()));
        // an admin reads everything, even accounts without territory
        let unassigned = f.account_in("Nowhere", None);
        let stored = f.store.load_doc(&unassigned.id).unwrap();
        assert!(authorize(&f.admin(), stored.clone()).is_ok());
        assert!(authorize(&f.rep_north(), stored).is_err());
        // a new id: nothing to read, nothing to show
        let a = authorize(&f.rep_north(), None).unwrap();
        assert!(a.reject(RejectReason::BadDocument, "x").current().is_none());
    }

    #[test]
    fn a_record_lands_only_in_a_scope_the_sender_may_write() {
        let f = Fixture::new();
        let rep = f.rep_north();
        let mut mine = Account::new(&Env::system(), "Nordhof KG");
        mine.territory_id = Some(fixture::NORTH.into());
        let placed = f.placed(&rep, &f.create_push(&mine));
        assert_eq!(placed.scope, scope::territory(fixture::NORTH));
        let mut elsewhere = Account::new(&Env::system(), "Südwerk AG");
        elsewhere.territory_id = Some(fixture::SOUTH.into());
        let r = f.refused(&rep, &f.create_push(&elsewhere));
        assert_eq!(
            (r.reason.clone(), r.current()),
            (RejectReason::OutOfScope, None)
        );
        let nowhere = Account::new(&Env::system(), "Nowhere");
        let r = f.refused(&rep, &f.create_push(&nowhere));
        assert_eq!(r.reason, RejectReason::InvalidRecord);
        let placed = f.placed(&f.admin(), &f.create_push(&nowhere));
        assert_eq!(placed.scope, scope::UNASSIGNED);
        // a record hanging off an account follows the account's scope as stored here
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        let south = f.account_in("Südhof", fixture::SOUTH);
        let placed = f.placed(
            &rep,
            &f.create_push(&Contact::new(&Env::system(), &north.id, "Jo")),
        );
        assert_eq!(placed.scope, scope::territory(fixture::NORTH));
        let r = f.refused(
            &rep,
            &f.create_push(&Contact::new(&Env::system(), &south.id, "Jo")),
        );
        assert_eq!(r.reason, RejectReason::OutOfScope);
        let r = f.refused(
            &rep,
            &f.create_push(&Contact::new(&Env::system(), "no-such-account", "Jo")),
        );
        assert_eq!(r.reason, RejectReason::OutOfScope);
    }

    #[test]
    fn a_child_record_lives_only_under_an_account() {
        let f = Fixture::new();
        // a product in `global`: every user may write that scope, and reads it
        let product = Product::new(&Env::system(), "SKU-1", "Widget", 1000, "EUR", 1900);
        f.put(&product, scope::GLOBAL, None);
        let territory = Territory::new(&Env::system(), "East");
        f.put(&territory, scope::GLOBAL, None);
        for who in [f.rep_north(), f.manager(), f.admin()] {
            for home in [&product.id, &territory.id] {
                let contact = Contact::new(&Env::system(), home, "Jo");
                let r = f.refused(&who, &f.create_push(&contact));
                assert_eq!(
                    (r.reason.clone(), r.current()),
                    (RejectReason::OutOfScope, None),
                    "{}",
                    who.user.id
                );
                let mut task = Task::new(&Env::system(), &who.user.id, "Call back");
                task.account_id = Some(home.clone());
                let r = f.refused(&who, &f.create_push(&task));
                assert_eq!(r.reason, RejectReason::OutOfScope, "{}", who.user.id);
            }
        }
    }

    #[test]
    fn a_readable_document_moved_out_of_reach_is_refused_with_its_state() {
        let f = Fixture::new();
        let north = f.account_in("Nordhof KG", fixture::NORTH);
        // a manager of both may move it; the rep may not take it along to a scope they lack
        let mia = f.manager();
        let push = f.edit_push(&north.id, |a: &mut Account| {
            a.territory_id = Some(fixture::SOUTH.into());
        });
        assert_eq!(
            f.placed(&mia, &push).scope,
            scope::territory(fixture::SOUTH)
        );
        let stored = f.store.load_doc(&north.id).unwrap().unwrap();
        let r = f.refused(&f.rep_north(), &push);
        assert_eq!(r.current(), Some(stored.snapshot.as_slice()), "{r:?}");
        assert_eq!(
            r.reason,
            RejectReason::Forbidden,
            "the rules speak before the scope"
        );
    }
}

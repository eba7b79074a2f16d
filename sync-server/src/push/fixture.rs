//! A small server for the push steps' unit tests: a store in a temporary directory with two
//! territories, signed-in users as `Access`, and documents committed straight into it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use automerge::{ActorId, AutoCommit};
use fieldsales_core::Env;
use fieldsales_core::doc::Author;
use fieldsales_core::records::{Account, Record, Role};
use fieldsales_core::sync::protocol::PushDoc;

use super::{Placed, Rejection, Stop, Verified, authorize, authorize_home, encode_heads, verify};
use crate::scope::{self, Access};
use crate::store::{Commit, ServerDoc, ServerStore, SqliteStore, UserRow};

pub const NORTH: &str = "north";
pub const SOUTH: &str = "south";

pub struct Fixture {
    pub store: SqliteStore,
    _dir: tempfile::TempDir,
}

fn author() -> Author {
    Author {
        actor: ActorId::random(),
        name: "test".into(),
        at: Env::system().now(),
    }
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        store.create_territory(NORTH, "North", None).unwrap();
        store.create_territory(SOUTH, "South", None).unwrap();
        Fixture { store, _dir: dir }
    }

    fn access(&self, id: &str, role: Role, territories: &[&str]) -> Access {
        let row = UserRow {
            id: id.into(),
            name: id.into(),
            password_hash: String::new(),
            role,
            active: true,
            territory_ids: territories.iter().map(|t| t.to_string()).collect(),
        };
        Access::for_user(&self.store, &row).unwrap()
    }

    /// A rep in the north territory.
    pub fn rep_north(&self) -> Access {
        self.access("ana", Role::Rep, &[NORTH])
    }

    /// A manager of both territories.
    pub fn manager(&self) -> Access {
        self.access("mia", Role::Manager, &[NORTH, SOUTH])
    }

    pub fn admin(&self) -> Access {
        self.access("root", Role::Admin, &[])
    }

    /// Store a record's new document as the server would after accepting it, in `scope`.
    pub fn put<R: Record>(&self, record: &R, scope: &str, account_id: Option<&str>) {
        let snapshot = fieldsales_core::doc::create(record, &author())
            .unwrap()
            .save();
        let mut doc = AutoCommit::load(&snapshot).unwrap();
        let c = Commit {
            doc: ServerDoc {
                id: record.id().to_string(),
                kind: R::KIND,
                scope: scope.into(),
                account_id: account_id.map(str::to_string),
                heads: encode_heads(&doc.get_heads()),
                snapshot: snapshot.clone(),
                record: None,
            },
            changes: snapshot,
            origin: "test".into(),
            rescoped: vec![],
            old_scope: None,
        };
        self.store.commit_many(&[c]).unwrap();
    }

    /// A stored account in `territory` (`None`: unassigned).
    pub fn account_in<'a>(&self, name: &str, territory: impl Into<Option<&'a str>>) -> Account {
        let mut a = Account::new(&Env::system(), name);
        a.territory_id = territory.into().map(str::to_string);
        let scope = match &a.territory_id {
            Some(t) => scope::territory(t),
            None => scope::UNASSIGNED.to_string(),
        };
        self.put(&a, &scope, None);
        a
    }

    /// The push of a new record: its whole document.
    pub fn create_push<R: Record>(&self, record: &R) -> PushDoc {
        PushDoc {
            id: record.id().to_string(),
            kind: R::KIND,
            changes: fieldsales_core::doc::create(record, &author())
                .unwrap()
                .save(),
        }
    }

    /// The push of an edit to a stored record, as a device would send it: the changes after
    /// the server's heads.
    pub fn edit_push<R: Record>(&self, id: &str, edit: impl FnOnce(&mut R)) -> PushDoc {
        let stored = self.store.load_doc(id).unwrap().unwrap();
        let mut doc = AutoCommit::load(&stored.snapshot)
            .unwrap()
            .with_actor(ActorId::random());
        let before = doc.get_heads();
        let mut r: R = fieldsales_core::doc::read(&doc).unwrap();
        edit(&mut r);
        fieldsales_core::doc::write(&mut doc, &r).unwrap();
        doc.commit();
        PushDoc {
            id: id.into(),
            kind: R::KIND,
            changes: doc.save_after(&before),
        }
    }
}

impl Fixture {
    /// A push through every check, as the service runs them: `None` for a replay.
    pub fn check(&self, access: &Access, push: &PushDoc) -> Result<Option<Placed>, Rejection> {
        let existing = self.store.load_doc(&push.id).unwrap();
        let authorized = authorize(access, existing)?;
        let checked = verify(&self.store, access, authorized, push).and_then(|v| match v {
            Verified::Replay { .. } => Ok(None),
            Verified::Changed(c) => authorize_home(&self.store, access, c).map(Some),
        });
        match checked {
            Ok(p) => Ok(p),
            Err(Stop::Rejected(r)) => Err(r),
            Err(Stop::Failed(e)) => panic!("the store failed: {e}"),
        }
    }

    /// A push that must pass every check.
    pub fn placed(&self, access: &Access, push: &PushDoc) -> Placed {
        match self.check(access, push) {
            Ok(Some(p)) => p,
            Ok(None) => panic!("a replay"),
            Err(r) => panic!("refused: {r:?}"),
        }
    }

    /// A push that must be refused.
    pub fn refused(&self, access: &Access, push: &PushDoc) -> Rejection {
        match self.check(access, push) {
            Err(r) => r,
            Ok(Some(p)) => panic!("accepted in {}", p.scope),
            Ok(None) => panic!("accepted as a replay"),
        }
    }
}

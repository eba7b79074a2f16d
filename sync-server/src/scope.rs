//! Replication scopes: `global` (catalogue, territories), `territory:<id>` (an account and
//! everything hanging off it), `user:<id>` (profile, own quotas and schedules), `unassigned`
//! (accounts without territory; admins only). What a user reads and writes.

use fieldsales_core::any::Home;
use fieldsales_core::records::{Kind, Role};

use crate::error::Result;
use crate::store::{Scopes, ServerStore, UserRow};

pub const GLOBAL: &str = "global";
pub const UNASSIGNED: &str = "unassigned";

pub fn territory(id: &str) -> String {
    format!("territory:{id}")
}

pub fn user(id: &str) -> String {
    format!("user:{id}")
}

/// What one signed-in user may see and write.
#[derive(Debug, Clone)]
pub struct Access {
    pub user: UserRow,
    pub readable: Scopes,
}

impl Access {
    pub fn for_user(store: &dyn ServerStore, u: &UserRow) -> Result<Access> {
        let readable = match u.role {
            Role::Admin => Scopes::All,
            Role::Rep => {
                let mut v = vec![GLOBAL.to_string(), user(&u.id)];
                v.extend(u.territory_ids.iter().map(|t| territory(t)));
                Scopes::Only(v)
            }
            Role::Manager => {
                // the territories assigned and every one under them
                let all = store.territories()?;
                let mut managed: Vec<String> = u.territory_ids.clone();
                let mut i = 0;
                while i < managed.len() {
                    let parent = managed[i].clone();
                    for (id, p) in &all {
                        if p.as_deref() == Some(parent.as_str()) && !managed.contains(id) {
                            managed.push(id.clone());
                        }
                    }
                    i += 1;
                }
                let mut v = vec![GLOBAL.to_string(), user(&u.id)];
                v.extend(managed.iter().map(|t| territory(t)));
                for r in store.users_in_territories(&managed)? {
                    if r.role == Role::Rep {
                        v.push(user(&r.id));
                    }
                }
                v.sort();
                v.dedup();
                Scopes::Only(v)
            }
        };
        Ok(Access {
            user: u.clone(),
            readable,
        })
    }

    pub fn can_write(&self, scope: &str) -> bool {
        match self.user.role {
            Role::Admin => true,
            _ => scope != UNASSIGNED && self.readable.contains(scope),
        }
    }
}

/// The scope a record lives in. Records hanging off an account follow the account's scope as
/// stored on the server; `None` if that account is unknown here. The id must name a document
/// of kind account: any other (a product in `global`, a user in `user:<id>`) would plant the
/// record in a scope meant for something else, readable and writable by others.
pub fn scope_of(store: &dyn ServerStore, home: &Home) -> Result<Option<String>> {
    Ok(match home {
        Home::Global => Some(GLOBAL.into()),
        Home::User(u) => Some(user(u)),
        Home::Territory(Some(t)) => Some(territory(t)),
        Home::Territory(None) => Some(UNASSIGNED.into()),
        Home::Account(a) => store
            .load_doc(a)?
            .filter(|d| d.kind == Kind::Account)
            .map(|d| d.scope),
    })
}

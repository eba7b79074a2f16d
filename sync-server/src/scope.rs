//! Replication scopes: `global` (catalogue, territories), `territory:<id>` (an account and
//! everything hanging off it), `user:<id>` (profile, own quotas and schedules), `unassigned`
//! (accounts without territory; admins only). What a user reads and writes.

use fieldsales_core::any::Home;
use fieldsales_core::records::{Kind, Role, territories_under};

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

/// The feed entries meant for one user's devices alone: the grants and revokes that follow a
/// change of what that user may read (`ServerStore::write_access_change`). No document lives
/// here; only the user (and admins, who read everything) read it, not their managers.
pub fn access(user_id: &str) -> String {
    format!("access:{user_id}")
}

/// What one signed-in user may see and write.
#[derive(Debug, Clone)]
pub struct Access {
    pub user: UserRow,
    pub readable: Scopes,
    /// The territories the user works or manages: those assigned and, for a manager, every
    /// one under them (the rules' `managed_territories`).
    pub territories: Vec<String>,
}

impl Access {
    pub fn for_user(store: &dyn ServerStore, u: &UserRow) -> Result<Access> {
        let mut territories = u.territory_ids.clone();
        let readable = match u.role {
            Role::Admin => Scopes::All,
            Role::Rep => {
                let mut v = vec![GLOBAL.to_string(), user(&u.id), access(&u.id)];
                v.extend(u.territory_ids.iter().map(|t| territory(t)));
                Scopes::Only(v)
            }
            Role::Manager => {
                // the territories assigned and every one under them
                territories = managed(store, &u.territory_ids)?;
                let mut v = vec![GLOBAL.to_string(), user(&u.id), access(&u.id)];
                v.extend(territories.iter().map(|t| territory(t)));
                for r in store.users_in_territories(&territories)? {
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
            territories,
        })
    }

    pub fn can_write(&self, scope: &str) -> bool {
        match self.user.role {
            Role::Admin => true,
            _ => scope != UNASSIGNED && self.readable.contains(scope),
        }
    }
}

/// `roots` and every territory under them, by `parent_id` at any depth.
pub fn managed(store: &dyn ServerStore, roots: &[String]) -> Result<Vec<String>> {
    let all = store.territories()?;
    Ok(territories_under(
        roots,
        all.iter().map(|(id, p)| (id.as_str(), p.as_deref())),
    ))
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

//! When what a user may read changes (a rep given or taken a territory, a territory moved in
//! the hierarchy), their devices receive the documents they may now read and drop those they
//! no longer may, as when an account moves: grant and revoke entries in the feed, meant for
//! that user alone (`scope::access`).

use fieldsales_core::records::Role;

use super::SyncService;
use crate::error::Result;
use crate::push::AuthTable;
use crate::scope::Access;
use crate::store::{Scopes, ServerStore};

impl<S: ServerStore> SyncService<S> {
    /// The users whose reading a change of the auth tables may change, with what they read
    /// before it: the user whose territories change, and the managers (a rep's territories
    /// decide which managers read the rep's own scope; a territory's parent decides which
    /// managers read it).
    pub(super) fn affected_by(&self, table: &AuthTable) -> Result<Vec<Access>> {
        let mut users = Vec::new();
        match table {
            AuthTable::UserTerritories { user_id, .. } => {
                let Some(u) = self.store.user_by_id(user_id)? else {
                    return Ok(vec![]);
                };
                let rep = u.role == Role::Rep;
                users.push(u);
                if rep {
                    users.extend(self.managers()?);
                }
            }
            AuthTable::Territory { id, parent_id, .. } => {
                let moved = self
                    .store
                    .territories()?
                    .into_iter()
                    .find(|(t, _)| t == id)
                    .is_none_or(|(_, p)| &p != parent_id);
                if moved {
                    users.extend(self.managers()?);
                }
            }
        }
        users
            .iter()
            .filter(|u| u.role != Role::Admin)
            .map(|u| Access::for_user(&self.store, u))
            .collect()
    }

    /// Every manager who manages a territory.
    fn managers(&self) -> Result<Vec<crate::store::UserRow>> {
        let all: Vec<String> = self
            .store
            .territories()?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut out: Vec<_> = self
            .store
            .users_in_territories(&all)?
            .into_iter()
            .filter(|u| u.role == Role::Manager)
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }

    /// Compare what each user reads now with `before` and write the grants and revokes.
    pub(super) fn grant_and_revoke(&self, before: Vec<Access>) -> Result<()> {
        for was in before {
            let Some(u) = self.store.user_by_id(&was.user.id)? else {
                continue;
            };
            let now = Access::for_user(&self.store, &u)?;
            let (Scopes::Only(old), Scopes::Only(new)) = (&was.readable, &now.readable) else {
                continue;
            };
            let revoked: Vec<String> = old.iter().filter(|s| !new.contains(s)).cloned().collect();
            let granted: Vec<String> = new.iter().filter(|s| !old.contains(s)).cloned().collect();
            if !revoked.is_empty() || !granted.is_empty() {
                tracing::info!(
                    revoked = revoked.len(),
                    granted = granted.len(),
                    "a user's scopes changed"
                );
                self.store.write_access_change(&u.id, &revoked, &granted)?;
            }
        }
        Ok(())
    }
}

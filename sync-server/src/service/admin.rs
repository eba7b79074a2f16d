//! What the server writes itself, for its admin commands: territories and users.

use fieldsales_core::any::AnyRecord;
use fieldsales_core::records::{Kind, Record, Role, Territory, User};

use super::SyncService;
use crate::error::{Error, Result};
use crate::push;
use crate::scope;
use crate::store::{Commit, ServerDoc, ServerStore, UserRow};

impl<S: ServerStore> SyncService<S> {
    /// A record written by the server itself (admin commands), with its feed entry.
    fn write_record<R: Record>(&self, record: &R) -> Result<()> {
        let author = fieldsales_core::doc::Author {
            actor: self.env.new_actor(),
            name: "server".into(),
            at: self.env.now(),
        };
        let mut doc = fieldsales_core::doc::create(record, &author)?;
        let Some(scope) = scope::scope_of(&self.store, &record.home())? else {
            return Err(Error::Internal("no scope".into()));
        };
        let heads = push::encode_heads(&doc.get_heads());
        let snapshot = doc.save();
        let record_json = push::index_hint(&doc, &AnyRecord::read(&doc)?)?;
        let mut w = self.drain(self.lock_writes()?)?;
        self.store_now(
            &mut w,
            Some(Commit {
                doc: ServerDoc {
                    id: record.id().to_string(),
                    kind: R::KIND,
                    scope,
                    account_id: None,
                    snapshot: snapshot.clone(),
                    heads,
                    record: record_json,
                },
                changes: snapshot,
                origin: "server".into(),
                rescoped: vec![],
                old_scope: None,
            }),
        )
    }

    pub fn create_territory(&self, name: &str, parent_id: Option<&str>) -> Result<Territory> {
        if name.trim().is_empty() {
            return Err(Error::BadRequest("a territory needs a name".into()));
        }
        let mut t = Territory::new(&self.env, name.trim());
        if let Some(p) = parent_id {
            if self
                .store
                .load_doc(p)?
                .is_none_or(|d| d.kind != Kind::Territory)
            {
                return Err(Error::NotFound(format!("no territory {p}")));
            }
            t.parent_id = Some(p.to_string());
        }
        self.store.create_territory(&t.id, &t.name, parent_id)?;
        self.write_record(&t)?;
        crate::audit::record_strict(
            &self.store,
            &[crate::audit::AuditEntry::new(
                self.env.now().millis(),
                crate::audit::AuditEvent::TerritoryAdded,
            )
            .detail(format!(
                "{} ({}), parent {}",
                t.id,
                t.name,
                parent_id.unwrap_or("none")
            ))],
        )?;
        Ok(t)
    }

    pub fn create_user(
        &self,
        name: &str,
        password: &str,
        role: Role,
        territory_ids: &[String],
    ) -> Result<User> {
        if name.trim().is_empty() {
            return Err(Error::BadRequest("a user needs a name".into()));
        }
        crate::passwords::check_new_password(password)?;
        if self.store.user_by_name(name)?.is_some() {
            return Err(Error::Conflict(format!("a user named {name} exists")));
        }
        for t in territory_ids {
            if self
                .store
                .load_doc(t)?
                .is_none_or(|d| d.kind != Kind::Territory)
            {
                return Err(Error::NotFound(format!("no territory {t}")));
            }
        }
        let mut u = User::new(&self.env, name.trim(), role);
        u.territory_ids = territory_ids.to_vec();
        self.store.create_user(&UserRow {
            id: u.id.clone(),
            name: u.name.clone(),
            password_hash: crate::auth::hash_password_with(
                password,
                self.password_cost(),
                &self.env,
            )?,
            role,
            active: true,
            territory_ids: territory_ids.to_vec(),
        })?;
        self.write_record(&u)?;
        crate::audit::record_strict(
            &self.store,
            &[crate::audit::AuditEntry::new(
                self.env.now().millis(),
                crate::audit::AuditEvent::UserAdded,
            )
            .user(Some(&u.id), Some(&u.name))
            .detail(format!(
                "role {}, territories [{}]",
                role.as_str(),
                territory_ids.join(", ")
            ))],
        )?;
        Ok(u)
    }
}

//! What the server writes itself, for its admin commands: territories and users.

use fieldsales_core::any::AnyRecord;
use fieldsales_core::records::{Kind, Record, Role, Territory, User};

use super::SyncService;
use crate::error::{Error, Result};
use crate::push;
use crate::scope;
use crate::store::{Commit, ServerDoc, ServerStore, UserRow};

/// A user's working zone, currency and language; `None` leaves a value as it is (or at its
/// default for a new user: UTC, EUR, English).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserProfile {
    pub zone: Option<String>,
    pub currency: Option<String>,
    pub locale: Option<String>,
}

impl UserProfile {
    /// Every given value checked, the locale in canonical form.
    fn checked(&self) -> Result<UserProfile> {
        if let Some(z) = &self.zone {
            fieldsales_core::time::check_zone(z)?;
        }
        if let Some(c) = &self.currency {
            fieldsales_core::money::check_currency(c)?;
        }
        let locale = self
            .locale
            .as_deref()
            .map(fieldsales_core::locale::check_locale)
            .transpose()?;
        Ok(UserProfile {
            zone: self.zone.clone(),
            currency: self.currency.clone(),
            locale,
        })
    }

    fn apply(&self, u: &mut User) {
        if let Some(z) = &self.zone {
            u.zone = z.clone();
        }
        if let Some(c) = &self.currency {
            u.currency = c.clone();
        }
        if let Some(l) = &self.locale {
            u.locale = l.clone();
        }
    }
}

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

    /// Change a record the server holds (admin commands), under the write lock so no push
    /// interleaves; the change goes to the feed like a device's.
    fn update_record<R: Record>(
        &self,
        id: &str,
        f: impl FnOnce(&mut R) -> Result<()>,
    ) -> Result<R> {
        let mut w = self.drain(self.lock_writes()?)?;
        let stored = self
            .current(&w, id)?
            .filter(|d| d.kind == R::KIND)
            .ok_or_else(|| Error::NotFound(format!("no {} {id}", R::KIND.as_str())))?;
        let mut doc = fieldsales_core::doc::load_foreign(&stored.snapshot)
            .map_err(|e| Error::Internal(format!("stored document {id}: {e}")))?;
        doc.set_actor(self.env.new_actor());
        let mut record: R = fieldsales_core::doc::read(&doc)?;
        f(&mut record)?;
        let before = doc.get_heads();
        fieldsales_core::doc::write(&mut doc, &record)?;
        let author = fieldsales_core::doc::Author {
            actor: doc.get_actor().clone(),
            name: "server".into(),
            at: self.env.now(),
        };
        doc.commit_with(author.commit_options());
        let changes = doc.save_after(&before);
        if changes.is_empty() {
            return Ok(record);
        }
        let record_json = push::index_hint(&doc, &AnyRecord::read(&doc)?)?;
        self.store_now(
            &mut w,
            Some(Commit {
                doc: ServerDoc {
                    heads: push::encode_heads(&doc.get_heads()),
                    snapshot: doc.save(),
                    record: record_json,
                    ..stored
                },
                changes,
                origin: "server".into(),
                rescoped: vec![],
                old_scope: None,
            }),
        )?;
        Ok(record)
    }

    /// Change a user's working zone, currency and language; their devices receive the user
    /// record by sync and take the new values at their next sign-in.
    pub fn edit_user_profile(&self, name: &str, profile: &UserProfile) -> Result<User> {
        let profile = profile.checked()?;
        let row = self
            .store
            .user_by_name(name)?
            .ok_or_else(|| Error::NotFound(format!("no user {name}")))?;
        let u = self.update_record::<User>(&row.id, |u| {
            profile.apply(u);
            Ok(())
        })?;
        crate::audit::record_strict(
            &self.store,
            &[crate::audit::AuditEntry::new(
                self.env.now().millis(),
                crate::audit::AuditEvent::UserEdited,
            )
            .user(Some(&u.id), Some(&u.name))
            .detail(format!(
                "zone {}, currency {}, locale {}",
                u.zone, u.currency, u.locale
            ))],
        )?;
        Ok(u)
    }

    /// A user's zone, currency and language as their record holds them (defaults for a user
    /// whose record is missing).
    pub fn user_profile(&self, user_id: &str) -> Result<(String, String, String)> {
        let Some(stored) = self.store.load_doc(user_id)? else {
            return Ok(("UTC".into(), "EUR".into(), "en".into()));
        };
        let doc = fieldsales_core::doc::load_foreign(&stored.snapshot)
            .map_err(|e| Error::Internal(format!("stored user {user_id}: {e}")))?;
        let u: User = fieldsales_core::doc::read(&doc)?;
        Ok((u.zone, u.currency, u.locale))
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
        self.create_user_with(name, password, role, territory_ids, &UserProfile::default())
    }

    /// [`Self::create_user`] with the user's zone, currency and language.
    pub fn create_user_with(
        &self,
        name: &str,
        password: &str,
        role: Role,
        territory_ids: &[String],
        profile: &UserProfile,
    ) -> Result<User> {
        if name.trim().is_empty() {
            return Err(Error::BadRequest("a user needs a name".into()));
        }
        let profile = profile.checked()?;
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
        profile.apply(&mut u);
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
                "role {}, territories [{}], zone {}, currency {}, locale {}",
                role.as_str(),
                territory_ids.join(", "),
                u.zone,
                u.currency,
                u.locale
            ))],
        )?;
        Ok(u)
    }
}

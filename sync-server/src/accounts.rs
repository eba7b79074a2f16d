//! What admins do about sign-in, for `fieldsales-server`'s commands: list and revoke devices,
//! revoke and enable users, lift lockouts, set passwords. Each writes its audit entry. And
//! the audit entry of a pushed user document that changes a role or territories.

use fieldsales_core::any::AnyRecord;
use fieldsales_core::time::Ts;
use serde::Serialize;

use crate::audit::{self, AuditEntry, AuditEvent};
use crate::error::{Error, Result};
use crate::passwords;
use crate::push::Placed;
use crate::service::SyncService;
use crate::store::{DeviceRow, ServerStore, UserRow};

/// A device as `device list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceInfo {
    pub id: String,
    pub user_id: String,
    pub user_name: String,
    /// The first 16 hex digits of its signing key, if it sent one.
    pub key: Option<String>,
    pub registered_at: Ts,
    pub last_login_at: Ts,
    pub revoked_at: Option<Ts>,
}

impl DeviceInfo {
    fn of(d: DeviceRow, user_name: String) -> DeviceInfo {
        DeviceInfo {
            key: d.public_key.map(|k| k.chars().take(16).collect()),
            id: d.id,
            user_id: d.user_id,
            user_name,
            registered_at: Ts::from_millis(d.registered_at_ms),
            last_login_at: Ts::from_millis(d.last_login_at_ms),
            revoked_at: d.revoked_at_ms.map(Ts::from_millis),
        }
    }
}

impl<S: ServerStore> SyncService<S> {
    fn now_ms(&self) -> i64 {
        self.env().now().millis()
    }

    fn user_named(&self, name: &str) -> Result<UserRow> {
        self.store()
            .user_by_name(name)?
            .ok_or_else(|| Error::NotFound(format!("no user {name}")))
    }

    /// Every device, or one user's, oldest first.
    pub fn list_devices(&self, user_name: Option<&str>) -> Result<Vec<DeviceInfo>> {
        let only = user_name.map(|n| self.user_named(n)).transpose()?;
        let mut names = std::collections::HashMap::new();
        let mut out = Vec::new();
        for d in self.store().devices(only.as_ref().map(|u| u.id.as_str()))? {
            if !names.contains_key(&d.user_id) {
                let name = self
                    .store()
                    .user_by_id(&d.user_id)?
                    .map_or_else(String::new, |u| u.name);
                names.insert(d.user_id.clone(), name);
            }
            let name = names.get(&d.user_id).cloned().unwrap_or_default();
            out.push(DeviceInfo::of(d, name));
        }
        Ok(out)
    }

    /// Revoke one device: its sessions end, it cannot sign in again, and its next request is
    /// answered `device_revoked`, on which the phone deletes its local data.
    pub fn revoke_device(&self, id: &str) -> Result<DeviceInfo> {
        let now = self.now_ms();
        if !self.store().revoke_device(id, now)? {
            return Err(Error::NotFound(format!("no device {id}")));
        }
        let d = self
            .store()
            .device(id)?
            .ok_or_else(|| Error::NotFound(format!("no device {id}")))?;
        let user = self.store().user_by_id(&d.user_id)?;
        audit::record_strict(
            self.store(),
            &[AuditEntry::new(now, AuditEvent::DeviceRevoked)
                .user(Some(&d.user_id), user.as_ref().map(|u| u.name.as_str()))
                .device(id)],
        )?;
        Ok(DeviceInfo::of(d, user.map_or_else(String::new, |u| u.name)))
    }

    /// Revoke a user: every session ends, every device of theirs is revoked (their phones
    /// wipe themselves) and the account is disabled until `enable_user`.
    pub fn revoke_user(&self, name: &str) -> Result<UserRow> {
        let u = self.user_named(name)?;
        let now = self.now_ms();
        self.store().revoke_tokens(&u.id)?;
        let mut devices = 0;
        for d in self.store().devices(Some(&u.id))? {
            if d.revoked_at_ms.is_none() {
                self.store().revoke_device(&d.id, now)?;
                devices += 1;
            }
        }
        self.store().set_user_active(&u.id, false)?;
        audit::record_strict(
            self.store(),
            &[AuditEntry::new(now, AuditEvent::UserRevoked)
                .user(Some(&u.id), Some(&u.name))
                .detail(format!("{devices} device(s) revoked"))],
        )?;
        Ok(u)
    }

    /// Enable a user again and lift a lockout of their name. Devices revoked stay revoked:
    /// the user signs in again, which registers a new one.
    pub fn enable_user(&self, name: &str) -> Result<UserRow> {
        let u = self.user_named(name)?;
        let now = self.now_ms();
        self.store().set_user_active(&u.id, true)?;
        let mut entries =
            vec![AuditEntry::new(now, AuditEvent::UserEnabled).user(Some(&u.id), Some(&u.name))];
        if self.store().clear_login_failures(&u.name)? {
            entries
                .push(AuditEntry::new(now, AuditEvent::Unlocked).user(Some(&u.id), Some(&u.name)));
        }
        audit::record_strict(self.store(), &entries)?;
        Ok(u)
    }

    /// Lift the lockout of a user's name (and forget its failures). `false`: it had none.
    pub fn unlock_user(&self, name: &str) -> Result<bool> {
        let u = self.user_named(name)?;
        let lifted = self.store().clear_login_failures(&u.name)?;
        if lifted {
            audit::record_strict(
                self.store(),
                &[AuditEntry::new(self.now_ms(), AuditEvent::Unlocked)
                    .user(Some(&u.id), Some(&u.name))],
            )?;
        }
        Ok(lifted)
    }

    /// Set a user's password (the policy in `passwords.rs`). Sessions stay.
    pub fn set_password(&self, name: &str, password: &str) -> Result<()> {
        passwords::check_new_password(password)?;
        let u = self.user_named(name)?;
        let hash = crate::auth::hash_password_with(password, self.password_cost(), self.env())?;
        self.store().set_user_password(&u.id, &hash)?;
        audit::record_strict(
            self.store(),
            &[AuditEntry::new(self.now_ms(), AuditEvent::PasswordChanged)
                .user(Some(&u.id), Some(&u.name))],
        )
    }

    /// The audit log from `since_ms` on.
    pub fn audit_log(&self, since_ms: i64, limit: u32) -> Result<Vec<AuditEntry>> {
        self.store().audit_since(since_ms, limit)
    }
}

/// The audit entry for a pushed user document that sets or changes a role or territories,
/// with who pushed it from which device.
pub fn user_change(
    placed: &Placed,
    by: &UserRow,
    device_id: &str,
    now_ms: i64,
) -> Option<AuditEntry> {
    let AnyRecord::User(after) = &placed.change.record else {
        return None;
    };
    let (role_before, territories_before) = match &placed.change.before {
        Some(AnyRecord::User(b)) => (Some(b.role), b.territory_ids.clone()),
        _ => (None, vec![]),
    };
    if role_before == Some(after.role) && territories_before == after.territory_ids {
        return None;
    }
    let role = |r: Option<fieldsales_core::records::Role>| r.map_or("none", |r| r.as_str());
    Some(
        AuditEntry::new(now_ms, AuditEvent::UserChanged)
            .user(Some(&by.id), Some(&by.name))
            .device(device_id)
            .detail(format!(
                "user {} ({}): role {} -> {}, territories [{}] -> [{}]",
                after.id,
                after.name,
                role(role_before),
                after.role.as_str(),
                territories_before.join(", "),
                after.territory_ids.join(", ")
            )),
    )
}

//! The audit log: who signed in (or failed to) from where, which devices and users were
//! revoked, enabled or unlocked, whose role or territories changed, and which pushes were
//! refused, with user and device. Append-only: the store has no way to change or delete an
//! entry, and the SQLite table refuses updates and deletes itself.

use fieldsales_core::time::Ts;
use serde::Serialize;

use crate::error::Result;
use crate::store::ServerStore;

/// Declares `AuditEvent` from one list of (variant, label), as `RejectReason` is declared.
macro_rules! audit_events {
    ($($(#[$doc:meta])* $variant:ident => $label:literal,)*) => {
        /// What an audit entry records: one snake_case label each, in the table and in JSON.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum AuditEvent {
            $($(#[$doc])* $variant,)*
        }

        impl AuditEvent {
            pub const ALL: &'static [AuditEvent] = &[$(AuditEvent::$variant,)*];

            pub fn as_str(&self) -> &'static str {
                match self {
                    $(AuditEvent::$variant => $label,)*
                }
            }

            /// The event a label names; `None` for a label this build does not know.
            pub fn parse(label: &str) -> Option<AuditEvent> {
                match label {
                    $($label => Some(AuditEvent::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

audit_events! {
    /// A sign-in with the right password; a token was issued.
    LoginOk => "login_ok",
    /// A sign-in refused: wrong password, unknown user name, disabled account, revoked
    /// device or another device key. `detail` says which; the answer to the client did not.
    LoginFailed => "login_failed",
    /// A user name reached the failures that lock it (`detail`: until when).
    LockedOut => "locked_out",
    /// An admin lifted a lockout (`user unlock`, `user enable`).
    Unlocked => "unlocked",
    /// An admin revoked one device (`device revoke`): its phone wipes itself.
    DeviceRevoked => "device_revoked",
    /// An admin revoked a user: every session ended, every device revoked, the account disabled.
    UserRevoked => "user_revoked",
    /// An admin enabled a user again.
    UserEnabled => "user_enabled",
    /// An admin added a user (`detail`: role and territories).
    UserAdded => "user_added",
    /// An admin changed a user's zone, currency or language (`detail`: the new values).
    UserEdited => "user_edited",
    /// A user's password was set by an admin.
    PasswordChanged => "password_changed",
    /// A user's role or territories changed, through a pushed user document or an admin
    /// command (`detail`: before and after).
    UserChanged => "user_changed",
    /// An admin added a territory.
    TerritoryAdded => "territory_added",
    /// A pushed document was refused (`detail`: the document, its kind and the reason).
    Rejected => "rejected",
}

impl Serialize for AuditEvent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One entry. `seq` is given by the store (0 on a new entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: u64,
    /// When, in milliseconds since the epoch on the server's clock.
    #[serde(serialize_with = "as_rfc3339")]
    pub at_ms: i64,
    pub event: AuditEvent,
    /// The user concerned (the one who signed in, was revoked, or pushed).
    pub user_id: Option<String>,
    /// Their name, or the name a failed sign-in typed (cut to 64 characters).
    pub user_name: Option<String>,
    pub device_id: Option<String>,
    /// The client address of a sign-in.
    pub address: Option<String>,
    pub detail: String,
}

fn as_rfc3339<S: serde::Serializer>(ms: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&Ts::from_millis(*ms))
}

impl AuditEntry {
    pub fn new(at_ms: i64, event: AuditEvent) -> AuditEntry {
        AuditEntry {
            seq: 0,
            at_ms,
            event,
            user_id: None,
            user_name: None,
            device_id: None,
            address: None,
            detail: String::new(),
        }
    }

    pub fn user(mut self, id: Option<&str>, name: Option<&str>) -> Self {
        self.user_id = id.map(str::to_string);
        self.user_name = name.map(|n| n.chars().take(64).collect());
        self
    }

    pub fn device(mut self, id: &str) -> Self {
        self.device_id = Some(id.chars().take(64).collect());
        self
    }

    pub fn address(mut self, address: Option<&str>) -> Self {
        self.address = address.map(str::to_string);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// One line for a terminal.
    pub fn line(&self) -> String {
        let mut out = format!(
            "#{} {} {}",
            self.seq,
            Ts::from_millis(self.at_ms),
            self.event.as_str()
        );
        for (label, v) in [
            ("user", &self.user_name),
            ("user_id", &self.user_id),
            ("device", &self.device_id),
            ("from", &self.address),
        ] {
            if let Some(v) = v {
                out.push_str(&format!(" {label}={v}"));
            }
        }
        if !self.detail.is_empty() {
            out.push_str(&format!(": {}", self.detail));
        }
        out
    }
}

/// Append entries, logging rather than failing the request that caused them: a full disk
/// must not turn every sign-in into an error, and the failure is loud in the server's log.
pub fn record(store: &dyn ServerStore, entries: &[AuditEntry]) {
    if entries.is_empty() {
        return;
    }
    if let Err(e) = store.append_audit(entries) {
        tracing::error!(error = %e, "the audit log could not be written");
    }
}

/// Append entries, failing if they could not be written: for admin commands, whose effect
/// should not go unrecorded.
pub fn record_strict(store: &dyn ServerStore, entries: &[AuditEntry]) -> Result<()> {
    store.append_audit(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_reads_back_as_its_event() {
        for e in AuditEvent::ALL {
            assert_eq!(AuditEvent::parse(e.as_str()), Some(*e));
        }
        assert_eq!(AuditEvent::parse("nope"), None);
    }
}

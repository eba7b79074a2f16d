//! The one public error enum (docs/adr/0005-the-ffi-layer.md): a variant per thing a screen can do about
//! it. The core's detailed error maps onto it here and nowhere else.

use fieldsales_core::Error;
use fieldsales_core::rules::RuleViolation;
use fieldsales_core::sync::TransportError;

#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum FieldSalesError {
    /// The record does not exist (or is not on this device).
    #[error("{kind} {id} not found")]
    NotFound { kind: String, id: String },
    /// The input is wrong; `reason` says how. Nothing was changed.
    #[error("{reason}")]
    Invalid { reason: String },
    /// The user may not do this (role, territory). Nothing was changed.
    #[error("{reason}")]
    Forbidden { reason: String },
    /// The record's state does not allow it (a submitted order, a signed quote). `code` is the
    /// rule's stable code.
    #[error("{reason}")]
    Conflict { code: String, reason: String },
    /// The server could not be reached; nothing local was lost, try again later.
    #[error("offline: {reason}")]
    Offline { reason: String },
    /// Not signed in, or the session expired or was revoked: log in again.
    #[error("not signed in: {reason}")]
    Unauthorized { reason: String },
    /// An administrator revoked this device: its local data was deleted. Tell the user why,
    /// close the store and show the sign-in.
    #[error("device revoked: {reason}")]
    DeviceRevoked { reason: String },
    /// The device's storage failed or is damaged.
    #[error("storage: {reason}")]
    Storage { reason: String },
    /// A bug, or a listener in the app that failed.
    #[error("internal: {reason}")]
    Internal { reason: String },
}

impl From<Error> for FieldSalesError {
    fn from(e: Error) -> Self {
        let reason = e.to_string();
        match e {
            Error::NotFound { kind, id } => FieldSalesError::NotFound {
                kind: kind.to_string(),
                id,
            },
            Error::Invalid(_) | Error::WrongKind { .. } | Error::Json(_) => {
                FieldSalesError::Invalid { reason }
            }
            Error::Rule(v) => match v {
                RuleViolation::Forbidden { .. } => FieldSalesError::Forbidden { reason },
                RuleViolation::NotEditable { .. }
                | RuleViolation::InvalidTransition { .. }
                | RuleViolation::QuoteExpired { .. }
                | RuleViolation::Superseded { .. }
                | RuleViolation::DiscountOverLimit { .. } => FieldSalesError::Conflict {
                    code: v.code().to_string(),
                    reason,
                },
                _ => FieldSalesError::Invalid { reason },
            },
            Error::Transport(t) => match t {
                TransportError::Offline(_) | TransportError::Server(_) => {
                    FieldSalesError::Offline { reason }
                }
                TransportError::Unauthorized(_) => FieldSalesError::Unauthorized { reason },
                TransportError::DeviceRevoked(_) => FieldSalesError::DeviceRevoked { reason },
                TransportError::Forbidden(_) => FieldSalesError::Forbidden { reason },
                TransportError::Refused { .. } => FieldSalesError::Invalid { reason },
            },
            // the store's state does not allow it yet: sync first, or sign out with force
            Error::Unsynced { .. } => FieldSalesError::Conflict {
                code: "unsynced".into(),
                reason,
            },
            Error::NotInitialised(_)
            | Error::AlreadyInitialised(_)
            | Error::Corrupt { .. }
            | Error::SchemaTooNew { .. }
            | Error::Sql(_)
            | Error::Io(_)
            | Error::DeviceKey(_)
            // the key the platform keystore gave does not open the store
            | Error::WrongKey
            | Error::KeyNeeded
            | Error::EncryptionUnavailable => FieldSalesError::Storage { reason },
            Error::Automerge(_) | Error::Hydrate(_) | Error::Reconcile(_) => {
                FieldSalesError::Internal { reason }
            }
        }
    }
}

/// A foreign listener that threw something other than a `FieldSalesError`.
impl From<uniffi::UnexpectedUniFFICallbackError> for FieldSalesError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        FieldSalesError::Internal {
            reason: format!("a listener failed: {}", e.reason),
        }
    }
}

pub(crate) type Result<T, E = FieldSalesError> = std::result::Result<T, E>;

pub(crate) fn invalid(reason: impl Into<String>) -> FieldSalesError {
    FieldSalesError::Invalid {
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_core_error_lands_on_the_variant_a_screen_acts_on() {
        let e: FieldSalesError = Error::not_found("order", "o1").into();
        assert!(
            matches!(e, FieldSalesError::NotFound { ref kind, ref id } if kind == "order" && id == "o1")
        );
        let e: FieldSalesError = Error::Rule(RuleViolation::Forbidden {
            detail: "reps".into(),
        })
        .into();
        assert!(matches!(e, FieldSalesError::Forbidden { .. }));
        let e: FieldSalesError = Error::Rule(RuleViolation::NotEditable {
            kind: "order".into(),
            status: "submitted".into(),
        })
        .into();
        assert!(matches!(e, FieldSalesError::Conflict { ref code, .. } if code == "not_editable"));
        let e: FieldSalesError = Error::Rule(RuleViolation::NonPositiveQuantity).into();
        assert!(matches!(e, FieldSalesError::Invalid { .. }));
        let e: FieldSalesError = Error::Transport(TransportError::Offline("down".into())).into();
        assert!(matches!(e, FieldSalesError::Offline { .. }));
        let e: FieldSalesError =
            Error::Transport(TransportError::Unauthorized("expired".into())).into();
        assert!(matches!(e, FieldSalesError::Unauthorized { .. }));
        let e: FieldSalesError =
            Error::Transport(TransportError::DeviceRevoked("wiped".into())).into();
        assert!(matches!(e, FieldSalesError::DeviceRevoked { .. }));
        let e: FieldSalesError = Error::SchemaTooNew { found: 9, known: 1 }.into();
        assert!(matches!(e, FieldSalesError::Storage { .. }));
        let e: FieldSalesError = uniffi::UnexpectedUniFFICallbackError::new("boom").into();
        assert!(matches!(e, FieldSalesError::Internal { ref reason } if reason.contains("boom")));
    }
}

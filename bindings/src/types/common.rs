//! Who is signed in, roles, record kinds and places.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::records as core;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Role {
    Rep,
    Manager,
    Admin,
}

/// `RecordKind` from the core's list of kinds: a new kind appears here by itself.
macro_rules! define_record_kind {
    ($($name:ident = $label:literal),+ $(,)?) => {
        /// The kind of a record, for data-changed listeners and search hits.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum RecordKind {
            $($name),+
        }

        impl From<fieldsales_core::records::Kind> for RecordKind {
            fn from(k: fieldsales_core::records::Kind) -> Self {
                match k {
                    $(fieldsales_core::records::Kind::$name => RecordKind::$name),+
                }
            }
        }
    };
}

fieldsales_core::with_record_kinds!(define_record_kind);

#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Identity {
    pub user_id: String,
    pub user_name: String,
    pub role: Role,
    pub device_id: String,
    /// IANA zone of the user's days.
    pub zone: String,
    pub currency: String,
    /// BCP 47 tag of the user's language.
    pub locale: String,
    pub server_url: Option<String>,
    /// The territories the server assigned this user at login (empty for a standalone store).
    pub territory_ids: Vec<String>,
}

impl From<core::Role> for Role {
    fn from(r: core::Role) -> Self {
        match r {
            core::Role::Rep => Role::Rep,
            core::Role::Manager => Role::Manager,
            core::Role::Admin => Role::Admin,
        }
    }
}

impl From<Role> for core::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Rep => core::Role::Rep,
            Role::Manager => core::Role::Manager,
            Role::Admin => core::Role::Admin,
        }
    }
}

impl Identity {
    pub(crate) fn of(store: &fieldsales_core::Store) -> fieldsales_core::Result<Self> {
        let i = store.identity();
        Ok(Identity {
            territory_ids: store.territory_ids()?,
            user_id: i.user_id.clone(),
            user_name: i.user_name.clone(),
            role: i.role.into(),
            device_id: i.device_id.clone(),
            zone: i.zone.clone(),
            currency: i.currency.clone(),
            locale: i.locale.clone(),
            server_url: i.server_url.clone(),
        })
    }
}

//! Every business record of DESIGN.md section 2 as a Rust type that maps to its own Automerge
//! document with autosurgeon. A document's root holds `kind`, `id`, `schema` and the fields.
//! Fields a newer app version adds are left alone by reconcile, so they survive a round trip.

mod activity;
mod catalog;
mod people;
mod plan;
mod quote_parts;
mod sales;

use std::fmt::Debug;

use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Serialize, de::DeserializeOwned};

pub use activity::{Fix, Task, TaskStatus, Visit, VisitStatus};
pub use catalog::{PriceBreak, PriceList, Product, ProductPrice, Stock};
pub use people::{Account, Address, Contact, GeoPoint, Role, Territory, User};
pub use plan::{Quota, QuotaMetric, Schedule};
pub use quote_parts::{QuoteApproval, QuoteSignature, Strokes};
pub use sales::{Line, Order, OrderStatus, Quote, QuoteStatus};

/// The schema version written into every new document's root.
pub const DOC_SCHEMA: i64 = 1;

/// Define a string-valued enum stored as its snake_case label in documents, JSON and SQL.
macro_rules! label_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> $crate::error::Result<Self> {
                match s {
                    $($label => Ok($name::$variant),)+
                    _ => Err($crate::error::Error::invalid(format!(
                        "`{}` is not a {}; expected one of: {}",
                        s,
                        stringify!($name),
                        [$($label),+].join(", ")
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl autosurgeon::Reconcile for $name {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: autosurgeon::Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
                r.str(self.as_str())
            }
        }

        impl autosurgeon::Hydrate for $name {
            fn hydrate_string(s: &str) -> Result<Self, autosurgeon::HydrateError> {
                $name::parse(s).map_err(|_| {
                    autosurgeon::HydrateError::unexpected(stringify!($name), s.to_string())
                })
            }
        }
    };
}
pub(crate) use label_enum;

label_enum!(
    /// The kind of a record, stored as `kind` at the root of its document.
    Kind {
        Territory => "territory",
        User => "user",
        Account => "account",
        Contact => "contact",
        Product => "product",
        PriceList => "price_list",
        Stock => "stock",
        Visit => "visit",
        Order => "order",
        Quote => "quote",
        Quota => "quota",
        Task => "task",
        Schedule => "schedule",
    }
);

impl Kind {
    /// The query index table of this kind.
    pub fn table(&self) -> &'static str {
        match self {
            Kind::Territory => "idx_territory",
            Kind::User => "idx_user",
            Kind::Account => "idx_account",
            Kind::Contact => "idx_contact",
            Kind::Product => "idx_product",
            Kind::PriceList => "idx_price_list",
            Kind::Stock => "idx_stock",
            Kind::Visit => "idx_visit",
            Kind::Order => "idx_order",
            Kind::Quote => "idx_quote",
            Kind::Quota => "idx_quota",
            Kind::Task => "idx_task",
            Kind::Schedule => "idx_schedule",
        }
    }
}

/// A business record that lives in its own Automerge document.
pub trait Record:
    Reconcile + Hydrate + Serialize + DeserializeOwned + Clone + Debug + Send + 'static
{
    const KIND: Kind;

    fn id(&self) -> &str;

    /// The typed columns of this kind's index table (besides `id` and `json`).
    fn index_values(&self) -> Vec<(&'static str, SqlValue)>;

    /// Text for full-text search, for the kinds that are searchable.
    fn search_text(&self) -> Option<String> {
        None
    }

    /// Bring derived fields (totals) in line with the record's own data. Runs after every
    /// read, so a merge of two devices' lines shows the totals of the merged lines.
    fn normalize(&mut self) {}

    /// Whether a document path holds a value derived from others (totals). Concurrent writes
    /// of derived values are not conflicts a person must settle: `normalize` recomputes them.
    fn is_derived(_path: &str) -> bool {
        false
    }
}

/// `Record::is_derived` of a kind.
pub fn derived_paths(kind: Kind) -> fn(&str) -> bool {
    match kind {
        Kind::Order => Order::is_derived,
        Kind::Quote => Quote::is_derived,
        _ => |_| false,
    }
}

/// Totals and line amounts of orders and quotes are derived from prices and quantities.
pub(crate) fn is_derived_amount(path: &str) -> bool {
    matches!(path, "subtotal_minor" | "tax_minor" | "total_minor")
        || (path.starts_with("lines[")
            && (path.ends_with("].net_minor") || path.ends_with("].tax_minor")))
}

/// A fresh time-ordered record id (UUIDv7).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(crate) fn text_value(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

pub(crate) fn opt_text(s: &Option<String>) -> SqlValue {
    match s {
        Some(s) => SqlValue::Text(s.clone()),
        None => SqlValue::Null,
    }
}

/// serde for `autosurgeon::Text`: plain strings in JSON.
pub(crate) mod text_serde {
    use autosurgeon::Text;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(t.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        Ok(Text::with_value(String::deserialize(d)?))
    }
}

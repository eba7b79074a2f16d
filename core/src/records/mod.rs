//! Every business record as a Rust type that maps to its own Automerge document with
//! autosurgeon. A document's root holds `kind`, `id`, `schema` and the fields. Fields a newer
//! app version adds are left alone by reconcile, so they survive a round trip.
//!
//! Each kind lives in one module of its own, with everything the rest of the system needs to
//! know about it, declared once in its [`Record`] impl: its index columns (from which the
//! store's index table is made), its searchable text, where it replicates to ([`Home`]), the
//! least role that may write it, and its own rules. [`with_record_kinds!`] lists the kinds
//! once; `Kind`, `AnyRecord` and every per-kind dispatch are generated from that list.

mod account;
mod company;
mod contact;
mod line;
mod order;
mod price_list;
mod product;
mod quota;
mod quote;
mod schedule;
mod stock;
mod task;
mod territory;
mod user;
mod visit;

use std::fmt::Debug;

use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Serialize, de::DeserializeOwned};

pub use account::{Account, Address, GeoPoint};
pub use company::{COMPANY_PROFILE_ID, CompanyProfile, Logo, LogoFormat, MAX_LOGO_BYTES};
pub use contact::Contact;
pub use line::{Line, Totals};
pub use order::{Order, OrderStatus, order_transition_allowed};
pub use price_list::{PriceBreak, PriceList, ProductPrice};
pub use product::Product;
pub use quota::{Quota, QuotaMetric};
pub use quote::Quote;
pub use quote::{QuoteApproval, QuoteSignature, QuoteStatus, Strokes, quote_transition_allowed};
pub use schedule::Schedule;
pub use stock::Stock;
pub use task::{Task, TaskStatus, task_transition_allowed};
pub use territory::{Territory, territories_under};
pub use user::{Role, User};
pub use visit::{Fix, Visit, VisitStatus, visit_transition_allowed};

use crate::rules::{Checked, RuleContext};

/// The schema version written into every new document's root.
pub const DOC_SCHEMA: i64 = 1;

/// The record kinds, once: `Type = "label"`, where `Type` is both the record type and the
/// variant of [`Kind`] (and of `AnyRecord`), and `label` is the `kind` stored in its documents,
/// on the wire and in its index table's name. `with_record_kinds!(m)` calls `m!` with the list:
/// the core generates `Kind` and `AnyRecord` from it, the FFI its kind enum.
#[macro_export]
macro_rules! with_record_kinds {
    ($m:ident) => {
        $m! {
            Territory = "territory",
            User = "user",
            Account = "account",
            Contact = "contact",
            Product = "product",
            PriceList = "price_list",
            Stock = "stock",
            Visit = "visit",
            Order = "order",
            Quote = "quote",
            Quota = "quota",
            Task = "task",
            Schedule = "schedule",
            CompanyProfile = "company_profile",
        }
    };
}

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

/// `Kind` from the list of record kinds, with the dispatch from a kind to its record type.
macro_rules! define_kind {
    ($($name:ident = $label:literal),+ $(,)?) => {
        label_enum!(
            /// The kind of a record, stored as `kind` at the root of its document.
            Kind { $($name => $label),+ }
        );

        impl Kind {
            /// The query index table of this kind.
            pub fn table(&self) -> &'static str {
                match self { $(Kind::$name => concat!("idx_", $label)),+ }
            }

            /// Run `v` with this kind's record type.
            pub fn visit<V: KindVisitor>(self, v: V) -> V::Output {
                match self { $(Kind::$name => v.visit::<$name>()),+ }
            }
        }
    };
}
with_record_kinds!(define_kind);

/// Code that needs a kind's record type, not a record: `kind.visit(v)` calls `v.visit::<R>()`
/// with `R` the record type of `kind`.
pub trait KindVisitor {
    type Output;
    fn visit<R: Record>(self) -> Self::Output;
}

impl Kind {
    /// Whether a document path of this kind holds a value derived from others (totals).
    pub fn is_derived(self, path: &str) -> bool {
        struct Derived<'a>(&'a str);
        impl KindVisitor for Derived<'_> {
            type Output = bool;
            fn visit<R: Record>(self) -> bool {
                R::is_derived(self.0)
            }
        }
        self.visit(Derived(path))
    }

    /// Whether documents of this kind decide where other documents replicate or who may read
    /// them: [`Record::DECIDES_ACCESS`].
    pub fn decides_access(self) -> bool {
        struct Decides;
        impl KindVisitor for Decides {
            type Output = bool;
            fn visit<R: Record>(self) -> bool {
                R::DECIDES_ACCESS
            }
        }
        self.visit(Decides)
    }

    /// The least role that may write documents of this kind once a store is bound to a
    /// server: [`Record::MIN_WRITER`].
    pub fn min_writer(self) -> Role {
        struct MinWriter;
        impl KindVisitor for MinWriter {
            type Output = Role;
            fn visit<R: Record>(self) -> Role {
                R::MIN_WRITER
            }
        }
        self.visit(MinWriter)
    }
}

/// Where a record belongs, for replication: the catalogue, an account (and so the account's
/// territory), a user, or a territory directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    Global,
    /// Follows this account's territory.
    Account(String),
    /// An account itself, in this territory (None: unassigned).
    Territory(Option<String>),
    User(String),
}

/// The SQLite type of an index column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    Text,
    Integer,
    Real,
}

impl SqlType {
    pub fn sql(self) -> &'static str {
        match self {
            SqlType::Text => "TEXT",
            SqlType::Integer => "INTEGER",
            SqlType::Real => "REAL",
        }
    }
}

/// One typed column of a kind's index table: its name, its type and how a record gives its
/// value, declared together so the table and the rows written to it cannot disagree.
pub struct Column<R> {
    pub name: &'static str,
    pub ty: SqlType,
    pub value: fn(&R) -> SqlValue,
}

impl<R> Column<R> {
    pub const fn text(name: &'static str, value: fn(&R) -> SqlValue) -> Self {
        Column {
            name,
            ty: SqlType::Text,
            value,
        }
    }

    pub const fn integer(name: &'static str, value: fn(&R) -> SqlValue) -> Self {
        Column {
            name,
            ty: SqlType::Integer,
            value,
        }
    }

    pub const fn real(name: &'static str, value: fn(&R) -> SqlValue) -> Self {
        Column {
            name,
            ty: SqlType::Real,
            value,
        }
    }
}

/// A business record that lives in its own Automerge document, and everything the store, the
/// server and the rules need to know about its kind.
pub trait Record:
    Reconcile + Hydrate + Serialize + DeserializeOwned + Clone + Debug + Send + 'static
{
    const KIND: Kind;

    /// The typed columns of this kind's index table, besides `id` and `json`.
    const COLUMNS: &'static [Column<Self>];

    /// The SQL indexes on this kind's index table: a name suffix and the indexed columns
    /// (`("name", "name COLLATE NOCASE")` makes `idx_<kind>_name`).
    const INDEXES: &'static [(&'static str, &'static str)] = &[];

    /// The least role that may create or edit a record of this kind once a store is bound to
    /// a server (admins write everything). A standalone store has no roles.
    const MIN_WRITER: Role = Role::Rep;

    /// Documents of this kind decide where other documents replicate or who may read them
    /// (territories, users, accounts): the server stores them at once, and before the other
    /// documents of the same push.
    const DECIDES_ACCESS: bool = false;

    fn id(&self) -> &str;

    /// Where this record replicates to.
    fn home(&self) -> Home;

    /// Text for full-text search, for the kinds that are searchable.
    fn search_text(&self) -> Option<String> {
        None
    }

    /// The kind's own rules on a change from `before` (None: created) to `after`, run after
    /// the rules every kind shares (`rules::check`).
    fn rules(_ctx: &RuleContext, _before: Option<&Self>, _after: &Self) -> Checked {
        Ok(())
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

/// The SQL that makes a kind's index table and its indexes, from its declaration.
pub fn index_table_sql<R: Record>() -> Vec<String> {
    let table = R::KIND.table();
    let mut cols = vec![
        "id TEXT PRIMARY KEY".to_string(),
        "json TEXT NOT NULL".into(),
    ];
    cols.extend(
        R::COLUMNS
            .iter()
            .map(|c| format!("{} {}", c.name, c.ty.sql())),
    );
    let mut out = vec![format!("CREATE TABLE {table} ({})", cols.join(", "))];
    out.extend(
        R::INDEXES
            .iter()
            .map(|(suffix, on)| format!("CREATE INDEX {table}_{suffix} ON {table}({on})")),
    );
    out
}

pub(crate) fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

pub(crate) fn opt_text(s: &Option<String>) -> SqlValue {
    match s {
        Some(s) => SqlValue::Text(s.clone()),
        None => SqlValue::Null,
    }
}

pub(crate) fn int(i: i64) -> SqlValue {
    SqlValue::Integer(i)
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

//! A territory: a region of customers that reps work and managers manage, with the rules
//! that place accounts in it.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, GeoPoint, Home, Kind, Record, Role, opt_text, text};
use crate::time::Day;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Territory {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    /// The region (or larger territory) this one belongs to.
    pub parent_id: Option<String>,
    /// Postal-code prefixes whose accounts belong here when assigned by rule.
    pub postal_prefixes: Vec<String>,
    /// A polygon (lat/lon vertices) whose accounts belong here when assigned by rule.
    pub polygon: Vec<GeoPoint>,
    /// The day the rules take effect; realignment before it leaves accounts where they are.
    pub rules_effective: Option<Day>,
}

impl Territory {
    pub fn new(env: &Env, name: impl Into<String>) -> Self {
        Territory {
            kind: Kind::Territory.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            parent_id: None,
            postal_prefixes: vec![],
            polygon: vec![],
            rules_effective: None,
        }
    }
}

impl Record for Territory {
    const KIND: Kind = Kind::Territory;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("name", |t| text(&t.name)),
        Column::text("parent_id", |t| opt_text(&t.parent_id)),
    ];
    const MIN_WRITER: Role = Role::Manager;
    const DECIDES_ACCESS: bool = true;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Global
    }
}

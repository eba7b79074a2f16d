//! A rep's plan for one local day: visits in the order they will be made.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, GeoPoint, Home, Kind, Record, text};
use crate::time::Day;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Schedule {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub owner_id: String,
    pub date: Day,
    /// IANA zone the date is in.
    pub zone: String,
    pub start: Option<GeoPoint>,
    pub visit_ids: Vec<String>,
}

impl Schedule {
    pub fn new(env: &Env, owner_id: impl Into<String>, date: Day, zone: impl Into<String>) -> Self {
        Schedule {
            kind: Kind::Schedule.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            owner_id: owner_id.into(),
            date,
            zone: zone.into(),
            start: None,
            visit_ids: vec![],
        }
    }
}

impl Record for Schedule {
    const KIND: Kind = Kind::Schedule;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("owner_id", |s| text(&s.owner_id)),
        Column::text("date", |s| text(&s.date.to_string())),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[("day", "owner_id, date")];

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::User(self.owner_id.clone())
    }
}

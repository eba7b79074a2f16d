//! Managers' targets and the rep's day: quotas and schedules.

use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{DOC_SCHEMA, GeoPoint, Kind, Record, label_enum, new_id, opt_text, text_value};
use crate::time::Day;

label_enum!(QuotaMetric {
    Revenue => "revenue",
    Orders => "orders",
    Visits => "visits",
    NewAccounts => "new_accounts",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Quota {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    /// Exactly one of `user_id` and `territory_id` is set.
    pub user_id: Option<String>,
    pub territory_id: Option<String>,
    /// `YYYY-MM` for a month, `YYYY-Qn` for a quarter.
    pub period: String,
    pub metric: QuotaMetric,
    /// Minor units for revenue, a count otherwise.
    pub target: i64,
}

impl Quota {
    pub fn new(period: impl Into<String>, metric: QuotaMetric, target: i64) -> Self {
        Quota {
            kind: Kind::Quota.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            user_id: None,
            territory_id: None,
            period: period.into(),
            metric,
            target,
        }
    }
}

impl Record for Quota {
    const KIND: Kind = Kind::Quota;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("user_id", opt_text(&self.user_id)),
            ("territory_id", opt_text(&self.territory_id)),
            ("period", text_value(&self.period)),
            ("metric", text_value(self.metric.as_str())),
        ]
    }
}

/// A rep's plan for one local day: visits in the order they will be made.
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
    pub fn new(owner_id: impl Into<String>, date: Day, zone: impl Into<String>) -> Self {
        Schedule {
            kind: Kind::Schedule.as_str().into(),
            id: new_id(),
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
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("owner_id", text_value(&self.owner_id)),
            ("date", text_value(&self.date.to_string())),
        ]
    }
}

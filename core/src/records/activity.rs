//! What a rep does at a customer: visits and follow-up tasks.

use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{
    DOC_SCHEMA, GeoPoint, Kind, Record, label_enum, new_id, opt_text, text_serde, text_value,
};
use crate::time::{Day, Ts};

label_enum!(VisitStatus {
    Planned => "planned",
    CheckedIn => "checked_in",
    Completed => "completed",
    Cancelled => "cancelled",
    Missed => "missed",
});

label_enum!(TaskStatus { Open => "open", Done => "done", Cancelled => "cancelled" });

/// Where and when something happened on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Fix {
    pub at: Ts,
    pub place: Option<GeoPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Visit {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub account_id: String,
    pub owner_id: String,
    pub planned_start: Ts,
    pub planned_end: Ts,
    pub status: VisitStatus,
    pub check_in: Option<Fix>,
    pub check_out: Option<Fix>,
    #[serde(with = "text_serde")]
    pub notes: Text,
    pub outcome: String,
    /// SHA-256 hashes of photo blobs.
    pub photos: Vec<String>,
    pub created_at: Ts,
}

impl Visit {
    pub fn new(
        account_id: impl Into<String>,
        owner_id: impl Into<String>,
        planned_start: Ts,
        planned_end: Ts,
    ) -> Self {
        Visit {
            kind: Kind::Visit.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            account_id: account_id.into(),
            owner_id: owner_id.into(),
            planned_start,
            planned_end,
            status: VisitStatus::Planned,
            check_in: None,
            check_out: None,
            notes: Text::default(),
            outcome: String::new(),
            photos: vec![],
            created_at: Ts::now(),
        }
    }
}

impl Record for Visit {
    const KIND: Kind = Kind::Visit;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("account_id", text_value(&self.account_id)),
            ("owner_id", text_value(&self.owner_id)),
            ("status", text_value(self.status.as_str())),
            (
                "planned_start",
                SqlValue::Integer(self.planned_start.millis()),
            ),
            (
                "completed_at",
                self.check_out
                    .as_ref()
                    .map_or(SqlValue::Null, |f| SqlValue::Integer(f.at.millis())),
            ),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Task {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub account_id: Option<String>,
    pub owner_id: String,
    pub title: String,
    pub due: Option<Day>,
    pub status: TaskStatus,
    pub done_at: Option<Ts>,
    #[serde(with = "text_serde")]
    pub notes: Text,
    pub created_at: Ts,
}

impl Task {
    pub fn new(owner_id: impl Into<String>, title: impl Into<String>) -> Self {
        Task {
            kind: Kind::Task.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            account_id: None,
            owner_id: owner_id.into(),
            title: title.into(),
            due: None,
            status: TaskStatus::Open,
            done_at: None,
            notes: Text::default(),
            created_at: Ts::now(),
        }
    }
}

impl Record for Task {
    const KIND: Kind = Kind::Task;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("account_id", opt_text(&self.account_id)),
            ("owner_id", text_value(&self.owner_id)),
            ("status", text_value(self.status.as_str())),
            (
                "due",
                self.due
                    .map_or(SqlValue::Null, |d| SqlValue::Text(d.to_string())),
            ),
        ]
    }
}

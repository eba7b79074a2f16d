//! Visits, tasks and the day's plan.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::records as core;

use super::*;
use crate::convert::geo;

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Visit {
    pub id: String,
    pub account_id: String,
    pub owner_id: String,
    pub planned_start_ms: i64,
    pub planned_end_ms: i64,
    /// `planned`, `checked_in`, `completed`, `cancelled`, `missed`.
    pub status: String,
    pub check_in_ms: Option<i64>,
    pub check_in_place: Option<GeoPoint>,
    pub check_out_ms: Option<i64>,
    pub notes: String,
    pub outcome: String,
    /// Content hashes of the photos; `photo(hash)` returns the bytes.
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Task {
    pub id: String,
    pub account_id: Option<String>,
    pub owner_id: String,
    pub title: String,
    pub due: Option<String>,
    /// `open`, `done`, `cancelled`.
    pub status: String,
    pub done_at_ms: Option<i64>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlanStop {
    pub visit_id: String,
    pub account_id: String,
    pub account_name: String,
    pub planned_start_ms: i64,
    pub place: Option<GeoPoint>,
    pub leg_km: f64,
}

/// Today's plan: the day's visits in driving order.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DayPlan {
    pub date: String,
    pub start: Option<GeoPoint>,
    pub stops: Vec<PlanStop>,
    pub distance_km: f64,
    pub planned_order_km: f64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DueAccount {
    pub account_id: String,
    pub name: String,
    pub visit_frequency_days: i64,
    pub last_visit_ms: Option<i64>,
    pub due_on: String,
    pub overdue_days: i64,
}

impl From<core::Visit> for Visit {
    fn from(v: core::Visit) -> Self {
        Visit {
            notes: v.notes.as_str().to_string(),
            id: v.id,
            account_id: v.account_id,
            owner_id: v.owner_id,
            planned_start_ms: v.planned_start.millis(),
            planned_end_ms: v.planned_end.millis(),
            status: v.status.as_str().to_string(),
            check_in_ms: v.check_in.as_ref().map(|f| f.at.millis()),
            check_in_place: geo(v.check_in.and_then(|f| f.place)),
            check_out_ms: v.check_out.as_ref().map(|f| f.at.millis()),
            outcome: v.outcome,
            photos: v.photos,
        }
    }
}

impl From<core::Task> for Task {
    fn from(t: core::Task) -> Self {
        Task {
            notes: t.notes.as_str().to_string(),
            id: t.id,
            account_id: t.account_id,
            owner_id: t.owner_id,
            title: t.title,
            due: t.due.map(|d| d.to_string()),
            status: t.status.as_str().to_string(),
            done_at_ms: t.done_at.map(|t| t.millis()),
        }
    }
}

impl From<fieldsales_core::ops::DayPlan> for DayPlan {
    fn from(p: fieldsales_core::ops::DayPlan) -> Self {
        DayPlan {
            date: p.date.to_string(),
            start: geo(p.start),
            stops: p
                .visits
                .into_iter()
                .map(|s| PlanStop {
                    visit_id: s.visit_id,
                    account_id: s.account_id,
                    account_name: s.account_name,
                    planned_start_ms: s.planned_start.millis(),
                    place: geo(s.place),
                    leg_km: s.leg_km,
                })
                .collect(),
            distance_km: p.distance_km,
            planned_order_km: p.planned_order_km,
        }
    }
}

impl From<fieldsales_core::ops::DueAccount> for DueAccount {
    fn from(d: fieldsales_core::ops::DueAccount) -> Self {
        DueAccount {
            account_id: d.account_id,
            name: d.name,
            visit_frequency_days: d.visit_frequency_days,
            last_visit_ms: d.last_visit.map(|t| t.millis()),
            due_on: d.due_on.to_string(),
            overdue_days: d.overdue_days,
        }
    }
}

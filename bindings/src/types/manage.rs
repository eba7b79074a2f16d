//! Quotas and reports, territories, and what sync refused or merged.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::records as core;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum QuotaMetric {
    Revenue,
    Orders,
    Visits,
    NewAccounts,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Quota {
    pub id: String,
    pub user_id: Option<String>,
    pub territory_id: Option<String>,
    /// `2026-11` or `2026-Q4`.
    pub period: String,
    pub metric: QuotaMetric,
    pub target: i64,
    /// The currency of a revenue target.
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Attainment {
    pub user: Option<String>,
    pub user_id: Option<String>,
    pub territory: Option<String>,
    pub territory_id: Option<String>,
    pub metric: QuotaMetric,
    pub target: i64,
    /// The currency of a revenue row (its quota's, or another the subject sold in, with no
    /// target).
    pub currency: Option<String>,
    pub actual: i64,
    /// Orders on this device not yet accepted by the server.
    pub pending: i64,
    pub pct: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KpiGroup {
    Rep,
    Territory,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Kpi {
    pub id: String,
    pub name: String,
    /// The currency of this row's revenue: a group has a row per currency it sold in.
    pub currency: String,
    pub revenue_minor: i64,
    pub orders: i64,
    pub avg_order_minor: i64,
    pub visits_completed: i64,
    pub visits_with_order: i64,
    pub conversion_pct: f64,
    pub new_accounts: i64,
    pub quota_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Territory {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
}

/// An edit the server refused; the record was reset to the server's state.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Rejection {
    pub id: i64,
    pub doc_id: String,
    pub kind: RecordKind,
    /// A stable code: `forbidden`, `not_editable`, `invalid_transition`, ...
    pub reason: String,
    pub detail: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ConflictValue {
    /// The value as JSON text.
    pub value_json: String,
    /// Who wrote it, when known.
    pub by: Option<String>,
}

/// A field two people changed at the same time: the value every device shows, and the ones
/// that lost, kept until dismissed.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Conflict {
    pub doc_id: String,
    pub kind: RecordKind,
    pub path: String,
    pub winner: ConflictValue,
    pub losers: Vec<ConflictValue>,
    pub detected_at_ms: i64,
}

impl From<core::QuotaMetric> for QuotaMetric {
    fn from(m: core::QuotaMetric) -> Self {
        match m {
            core::QuotaMetric::Revenue => QuotaMetric::Revenue,
            core::QuotaMetric::Orders => QuotaMetric::Orders,
            core::QuotaMetric::Visits => QuotaMetric::Visits,
            core::QuotaMetric::NewAccounts => QuotaMetric::NewAccounts,
        }
    }
}

impl From<QuotaMetric> for core::QuotaMetric {
    fn from(m: QuotaMetric) -> Self {
        match m {
            QuotaMetric::Revenue => core::QuotaMetric::Revenue,
            QuotaMetric::Orders => core::QuotaMetric::Orders,
            QuotaMetric::Visits => core::QuotaMetric::Visits,
            QuotaMetric::NewAccounts => core::QuotaMetric::NewAccounts,
        }
    }
}

impl From<core::Quota> for Quota {
    fn from(q: core::Quota) -> Self {
        Quota {
            id: q.id,
            user_id: q.user_id,
            territory_id: q.territory_id,
            period: q.period,
            metric: q.metric.into(),
            target: q.target,
            currency: q.currency,
        }
    }
}

impl From<fieldsales_core::reports::AttainmentRow> for Attainment {
    fn from(r: fieldsales_core::reports::AttainmentRow) -> Self {
        Attainment {
            user: r.user,
            user_id: r.user_id,
            territory: r.territory,
            territory_id: r.territory_id,
            metric: r.metric.into(),
            target: r.target,
            currency: r.currency,
            actual: r.actual,
            pending: r.pending,
            pct: r.pct,
        }
    }
}

impl From<fieldsales_core::reports::KpiRow> for Kpi {
    fn from(r: fieldsales_core::reports::KpiRow) -> Self {
        Kpi {
            id: r.id,
            name: r.name,
            currency: r.currency,
            revenue_minor: r.revenue_minor,
            orders: r.orders,
            avg_order_minor: r.avg_order_minor,
            visits_completed: r.visits_completed,
            visits_with_order: r.visits_with_order,
            conversion_pct: r.conversion_pct,
            new_accounts: r.new_accounts,
            quota_pct: r.quota_pct,
        }
    }
}

impl From<core::Territory> for Territory {
    fn from(t: core::Territory) -> Self {
        Territory {
            id: t.id,
            name: t.name,
            parent_id: t.parent_id,
        }
    }
}

impl From<fieldsales_core::store::StoredRejection> for Rejection {
    fn from(r: fieldsales_core::store::StoredRejection) -> Self {
        Rejection {
            id: r.id,
            doc_id: r.doc_id,
            kind: r.kind.into(),
            reason: r.reason.to_string(),
            detail: r.detail,
            at_ms: r.at.millis(),
        }
    }
}

fn conflict_value(v: fieldsales_core::doc::ConflictValue) -> ConflictValue {
    ConflictValue {
        value_json: v.value.to_string(),
        by: v.by,
    }
}

impl From<fieldsales_core::store::StoredConflict> for Conflict {
    fn from(c: fieldsales_core::store::StoredConflict) -> Self {
        Conflict {
            doc_id: c.doc_id,
            kind: c.kind.into(),
            path: c.conflict.path,
            winner: conflict_value(c.conflict.winner),
            losers: c.conflict.losers.into_iter().map(conflict_value).collect(),
            detected_at_ms: c.detected_at.millis(),
        }
    }
}

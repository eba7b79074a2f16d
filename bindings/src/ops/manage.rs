//! Quotas, attainment and KPIs, managers' planning, territories, and what sync refused or
//! merged (rejections and conflicts).

use fieldsales_core::reports;

use crate::FieldSales;
use crate::convert::{all, ts};
use crate::error::Result;
use crate::types::*;

#[uniffi::export]
impl FieldSales {
    /// Set (or replace) a quota for a rep (by user name) or a territory. Managers only.
    /// `period` is a month (`2026-11`) or a quarter (`2026-Q4`); revenue targets are in minor units.
    pub fn set_quota(
        &self,
        user_name: Option<String>,
        territory_id: Option<String>,
        period: String,
        metric: QuotaMetric,
        target: i64,
    ) -> Result<Quota> {
        self.write(&[RecordKind::Quota], |s| {
            s.set_quota(
                user_name.as_deref(),
                territory_id.as_deref(),
                &period,
                metric.into(),
                target,
            )
        })
        .map(Into::into)
    }

    /// [`FieldSales::set_quota`] with the currency of a revenue target (ISO 4217).
    pub fn set_quota_in(
        &self,
        user_name: Option<String>,
        territory_id: Option<String>,
        period: String,
        metric: QuotaMetric,
        target: i64,
        currency: String,
    ) -> Result<Quota> {
        self.write(&[RecordKind::Quota], |s| {
            s.set_quota_in(
                user_name.as_deref(),
                territory_id.as_deref(),
                &period,
                metric.into(),
                target,
                &currency,
            )
        })
        .map(Into::into)
    }

    /// A period as the user typed it in their calendar (`2569-12` for a Thai user) as the
    /// Gregorian label quotas and reports use (`2026-12`).
    pub fn period_label(&self, input: String) -> Result<String> {
        self.with(|s| fieldsales_core::reports::period_label(&input, &s.identity().locale))
    }

    /// The quotas of a period this device holds.
    pub fn quotas(&self, period: String) -> Result<Vec<Quota>> {
        self.with(|s| s.quotas(Some(&period))).map(all)
    }

    /// Attainment of every quota of the period, with orders not yet synced as `pending`.
    pub fn attainment(&self, period: String) -> Result<Vec<Attainment>> {
        self.with(|s| reports::attainment(s, &period)).map(all)
    }

    /// KPIs per rep or per territory for the period.
    pub fn kpis(&self, period: String, by: KpiGroup) -> Result<Vec<Kpi>> {
        let by = match by {
            KpiGroup::Rep => reports::KpiGroup::Rep,
            KpiGroup::Territory => reports::KpiGroup::Territory,
        };
        self.with(|s| reports::kpis(s, &period, by)).map(all)
    }

    /// A manager plans a visit for one of their reps.
    pub fn plan_visit_for(
        &self,
        user_name: String,
        account_id: String,
        start_ms: i64,
        minutes: i64,
    ) -> Result<Visit> {
        self.write(&[RecordKind::Visit], |s| {
            s.plan_visit_for(&user_name, &account_id, ts(start_ms), minutes)
        })
        .map(Into::into)
    }

    /// The territories this device holds, by name.
    pub fn territories(&self) -> Result<Vec<Territory>> {
        self.with(|s| s.territories()).map(all)
    }

    /// Give a user (by name) a territory. Returns the user's territory ids. Admins, and a
    /// manager for her reps within her own territories; the server then sends the rep its
    /// records.
    pub fn assign_territory(&self, territory_id: String, user_name: String) -> Result<Vec<String>> {
        self.write(&[RecordKind::User], |s| {
            s.assign_territory(&territory_id, &user_name)
        })
        .map(|u| u.territory_ids)
    }

    /// Take a territory from a user (by name). Returns the user's territory ids; the server
    /// then removes its records from the rep's devices.
    pub fn unassign_territory(
        &self,
        territory_id: String,
        user_name: String,
    ) -> Result<Vec<String>> {
        self.write(&[RecordKind::User], |s| {
            s.unassign_territory(&territory_id, &user_name)
        })
        .map(|u| u.territory_ids)
    }

    /// Edits the server refused, newest first. Each record was reset to the server's state.
    pub fn rejections(&self) -> Result<Vec<Rejection>> {
        self.with(|s| s.rejections()).map(all)
    }

    /// The user has seen a rejection. Whether it existed.
    pub fn dismiss_rejection(&self, id: i64) -> Result<bool> {
        self.with(|s| s.dismiss_rejection(id))
    }

    /// Fields changed by two people at once, with the values that lost.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        self.with(|s| s.conflicts()).map(all)
    }

    /// The user has settled a conflict. Whether it existed.
    pub fn dismiss_conflict(&self, doc_id: String, path: String) -> Result<bool> {
        self.with(|s| s.dismiss_conflict(&doc_id, &path))
    }
}

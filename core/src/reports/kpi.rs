//! KPIs per rep or per territory over a period.

use std::collections::BTreeMap;

use rusqlite::types::Value as SqlValue;
use serde::Serialize;

use super::{Period, SOLD, pct_of};
use crate::Store;
use crate::error::Result;
use crate::money::div_round_half_even;
use crate::records::{Quota, QuotaMetric};
use crate::store::{Filter, ListQuery};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiGroup {
    Rep,
    Territory,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct KpiRow {
    /// The rep's user id or the territory id.
    pub id: String,
    pub name: String,
    /// The currency of this row's revenue. A group that sold in several currencies has a row
    /// per currency (money of two currencies is never added); the visits, new accounts and
    /// quota are on the row of the viewer's currency.
    pub currency: String,
    pub revenue_minor: i64,
    pub orders: i64,
    pub avg_order_minor: i64,
    pub visits_completed: i64,
    /// Completed visits followed by an order from that account on the same day.
    pub visits_with_order: i64,
    /// visits_with_order / visits_completed, percent with one decimal.
    pub conversion_pct: f64,
    pub new_accounts: i64,
    /// Revenue attainment of the group's revenue quota in the period, if it has one.
    pub quota_pct: Option<f64>,
}

/// Revenue and order count of each group, per currency.
fn sales(store: &Store, sql: &str, params: &[SqlValue]) -> Result<Vec<(String, String, i64, i64)>> {
    let mut st = store.conn().prepare_cached(sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((
            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn grouped(store: &Store, sql: &str, params: &[SqlValue]) -> Result<Vec<(String, i64, i64)>> {
    let mut st = store.conn().prepare_cached(sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((
            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// KPIs of every rep (or territory) with activity in the period.
pub fn kpis(store: &Store, period_label: &str, by: KpiGroup) -> Result<Vec<KpiRow>> {
    let period = Period::parse(period_label)?;
    let (from_ms, to_ms) = period.millis();
    let (order_key, visit_key, account_key) = match by {
        KpiGroup::Rep => ("o.owner_id", "v.owner_id", "a.created_by"),
        KpiGroup::Territory => ("a.territory_id", "a.territory_id", "a.territory_id"),
    };
    let home = store.identity().currency.clone();
    // (group, currency) -> row
    let mut rows: BTreeMap<(String, String), KpiRow> = BTreeMap::new();
    let days = [
        SqlValue::Text(period.start.to_string()),
        SqlValue::Text(period.end.to_string()),
    ];
    for (id, currency, revenue, orders) in sales(
        store,
        &format!(
            "SELECT {order_key}, o.currency, coalesce(sum(o.subtotal_minor), 0), count(*)
             FROM idx_order o LEFT JOIN idx_account a ON a.id = o.account_id
             WHERE +o.status IN {SOLD} AND o.order_date >= ?1 AND o.order_date < ?2
             GROUP BY 1, 2"
        ),
        &days,
    )? {
        let r = rows.entry((id, currency)).or_default();
        r.revenue_minor = revenue;
        r.orders = orders;
    }
    let ms = [SqlValue::Integer(from_ms), SqlValue::Integer(to_ms)];
    for (id, visits, with_order) in grouped(
        store,
        &format!(
            "SELECT {visit_key}, count(*),
                coalesce(sum(EXISTS (SELECT 1 FROM idx_order o INDEXED BY idx_order_account_date
                    WHERE o.account_id = v.account_id AND o.owner_id = v.owner_id
                      AND o.status IN {SOLD}
                      AND o.order_date = date(v.completed_at / 1000, 'unixepoch'))), 0)
             FROM idx_visit v LEFT JOIN idx_account a ON a.id = v.account_id
             WHERE v.status = 'completed' AND v.completed_at >= ?1 AND v.completed_at < ?2
             GROUP BY 1"
        ),
        &ms,
    )? {
        let r = rows.entry((id, home.clone())).or_default();
        r.visits_completed = visits;
        r.visits_with_order = with_order;
    }
    for (id, n, _) in grouped(
        store,
        &format!(
            "SELECT {account_key}, count(*), 0 FROM idx_account a
             WHERE a.created_at >= ?1 AND a.created_at < ?2 GROUP BY 1"
        ),
        &ms,
    )? {
        rows.entry((id, home.clone())).or_default().new_accounts = n;
    }
    let quotas: Vec<Quota> = store.list(
        &ListQuery::default()
            .filter(Filter::eq("period", period_label.to_string()))
            .filter(Filter::eq(
                "metric",
                QuotaMetric::Revenue.as_str().to_string(),
            ))
            .limit(10_000),
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for ((id, currency), mut r) in rows {
        if id.is_empty() {
            continue; // orders of accounts without territory, when grouping by territory
        }
        r.name = match by {
            KpiGroup::Rep => store.find::<crate::records::User>(&id)?.map(|u| u.name),
            KpiGroup::Territory => store
                .find::<crate::records::Territory>(&id)?
                .map(|t| t.name),
        }
        .unwrap_or_else(|| id.clone());
        if r.orders > 0 {
            r.avg_order_minor =
                div_round_half_even(r.revenue_minor as i128, r.orders as i128) as i64;
        }
        r.conversion_pct = pct_of(r.visits_with_order, r.visits_completed);
        r.quota_pct = quotas
            .iter()
            .find(|q| {
                let quota_currency = if q.currency.is_empty() {
                    &home
                } else {
                    &q.currency
                };
                quota_currency == &currency
                    && match by {
                        KpiGroup::Rep => q.user_id.as_deref() == Some(id.as_str()),
                        KpiGroup::Territory => q.territory_id.as_deref() == Some(id.as_str()),
                    }
            })
            .map(|q| pct_of(r.revenue_minor, q.target));
        r.id = id;
        r.currency = currency;
        out.push(r);
    }
    out.sort_by(|a, b| {
        a.currency
            .cmp(&b.currency)
            .then_with(|| b.revenue_minor.cmp(&a.revenue_minor))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}

//! Quota attainment: what each quota's owner achieved in the period. On a device bound to a
//! server, orders not yet synced count apart as `pending`.

use rusqlite::types::Value as SqlValue;
use serde::Serialize;

use super::{Period, SOLD, pct_of};
use crate::Store;
use crate::error::Result;
use crate::records::{Quota, QuotaMetric};
use crate::store::{Filter, ListQuery};

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AttainmentRow {
    /// The user's name, for user quotas.
    pub user: Option<String>,
    pub user_id: Option<String>,
    /// The territory's name, for territory quotas.
    pub territory: Option<String>,
    pub territory_id: Option<String>,
    pub metric: QuotaMetric,
    /// The currency of a revenue row: its quota's, or, in a row of its own with no target,
    /// another currency the subject sold in (never added to the quota's).
    pub currency: Option<String>,
    pub target: i64,
    /// Achieved and known to the server (or everything, on a standalone store).
    pub actual: i64,
    /// Achieved on this device and not synced yet.
    pub pending: i64,
    /// (actual + pending) / target, percent with one decimal.
    pub pct: f64,
}

/// Who a figure is about: a user's own records, or a territory (with its sub-territories).
pub(crate) enum Subject {
    User(String),
    Territories(Vec<String>),
}

/// The territory and every territory under it.
pub(crate) fn territory_tree(store: &Store, id: &str) -> Result<Vec<String>> {
    let mut st = store.conn().prepare_cached(
        "WITH RECURSIVE tree(id) AS (
            SELECT ?1 UNION SELECT t.id FROM idx_territory t JOIN tree ON t.parent_id = tree.id
         ) SELECT id FROM tree",
    )?;
    let rows = st.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// (actual, pending) of one metric for a subject in a period; revenue in `currency` only.
pub(crate) fn measure(
    store: &Store,
    subject: &Subject,
    metric: QuotaMetric,
    period: &Period,
    currency: &str,
) -> Result<(i64, i64)> {
    let bound = store.identity().server_url.is_some();
    let (from_ms, to_ms) = period.millis();
    let mut params: Vec<SqlValue> = Vec::new();
    let (sql, pending_sql) = match metric {
        QuotaMetric::Revenue | QuotaMetric::Orders => {
            let value = if metric == QuotaMetric::Revenue {
                "o.subtotal_minor"
            } else {
                "1"
            };
            params.push(SqlValue::Text(period.start.to_string()));
            params.push(SqlValue::Text(period.end.to_string()));
            // an order count counts orders in every currency; revenue is one currency's
            params.push(SqlValue::Text(if metric == QuotaMetric::Revenue {
                currency.to_string()
            } else {
                String::new()
            }));
            let who = match subject {
                Subject::User(u) => {
                    params.push(SqlValue::Text(u.clone()));
                    "o.owner_id = ?4".to_string()
                }
                Subject::Territories(ts) => {
                    let ph = placeholders(4, ts.len());
                    params.extend(ts.iter().cloned().map(SqlValue::Text));
                    format!("a.territory_id IN ({ph})")
                }
            };
            let base = format!(
                "FROM idx_order o JOIN documents d ON d.id = o.id
                 LEFT JOIN idx_account a ON a.id = o.account_id
                 WHERE +o.status IN {SOLD} AND o.order_date >= ?1 AND o.order_date < ?2
                   AND (?3 = '' OR o.currency = ?3) AND {who}"
            );
            (
                format!("SELECT coalesce(sum({value}), 0) {base}"),
                format!("SELECT coalesce(sum({value}), 0) {base} AND d.dirty = 1"),
            )
        }
        QuotaMetric::Visits => {
            params.push(SqlValue::Integer(from_ms));
            params.push(SqlValue::Integer(to_ms));
            let who = match subject {
                Subject::User(u) => {
                    params.push(SqlValue::Text(u.clone()));
                    "v.owner_id = ?3".to_string()
                }
                Subject::Territories(ts) => {
                    let ph = placeholders(3, ts.len());
                    params.extend(ts.iter().cloned().map(SqlValue::Text));
                    format!("a.territory_id IN ({ph})")
                }
            };
            let base = format!(
                "FROM idx_visit v JOIN documents d ON d.id = v.id
                 LEFT JOIN idx_account a ON a.id = v.account_id
                 WHERE v.status = 'completed' AND v.completed_at >= ?1 AND v.completed_at < ?2 AND {who}"
            );
            (
                format!("SELECT count(*) {base}"),
                format!("SELECT count(*) {base} AND d.dirty = 1"),
            )
        }
        QuotaMetric::NewAccounts => {
            params.push(SqlValue::Integer(from_ms));
            params.push(SqlValue::Integer(to_ms));
            let who = match subject {
                Subject::User(u) => {
                    params.push(SqlValue::Text(u.clone()));
                    "a.created_by = ?3".to_string()
                }
                Subject::Territories(ts) => {
                    let ph = placeholders(3, ts.len());
                    params.extend(ts.iter().cloned().map(SqlValue::Text));
                    format!("a.territory_id IN ({ph})")
                }
            };
            let base = format!(
                "FROM idx_account a JOIN documents d ON d.id = a.id
                 WHERE a.created_at >= ?1 AND a.created_at < ?2 AND {who}"
            );
            (
                format!("SELECT count(*) {base}"),
                format!("SELECT count(*) {base} AND d.dirty = 1"),
            )
        }
    };
    let total: i64 = store
        .conn()
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
    let pending: i64 = if bound {
        store
            .conn()
            .prepare_cached(&pending_sql)?
            .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
    } else {
        0
    };
    Ok((total - pending, pending))
}

/// Attainment of every quota of a period held in this store.
pub fn attainment(store: &Store, period_label: &str) -> Result<Vec<AttainmentRow>> {
    let period = Period::parse(period_label)?;
    let quotas: Vec<Quota> = store.list(
        &ListQuery::default()
            .filter(Filter::eq("period", period_label.to_string()))
            .order("metric", false)
            .limit(10_000),
    )?;
    let mut out = Vec::with_capacity(quotas.len());
    for q in quotas {
        let (subject, user, territory) = match (&q.user_id, &q.territory_id) {
            (Some(u), _) => {
                let name = store
                    .find::<crate::records::User>(u)?
                    .map(|u| u.name)
                    .unwrap_or_else(|| u.clone());
                (Subject::User(u.clone()), Some(name), None)
            }
            (None, Some(t)) => {
                let name = store
                    .find::<crate::records::Territory>(t)?
                    .map(|t| t.name)
                    .unwrap_or_else(|| t.clone());
                (
                    Subject::Territories(territory_tree(store, t)?),
                    None,
                    Some(name),
                )
            }
            (None, None) => continue,
        };
        let currency = if q.currency.is_empty() {
            store.identity().currency.clone()
        } else {
            q.currency.clone()
        };
        let (actual, pending) = measure(store, &subject, q.metric, &period, &currency)?;
        let row = AttainmentRow {
            user,
            user_id: q.user_id.clone(),
            territory,
            territory_id: q.territory_id.clone(),
            metric: q.metric,
            currency: (q.metric == QuotaMetric::Revenue).then(|| currency.clone()),
            target: q.target,
            actual,
            pending,
            pct: pct_of(actual + pending, q.target),
        };
        if q.metric == QuotaMetric::Revenue {
            // what the subject sold in other currencies: rows of their own, never summed in
            for other in sold_currencies(store, &subject, &period)? {
                if other == currency {
                    continue;
                }
                let (actual, pending) = measure(store, &subject, q.metric, &period, &other)?;
                out.push(AttainmentRow {
                    currency: Some(other),
                    target: 0,
                    actual,
                    pending,
                    pct: 0.0,
                    ..row.clone()
                });
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// The currencies of a subject's sold orders in a period.
fn sold_currencies(store: &Store, subject: &Subject, period: &Period) -> Result<Vec<String>> {
    let mut params = vec![
        SqlValue::Text(period.start.to_string()),
        SqlValue::Text(period.end.to_string()),
    ];
    let who = match subject {
        Subject::User(u) => {
            params.push(SqlValue::Text(u.clone()));
            "o.owner_id = ?3".to_string()
        }
        Subject::Territories(ts) => {
            params.extend(ts.iter().cloned().map(SqlValue::Text));
            format!("a.territory_id IN ({})", placeholders(3, ts.len()))
        }
    };
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT DISTINCT o.currency FROM idx_order o LEFT JOIN idx_account a ON a.id = o.account_id
         WHERE +o.status IN {SOLD} AND o.order_date >= ?1 AND o.order_date < ?2 AND {who}
         ORDER BY 1"
    ))?;
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

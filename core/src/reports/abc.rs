//! ABC segmentation by trailing-12-month revenue: A are the top accounts making 80% of
//! revenue, B the next 15%, C the rest (including accounts without revenue). Accounts are
//! ranked within each currency: money of two currencies is never added or compared.

use serde::Serialize;

use super::SOLD;
use crate::Store;
use crate::error::Result;
use crate::time::Day;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AbcRow {
    pub account_id: String,
    pub name: String,
    /// The currency the account's revenue is in (the account's own, if it has none).
    pub currency: String,
    pub revenue_minor: i64,
    /// The account's share of all revenue in its currency, basis points.
    pub share_bp: i64,
    /// "A", "B" or "C".
    pub class: String,
    /// The segment the account has now.
    pub segment: String,
}

/// Classify every account by its revenue in the 365 days up to and including `today`.
pub fn abc(store: &Store, today: Day) -> Result<Vec<AbcRow>> {
    let from = Day(today.0 - chrono::Days::new(364));
    let to = Day(today.0 + chrono::Days::new(1));
    let mut st = store.conn().prepare_cached(&format!(
        "WITH r AS (SELECT account_id, currency, sum(subtotal_minor) AS revenue FROM idx_order
                    WHERE +status IN {SOLD} AND order_date >= ?1 AND order_date < ?2
                    GROUP BY account_id, currency)
         SELECT a.id, a.name, a.segment, r.currency, r.revenue FROM idx_account a
           JOIN r ON r.account_id = a.id
         UNION ALL
         SELECT a.id, a.name, a.segment, coalesce(json_extract(a.json, '$.currency'), ?3), 0
           FROM idx_account a WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.account_id = a.id)
         ORDER BY 4, 5 DESC, 1"
    ))?;
    let rows = st.query_map(
        rusqlite::params![from.to_string(), to.to_string(), store.identity().currency],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    let all: Vec<(String, String, String, String, i64)> = rows.collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(all.len());
    // rows come sorted by currency, then revenue: classify each currency's run on its own
    for run in all.chunk_by(|a, b| a.3 == b.3) {
        let total: i128 = run.iter().map(|r| r.4 as i128).sum();
        let mut before: i128 = 0;
        for (account_id, name, segment, currency, revenue) in run.iter().cloned() {
            // the class of an account is decided by the revenue ranked above it: the account
            // that crosses 80% still belongs to A
            let class = if revenue <= 0 || total == 0 {
                "C"
            } else if before * 100 < total * 80 {
                "A"
            } else if before * 100 < total * 95 {
                "B"
            } else {
                "C"
            };
            before += revenue as i128;
            let share_bp = if total > 0 {
                crate::money::div_round_half_even(revenue as i128 * 10_000, total) as i64
            } else {
                0
            };
            out.push(AbcRow {
                account_id,
                name,
                currency,
                revenue_minor: revenue,
                share_bp,
                class: class.to_string(),
                segment,
            });
        }
    }
    Ok(out)
}

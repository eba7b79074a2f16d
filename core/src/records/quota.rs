//! A manager's target for a rep or a territory in a period.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, Role, label_enum, opt_text, text};

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
    /// The currency of a revenue target: orders in other currencies never count towards it.
    /// Quotas made before currencies read as empty: the viewer's currency.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub currency: String,
}

impl Quota {
    pub fn new(env: &Env, period: impl Into<String>, metric: QuotaMetric, target: i64) -> Self {
        Quota {
            kind: Kind::Quota.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            user_id: None,
            territory_id: None,
            period: period.into(),
            metric,
            target,
            currency: String::new(),
        }
    }
}

impl Record for Quota {
    const KIND: Kind = Kind::Quota;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("user_id", |q| opt_text(&q.user_id)),
        Column::text("territory_id", |q| opt_text(&q.territory_id)),
        Column::text("period", |q| text(&q.period)),
        Column::text("metric", |q| text(q.metric.as_str())),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[("period", "period")];
    const MIN_WRITER: Role = Role::Manager;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        match (&self.user_id, &self.territory_id) {
            (Some(u), _) => Home::User(u.clone()),
            (None, t) => Home::Territory(t.clone()),
        }
    }
}

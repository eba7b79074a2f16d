//! An account: a customer, with its addresses, its place on the map, its commercial terms and
//! the territory that works it.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, Role, int, opt_text, text, text_serde};
use crate::rules::{Checked, RuleContext, RuleViolation};
use crate::time::Ts;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Address {
    pub street: String,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// A WGS-84 point. Geography is not money: floats are fine here.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    pub fn new(lat: f64, lon: f64) -> crate::error::Result<Self> {
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(crate::error::Error::invalid(format!(
                "({lat}, {lon}) is not a point on Earth"
            )));
        }
        Ok(GeoPoint { lat, lon })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Account {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub billing: Address,
    pub shipping: Address,
    pub geo: Option<GeoPoint>,
    /// ABC class or any segment label price lists can target.
    pub segment: String,
    pub price_list_id: Option<String>,
    pub payment_terms_days: i64,
    pub credit_limit_minor: i64,
    pub currency: String,
    /// Visit every N days; 0 means no fixed rhythm.
    pub visit_frequency_days: i64,
    pub tags: Vec<String>,
    #[serde(with = "text_serde")]
    pub notes: Text,
    pub territory_id: Option<String>,
    /// Set when a territory rule (postal prefix, polygon) placed the account, so a later
    /// realignment may move it; an explicit assignment is never overridden by a rule.
    pub territory_by_rule: bool,
    /// The user who created the account (for "new accounts" quotas).
    pub created_by: String,
    pub created_at: Ts,
    // Special conditions and locale, added later: documents made before them read as the
    // defaults (no default discount, no terms, English).
    /// The customer's language and region (BCP 47): quotes and receipts are printed in it.
    #[autosurgeon(missing = "default_locale")]
    #[serde(default = "default_locale")]
    pub locale: String,
    /// Default discount in basis points applied to new quotes and orders for this customer.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub discount_bp: i64,
    /// Free-text conditions agreed with this customer, copied onto new quotes.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub terms: String,
}

/// The commercial conditions a manager agrees with a customer: a rep reads them, never changes
/// them.
fn conditions(a: &Account) -> (i64, i64, i64, &str, Option<&str>) {
    (
        a.discount_bp,
        a.credit_limit_minor,
        a.payment_terms_days,
        a.terms.as_str(),
        a.price_list_id.as_deref(),
    )
}

fn default_locale() -> String {
    crate::locale::DEFAULT_LOCALE.to_string()
}

impl Account {
    pub fn new(env: &Env, name: impl Into<String>) -> Self {
        Account {
            kind: Kind::Account.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            legal_name: String::new(),
            tax_id: String::new(),
            phone: String::new(),
            email: String::new(),
            billing: Address::default(),
            shipping: Address::default(),
            geo: None,
            segment: String::new(),
            price_list_id: None,
            payment_terms_days: 30,
            credit_limit_minor: 0,
            currency: "EUR".into(),
            visit_frequency_days: 0,
            tags: vec![],
            notes: Text::default(),
            territory_id: None,
            territory_by_rule: false,
            created_by: String::new(),
            created_at: env.now(),
            locale: default_locale(),
            discount_bp: 0,
            terms: String::new(),
        }
    }
}

impl Record for Account {
    const KIND: Kind = Kind::Account;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("name", |a| text(&a.name)),
        Column::text("city", |a| text(&a.billing.city)),
        Column::text("postal_code", |a| text(&a.billing.postal_code)),
        Column::text("territory_id", |a| opt_text(&a.territory_id)),
        Column::text("segment", |a| text(&a.segment)),
        Column::real("lat", |a| {
            a.geo.map_or(SqlValue::Null, |g| SqlValue::Real(g.lat))
        }),
        Column::real("lon", |a| {
            a.geo.map_or(SqlValue::Null, |g| SqlValue::Real(g.lon))
        }),
        Column::integer("visit_frequency_days", |a| int(a.visit_frequency_days)),
        Column::text("created_by", |a| text(&a.created_by)),
        Column::integer("created_at", |a| int(a.created_at.millis())),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[
        ("name", "name COLLATE NOCASE"),
        ("city", "city, name COLLATE NOCASE"),
        ("territory", "territory_id, name COLLATE NOCASE"),
        ("postal", "postal_code"),
        ("created", "created_at"),
    ];
    // its territory decides who reads it and everything hanging off it
    const DECIDES_ACCESS: bool = true;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Territory(self.territory_id.clone())
    }

    fn search_text(&self) -> Option<String> {
        Some(
            [
                self.name.as_str(),
                &self.legal_name,
                &self.billing.city,
                &self.billing.postal_code,
                &self.tax_id,
                &self.tags.join(" "),
            ]
            .join(" "),
        )
    }

    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        if after.name.trim().is_empty() {
            return Err(RuleViolation::InvalidRecord {
                detail: "an account needs a name".into(),
            });
        }
        if !(0..=10_000).contains(&after.discount_bp) {
            return Err(RuleViolation::InvalidRecord {
                detail: format!("account discount {} bp out of range", after.discount_bp),
            });
        }
        if after.payment_terms_days < 0 || after.credit_limit_minor < 0 {
            return Err(RuleViolation::InvalidRecord {
                detail: "payment terms and credit limit cannot be negative".into(),
            });
        }
        if ctx.role() == Some(Role::Rep) {
            match before {
                Some(before) if before.territory_id != after.territory_id => {
                    return Err(RuleViolation::forbidden(
                        "only a manager moves an account to another territory",
                    ));
                }
                Some(before) if conditions(before) != conditions(after) => {
                    return Err(RuleViolation::forbidden(
                        "only a manager sets a customer's special conditions",
                    ));
                }
                None if after.discount_bp != 0
                    || after.credit_limit_minor != 0
                    || !after.terms.is_empty() =>
                {
                    return Err(RuleViolation::forbidden(
                        "only a manager sets a customer's special conditions",
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

//! Territories, users, accounts (customers) and their contacts.

use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{DOC_SCHEMA, Kind, Record, label_enum, new_id, opt_text, text_serde, text_value};
use crate::time::Ts;

label_enum!(
    /// What a user may do (DESIGN.md section 5).
    Role { Rep => "rep", Manager => "manager", Admin => "admin" }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Territory {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    /// The region (or larger territory) this one belongs to.
    pub parent_id: Option<String>,
    /// Postal-code prefixes whose accounts belong here when assigned by rule.
    pub postal_prefixes: Vec<String>,
    /// A polygon (lat/lon vertices) whose accounts belong here when assigned by rule.
    pub polygon: Vec<GeoPoint>,
    /// The day the rules take effect; realignment before it leaves accounts where they are.
    pub rules_effective: Option<crate::time::Day>,
}

impl Territory {
    pub fn new(name: impl Into<String>) -> Self {
        Territory {
            kind: Kind::Territory.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            parent_id: None,
            postal_prefixes: vec![],
            polygon: vec![],
            rules_effective: None,
        }
    }
}

impl Record for Territory {
    const KIND: Kind = Kind::Territory;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("name", text_value(&self.name)),
            ("parent_id", opt_text(&self.parent_id)),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct User {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    pub role: Role,
    pub territory_ids: Vec<String>,
    /// The largest discount this user may give without a manager's approval.
    pub max_discount_bp: i64,
    /// IANA zone of the user's working day.
    pub zone: String,
    pub active: bool,
}

impl User {
    pub fn new(name: impl Into<String>, role: Role) -> Self {
        User {
            kind: Kind::User.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            role,
            territory_ids: vec![],
            max_discount_bp: if role == Role::Rep { 1_000 } else { 10_000 },
            zone: "UTC".into(),
            active: true,
        }
    }
}

impl Record for User {
    const KIND: Kind = Kind::User;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("name", text_value(&self.name)),
            ("role", text_value(self.role.as_str())),
            ("active", SqlValue::Integer(self.active as i64)),
        ]
    }
}

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
}

impl Account {
    pub fn new(name: impl Into<String>) -> Self {
        Account {
            kind: Kind::Account.as_str().into(),
            id: new_id(),
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
            created_at: Ts::now(),
        }
    }
}

impl Record for Account {
    const KIND: Kind = Kind::Account;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("name", text_value(&self.name)),
            ("city", text_value(&self.billing.city)),
            ("postal_code", text_value(&self.billing.postal_code)),
            ("territory_id", opt_text(&self.territory_id)),
            ("segment", text_value(&self.segment)),
            (
                "lat",
                self.geo.map_or(SqlValue::Null, |g| SqlValue::Real(g.lat)),
            ),
            (
                "lon",
                self.geo.map_or(SqlValue::Null, |g| SqlValue::Real(g.lon)),
            ),
            (
                "visit_frequency_days",
                SqlValue::Integer(self.visit_frequency_days),
            ),
            ("created_by", text_value(&self.created_by)),
            ("created_at", SqlValue::Integer(self.created_at.millis())),
        ]
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Contact {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub created_at: Ts,
}

impl Contact {
    pub fn new(account_id: impl Into<String>, name: impl Into<String>) -> Self {
        Contact {
            kind: Kind::Contact.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            account_id: account_id.into(),
            name: name.into(),
            title: String::new(),
            phone: String::new(),
            email: String::new(),
            created_at: Ts::now(),
        }
    }
}

impl Record for Contact {
    const KIND: Kind = Kind::Contact;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("account_id", text_value(&self.account_id)),
            ("name", text_value(&self.name)),
        ]
    }
    fn search_text(&self) -> Option<String> {
        Some([self.name.as_str(), &self.title, &self.email, &self.phone].join(" "))
    }
}

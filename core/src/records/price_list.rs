//! A price list: special prices per product with quantity breaks, for the accounts and
//! segments it is assigned to, within its validity.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, Role, text};
use crate::rules::{Checked, RuleContext, RuleViolation};
use crate::time::Day;

/// A unit price that applies from a minimum quantity on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct PriceBreak {
    pub min_qty_milli: i64,
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct ProductPrice {
    #[key]
    pub product_id: String,
    /// Quantity breaks; the one with the largest `min_qty_milli` not above the ordered
    /// quantity applies.
    pub breaks: Vec<PriceBreak>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct PriceList {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    pub currency: String,
    pub valid_from: Option<Day>,
    pub valid_to: Option<Day>,
    pub prices: Vec<ProductPrice>,
    /// Accounts this list is assigned to (besides those naming it as their price list).
    pub account_ids: Vec<String>,
    /// Segments this list is assigned to.
    pub segments: Vec<String>,
}

impl PriceList {
    pub fn new(env: &Env, name: impl Into<String>, currency: impl Into<String>) -> Self {
        PriceList {
            kind: Kind::PriceList.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            currency: currency.into(),
            valid_from: None,
            valid_to: None,
            prices: vec![],
            account_ids: vec![],
            segments: vec![],
        }
    }

    pub fn is_valid_on(&self, day: Day) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}

fn day(d: &Option<Day>) -> SqlValue {
    d.map_or(SqlValue::Null, |d| SqlValue::Text(d.to_string()))
}

impl Record for PriceList {
    const KIND: Kind = Kind::PriceList;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("name", |p| text(&p.name)),
        Column::text("currency", |p| text(&p.currency)),
        Column::text("valid_from", |p| day(&p.valid_from)),
        Column::text("valid_to", |p| day(&p.valid_to)),
    ];
    const MIN_WRITER: Role = Role::Manager;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Global
    }

    fn rules(_ctx: &RuleContext, _before: Option<&Self>, after: &Self) -> Checked {
        let invalid = |detail: String| Err(RuleViolation::InvalidRecord { detail });
        if after.name.trim().is_empty() {
            return invalid("a price list needs a name".into());
        }
        if crate::money::check_currency(&after.currency).is_err() {
            return invalid(format!("`{}` is not a currency", after.currency));
        }
        if let (Some(f), Some(t)) = (after.valid_from, after.valid_to)
            && t < f
        {
            return invalid(format!("valid from {f} to {t}"));
        }
        let bad_break = after
            .prices
            .iter()
            .flat_map(|p| &p.breaks)
            .any(|b| b.unit_price_minor < 0 || b.min_qty_milli < 0);
        if bad_break {
            return invalid("a list price or quantity break is negative".into());
        }
        Ok(())
    }
}

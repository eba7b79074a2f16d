//! The global catalogue: products, price lists and stock.

use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{DOC_SCHEMA, Kind, Record, new_id, text_value};
use crate::time::{Day, Ts};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Product {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub sku: String,
    pub name: String,
    /// Unit of measure: `pc`, `kg`, `box`...
    pub unit: String,
    pub tax_bp: i64,
    pub base_price_minor: i64,
    pub currency: String,
    pub active: bool,
    pub created_at: Ts,
}

impl Product {
    pub fn new(
        sku: impl Into<String>,
        name: impl Into<String>,
        base_price_minor: i64,
        currency: impl Into<String>,
        tax_bp: i64,
    ) -> Self {
        Product {
            kind: Kind::Product.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            sku: sku.into(),
            name: name.into(),
            unit: "pc".into(),
            tax_bp,
            base_price_minor,
            currency: currency.into(),
            active: true,
            created_at: Ts::now(),
        }
    }
}

impl Record for Product {
    const KIND: Kind = Kind::Product;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("sku", text_value(&self.sku)),
            ("name", text_value(&self.name)),
            ("active", SqlValue::Integer(self.active as i64)),
        ]
    }
    fn search_text(&self) -> Option<String> {
        Some(format!("{} {}", self.sku, self.name))
    }
}

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
    pub fn new(name: impl Into<String>, currency: impl Into<String>) -> Self {
        PriceList {
            kind: Kind::PriceList.as_str().into(),
            id: new_id(),
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

impl Record for PriceList {
    const KIND: Kind = Kind::PriceList;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        let day = |d: &Option<Day>| d.map_or(SqlValue::Null, |d| SqlValue::Text(d.to_string()));
        vec![
            ("name", text_value(&self.name)),
            ("currency", text_value(&self.currency)),
            ("valid_from", day(&self.valid_from)),
            ("valid_to", day(&self.valid_to)),
        ]
    }
}

/// Stock of one product in one warehouse; authored by the server / back office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Stock {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub product_id: String,
    pub warehouse: String,
    pub on_hand_milli: i64,
    pub as_of: Ts,
}

impl Stock {
    pub fn new(
        product_id: impl Into<String>,
        warehouse: impl Into<String>,
        on_hand_milli: i64,
    ) -> Self {
        Stock {
            kind: Kind::Stock.as_str().into(),
            id: new_id(),
            schema: DOC_SCHEMA,
            product_id: product_id.into(),
            warehouse: warehouse.into(),
            on_hand_milli,
            as_of: Ts::now(),
        }
    }
}

impl Record for Stock {
    const KIND: Kind = Kind::Stock;
    fn id(&self) -> &str {
        &self.id
    }
    fn index_values(&self) -> Vec<(&'static str, SqlValue)> {
        vec![
            ("product_id", text_value(&self.product_id)),
            ("warehouse", text_value(&self.warehouse)),
            ("on_hand_milli", SqlValue::Integer(self.on_hand_milli)),
        ]
    }
}

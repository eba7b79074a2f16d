//! Products and stock.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::records as core;

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub tax_bp: i64,
    pub base_price_minor: i64,
    pub currency: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub base_price_minor: i64,
    pub currency: String,
    pub tax_bp: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Stock {
    pub id: String,
    pub product_id: String,
    pub warehouse: String,
    pub on_hand_milli: i64,
    pub as_of_ms: i64,
}

impl From<core::Product> for Product {
    fn from(p: core::Product) -> Self {
        Product {
            id: p.id,
            sku: p.sku,
            name: p.name,
            unit: p.unit,
            tax_bp: p.tax_bp,
            base_price_minor: p.base_price_minor,
            currency: p.currency,
            active: p.active,
        }
    }
}

impl From<core::Stock> for Stock {
    fn from(s: core::Stock) -> Self {
        Stock {
            id: s.id,
            product_id: s.product_id,
            warehouse: s.warehouse,
            on_hand_milli: s.on_hand_milli,
            as_of_ms: s.as_of.millis(),
        }
    }
}

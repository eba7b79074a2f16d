//! A product of the global catalogue.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, Role, text};
use crate::time::Ts;

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
        env: &Env,
        sku: impl Into<String>,
        name: impl Into<String>,
        base_price_minor: i64,
        currency: impl Into<String>,
        tax_bp: i64,
    ) -> Self {
        Product {
            kind: Kind::Product.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            sku: sku.into(),
            name: name.into(),
            unit: "pc".into(),
            tax_bp,
            base_price_minor,
            currency: currency.into(),
            active: true,
            created_at: env.now(),
        }
    }
}

impl Record for Product {
    const KIND: Kind = Kind::Product;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("sku", |p| text(&p.sku)),
        Column::text("name", |p| text(&p.name)),
        Column::integer("active", |p| SqlValue::Integer(p.active as i64)),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] =
        &[("sku", "sku"), ("name", "name COLLATE NOCASE")];
    // the catalogue is the back office's
    const MIN_WRITER: Role = Role::Admin;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Global
    }

    fn search_text(&self) -> Option<String> {
        Some(format!("{} {}", self.sku, self.name))
    }
}

//! Stock of one product in one warehouse; written by the back office.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, Role, int, text};
use crate::time::Ts;

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
        env: &Env,
        product_id: impl Into<String>,
        warehouse: impl Into<String>,
        on_hand_milli: i64,
    ) -> Self {
        Stock {
            kind: Kind::Stock.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            product_id: product_id.into(),
            warehouse: warehouse.into(),
            on_hand_milli,
            as_of: env.now(),
        }
    }
}

impl Record for Stock {
    const KIND: Kind = Kind::Stock;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("product_id", |s| text(&s.product_id)),
        Column::text("warehouse", |s| text(&s.warehouse)),
        Column::integer("on_hand_milli", |s| int(s.on_hand_milli)),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[("product", "product_id")];
    const MIN_WRITER: Role = Role::Admin;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Global
    }
}

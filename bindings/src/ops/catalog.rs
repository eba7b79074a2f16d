//! Products and stock.

use fieldsales_core::ops::{NewProduct as CoreProduct, ProductQuery};

use crate::FieldSales;
use crate::convert::all;
use crate::error::Result;
use crate::types::*;

#[uniffi::export]
impl FieldSales {
    /// Active products by name, optionally searched.
    pub fn list_products(
        &self,
        search: Option<String>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Product>> {
        let q = ProductQuery {
            search,
            include_inactive: false,
            limit,
            offset,
        };
        self.with(|s| s.products(&q)).map(all)
    }

    pub fn product_by_sku(&self, sku: String) -> Result<Option<Product>> {
        self.with(|s| s.product_by_sku(&sku))
            .map(|p| p.map(Into::into))
    }

    /// A new product (admins).
    pub fn create_product(&self, product: NewProduct) -> Result<Product> {
        let p = CoreProduct::new(
            product.sku,
            product.name,
            product.base_price_minor,
            product.currency,
            product.tax_bp,
        );
        self.write(&[RecordKind::Product], |s| s.create_product(p))
            .map(Into::into)
    }

    /// Set what a warehouse has of a product, in thousandths of its unit.
    pub fn set_stock(
        &self,
        product_id: String,
        warehouse: String,
        on_hand_milli: i64,
    ) -> Result<Stock> {
        self.write(&[RecordKind::Stock], |s| {
            s.set_stock(&product_id, &warehouse, on_hand_milli)
        })
        .map(Into::into)
    }

    pub fn stock_of(&self, product_id: String) -> Result<Vec<Stock>> {
        self.with(|s| s.stock_of(&product_id)).map(all)
    }
}

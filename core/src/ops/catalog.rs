//! The catalogue: products and stock.

use serde::{Deserialize, Serialize};

use super::accounts::MAX_PAGE;
use super::non_empty;
use crate::Store;
use crate::error::{Error, Result};
use crate::money::check_currency;
use crate::records::{Product, Stock};
use crate::store::{Filter, ListQuery};

/// A new product of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub base_price_minor: i64,
    pub currency: String,
    /// Tax rate in basis points (2000 = 20%).
    pub tax_bp: i64,
    /// Unit of measure: `pc`, `kg`, `box`...
    pub unit: String,
}

impl NewProduct {
    pub fn new(
        sku: impl Into<String>,
        name: impl Into<String>,
        base_price_minor: i64,
        currency: impl Into<String>,
        tax_bp: i64,
    ) -> Self {
        NewProduct {
            sku: sku.into(),
            name: name.into(),
            base_price_minor,
            currency: currency.into(),
            tax_bp,
            unit: "pc".into(),
        }
    }
}

/// A page of the product list, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductQuery {
    /// Words the SKU or name must contain.
    pub search: Option<String>,
    /// Products no longer sold are listed too (the back office's view).
    pub include_inactive: bool,
    pub limit: u32,
    pub offset: u32,
}

impl Default for ProductQuery {
    fn default() -> Self {
        ProductQuery {
            search: None,
            include_inactive: false,
            limit: 100,
            offset: 0,
        }
    }
}

impl Store {
    /// Add a product to the catalogue. SKUs are unique.
    pub fn create_product(&mut self, new: NewProduct) -> Result<Product> {
        non_empty("sku", &new.sku)?;
        non_empty("product name", &new.name)?;
        non_empty("unit", &new.unit)?;
        check_currency(&new.currency)?;
        if new.base_price_minor < 0 {
            return Err(Error::invalid("a price cannot be negative"));
        }
        if !(0..=10_000).contains(&new.tax_bp) {
            return Err(Error::invalid(format!(
                "tax rate {} bp is out of range (0..=10000)",
                new.tax_bp
            )));
        }
        let sku = new.sku.trim();
        if self.product_by_sku(sku)?.is_some() {
            return Err(Error::invalid(format!("a product with SKU {sku} exists")));
        }
        let mut p = Product::new(
            self.env(),
            sku,
            new.name.trim(),
            new.base_price_minor,
            new.currency,
            new.tax_bp,
        );
        p.unit = new.unit.trim().to_string();
        self.create(p)
    }

    pub fn product_by_sku(&self, sku: &str) -> Result<Option<Product>> {
        Ok(self
            .list::<Product>(
                &ListQuery::default()
                    .filter(Filter::eq("sku", sku.to_string()))
                    .limit(1),
            )?
            .into_iter()
            .next())
    }

    /// A page of products by name.
    pub fn products(&self, q: &ProductQuery) -> Result<Vec<Product>> {
        let mut list = ListQuery::default()
            .order("name", false)
            .limit(q.limit.clamp(1, MAX_PAGE))
            .offset(q.offset);
        if !q.include_inactive {
            list = list.filter(Filter::eq("active", 1));
        }
        if let Some(s) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
            list = list.search(s);
        }
        self.list(&list)
    }

    /// Record the stock of a product in a warehouse (back office).
    pub fn set_stock(
        &mut self,
        product_id: &str,
        warehouse: &str,
        on_hand_milli: i64,
    ) -> Result<Stock> {
        self.require::<Product>(product_id)?;
        non_empty("warehouse", warehouse)?;
        let existing = self
            .list::<Stock>(
                &ListQuery::default()
                    .filter(Filter::eq("product_id", product_id.to_string()))
                    .filter(Filter::eq("warehouse", warehouse.to_string()))
                    .limit(1),
            )?
            .into_iter()
            .next();
        let now = self.now();
        match existing {
            Some(s) => self.update::<Stock>(&s.id, |s| {
                s.on_hand_milli = on_hand_milli;
                s.as_of = now;
                Ok(())
            }),
            None => {
                let stock = Stock::new(self.env(), product_id, warehouse, on_hand_milli);
                self.create(stock)
            }
        }
    }

    /// Stock of a product across warehouses.
    pub fn stock_of(&self, product_id: &str) -> Result<Vec<Stock>> {
        self.list(
            &ListQuery::default()
                .filter(Filter::eq("product_id", product_id.to_string()))
                .limit(100),
        )
    }
}

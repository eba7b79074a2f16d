//! Accounts, contacts and the catalogue.

use super::non_empty;
use crate::Store;
use crate::error::{Error, Result};
use crate::money::check_currency;
use crate::records::{Account, Contact, Product, Stock};
use crate::store::{Filter, ListQuery};

impl Store {
    /// Create a customer account.
    pub fn create_account(&mut self, mut account: Account) -> Result<Account> {
        non_empty("account name", &account.name)?;
        if account.created_by.is_empty() {
            account.created_by = self.identity().user_id.clone();
        }
        check_currency(&account.currency)?;
        if let Some(pl) = &account.price_list_id {
            self.require::<crate::records::PriceList>(pl)?;
        }
        self.create(account)
    }

    /// Add a contact person to an account.
    pub fn create_contact(&mut self, contact: Contact) -> Result<Contact> {
        non_empty("contact name", &contact.name)?;
        self.require::<Account>(&contact.account_id)?;
        if !contact.email.is_empty() && !contact.email.contains('@') {
            return Err(Error::invalid(format!(
                "`{}` is not an e-mail address",
                contact.email
            )));
        }
        self.create(contact)
    }

    /// The contacts of an account.
    pub fn contacts_of(&self, account_id: &str) -> Result<Vec<Contact>> {
        self.list(
            &ListQuery::default()
                .filter(Filter::eq("account_id", account_id.to_string()))
                .order("name", false)
                .limit(500),
        )
    }

    /// Add a product to the catalogue. SKUs are unique.
    pub fn create_product(&mut self, product: Product) -> Result<Product> {
        non_empty("sku", &product.sku)?;
        non_empty("product name", &product.name)?;
        check_currency(&product.currency)?;
        if product.base_price_minor < 0 {
            return Err(Error::invalid("a price cannot be negative"));
        }
        if !(0..=10_000).contains(&product.tax_bp) {
            return Err(Error::invalid(format!(
                "tax rate {} bp is out of range (0..=10000)",
                product.tax_bp
            )));
        }
        if self.product_by_sku(&product.sku)?.is_some() {
            return Err(Error::invalid(format!(
                "a product with SKU {} exists",
                product.sku
            )));
        }
        self.create(product)
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
        match existing {
            Some(s) => self.update::<Stock>(&s.id, |s| {
                s.on_hand_milli = on_hand_milli;
                s.as_of = crate::time::Ts::now();
                Ok(())
            }),
            None => self.create(Stock::new(product_id, warehouse, on_hand_milli)),
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

//! Accounts, contacts, search, products and stock.

use fieldsales_core::records as core;
use fieldsales_core::store::{Filter, ListQuery};

use crate::FieldSales;
use crate::convert::all;
use crate::error::{Result, invalid};
use crate::types::*;

fn not_empty(field: &str, v: &str) -> fieldsales_core::Result<()> {
    if v.trim().is_empty() {
        return Err(fieldsales_core::Error::invalid(format!(
            "{field} must not be empty"
        )));
    }
    Ok(())
}

#[uniffi::export]
impl FieldSales {
    /// A page of accounts by name, filtered and searched as the query says.
    pub fn list_accounts(&self, query: AccountQuery) -> Result<Vec<Account>> {
        let mut q = ListQuery {
            limit: query.limit.clamp(1, 500),
            offset: query.offset,
            ..Default::default()
        }
        .order("name", false);
        if let Some(s) = query.search.filter(|s| !s.trim().is_empty()) {
            q = q.search(s);
        }
        if let Some(c) = query.city {
            q = q.filter(Filter::eq("city", c));
        }
        if let Some(t) = query.territory_id {
            q = q.filter(Filter::eq("territory_id", t));
        }
        self.with(|s| s.list::<core::Account>(&q)).map(all)
    }

    pub fn get_account(&self, id: String) -> Result<Account> {
        self.with(|s| s.get::<core::Account>(&id)).map(Into::into)
    }

    /// An account with its contacts, visits, orders, quotes and tasks, newest first.
    pub fn account_detail(&self, id: String, history_limit: u32) -> Result<AccountDetail> {
        let limit = history_limit.clamp(1, 500);
        let of_account = |column: &str| {
            ListQuery {
                limit,
                ..Default::default()
            }
            .filter(Filter::eq("account_id", id.clone()))
            .order(column, true)
        };
        self.with(|s| {
            Ok(AccountDetail {
                account: s.get::<core::Account>(&id)?.into(),
                contacts: all(s.contacts_of(&id)?),
                visits: all(s.list::<core::Visit>(&of_account("planned_start"))?),
                orders: all(s.list::<core::Order>(&of_account("created_at"))?),
                quotes: all(s.list::<core::Quote>(&of_account("created_at"))?),
                tasks: all(s.list::<core::Task>(&of_account("due"))?),
            })
        })
    }

    pub fn create_account(&self, account: NewAccount) -> Result<Account> {
        let a = account.into_core()?;
        self.write(&[RecordKind::Account], |s| s.create_account(a))
            .map(Into::into)
    }

    pub fn edit_account(&self, id: String, edit: AccountEdit) -> Result<Account> {
        if edit.visit_frequency_days.is_some_and(|d| d < 0) {
            return Err(invalid("visit_frequency_days must not be negative"));
        }
        self.write(&[RecordKind::Account], |s| {
            if let Some(pl) = &edit.price_list_id {
                s.lookup::<core::PriceList>(pl)?;
            }
            s.update::<core::Account>(&id, |a| {
                if let Some(v) = edit.name {
                    not_empty("account name", &v)?;
                    a.name = v;
                }
                if let Some(v) = edit.phone {
                    a.phone = v;
                }
                if let Some(v) = edit.email {
                    a.email = v;
                }
                if let Some(v) = edit.street {
                    a.billing.street = v;
                }
                if let Some(v) = edit.city {
                    a.billing.city = v;
                }
                if let Some(v) = edit.postal_code {
                    a.billing.postal_code = v;
                }
                if let Some(v) = edit.segment {
                    a.segment = v;
                }
                if let Some(v) = edit.price_list_id {
                    a.price_list_id = Some(v);
                }
                if let Some(v) = edit.visit_frequency_days {
                    a.visit_frequency_days = v;
                }
                if let Some(v) = edit.notes {
                    a.notes = v.as_str().into();
                }
                Ok(())
            })
        })
        .map(Into::into)
    }

    /// Move an account (with its contacts, visits, orders, quotes, tasks) to another
    /// territory. Managers only; the server moves the related records.
    pub fn move_account(&self, id: String, territory_id: String) -> Result<Account> {
        self.write(&[RecordKind::Account], |s| {
            s.lookup::<core::Territory>(&territory_id)?;
            s.update::<core::Account>(&id, |a| {
                a.territory_id = Some(territory_id);
                a.territory_by_rule = false;
                Ok(())
            })
        })
        .map(Into::into)
    }

    pub fn create_contact(&self, contact: NewContact) -> Result<Contact> {
        let mut c = core::Contact::new(contact.account_id, contact.name);
        c.title = contact.title;
        c.phone = contact.phone;
        c.email = contact.email;
        self.write(&[RecordKind::Contact], |s| s.create_contact(c))
            .map(Into::into)
    }

    pub fn contacts_of(&self, account_id: String) -> Result<Vec<Contact>> {
        self.with(|s| {
            s.lookup::<core::Account>(&account_id)?;
            s.contacts_of(&account_id)
        })
        .map(all)
    }

    pub fn edit_contact(&self, id: String, edit: ContactEdit) -> Result<Contact> {
        self.write(&[RecordKind::Contact], |s| {
            s.update::<core::Contact>(&id, |c| {
                if let Some(v) = edit.name {
                    not_empty("contact name", &v)?;
                    c.name = v;
                }
                if let Some(v) = edit.title {
                    c.title = v;
                }
                if let Some(v) = edit.phone {
                    c.phone = v;
                }
                if let Some(v) = edit.email {
                    c.email = v;
                }
                Ok(())
            })
        })
        .map(Into::into)
    }

    /// Accounts, contacts and products whose text has every word of `text` (prefixes match).
    pub fn search(&self, text: String, limit: u32) -> Result<Vec<SearchHit>> {
        let kinds = [
            core::Kind::Account,
            core::Kind::Contact,
            core::Kind::Product,
        ];
        self.with(|s| s.search(&text, &kinds, limit.clamp(1, 200)))
            .map(all)
    }

    /// Active products by name, optionally searched.
    pub fn list_products(
        &self,
        search: Option<String>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Product>> {
        let mut q = ListQuery {
            limit: limit.clamp(1, 500),
            offset,
            ..Default::default()
        }
        .filter(Filter::eq("active", 1))
        .order("name", false);
        if let Some(s) = search.filter(|s| !s.trim().is_empty()) {
            q = q.search(s);
        }
        self.with(|s| s.list::<core::Product>(&q)).map(all)
    }

    pub fn product_by_sku(&self, sku: String) -> Result<Option<Product>> {
        self.with(|s| s.product_by_sku(&sku))
            .map(|p| p.map(Into::into))
    }

    /// A new product (managers and admins).
    pub fn create_product(&self, product: NewProduct) -> Result<Product> {
        let p = core::Product::new(
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

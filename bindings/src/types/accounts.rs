//! Accounts, contacts and search hits.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::ops;
use fieldsales_core::records as core;

use super::*;
use crate::convert::{all, geo, geo_in};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub geo: Option<GeoPoint>,
    pub segment: String,
    pub price_list_id: Option<String>,
    pub payment_terms_days: i64,
    pub credit_limit_minor: i64,
    pub currency: String,
    pub visit_frequency_days: i64,
    pub tags: Vec<String>,
    pub notes: String,
    pub territory_id: Option<String>,
    pub created_at_ms: i64,
    /// The customer's language (BCP 47), for quotes printed for them.
    pub locale: String,
    /// Special conditions: the default discount on new quotes and orders (basis points) and
    /// free-text terms copied onto new quotes.
    pub discount_bp: i64,
    pub terms: String,
}

/// A new account. Empty strings are fine for what the rep does not know yet.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewAccount {
    pub name: String,
    pub legal_name: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub geo: Option<GeoPoint>,
    pub segment: String,
    pub territory_id: Option<String>,
    pub visit_frequency_days: i64,
    /// ISO 4217 code; `None`: the user's currency.
    #[uniffi(default = None)]
    pub currency: Option<String>,
    /// BCP 47 tag of the customer's language; `None`: the user's.
    #[uniffi(default = None)]
    pub locale: Option<String>,
    #[uniffi(default = None)]
    pub tax_id: Option<String>,
}

/// The fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct AccountEdit {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub phone: Option<String>,
    #[uniffi(default = None)]
    pub email: Option<String>,
    #[uniffi(default = None)]
    pub street: Option<String>,
    #[uniffi(default = None)]
    pub city: Option<String>,
    #[uniffi(default = None)]
    pub postal_code: Option<String>,
    #[uniffi(default = None)]
    pub segment: Option<String>,
    #[uniffi(default = None)]
    pub price_list_id: Option<String>,
    #[uniffi(default = None)]
    pub visit_frequency_days: Option<i64>,
    /// A paragraph appended to the account's notes (two people's notes both survive a merge).
    #[uniffi(default = None)]
    pub note: Option<String>,
    #[uniffi(default = None)]
    pub legal_name: Option<String>,
    #[uniffi(default = None)]
    pub tax_id: Option<String>,
    #[uniffi(default = None)]
    pub locale: Option<String>,
    /// Special conditions (managers): default discount in basis points.
    #[uniffi(default = None)]
    pub discount_bp: Option<i64>,
    #[uniffi(default = None)]
    pub payment_terms_days: Option<i64>,
    #[uniffi(default = None)]
    pub terms: Option<String>,
    /// In the account currency's minor units; 0: no limit.
    #[uniffi(default = None)]
    pub credit_limit_minor: Option<i64>,
}

/// Which accounts a list shows: a search, filters, a page.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AccountQuery {
    pub search: Option<String>,
    pub city: Option<String>,
    pub territory_id: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// An account with what happened there, newest first: the account detail screen.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AccountDetail {
    pub account: Account,
    pub contacts: Vec<Contact>,
    pub visits: Vec<Visit>,
    pub orders: Vec<Order>,
    pub quotes: Vec<Quote>,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Contact {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewContact {
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ContactEdit {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub title: Option<String>,
    #[uniffi(default = None)]
    pub phone: Option<String>,
    #[uniffi(default = None)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: String,
    pub text: String,
}

impl From<core::Account> for Account {
    fn from(a: core::Account) -> Self {
        Account {
            notes: a.notes.as_str().to_string(),
            id: a.id,
            name: a.name,
            legal_name: a.legal_name,
            tax_id: a.tax_id,
            phone: a.phone,
            email: a.email,
            street: a.billing.street,
            city: a.billing.city,
            postal_code: a.billing.postal_code,
            country: a.billing.country,
            geo: geo(a.geo),
            segment: a.segment,
            price_list_id: a.price_list_id,
            payment_terms_days: a.payment_terms_days,
            credit_limit_minor: a.credit_limit_minor,
            currency: a.currency,
            visit_frequency_days: a.visit_frequency_days,
            tags: a.tags,
            territory_id: a.territory_id,
            created_at_ms: a.created_at.millis(),
            locale: a.locale,
            discount_bp: a.discount_bp,
            terms: a.terms,
        }
    }
}

impl NewAccount {
    pub(crate) fn into_core(self) -> Result<ops::NewAccount> {
        Ok(ops::NewAccount {
            name: self.name,
            legal_name: self.legal_name,
            phone: self.phone,
            email: self.email,
            street: self.street,
            city: self.city,
            postal_code: self.postal_code,
            country: self.country,
            geo: geo_in(self.geo)?,
            segment: self.segment,
            territory_id: self.territory_id,
            visit_frequency_days: self.visit_frequency_days,
            currency: self.currency,
            locale: self.locale,
            tax_id: self.tax_id.unwrap_or_default(),
            ..Default::default()
        })
    }
}

impl From<AccountEdit> for ops::AccountEdit {
    fn from(e: AccountEdit) -> Self {
        ops::AccountEdit {
            name: e.name,
            phone: e.phone,
            email: e.email,
            street: e.street,
            city: e.city,
            postal_code: e.postal_code,
            segment: e.segment,
            price_list_id: e.price_list_id,
            visit_frequency_days: e.visit_frequency_days,
            note: e.note,
            legal_name: e.legal_name,
            tax_id: e.tax_id,
            locale: e.locale,
            discount_bp: e.discount_bp,
            payment_terms_days: e.payment_terms_days,
            terms: e.terms,
            credit_limit_minor: e.credit_limit_minor,
        }
    }
}

impl From<AccountQuery> for ops::AccountQuery {
    fn from(q: AccountQuery) -> Self {
        ops::AccountQuery {
            search: q.search,
            city: q.city,
            territory_id: q.territory_id,
            limit: q.limit,
            offset: q.offset,
        }
    }
}

impl From<ops::AccountDetail> for AccountDetail {
    fn from(d: ops::AccountDetail) -> Self {
        AccountDetail {
            account: d.account.into(),
            contacts: all(d.contacts),
            visits: all(d.visits),
            orders: all(d.orders),
            quotes: all(d.quotes),
            tasks: all(d.tasks),
        }
    }
}

impl From<NewContact> for ops::NewContact {
    fn from(c: NewContact) -> Self {
        ops::NewContact {
            account_id: c.account_id,
            name: c.name,
            title: c.title,
            phone: c.phone,
            email: c.email,
        }
    }
}

impl From<ContactEdit> for ops::ContactEdit {
    fn from(e: ContactEdit) -> Self {
        ops::ContactEdit {
            name: e.name,
            title: e.title,
            phone: e.phone,
            email: e.email,
        }
    }
}

impl From<core::Contact> for Contact {
    fn from(c: core::Contact) -> Self {
        Contact {
            id: c.id,
            account_id: c.account_id,
            name: c.name,
            title: c.title,
            phone: c.phone,
            email: c.email,
        }
    }
}

impl From<fieldsales_core::store::SearchHit> for SearchHit {
    fn from(h: fieldsales_core::store::SearchHit) -> Self {
        SearchHit {
            kind: h.kind.into(),
            id: h.id,
            text: h.text,
        }
    }
}

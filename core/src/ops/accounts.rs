//! Accounts and their contacts: create, edit, move, notes, the list and detail screens, and
//! search.

use serde::{Deserialize, Serialize};

use super::{append_paragraph, nfc, non_empty};
use crate::Store;
use crate::error::{Error, Result};
use crate::locale::check_locale;
use crate::money::check_currency;
use crate::records::{
    Account, Address, Contact, GeoPoint, Kind, Order, PriceList, Quote, Task, Territory, Visit,
};
use crate::store::{Filter, ListQuery, SearchHit};

/// Most rows one list page returns: enough for a back-office export page, small enough for a
/// phone to hold.
pub const MAX_PAGE: u32 = 1_000;

/// A new customer account. Unset fields take the store's defaults: the user's currency, 30
/// days payment terms, and a territory placed by the territory rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewAccount {
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub geo: Option<GeoPoint>,
    pub segment: String,
    /// An explicit assignment that territory rules never override. `None`: the rules in
    /// effect place the account, else it goes to the creator's first territory, and a later
    /// realignment may move it.
    pub territory_id: Option<String>,
    pub price_list_id: Option<String>,
    /// `None`: the user's currency.
    pub currency: Option<String>,
    /// BCP 47 tag of the customer's language; `None`: the user's locale.
    pub locale: Option<String>,
    /// Visit every N days; 0 means no fixed rhythm.
    pub visit_frequency_days: i64,
}

impl NewAccount {
    pub fn named(name: impl Into<String>) -> Self {
        NewAccount {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// The fields of an account to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountEdit {
    pub name: Option<String>,
    pub legal_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    pub segment: Option<String>,
    pub price_list_id: Option<String>,
    pub visit_frequency_days: Option<i64>,
    pub tax_id: Option<String>,
    /// BCP 47 tag of the customer's language.
    pub locale: Option<String>,
    /// Special conditions (managers): the default discount on new quotes and orders, in basis
    /// points.
    pub discount_bp: Option<i64>,
    pub payment_terms_days: Option<i64>,
    /// Free-text conditions copied onto new quotes.
    pub terms: Option<String>,
    /// In the account's currency's minor units; 0 means no limit.
    pub credit_limit_minor: Option<i64>,
    /// A paragraph appended to the account's notes (notes are shared text: two people's
    /// notes written offline both survive the merge).
    pub note: Option<String>,
}

/// A new contact person at an account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewContact {
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

/// The fields of a contact to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactEdit {
    pub name: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A page of the account list: by name, optionally searched and filtered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountQuery {
    /// Words the account's name, city, postal code, tax id or tags must contain.
    pub search: Option<String>,
    pub city: Option<String>,
    pub territory_id: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

impl Default for AccountQuery {
    fn default() -> Self {
        AccountQuery {
            search: None,
            city: None,
            territory_id: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// An account with what happened there, newest first: what a rep reads before walking in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountDetail {
    #[serde(flatten)]
    pub account: Account,
    pub contacts: Vec<Contact>,
    pub visits: Vec<Visit>,
    pub orders: Vec<Order>,
    pub quotes: Vec<Quote>,
    pub tasks: Vec<Task>,
}

/// An e-mail address, when one is given.
fn check_email(email: &str) -> Result<()> {
    if email.is_empty() || email.contains('@') {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "`{email}` is not an e-mail address"
        )))
    }
}

fn check_visit_frequency(days: i64) -> Result<()> {
    if days < 0 {
        return Err(Error::invalid("the visit frequency cannot be negative"));
    }
    Ok(())
}

/// The special conditions an edit sets, checked before anything is written.
fn check_conditions(edit: &AccountEdit) -> Result<()> {
    if let Some(bp) = edit.discount_bp
        && !(0..=10_000).contains(&bp)
    {
        return Err(Error::invalid(format!(
            "a discount is 0 to 10000 basis points, got {bp}"
        )));
    }
    if let Some(days) = edit.payment_terms_days
        && !(0..=365).contains(&days)
    {
        return Err(Error::invalid("payment terms are 0 to 365 days"));
    }
    if let Some(limit) = edit.credit_limit_minor
        && limit < 0
    {
        return Err(Error::invalid(
            "a credit limit cannot be negative (0: no limit)",
        ));
    }
    Ok(())
}

/// Newest first, of one account: the history lists of the detail screen.
fn history(account_id: &str, column: &str, limit: u32) -> ListQuery {
    ListQuery::default()
        .filter(Filter::eq("account_id", account_id.to_string()))
        .order(column, true)
        .limit(limit)
}

impl Store {
    /// A territory this device knows: its document has arrived, or the server named it among
    /// the user's own at login (a phone may write before its first sync brings the
    /// territories).
    fn require_territory(&self, id: &str) -> Result<()> {
        if self.find::<Territory>(id)?.is_some() || self.territory_ids()?.iter().any(|t| t == id) {
            Ok(())
        } else {
            Err(Error::not_found("territory", id))
        }
    }

    /// Create a customer account. Without an explicit territory it is placed by the
    /// territory rules in effect today, else in the creator's first territory; either way a
    /// later realignment may move it.
    pub fn create_account(&mut self, new: NewAccount) -> Result<Account> {
        non_empty("account name", &new.name)?;
        check_email(&new.email)?;
        check_visit_frequency(new.visit_frequency_days)?;
        let currency = new
            .currency
            .unwrap_or_else(|| self.identity().currency.clone());
        check_currency(&currency)?;
        let locale = match &new.locale {
            Some(l) => check_locale(l)?,
            None => self.identity().locale.clone(),
        };
        if let Some(pl) = &new.price_list_id {
            self.require::<PriceList>(pl)?;
        }
        if let Some(t) = &new.territory_id {
            self.require_territory(t)?;
        }
        let mut a = Account::new(self.env(), nfc(new.name.trim()));
        a.legal_name = nfc(&new.legal_name);
        a.tax_id = new.tax_id;
        a.phone = new.phone;
        a.email = new.email;
        a.billing = Address {
            street: nfc(&new.street),
            city: nfc(&new.city),
            postal_code: new.postal_code,
            country: new.country,
        };
        a.shipping = a.billing.clone();
        a.geo = new.geo;
        a.segment = new.segment;
        a.price_list_id = new.price_list_id;
        a.currency = currency;
        a.locale = locale;
        a.visit_frequency_days = new.visit_frequency_days;
        a.created_by = self.identity().user_id.clone();
        match new.territory_id {
            Some(t) => a.territory_id = Some(t),
            None => {
                let placed = match self.rule_territory(&a)? {
                    Some(t) => Some(t),
                    None => self.territory_ids()?.into_iter().next(),
                };
                a.territory_by_rule = placed.is_some();
                a.territory_id = placed;
            }
        }
        self.create(a)
    }

    /// Change an account's fields; a note is appended to its notes.
    pub fn edit_account(&mut self, id: &str, edit: AccountEdit) -> Result<Account> {
        if let Some(name) = &edit.name {
            non_empty("account name", name)?;
        }
        if let Some(email) = &edit.email {
            check_email(email)?;
        }
        if let Some(days) = edit.visit_frequency_days {
            check_visit_frequency(days)?;
        }
        if let Some(note) = &edit.note {
            non_empty("note", note)?;
        }
        if let Some(pl) = &edit.price_list_id {
            self.require::<PriceList>(pl)?;
        }
        let locale = edit.locale.as_deref().map(check_locale).transpose()?;
        check_conditions(&edit)?;
        self.update::<Account>(id, |a| {
            if let Some(v) = edit.name {
                a.name = nfc(v.trim());
            }
            if let Some(v) = edit.legal_name {
                a.legal_name = nfc(&v);
            }
            if let Some(v) = edit.phone {
                a.phone = v;
            }
            if let Some(v) = edit.email {
                a.email = v;
            }
            if let Some(v) = edit.street {
                a.billing.street = nfc(&v);
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
            if let Some(v) = edit.tax_id {
                a.tax_id = v.trim().to_string();
            }
            if let Some(v) = locale {
                a.locale = v;
            }
            if let Some(v) = edit.discount_bp {
                a.discount_bp = v;
            }
            if let Some(v) = edit.payment_terms_days {
                a.payment_terms_days = v;
            }
            if let Some(v) = edit.terms {
                a.terms = nfc(v.trim());
            }
            if let Some(v) = edit.credit_limit_minor {
                a.credit_limit_minor = v;
            }
            if let Some(note) = edit.note {
                append_paragraph(&mut a.notes, &note);
            }
            Ok(())
        })
    }

    /// Move an account (its contacts, visits, orders, quotes and tasks follow it on the
    /// server) to another territory. An explicit assignment: territory rules no longer move
    /// it. Managers only.
    pub fn move_account(&mut self, id: &str, territory_id: &str) -> Result<Account> {
        self.require_territory(territory_id)?;
        self.update::<Account>(id, |a| {
            a.territory_id = Some(territory_id.to_string());
            a.territory_by_rule = false;
            Ok(())
        })
    }

    /// A page of accounts by name.
    pub fn accounts(&self, q: &AccountQuery) -> Result<Vec<Account>> {
        let mut list = ListQuery::default()
            .order("name", false)
            .limit(q.limit.clamp(1, MAX_PAGE))
            .offset(q.offset);
        if let Some(s) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
            list = list.search(s);
        }
        if let Some(c) = &q.city {
            list = list.filter(Filter::eq("city", c.clone()));
        }
        if let Some(t) = &q.territory_id {
            list = list.filter(Filter::eq("territory_id", t.clone()));
        }
        self.list(&list)
    }

    /// An account with its contacts and its last `history` visits, orders, quotes and tasks,
    /// newest first.
    pub fn account_detail(&mut self, id: &str, history_limit: u32) -> Result<AccountDetail> {
        let limit = history_limit.clamp(1, MAX_PAGE);
        Ok(AccountDetail {
            account: self.get::<Account>(id)?,
            contacts: self.contacts_of(id)?,
            visits: self.list(&history(id, "planned_start", limit))?,
            orders: self.list(&history(id, "created_at", limit))?,
            quotes: self.list(&history(id, "created_at", limit))?,
            tasks: self.list(&history(id, "due", limit))?,
        })
    }

    /// Add a contact person to an account.
    pub fn create_contact(&mut self, new: NewContact) -> Result<Contact> {
        non_empty("contact name", &new.name)?;
        check_email(&new.email)?;
        self.require::<Account>(&new.account_id)?;
        let mut c = Contact::new(self.env(), new.account_id, new.name.trim());
        c.title = new.title;
        c.phone = new.phone;
        c.email = new.email;
        self.create(c)
    }

    /// Change a contact's fields.
    pub fn edit_contact(&mut self, id: &str, edit: ContactEdit) -> Result<Contact> {
        if let Some(name) = &edit.name {
            non_empty("contact name", name)?;
        }
        if let Some(email) = &edit.email {
            check_email(email)?;
        }
        self.update::<Contact>(id, |c| {
            if let Some(v) = edit.name {
                c.name = v.trim().to_string();
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
    }

    /// The contacts of an account, by name.
    pub fn contacts_of(&self, account_id: &str) -> Result<Vec<Contact>> {
        self.require::<Account>(account_id)?;
        self.list(
            &ListQuery::default()
                .filter(Filter::eq("account_id", account_id.to_string()))
                .order("name", false)
                .limit(MAX_PAGE),
        )
    }

    /// Accounts, contacts and products whose text has every word of `text` (prefixes match).
    pub fn search_customers_and_products(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.search(
            text,
            &[Kind::Account, Kind::Contact, Kind::Product],
            limit.clamp(1, 200),
        )
    }
}

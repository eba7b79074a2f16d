//! Accounts, contacts and search.

use fieldsales_core::records as core;

use crate::FieldSales;
use crate::convert::all;
use crate::error::Result;
use crate::types::*;

#[uniffi::export]
impl FieldSales {
    /// A page of accounts by name, filtered and searched as the query says.
    pub fn list_accounts(&self, query: AccountQuery) -> Result<Vec<Account>> {
        let q = query.into();
        self.with(|s| s.accounts(&q)).map(all)
    }

    pub fn get_account(&self, id: String) -> Result<Account> {
        self.with(|s| s.get::<core::Account>(&id)).map(Into::into)
    }

    /// An account with its contacts, visits, orders, quotes and tasks, newest first.
    pub fn account_detail(&self, id: String, history_limit: u32) -> Result<AccountDetail> {
        self.with(|s| s.account_detail(&id, history_limit))
            .map(Into::into)
    }

    /// A new account. Without a territory it is placed by the territory rules, else in the
    /// user's first territory.
    pub fn create_account(&self, account: NewAccount) -> Result<Account> {
        let a = account.into_core()?;
        self.write(&[RecordKind::Account], |s| s.create_account(a))
            .map(Into::into)
    }

    /// Change an account's fields; `note` is appended to its notes.
    pub fn edit_account(&self, id: String, edit: AccountEdit) -> Result<Account> {
        self.write(&[RecordKind::Account], |s| s.edit_account(&id, edit.into()))
            .map(Into::into)
    }

    /// Move an account (with its contacts, visits, orders, quotes, tasks) to another
    /// territory. Managers only; the server moves the related records.
    pub fn move_account(&self, id: String, territory_id: String) -> Result<Account> {
        self.write(&[RecordKind::Account], |s| {
            s.move_account(&id, &territory_id)
        })
        .map(Into::into)
    }

    pub fn create_contact(&self, contact: NewContact) -> Result<Contact> {
        self.write(&[RecordKind::Contact], |s| s.create_contact(contact.into()))
            .map(Into::into)
    }

    pub fn contacts_of(&self, account_id: String) -> Result<Vec<Contact>> {
        self.with(|s| s.contacts_of(&account_id)).map(all)
    }

    pub fn edit_contact(&self, id: String, edit: ContactEdit) -> Result<Contact> {
        self.write(&[RecordKind::Contact], |s| s.edit_contact(&id, edit.into()))
            .map(Into::into)
    }

    /// Accounts, contacts and products whose text has every word of `text` (prefixes match).
    pub fn search(&self, text: String, limit: u32) -> Result<Vec<SearchHit>> {
        self.with(|s| s.search_customers_and_products(&text, limit))
            .map(all)
    }
}

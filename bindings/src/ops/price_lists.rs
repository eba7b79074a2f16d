//! Price lists and customers' special prices (managers and admins write; reps read).

use fieldsales_core::ops::{self, PriceListTarget};
use fieldsales_core::time::Day;

use crate::FieldSales;
use crate::convert::all;
use crate::error::Result;
use crate::types::*;

fn day(s: Option<String>) -> fieldsales_core::Result<Option<Day>> {
    s.as_deref().map(Day::parse).transpose()
}

#[uniffi::export]
impl FieldSales {
    /// Every price list, by name.
    pub fn list_price_lists(&self) -> Result<Vec<PriceList>> {
        self.with(|s| s.all_price_lists()).map(all)
    }

    pub fn get_price_list(&self, id: String) -> Result<PriceList> {
        self.with(|s| s.price_list(&id)).map(Into::into)
    }

    /// A new, empty price list in a currency, optionally valid for a period only.
    pub fn create_price_list(&self, list: NewPriceList) -> Result<PriceList> {
        self.write(&[RecordKind::PriceList], |s| {
            let new = ops::NewPriceList {
                name: list.name,
                currency: list.currency,
                valid_from: day(list.valid_from)?,
                valid_to: day(list.valid_to)?,
            };
            s.create_price_list(new)
        })
        .map(Into::into)
    }

    /// Set a product's unit price in a list from `min_qty_milli` on (0: any quantity).
    pub fn set_list_price(
        &self,
        list_id: String,
        product_id: String,
        unit_price_minor: i64,
        min_qty_milli: i64,
    ) -> Result<PriceList> {
        self.write(&[RecordKind::PriceList], |s| {
            s.set_list_price(&list_id, &product_id, unit_price_minor, min_qty_milli)
        })
        .map(Into::into)
    }

    /// Apply a list to an account.
    pub fn assign_price_list_to_account(
        &self,
        list_id: String,
        account_id: String,
    ) -> Result<PriceList> {
        self.write(&[RecordKind::PriceList], |s| {
            s.assign_price_list(&list_id, PriceListTarget::Account(account_id))
        })
        .map(Into::into)
    }

    /// Apply a list to every account of a segment.
    pub fn assign_price_list_to_segment(
        &self,
        list_id: String,
        segment: String,
    ) -> Result<PriceList> {
        self.write(&[RecordKind::PriceList], |s| {
            s.assign_price_list(&list_id, PriceListTarget::Segment(segment))
        })
        .map(Into::into)
    }
}

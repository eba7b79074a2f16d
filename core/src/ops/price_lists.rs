//! Price lists and the special prices in them, for managers and admins: create a list in a
//! currency with its validity, set a product's price (with quantity breaks), assign the list
//! to accounts or segments. Reps read them; the pricing code applies them to every new line.

use serde::{Deserialize, Serialize};

use super::{nfc, non_empty};
use crate::Store;
use crate::error::{Error, Result};
use crate::money::{QTY_ONE, check_currency};
use crate::records::{Account, PriceBreak, PriceList, Product, ProductPrice};
use crate::store::ListQuery;
use crate::time::Day;

/// A new price list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewPriceList {
    pub name: String,
    /// ISO 4217; the list prices lines of orders and quotes in this currency only.
    pub currency: String,
    pub valid_from: Option<Day>,
    pub valid_to: Option<Day>,
}

/// Who a price list applies to besides accounts that name it as their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum PriceListTarget {
    Account(String),
    /// An ABC class or any segment label set on accounts.
    Segment(String),
}

fn check_validity(from: Option<Day>, to: Option<Day>) -> Result<()> {
    match (from, to) {
        (Some(f), Some(t)) if t < f => Err(Error::invalid(format!(
            "a price list valid from {f} cannot end before, on {t}"
        ))),
        _ => Ok(()),
    }
}

impl Store {
    /// Every price list, by name.
    pub fn all_price_lists(&self) -> Result<Vec<PriceList>> {
        self.list(&ListQuery::default().order("name", false).limit(10_000))
    }

    /// One price list.
    pub fn price_list(&self, id: &str) -> Result<PriceList> {
        self.require::<PriceList>(id)
    }

    /// Create an empty price list (managers and admins).
    pub fn create_price_list(&mut self, new: NewPriceList) -> Result<PriceList> {
        non_empty("price list name", &new.name)?;
        let currency = new.currency.trim().to_uppercase();
        check_currency(&currency)?;
        check_validity(new.valid_from, new.valid_to)?;
        let mut list = PriceList::new(self.env(), nfc(new.name.trim()), currency);
        list.valid_from = new.valid_from;
        list.valid_to = new.valid_to;
        self.create(list)
    }

    /// Set a product's unit price in a list from a quantity on (`min_qty_milli` 0: any
    /// quantity). The price at the same quantity break is replaced; other breaks stay.
    pub fn set_list_price(
        &mut self,
        list_id: &str,
        product_id: &str,
        unit_price_minor: i64,
        min_qty_milli: i64,
    ) -> Result<PriceList> {
        if unit_price_minor < 0 {
            return Err(Error::invalid("a price cannot be negative"));
        }
        if !(0..=1_000_000 * QTY_ONE).contains(&min_qty_milli) {
            return Err(Error::invalid("a minimum quantity is 0 to 1,000,000 units"));
        }
        let list = self.require::<PriceList>(list_id)?;
        let product = self.require::<Product>(product_id)?;
        if product.currency != list.currency {
            return Err(Error::invalid(format!(
                "price list {} is in {}; product {} sells in {}: a list prices one currency",
                list.name, list.currency, product.sku, product.currency
            )));
        }
        self.update::<PriceList>(list_id, |l| {
            let entry = match l.prices.iter().position(|p| p.product_id == product_id) {
                Some(i) => &mut l.prices[i],
                None => {
                    l.prices.push(ProductPrice {
                        product_id: product_id.to_string(),
                        breaks: vec![],
                    });
                    let last = l.prices.len() - 1;
                    &mut l.prices[last]
                }
            };
            match entry
                .breaks
                .iter_mut()
                .find(|b| b.min_qty_milli == min_qty_milli)
            {
                Some(b) => b.unit_price_minor = unit_price_minor,
                None => {
                    entry.breaks.push(PriceBreak {
                        min_qty_milli,
                        unit_price_minor,
                    });
                    entry.breaks.sort_by_key(|b| b.min_qty_milli);
                }
            }
            Ok(())
        })
    }

    /// Apply a list to an account or a segment (again: nothing changes).
    pub fn assign_price_list(
        &mut self,
        list_id: &str,
        target: PriceListTarget,
    ) -> Result<PriceList> {
        self.require::<PriceList>(list_id)?;
        match &target {
            PriceListTarget::Account(a) => {
                self.require::<Account>(a)?;
            }
            PriceListTarget::Segment(s) => non_empty("segment", s)?,
        }
        self.update::<PriceList>(list_id, |l| {
            let (ids, id) = match target {
                PriceListTarget::Account(a) => (&mut l.account_ids, a),
                PriceListTarget::Segment(s) => (&mut l.segments, s.trim().to_string()),
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
            Ok(())
        })
    }

    /// Take a list off an account or a segment (not assigned: nothing changes).
    pub fn unassign_price_list(
        &mut self,
        list_id: &str,
        target: PriceListTarget,
    ) -> Result<PriceList> {
        self.update::<PriceList>(list_id, |l| {
            match target {
                PriceListTarget::Account(a) => l.account_ids.retain(|x| x != &a),
                PriceListTarget::Segment(s) => l.segments.retain(|x| x.as_str() != s.trim()),
            }
            Ok(())
        })
    }
}

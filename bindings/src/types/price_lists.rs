//! Price lists and their special prices.
//! The screens' records and their field-for-field conversion from the core's.

use fieldsales_core::records as core;

/// A unit price that applies from a minimum quantity on.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PriceBreak {
    pub min_qty_milli: i64,
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProductPrice {
    pub product_id: String,
    pub breaks: Vec<PriceBreak>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PriceList {
    pub id: String,
    pub name: String,
    pub currency: String,
    /// `YYYY-MM-DD`; `None`: no bound.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub prices: Vec<ProductPrice>,
    pub account_ids: Vec<String>,
    pub segments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewPriceList {
    pub name: String,
    pub currency: String,
    /// `YYYY-MM-DD`.
    #[uniffi(default = None)]
    pub valid_from: Option<String>,
    #[uniffi(default = None)]
    pub valid_to: Option<String>,
}

impl From<core::PriceList> for PriceList {
    fn from(l: core::PriceList) -> Self {
        PriceList {
            id: l.id,
            name: l.name,
            currency: l.currency,
            valid_from: l.valid_from.map(|d| d.to_string()),
            valid_to: l.valid_to.map(|d| d.to_string()),
            prices: l
                .prices
                .into_iter()
                .map(|p| ProductPrice {
                    product_id: p.product_id,
                    breaks: p
                        .breaks
                        .into_iter()
                        .map(|b| PriceBreak {
                            min_qty_milli: b.min_qty_milli,
                            unit_price_minor: b.unit_price_minor,
                        })
                        .collect(),
                })
                .collect(),
            account_ids: l.account_ids,
            segments: l.segments,
        }
    }
}

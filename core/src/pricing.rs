//! Pricing, shared by the device and the server: the unit price from the account's price list
//! at a date (validity, quantity breaks), else the product's base price; line and quote
//! discounts in basis points; tax per line. Each amount is rounded once, half to even.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::money::{BP_ONE, QTY_ONE, div_round_half_even, to_minor};
use crate::records::{Account, PriceList, Product};
use crate::time::Day;

/// A line's net and tax in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineAmounts {
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// Where a unit price came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum PriceSource {
    PriceList { price_list_id: String },
    BasePrice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitPrice {
    pub unit_price_minor: i64,
    pub currency: String,
    #[serde(flatten)]
    pub source: PriceSource,
}

fn check_bp(name: &str, bp: i64) -> Result<()> {
    if (0..=BP_ONE).contains(&bp) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "{name} must be between 0 and 10000 basis points, got {bp}"
        )))
    }
}

/// Net and tax of one line. The net is `unit x qty x (1 - line discount) x (1 - quote
/// discount)`, computed exactly and rounded once; the tax is the rounded net times the rate,
/// rounded once.
pub fn line_amounts(
    unit_price_minor: i64,
    qty_milli: i64,
    discount_bp: i64,
    extra_discount_bp: i64,
    tax_bp: i64,
) -> Result<LineAmounts> {
    check_bp("discount", discount_bp)?;
    check_bp("quote discount", extra_discount_bp)?;
    if !(0..=BP_ONE).contains(&tax_bp) {
        return Err(Error::invalid(format!(
            "tax rate {tax_bp} bp is out of range"
        )));
    }
    let gross = (unit_price_minor as i128)
        .checked_mul(qty_milli as i128)
        .and_then(|v| v.checked_mul((BP_ONE - discount_bp) as i128))
        .and_then(|v| v.checked_mul((BP_ONE - extra_discount_bp) as i128))
        .ok_or_else(|| Error::invalid("line amount out of range"))?;
    let den = QTY_ONE as i128 * BP_ONE as i128 * BP_ONE as i128;
    let net = div_round_half_even(gross, den);
    let tax = div_round_half_even(net * tax_bp as i128, BP_ONE as i128);
    Ok(LineAmounts {
        net_minor: to_minor(net)?,
        tax_minor: to_minor(tax)?,
    })
}

/// The price list that applies to `account` for `product` on `day`, by precedence:
/// the account's own list, then lists assigned to the account, then to its segment.
/// Within a tier the list valid from the latest date wins, then the smallest id.
pub fn applicable_list<'a>(
    product: &Product,
    account: &Account,
    lists: &'a [PriceList],
    day: Day,
) -> Option<&'a PriceList> {
    let tier = |l: &PriceList| -> Option<u8> {
        if account.price_list_id.as_deref() == Some(l.id.as_str()) {
            Some(0)
        } else if l.account_ids.iter().any(|a| a == &account.id) {
            Some(1)
        } else if !account.segment.is_empty() && l.segments.iter().any(|s| s == &account.segment) {
            Some(2)
        } else {
            None
        }
    };
    lists
        .iter()
        .filter(|l| l.is_valid_on(day))
        .filter(|l| l.prices.iter().any(|p| p.product_id == product.id))
        .filter_map(|l| tier(l).map(|t| (t, l)))
        .min_by(|(ta, a), (tb, b)| {
            ta.cmp(tb)
                .then_with(|| b.valid_from.cmp(&a.valid_from))
                .then_with(|| a.id.cmp(&b.id))
        })
        .map(|(_, l)| l)
}

/// The unit price of `product` for `account` on `day` at quantity `qty_milli`.
pub fn unit_price(
    product: &Product,
    account: &Account,
    lists: &[PriceList],
    day: Day,
    qty_milli: i64,
) -> UnitPrice {
    if let Some(list) = applicable_list(product, account, lists, day) {
        let entry = list.prices.iter().find(|p| p.product_id == product.id);
        let brk = entry.and_then(|e| {
            e.breaks
                .iter()
                .filter(|b| b.min_qty_milli <= qty_milli)
                .max_by_key(|b| b.min_qty_milli)
        });
        if let Some(b) = brk {
            return UnitPrice {
                unit_price_minor: b.unit_price_minor,
                currency: list.currency.clone(),
                source: PriceSource::PriceList {
                    price_list_id: list.id.clone(),
                },
            };
        }
    }
    UnitPrice {
        unit_price_minor: product.base_price_minor,
        currency: product.currency.clone(),
        source: PriceSource::BasePrice,
    }
}

/// The least unit price a line of `product` could have been given for `account` on `day`,
/// in `currency`: what [`unit_price`] gives now, or the price of any other list that applies
/// to the account and was valid that day. A device that priced the line offline may have used
/// a list that a newer one has since replaced for that day; its price is not a discount.
/// `None` when nothing prices the product in that currency.
pub fn least_valid_price(
    product: &Product,
    account: &Account,
    lists: &[PriceList],
    day: Day,
    qty_milli: i64,
    currency: &str,
) -> Option<i64> {
    let now = unit_price(product, account, lists, day, qty_milli);
    let applies = |l: &PriceList| {
        account.price_list_id.as_deref() == Some(l.id.as_str())
            || l.account_ids.iter().any(|a| a == &account.id)
            || (!account.segment.is_empty() && l.segments.iter().any(|s| s == &account.segment))
    };
    let listed = lists
        .iter()
        .filter(|l| l.currency == currency && l.is_valid_on(day) && applies(l))
        .filter_map(|l| {
            l.prices
                .iter()
                .find(|p| p.product_id == product.id)?
                .breaks
                .iter()
                .filter(|b| b.min_qty_milli <= qty_milli)
                .max_by_key(|b| b.min_qty_milli)
                .map(|b| b.unit_price_minor)
        });
    (now.currency == currency)
        .then_some(now.unit_price_minor)
        .into_iter()
        .chain(listed)
        .min()
}

/// The discount in basis points that a unit price with its own line discount gives against
/// `reference`, the price the pricing code gives: 1 - (unit x (1 - discount)) / reference,
/// rounded up so that a cut of a fraction of a basis point still counts. 0 for a reference
/// of 0 or less (nothing to discount).
pub fn implied_discount_bp(unit_price_minor: i64, discount_bp: i64, reference_minor: i64) -> i64 {
    if reference_minor <= 0 {
        return 0;
    }
    let paid = i128::from(unit_price_minor.max(0))
        * i128::from((BP_ONE - discount_bp.clamp(0, BP_ONE)).max(0))
        / i128::from(reference_minor);
    (i128::from(BP_ONE) - paid).clamp(0, i128::from(BP_ONE)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use crate::records::{PriceBreak, ProductPrice};

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn line_amounts_hand_computed() {
        // 3 x 12.50 = 37.50, -10% = 33.75, +20% tax = 6.75
        let a = line_amounts(1250, 3000, 1000, 0, 2000).unwrap();
        assert_eq!(
            a,
            LineAmounts {
                net_minor: 3375,
                tax_minor: 675
            }
        );
        // 0.333 x 9.99 = 3.32667 -> 3.33; 7% tax = 0.2331 -> 0.23
        let a = line_amounts(999, 333, 0, 0, 700).unwrap();
        assert_eq!(
            a,
            LineAmounts {
                net_minor: 333,
                tax_minor: 23
            }
        );
        // line 10% and quote 5%: 100.00 x 0.9 x 0.95 = 85.50, 19% = 16.245 -> 16.24 (half-even)
        let a = line_amounts(10000, 1000, 1000, 500, 1900).unwrap();
        assert_eq!(
            a,
            LineAmounts {
                net_minor: 8550,
                tax_minor: 1624
            }
        );
    }

    #[test]
    fn rounding_is_half_even_once_per_line() {
        // 0.5 x 0.05 = 0.025 -> 0.02 (tie, even), not 0.03
        assert_eq!(line_amounts(5, 500, 0, 0, 0).unwrap().net_minor, 2);
        // 0.5 x 0.07 = 0.035 -> 0.04 (tie, even)
        assert_eq!(line_amounts(7, 500, 0, 0, 0).unwrap().net_minor, 4);
        // Rounding once: 1.5 x 0.67 with 50% off = 0.5025 -> 0.50. Rounding after the
        // quantity (1.005 -> 1.00, then 50% -> 0.50) only agrees by luck; 0.5025 is exact here.
        assert_eq!(line_amounts(67, 1500, 5000, 0, 0).unwrap().net_minor, 50);
        // tax tie: net 0.25 at 10% = 0.025 -> 0.02
        assert_eq!(line_amounts(25, 1000, 0, 0, 1000).unwrap().tax_minor, 2);
    }

    #[test]
    fn out_of_range_discounts_and_taxes_are_refused() {
        assert!(line_amounts(100, 1000, 10_001, 0, 0).is_err());
        assert!(line_amounts(100, 1000, -1, 0, 0).is_err());
        assert!(line_amounts(100, 1000, 0, 0, -5).is_err());
        assert!(line_amounts(i64::MAX, i64::MAX, 0, 0, 0).is_err());
    }

    fn fixture() -> (Product, Account, Vec<PriceList>) {
        let product = Product::new(&Env::system(), "S1", "Widget", 1250, "EUR", 2000);
        let mut account = Account::new(&Env::system(), "Acme");
        account.segment = "A".into();
        let mut own = PriceList::new(&Env::system(), "Acme 2026", "EUR");
        own.valid_from = Some(day("2026-01-01"));
        own.valid_to = Some(day("2026-06-30"));
        own.prices.push(ProductPrice {
            product_id: product.id.clone(),
            breaks: vec![
                PriceBreak {
                    min_qty_milli: 0,
                    unit_price_minor: 1200,
                },
                PriceBreak {
                    min_qty_milli: 10_000,
                    unit_price_minor: 1100,
                },
                PriceBreak {
                    min_qty_milli: 100_000,
                    unit_price_minor: 990,
                },
            ],
        });
        account.price_list_id = Some(own.id.clone());
        let mut seg = PriceList::new(&Env::system(), "Segment A", "EUR");
        seg.segments.push("A".into());
        seg.prices.push(ProductPrice {
            product_id: product.id.clone(),
            breaks: vec![PriceBreak {
                min_qty_milli: 0,
                unit_price_minor: 1150,
            }],
        });
        (product, account, vec![seg, own])
    }

    #[test]
    fn account_list_with_quantity_breaks() {
        let (p, a, lists) = fixture();
        let on = day("2026-03-01");
        assert_eq!(unit_price(&p, &a, &lists, on, 1_000).unit_price_minor, 1200);
        assert_eq!(unit_price(&p, &a, &lists, on, 9_999).unit_price_minor, 1200);
        assert_eq!(
            unit_price(&p, &a, &lists, on, 10_000).unit_price_minor,
            1100
        );
        assert_eq!(
            unit_price(&p, &a, &lists, on, 250_000).unit_price_minor,
            990
        );
    }

    #[test]
    fn validity_falls_back_to_segment_then_base_price() {
        let (p, a, lists) = fixture();
        // after the account's list expired, the segment list applies
        let u = unit_price(&p, &a, &lists, day("2026-07-01"), 1_000);
        assert_eq!(u.unit_price_minor, 1150);
        assert_eq!(
            u.source,
            PriceSource::PriceList {
                price_list_id: lists[0].id.clone()
            }
        );
        // an account outside the segment and without a list pays the base price
        let other = Account::new(&Env::system(), "Other");
        let u = unit_price(&p, &other, &lists, day("2026-03-01"), 1_000);
        assert_eq!(u.unit_price_minor, 1250);
        assert_eq!(u.source, PriceSource::BasePrice);
        // a product missing from every list pays its base price
        let q = Product::new(&Env::system(), "S2", "Gadget", 999, "EUR", 2000);
        assert_eq!(
            unit_price(&q, &a, &lists, day("2026-03-01"), 1_000).unit_price_minor,
            999
        );
    }

    #[test]
    fn a_price_cut_is_a_discount_rounded_up() {
        // 10.00 sold at 1.00 is 90 % off; at 9.99 it is 0.1 %, 10 bp
        assert_eq!(implied_discount_bp(100, 0, 1000), 9000);
        assert_eq!(implied_discount_bp(999, 0, 1000), 10);
        // a fraction of a basis point still counts: 12.49 of 12.50 is 8 bp (7.99...)
        assert_eq!(implied_discount_bp(1249, 0, 1250), 8);
        // the line's own discount on top: 10.00 at 9.00 less 10 % = 8.10, 19 %
        assert_eq!(implied_discount_bp(900, 1000, 1000), 1900);
        // at or above the price: nothing
        assert_eq!(implied_discount_bp(1000, 0, 1000), 0);
        assert_eq!(implied_discount_bp(2000, 0, 1000), 0);
        // a free product has no price to cut
        assert_eq!(implied_discount_bp(0, 0, 0), 0);
        assert_eq!(implied_discount_bp(0, 0, 1), 10_000);
    }

    #[test]
    fn the_least_valid_price_counts_every_list_valid_that_day() {
        let (p, a, lists) = fixture();
        let on = day("2026-03-01");
        // the account's own list (12.00) and the segment's (11.50) were both valid
        assert_eq!(unit_price(&p, &a, &lists, on, 1_000).unit_price_minor, 1200);
        assert_eq!(
            least_valid_price(&p, &a, &lists, on, 1_000, "EUR"),
            Some(1150)
        );
        // quantity breaks apply to each list
        assert_eq!(
            least_valid_price(&p, &a, &lists, on, 100_000, "EUR"),
            Some(990)
        );
        // after the own list's validity only the segment's remains
        assert_eq!(
            least_valid_price(&p, &a, &lists, day("2026-07-01"), 100_000, "EUR"),
            Some(1150)
        );
        // an account the lists do not apply to pays the base price
        let other = Account::new(&Env::system(), "Other");
        assert_eq!(
            least_valid_price(&p, &other, &lists, on, 1_000, "EUR"),
            Some(1250)
        );
        // nothing prices it in another currency
        assert_eq!(
            least_valid_price(&p, &other, &lists, on, 1_000, "USD"),
            None
        );
    }

    #[test]
    fn breaks_below_the_smallest_use_the_base_price() {
        let (p, a, mut lists) = fixture();
        lists[1].prices[0]
            .breaks
            .retain(|b| b.min_qty_milli >= 10_000);
        lists.remove(0);
        let u = unit_price(&p, &a, &lists, day("2026-03-01"), 2_000);
        assert_eq!(u.unit_price_minor, 1250);
    }
}

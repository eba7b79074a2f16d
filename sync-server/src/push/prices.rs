//! The server prices order and quote lines itself, with the same pricing code the device runs
//! (`fieldsales_core::pricing`) over the catalogue and price lists it holds in `global`, at the
//! document's date: a line whose product does not exist is refused, and a unit price below
//! the one the pricing code gives is a discount that counts against the author's limit (the
//! rules read it from `RuleContext::list_prices`). A device that cut a price to 1.00 cannot
//! present it as the list price.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use fieldsales_core::any::AnyRecord;
use fieldsales_core::pricing;
use fieldsales_core::records::{
    Account, Kind, Line, Order, PriceList, Product, Quote, QuoteStatus, Record,
};
use fieldsales_core::sync::protocol::RejectReason;
use fieldsales_core::time::Day;

use super::{Change, Step};
use crate::error::Result;
use crate::scope;
use crate::store::{ServerDoc, ServerStore};

/// A document as the server holds it (staged or stored), by id.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Result<Option<ServerDoc>>;

/// The record of a stored document of kind `R` (`None` for another kind): from the record the
/// server read from its snapshot when it stored it (`ServerDoc::record`, much cheaper than
/// loading the document, which every order and quote line would pay for), else from the
/// snapshot itself (a document holding concurrent values has no such record).
fn read<R: Record>(d: &ServerDoc) -> Result<Option<R>> {
    if d.kind != R::KIND {
        return Ok(None);
    }
    if let Some(r) = d
        .record
        .as_deref()
        .and_then(|j| serde_json::from_str::<R>(j).ok())
    {
        return Ok(Some(r));
    }
    let doc = AutoCommit::load(&d.snapshot).map_err(fieldsales_core::Error::from)?;
    Ok(Some(fieldsales_core::doc::read(&doc)?))
}

/// The server's price of each line of the order or quote in `change`, by line id; `None`
/// for other kinds, for an order that carries its signed quote's lines, and for a record
/// whose customer is not an account here (its home is refused in the next step).
pub fn list_prices(
    store: &dyn ServerStore,
    lookup: Lookup<'_>,
    change: &Change,
) -> Step<Option<BTreeMap<String, i64>>> {
    let (account_id, currency, day, lines) = match &change.record {
        AnyRecord::Order(o) => {
            if change.before.is_none() && o.from_quote_id.is_some() {
                check_from_quote(lookup, change, o)?;
                return Ok(None);
            }
            (&o.account_id, &o.currency, o.order_date, &o.lines)
        }
        AnyRecord::Quote(q) => (&q.account_id, &q.currency, q.quote_date, &q.lines),
        _ => return Ok(None),
    };
    let Some(account) = lookup(account_id)?
        .map(|d| read::<Account>(&d))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    let lists: Vec<PriceList> = store
        .docs_of_kind(Kind::PriceList, scope::GLOBAL)?
        .iter()
        .map(read::<PriceList>)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let mut prices = BTreeMap::new();
    for line in lines {
        let reference = price(lookup, &account, &lists, day, currency, line)
            .map_err(|(reason, detail)| change.authorized.reject(reason, detail))?;
        prices.insert(line.line_id.clone(), reference);
    }
    Ok(Some(prices))
}

type Refusal = (RejectReason, String);

/// The least price the pricing code gives `line` for `account` on `day` (see
/// `pricing::least_valid_price`: a list valid that day that a newer one replaced still
/// counts, so a line priced offline from it is not a discount).
fn price(
    lookup: Lookup<'_>,
    account: &Account,
    lists: &[PriceList],
    day: Day,
    currency: &str,
    line: &Line,
) -> std::result::Result<i64, Refusal> {
    let unknown = || {
        (
            RejectReason::UnknownProduct,
            format!("unknown product {}", line.product_id),
        )
    };
    let product = match lookup(&line.product_id) {
        Ok(Some(d)) if d.scope == scope::GLOBAL => read::<Product>(&d).ok().flatten(),
        _ => None,
    }
    .ok_or_else(unknown)?;
    pricing::least_valid_price(&product, account, lists, day, line.qty_milli, currency).ok_or_else(
        || {
            (
                RejectReason::CurrencyMismatch,
                format!("product {} has no price in {currency}", product.id),
            )
        },
    )
}

/// A new order made from a quote keeps the quote's prices and discounts (a manager may have
/// approved them): only if that quote exists here, for the same customer, signed (or
/// converted), and the order carries exactly its lines and discount. Anything else would let
/// any order through by naming a quote.
fn check_from_quote(lookup: Lookup<'_>, change: &Change, o: &Order) -> Step<()> {
    let quote = match o.from_quote_id.as_deref() {
        Some(id) => lookup(id)?
            .map(|d| read::<Quote>(&d))
            .transpose()?
            .flatten(),
        None => None,
    };
    let same = |a: &[Line], b: &[Line]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| {
                (
                    &x.product_id,
                    x.qty_milli,
                    x.unit_price_minor,
                    x.discount_bp,
                ) == (
                    &y.product_id,
                    y.qty_milli,
                    y.unit_price_minor,
                    y.discount_bp,
                )
            })
    };
    match quote {
        Some(q)
            if matches!(q.status, QuoteStatus::Signed | QuoteStatus::Converted)
                && q.account_id == o.account_id
                && q.currency == o.currency
                && q.discount_bp == o.discount_bp
                && same(&q.lines, &o.lines) =>
        {
            Ok(())
        }
        _ => Err(change
            .authorized
            .reject(
                RejectReason::Forbidden,
                "not allowed: an order from a quote carries that signed quote's lines",
            )
            .into()),
    }
}

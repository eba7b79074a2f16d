//! Orders: lines priced from the account's price list at the order's date. Quotes use the
//! same pricing (`ops::quotes`).

use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::{Error, Result};
use crate::pricing;
use crate::records::{Account, Line, Order, OrderStatus, PriceList, Product};
use crate::rules::RuleViolation;
use crate::store::{Filter, ListQuery};
use crate::time::Day;

/// A line to add: which product, how many (thousandths), what discount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLine {
    pub product_id: String,
    pub qty_milli: i64,
    pub discount_bp: i64,
}

impl NewLine {
    pub fn new(product_id: impl Into<String>, qty_milli: i64, discount_bp: i64) -> Self {
        NewLine {
            product_id: product_id.into(),
            qty_milli,
            discount_bp,
        }
    }
}

/// A page of orders or quotes, newest first, of one account or all, of one status (its label)
/// or all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesQuery {
    pub account_id: Option<String>,
    pub status: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

impl Default for SalesQuery {
    fn default() -> Self {
        SalesQuery {
            account_id: None,
            status: None,
            limit: 50,
            offset: 0,
        }
    }
}

impl SalesQuery {
    /// The list query, with the status already checked against its kind's labels.
    pub(super) fn list(&self, status: Option<&'static str>) -> ListQuery {
        let mut q = ListQuery::default()
            .order("created_at", true)
            .limit(self.limit.clamp(1, super::MAX_PAGE))
            .offset(self.offset);
        if let Some(a) = &self.account_id {
            q = q.filter(Filter::eq("account_id", a.clone()));
        }
        if let Some(st) = status {
            q = q.filter(Filter::eq("status", st.to_string()));
        }
        q
    }
}

/// Refuse a status change the order's lifecycle does not allow, including "again".
fn transition(from: OrderStatus, to: OrderStatus) -> Result<()> {
    if crate::records::order_transition_allowed(from, to) {
        Ok(())
    } else {
        Err(RuleViolation::InvalidTransition {
            kind: "order".into(),
            from: from.to_string(),
            to: to.to_string(),
        }
        .into())
    }
}

impl Store {
    pub(super) fn price_lists(&self) -> Result<Vec<PriceList>> {
        self.list(&ListQuery::default().limit(10_000))
    }

    /// Price a new line for an account at a date, in the document's currency.
    pub(super) fn price_line(
        &self,
        account: &Account,
        lists: &[PriceList],
        day: Day,
        currency: &str,
        new: &NewLine,
        kind: &str,
    ) -> Result<Line> {
        if new.qty_milli <= 0 {
            return Err(RuleViolation::NonPositiveQuantity.into());
        }
        let product = self.find::<Product>(&new.product_id)?.ok_or_else(|| {
            Error::from(RuleViolation::UnknownProduct {
                product_id: new.product_id.clone(),
            })
        })?;
        if !product.active {
            return Err(Error::invalid(format!(
                "product {} is no longer sold",
                product.sku
            )));
        }
        let price = pricing::unit_price(&product, account, lists, day, new.qty_milli);
        if price.currency != currency {
            return Err(RuleViolation::CurrencyMismatch {
                kind: kind.into(),
                expected: currency.into(),
                found: price.currency,
            }
            .into());
        }
        let amounts = pricing::line_amounts(
            price.unit_price_minor,
            new.qty_milli,
            new.discount_bp,
            0,
            product.tax_bp,
        )?;
        Ok(Line {
            line_id: self.env().new_id(),
            product_id: product.id,
            description: product.name,
            qty_milli: new.qty_milli,
            unit_price_minor: price.unit_price_minor,
            discount_bp: new.discount_bp,
            tax_bp: product.tax_bp,
            net_minor: amounts.net_minor,
            tax_minor: amounts.tax_minor,
        })
    }

    /// The currency of a new order or quote: the account's own price list's, else the
    /// account's.
    pub(super) fn account_currency(&self, account: &Account) -> Result<String> {
        if let Some(pl) = account
            .price_list_id
            .as_deref()
            .map(|id| self.find::<PriceList>(id))
            .transpose()?
            .flatten()
        {
            return Ok(pl.currency);
        }
        Ok(if account.currency.is_empty() {
            self.identity().currency.clone()
        } else {
            account.currency.clone()
        })
    }

    /// Orders, newest first.
    pub fn orders(&self, q: &SalesQuery) -> Result<Vec<Order>> {
        let status = q
            .status
            .as_deref()
            .map(OrderStatus::parse)
            .transpose()?
            .map(|s| s.as_str());
        self.list(&q.list(status))
    }

    /// Start a draft order for an account.
    pub fn new_order(&mut self, account_id: &str) -> Result<Order> {
        self.new_order_with_lines(account_id, &[])
    }

    /// What a line would cost this account today (its price list, quantity breaks, the
    /// discount, tax), as an order entry screen shows before the line is added. Writes
    /// nothing.
    pub fn price_for(&self, account_id: &str, line: &NewLine) -> Result<Line> {
        let account = self.require::<Account>(account_id)?;
        let currency = self.account_currency(&account)?;
        let lists = self.price_lists()?;
        let today = self.today();
        self.price_line(&account, &lists, today, &currency, line, "order")
    }

    /// Create a draft order with its lines in one durable write, with the account's default
    /// discount.
    pub fn new_order_with_lines(&mut self, account_id: &str, lines: &[NewLine]) -> Result<Order> {
        let account = self.require::<Account>(account_id)?;
        let currency = self.account_currency(&account)?;
        let lists = self.price_lists()?;
        // the rep's local date: just after midnight east of UTC it is already tomorrow
        let today = self.today();
        let priced = lines
            .iter()
            .map(|l| self.price_line(&account, &lists, today, &currency, l, "order"))
            .collect::<Result<Vec<_>>>()?;
        let owner = self.identity().user_id.clone();
        let env = self.env().clone();
        self.create_numbered("", |number| {
            let mut order = Order::new(&env, number, account_id, owner, currency);
            order.order_date = today;
            order.lines = priced;
            // the customer's agreed discount, on top of each line's own
            order.discount_bp = account.discount_bp;
            order
        })
    }

    /// Add a priced line to a draft order.
    pub fn add_order_line(&mut self, order_id: &str, line: NewLine) -> Result<Order> {
        let order = self.require::<Order>(order_id)?;
        if order.status != OrderStatus::Draft {
            return Err(RuleViolation::NotEditable {
                kind: "order".into(),
                status: order.status.to_string(),
            }
            .into());
        }
        let account = self.require::<Account>(&order.account_id)?;
        let lists = self.price_lists()?;
        let priced = self.price_line(
            &account,
            &lists,
            order.order_date,
            &order.currency,
            &line,
            "order",
        )?;
        self.update::<Order>(order_id, |o| {
            o.lines.push(priced);
            Ok(())
        })
    }

    /// Change a line's quantity or discount; the unit price follows the quantity breaks.
    pub fn change_order_line(
        &mut self,
        order_id: &str,
        line_id: &str,
        qty_milli: Option<i64>,
        discount_bp: Option<i64>,
    ) -> Result<Order> {
        let order = self.require::<Order>(order_id)?;
        let current = order
            .lines
            .iter()
            .find(|l| l.line_id == line_id)
            .ok_or_else(|| Error::not_found("order line", line_id))?;
        let account = self.require::<Account>(&order.account_id)?;
        let lists = self.price_lists()?;
        let new = NewLine {
            product_id: current.product_id.clone(),
            qty_milli: qty_milli.unwrap_or(current.qty_milli),
            discount_bp: discount_bp.unwrap_or(current.discount_bp),
        };
        let repriced = self.price_line(
            &account,
            &lists,
            order.order_date,
            &order.currency,
            &new,
            "order",
        )?;
        self.update::<Order>(order_id, |o| {
            let l = o
                .lines
                .iter_mut()
                .find(|l| l.line_id == line_id)
                .ok_or_else(|| Error::not_found("order line", line_id))?;
            l.qty_milli = repriced.qty_milli;
            l.discount_bp = repriced.discount_bp;
            l.unit_price_minor = repriced.unit_price_minor;
            l.tax_bp = repriced.tax_bp;
            Ok(())
        })
    }

    pub fn remove_order_line(&mut self, order_id: &str, line_id: &str) -> Result<Order> {
        self.update::<Order>(order_id, |o| {
            let before = o.lines.len();
            o.lines.retain(|l| l.line_id != line_id);
            if o.lines.len() == before {
                return Err(Error::not_found("order line", line_id));
            }
            Ok(())
        })
    }

    /// Submit a draft order with at least one line.
    pub fn submit_order(&mut self, order_id: &str) -> Result<Order> {
        let now = self.now();
        self.update::<Order>(order_id, |o| {
            transition(o.status, OrderStatus::Submitted)?;
            if o.lines.is_empty() {
                return Err(Error::invalid(
                    "an order needs at least one line to be submitted",
                ));
            }
            o.status = OrderStatus::Submitted;
            o.submitted_at = Some(now);
            Ok(())
        })
    }

    pub fn cancel_order(&mut self, order_id: &str) -> Result<Order> {
        self.update::<Order>(order_id, |o| {
            transition(o.status, OrderStatus::Cancelled)?;
            o.status = OrderStatus::Cancelled;
            Ok(())
        })
    }
}

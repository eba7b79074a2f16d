//! Discounts on orders beyond the rep's limit: the rep asks a manager (offline; the request
//! syncs), the manager decides on their phone or the server, the decision syncs back, and the
//! order is submitted within the approved discount.

use crate::Store;
use crate::error::{Error, Result};
use crate::records::{Order, OrderStatus, QuoteApproval};
use crate::store::{Filter, ListQuery};

fn draft(o: &Order) -> Result<()> {
    if o.status == OrderStatus::Draft {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "order {} is {}: discounts are approved on drafts",
            o.number, o.status
        )))
    }
}

impl Store {
    /// Ask a manager to approve the order's discounts. A new request withdraws an earlier
    /// refusal.
    pub fn request_order_approval(&mut self, order_id: &str) -> Result<Order> {
        self.update::<Order>(order_id, |o| {
            draft(o)?;
            if o.lines.is_empty() {
                return Err(Error::invalid("an order needs at least one line"));
            }
            if o.approval.as_ref().is_some_and(|a| !a.approved) {
                o.approval = None;
            }
            o.approval_requested = true;
            Ok(())
        })
    }

    /// A manager approves the order's discounts as they stand: the decision covers its
    /// largest discount.
    pub fn approve_order_discount(&mut self, order_id: &str) -> Result<Order> {
        self.decide_order(order_id, true)
    }

    /// A manager refuses the order's discounts; the rep reworks the order.
    pub fn reject_order_discount(&mut self, order_id: &str) -> Result<Order> {
        self.decide_order(order_id, false)
    }

    fn decide_order(&mut self, order_id: &str, approved: bool) -> Result<Order> {
        let who = self.identity().clone();
        let now = self.now();
        self.update::<Order>(order_id, |o| {
            draft(o)?;
            o.approval = Some(QuoteApproval {
                approved,
                decided_by: who.user_id.clone(),
                decided_by_name: who.user_name.clone(),
                decided_at: now,
                discount_bp: o.max_discount_bp(),
            });
            o.approval_requested = false;
            Ok(())
        })
    }

    /// Draft orders whose discounts wait for a manager's decision, oldest first.
    pub fn orders_awaiting_approval(&self) -> Result<Vec<Order>> {
        self.list(
            &ListQuery::default()
                .filter(Filter::eq("approval", "requested".to_string()))
                .filter(Filter::eq(
                    "status",
                    OrderStatus::Draft.as_str().to_string(),
                ))
                .order("created_at", false)
                .limit(super::MAX_PAGE),
        )
    }
}

//! Orders.

use fieldsales_core::ops::NewLine as CoreLine;
use fieldsales_core::records as core;

use crate::FieldSales;
use crate::convert::all;
use crate::error::Result;
use crate::types::*;

#[uniffi::export]
impl FieldSales {
    /// A draft order for an account, with these lines, in one durable write.
    pub fn new_order(&self, account_id: String, lines: Vec<NewLine>) -> Result<Order> {
        let lines: Vec<CoreLine> = lines.into_iter().map(Into::into).collect();
        self.write(&[RecordKind::Order], |s| {
            s.new_order_with_lines(&account_id, &lines)
        })
        .map(Into::into)
    }

    /// What a line would cost this account today, before it is added (nothing is written).
    pub fn price_line(&self, account_id: String, line: NewLine) -> Result<Line> {
        let line = line.into();
        self.with(|s| s.price_for(&account_id, &line))
            .map(Into::into)
    }

    pub fn get_order(&self, id: String) -> Result<Order> {
        self.with(|s| s.get::<core::Order>(&id)).map(Into::into)
    }

    /// Orders, newest first, of one account or all, of one status or all.
    pub fn list_orders(
        &self,
        account_id: Option<String>,
        status: Option<String>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Order>> {
        let q = super::sales_query(account_id, status, limit, offset);
        self.with(|s| s.orders(&q)).map(all)
    }

    pub fn add_order_line(&self, order_id: String, line: NewLine) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| {
            s.add_order_line(&order_id, line.into())
        })
        .map(Into::into)
    }

    /// Change a line's quantity and/or discount; `None` keeps it.
    pub fn change_order_line(
        &self,
        order_id: String,
        line_id: String,
        qty_milli: Option<i64>,
        discount_bp: Option<i64>,
    ) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| {
            s.change_order_line(&order_id, &line_id, qty_milli, discount_bp)
        })
        .map(Into::into)
    }

    pub fn remove_order_line(&self, order_id: String, line_id: String) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| {
            s.remove_order_line(&order_id, &line_id)
        })
        .map(Into::into)
    }

    pub fn submit_order(&self, order_id: String) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| s.submit_order(&order_id))
            .map(Into::into)
    }

    pub fn cancel_order(&self, order_id: String) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| s.cancel_order(&order_id))
            .map(Into::into)
    }

    /// Ask a manager to approve the draft order's discounts (works offline; the request
    /// syncs).
    pub fn request_order_approval(&self, order_id: String) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| {
            s.request_order_approval(&order_id)
        })
        .map(Into::into)
    }

    /// A manager approves a draft order's discounts as they stand.
    pub fn approve_order_discount(&self, order_id: String) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| {
            s.approve_order_discount(&order_id)
        })
        .map(Into::into)
    }

    /// A manager refuses a draft order's discounts; the rep reworks the order.
    pub fn reject_order_discount(&self, order_id: String) -> Result<Order> {
        self.write(&[RecordKind::Order], |s| s.reject_order_discount(&order_id))
            .map(Into::into)
    }

    /// Draft orders waiting for a manager's decision on their discounts, oldest first.
    pub fn orders_awaiting_approval(&self) -> Result<Vec<Order>> {
        self.with(|s| s.orders_awaiting_approval()).map(all)
    }
}

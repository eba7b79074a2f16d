//! Orders.

use clap::Subcommand;
use fieldsales_core::Store;
use fieldsales_core::money::{format_bp, format_money, parse_qty};
use fieldsales_core::ops::{NewLine, SalesQuery};
use fieldsales_core::records::{Account, Order};

use crate::error::CliResult;
use crate::output::{Out, col, order_json, print_order, rcol};

#[derive(Subcommand)]
pub enum OrderCmd {
    /// Start a draft order.
    New {
        #[arg(long)]
        account: String,
    },
    /// Add a line, priced from the account's price list.
    AddLine {
        id: String,
        #[arg(long)]
        product: String,
        /// Quantity, decimal (3, 0.5).
        #[arg(long, allow_hyphen_values = true)]
        qty: String,
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        discount_bp: i64,
    },
    /// Change a line's quantity or discount.
    ChangeLine {
        id: String,
        #[arg(long)]
        line: String,
        #[arg(long, allow_hyphen_values = true)]
        qty: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        discount_bp: Option<i64>,
    },
    /// Remove a line.
    RemoveLine {
        id: String,
        #[arg(long)]
        line: String,
    },
    /// Submit a draft order. Discounts over your limit need a manager's approval first.
    Submit { id: String },
    /// Ask a manager to approve the order's discounts (works offline; the request syncs).
    RequestApproval { id: String },
    /// Approve a draft order's discounts as they stand (managers).
    ApproveDiscount { id: String },
    /// Refuse a draft order's discounts; the rep reworks the order (managers).
    RejectDiscount { id: String },
    /// Draft orders waiting for a manager's decision on their discounts.
    AwaitingApproval,
    /// Cancel an order.
    Cancel { id: String },
    /// One order with its lines and totals.
    Show { id: String },
    /// Orders, newest first.
    List {
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
}

pub fn order(store: &mut Store, cmd: OrderCmd, out: &Out) -> CliResult {
    let o = match cmd {
        OrderCmd::New { account } => store.new_order(&account)?,
        OrderCmd::AddLine {
            id,
            product,
            qty,
            discount_bp,
        } => store.add_order_line(&id, NewLine::new(product, parse_qty(&qty)?, discount_bp))?,
        OrderCmd::ChangeLine {
            id,
            line,
            qty,
            discount_bp,
        } => {
            let qty = qty.map(|q| parse_qty(&q)).transpose()?;
            store.change_order_line(&id, &line, qty, discount_bp)?
        }
        OrderCmd::RemoveLine { id, line } => store.remove_order_line(&id, &line)?,
        OrderCmd::Submit { id } => store.submit_order(&id)?,
        OrderCmd::RequestApproval { id } => store.request_order_approval(&id)?,
        OrderCmd::ApproveDiscount { id } => store.approve_order_discount(&id)?,
        OrderCmd::RejectDiscount { id } => store.reject_order_discount(&id)?,
        OrderCmd::AwaitingApproval => {
            let list = store.orders_awaiting_approval()?;
            return print_list(store, &list, out);
        }
        OrderCmd::Cancel { id } => store.cancel_order(&id)?,
        OrderCmd::Show { id } => store.get::<Order>(&id)?,
        OrderCmd::List {
            account,
            status,
            limit,
            offset,
        } => {
            let list = store.orders(&SalesQuery {
                account_id: account,
                status,
                limit,
                offset,
            })?;
            return print_list(store, &list, out);
        }
    };
    out.emit(&order_json(&o), || print_order(&o))
}

/// Orders one per line, with the customer's name and where a discount approval stands.
fn print_list(store: &Store, list: &[Order], out: &Out) -> CliResult {
    let json: Vec<_> = list.iter().map(order_json).collect();
    out.emit(&json, || {
        for o in list {
            let customer = match store.find::<Account>(&o.account_id) {
                Ok(Some(a)) => a.name,
                _ => o.account_id.clone(),
            };
            println!(
                "{}  {:<16} {:<10} {} {}  {}  max discount {}{}",
                o.id,
                o.number,
                o.status,
                rcol(&format_money(o.total_minor, &o.currency), 12),
                o.currency,
                col(&customer, 30),
                format_bp(o.max_discount_bp()),
                match o.approval_state() {
                    "" => String::new(),
                    s => format!("  approval {s}"),
                }
            );
        }
    })
}

//! The operations the rep's and the manager's screens need: each method is one call into the
//! core's operations plus the conversion of records and errors. One module per area, named as
//! in the core and the CLI.

mod accounts;
mod activity;
mod catalog;
mod company;
mod locale;
mod manage;
mod price_lists;
mod quotes;
mod sales;

use fieldsales_core::ops::SalesQuery;

/// The core's query for a page of orders or quotes.
fn sales_query(
    account_id: Option<String>,
    status: Option<String>,
    limit: u32,
    offset: u32,
) -> SalesQuery {
    SalesQuery {
        account_id,
        status,
        limit,
        offset,
    }
}

//! The operations the rep's and the manager's screens need, one forwarding line each.

mod accounts;
mod activity;
mod manage;
mod quotes;
mod sales;

use fieldsales_core::store::{Filter, ListQuery};

/// Newest first, of one account or all, of one status or all (the status already checked).
fn newest_of(
    account_id: Option<String>,
    status: Option<String>,
    limit: u32,
    offset: u32,
) -> ListQuery {
    let mut q = ListQuery {
        limit: limit.clamp(1, 500),
        offset,
        ..Default::default()
    }
    .order("created_at", true);
    if let Some(a) = account_id {
        q = q.filter(Filter::eq("account_id", a));
    }
    if let Some(st) = status {
        q = q.filter(Filter::eq("status", st));
    }
    q
}

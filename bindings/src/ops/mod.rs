//! The operations the rep's and the manager's screens need, one forwarding line each.

mod accounts;
mod activity;
mod manage;
mod quotes;
mod sales;

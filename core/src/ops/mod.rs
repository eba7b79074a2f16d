//! Domain operations a rep's and a manager's screens need, as methods on [`Store`]. Each is a
//! read of the index, a change through `Store::update`/`create` (so the rules always run), and
//! a typed error when the input is wrong.

mod accounts;
mod activity;
mod blobs;
mod manage;
mod quote_signing;
mod quotes;
mod sales;

pub use blobs::sha256_hex;
pub use manage::{DayPlan, DueAccount, Moved, Stop, in_polygon};
pub use quotes::QuoteTerms;
pub use sales::NewLine;

use crate::Store;
use crate::error::{Error, Result};
use crate::records::Record;

impl Store {
    /// A record that must exist in the index, with a not-found error naming its kind.
    pub(crate) fn require<R: Record>(&self, id: &str) -> Result<R> {
        self.find::<R>(id)?
            .ok_or_else(|| Error::not_found(R::KIND.as_str(), id))
    }
}

pub(crate) fn non_empty(field: &str, v: &str) -> Result<()> {
    if v.trim().is_empty() {
        Err(Error::invalid(format!("{field} must not be empty")))
    } else {
        Ok(())
    }
}

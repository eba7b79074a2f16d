//! Domain operations a rep's and a manager's screens need, as methods on [`Store`]: the CLI's
//! commands and the FFI's methods are each a call to one of these plus formatting. Each is a
//! read of the index, a change through `Store::update`/`create` (so the rules always run), and
//! a typed error when the input is wrong. One module per area, named as in the CLI and the FFI.

mod accounts;
mod activity;
mod blobs;
mod catalog;
mod company;
mod manage;
mod order_approval;
mod price_lists;
mod quote_signing;
mod quotes;
mod sales;

pub use accounts::{
    AccountDetail, AccountEdit, AccountQuery, ContactEdit, MAX_PAGE, NewAccount, NewContact,
};
pub use activity::{DaySchedule, TaskQuery, VisitQuery};
pub use blobs::sha256_hex;
pub use catalog::{NewProduct, ProductQuery};
pub use company::CompanyInput;
pub use manage::{DayPlan, DueAccount, Moved, Stop, in_polygon};
pub use price_lists::{NewPriceList, PriceListTarget};
pub use quote_signing::SignatureInput;
pub use quotes::QuoteTerms;
pub use sales::{NewLine, SalesQuery};

use autosurgeon::Text;

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

/// Append a paragraph to shared notes: an insert at the end, so notes two people wrote
/// offline both survive the merge (a rewrite of the whole text would not).
/// Positions are UTF-8 byte offsets: the unit of autosurgeon's `Text` and of automerge as
/// this workspace builds it (`utf8-indexing`).
pub(crate) fn append_paragraph(notes: &mut Text, paragraph: &str) {
    let len = notes.as_str().len();
    let sep = if len == 0 { "" } else { "\n" };
    notes.splice(len, 0, format!("{sep}{}", nfc(paragraph.trim())));
}

/// Text as it is stored: Unicode NFC, so the same words typed on two keyboards (a Vietnamese
/// "ệ" as one code point or as "e" with two combining marks) compare, search and sign alike.
pub(crate) fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

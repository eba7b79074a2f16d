//! The records the screens see. Times are UTC milliseconds (`*_ms`), days are ISO dates
//! (`YYYY-MM-DD`) on the rep's calendar, money is integer minor units (`*_minor`), quantities
//! are thousandths (`*_milli`), rates are basis points (`*_bp`). Status fields carry the core's
//! labels (`draft`, `submitted`, ...).
//!
//! One module per area, as in the core's operations; each holds its records and their
//! conversion.

mod accounts;
mod activity;
mod catalog;
mod common;
mod manage;
mod price_lists;
mod quotes;
mod sales;
mod sync;

pub use accounts::*;
pub use activity::*;
pub use catalog::*;
pub use common::*;
pub use manage::*;
pub use price_lists::*;
pub use quotes::*;
pub use sales::*;
pub use sync::*;

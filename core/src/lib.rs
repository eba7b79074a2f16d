//! fieldsales-core: the offline-first heart of fieldsales. Records are Automerge documents
//! kept in a local SQLite store with a query index; pricing and rules are shared with the
//! server. No UI, no platform code, no network I/O.

pub mod any;
pub mod doc;
pub mod env;
pub mod error;
/// Realistic generated data for demos, benchmarks and tests; not in the phones' library.
#[cfg(any(test, feature = "generate"))]
pub mod generate;
pub mod locale;
pub mod money;
pub mod ops;
pub mod pdf;
pub mod pricing;
pub mod quotes;
pub mod records;
pub mod reports;
pub mod route;
pub mod rules;
pub mod store;
pub mod sync;
pub mod time;

pub use env::Env;
pub use error::{Error, Result};
pub use store::{Identity, InitOptions, OpenOptions, Store, StoreKey};

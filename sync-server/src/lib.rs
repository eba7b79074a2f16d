//! fieldsales-server: the sync service as a library (request in, response out, over a
//! `ServerStore`), its HTTP face (axum), auth, scopes, metrics.

pub mod accounts;
pub mod api;
pub mod audit;
pub mod auth;
pub mod body;
/// The `ServerStore` conformance suite: test support, kept out of production builds.
#[cfg(any(test, feature = "testing"))]
pub mod conformance;
pub mod error;
pub mod http;
pub mod inprocess;
pub mod limits;
pub mod metrics;
pub mod passwords;
pub mod push;
pub mod reports;
pub mod scope;
pub mod service;
pub mod store;

pub use api::Api;
pub use error::{Error, Result};
pub use inprocess::InProcess;

//! The client side of sync: the v1 protocol, a sans-I/O engine that builds a request from the
//! store and applies a response, blob uploads, and transports.

pub mod blobs;
pub mod engine;
pub mod http;
pub mod protocol;
pub mod session;
pub mod transport;

pub use engine::{SyncPhase, SyncProgress, SyncReport, SyncState, sync};
pub use transport::{Transport, TransportError};

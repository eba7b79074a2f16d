//! The client side of sync: the v1 protocol, a sans-I/O engine that builds a request from the
//! store and applies a response, blob uploads, and the transport trait. The HTTP transport is
//! the `fieldsales-http` crate: the core opens no sockets.

pub mod blobs;
pub mod engine;
pub mod protocol;
pub mod session;
pub mod transport;

pub use engine::{SyncPhase, SyncProgress, SyncReport, SyncState, sync};
pub use transport::{Transport, TransportError};

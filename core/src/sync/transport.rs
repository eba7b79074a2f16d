//! How sync messages reach the server. The engine never opens a socket: a transport does.
//! `fieldsales_http::HttpTransport` (reqwest, rustls with ring) talks to a real server from a
//! crate of its own, so the core links no HTTP client; the server crate offers an in-process
//! transport over the same API for tests and simulations.

use super::protocol::{LoginRequest, LoginResponse};

/// What can go wrong between the device and the server, in terms a UI can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection, a timeout, a dropped response: try again later, nothing is lost.
    #[error("offline: {0}")]
    Offline(String),
    /// The token is missing, wrong, expired or revoked: log in again.
    #[error("not signed in: {0}")]
    Unauthorized(String),
    /// An administrator revoked this device (`401 device_revoked`): the sync engine has
    /// deleted the local data (`Store::wipe`); tell the user why, then show the sign-in.
    #[error("this device was revoked by an administrator: {0}")]
    DeviceRevoked(String),
    /// Signed in, but not allowed to do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The server refused the request itself (4xx) with a typed code.
    #[error("request refused ({code}): {detail}")]
    Refused {
        status: u16,
        code: String,
        detail: String,
    },
    /// The server failed (5xx): try again later.
    #[error("server error: {0}")]
    Server(String),
}

/// A way to reach the sync server.
pub trait Transport: Send + Sync {
    /// `POST /v1/auth/login`.
    fn login(&self, req: &LoginRequest) -> Result<LoginResponse, TransportError>;
    /// `POST /v1/auth/logout`: end this token's session on the server (signing out).
    fn logout(&self, token: &str) -> Result<(), TransportError>;
    /// `POST /v1/sync`: an encoded `SyncRequest` in, an encoded `SyncResponse` out.
    fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError>;
    /// `PUT /v1/blobs/{sha256}` of `bytes` starting at `offset` (resumable uploads).
    fn put_blob(
        &self,
        token: &str,
        hash: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), TransportError>;
    /// How many bytes of a blob the server already has (0 if none).
    fn blob_offset(&self, token: &str, hash: &str) -> Result<u64, TransportError>;
    /// Whether the server holds the whole blob, its bytes checked against its name (`HEAD`'s
    /// `Upload-Complete`). A device marks a blob uploaded only then. The default asks for the
    /// blob itself.
    fn blob_complete(&self, token: &str, hash: &str) -> Result<bool, TransportError> {
        Ok(self.get_blob(token, hash).is_ok())
    }
    /// `GET /v1/blobs/{sha256}`.
    fn get_blob(&self, token: &str, hash: &str) -> Result<Vec<u8>, TransportError>;
    /// `GET /v1/reports/{report}?period=..[&by=..]`: a manager's report computed by the
    /// server over everything in their scopes, as JSON.
    fn report(
        &self,
        token: &str,
        report: &str,
        period: &str,
        by: Option<&str>,
    ) -> Result<serde_json::Value, TransportError>;
}

/// Report names, periods and groupings travel in URLs: letters, digits and dashes only.
pub fn check_report_args(parts: &[&str]) -> Result<(), TransportError> {
    for p in parts {
        if p.is_empty()
            || !p
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(TransportError::Refused {
                status: 400,
                code: "bad_request".into(),
                detail: format!("`{p}` is not a report name, period or grouping"),
            });
        }
    }
    Ok(())
}

//! The server's errors. Each maps to an HTTP status and a stable code in the body.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("body of {0} bytes is over the limit")]
    TooLarge(usize),
    /// A sync request pushing more documents than the server takes in one request.
    #[error("{0} documents in one push; at most {max} are taken", max = fieldsales_core::sync::protocol::MAX_PUSH_DOCS)]
    TooManyDocuments(usize),
    /// A body the HTTP layer stopped reading at its limit.
    #[error("the body is over the limit: {0}")]
    BodyTooLarge(String),
    #[error(transparent)]
    Decode(#[from] fieldsales_core::sync::protocol::DecodeError),
    #[error(transparent)]
    Core(#[from] fieldsales_core::Error),
    #[error("storage error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("internal error: {0}")]
    Internal(String),
    /// Too many sign-in attempts (or unauthenticated requests): answered 429 with
    /// `Retry-After`, the same for a user name that exists and one that does not.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    /// The request's device was revoked by an administrator: the phone deletes its local
    /// data (docs/protocol.md).
    #[error("this device was revoked by an administrator")]
    DeviceRevoked,
    /// A login presented another public key for a device that has one (docs/adr/0008).
    #[error("this device is registered with another signing key")]
    DeviceKeyMismatch,
    /// A new password that the policy refuses (`passwords.rs`).
    #[error(transparent)]
    WeakPassword(#[from] crate::passwords::WeakPassword),
    /// A client that did not send its request body in time (`http::ServeOptions`).
    #[error("the request body did not arrive in time")]
    RequestTimeout,
}

impl Error {
    /// (HTTP status, stable code).
    pub fn status(&self) -> (u16, &'static str) {
        match self {
            Error::Unauthorized(_) => (401, "unauthorized"),
            Error::Forbidden(_) => (403, "forbidden"),
            Error::NotFound(_) => (404, "not_found"),
            Error::Conflict(_) => (409, "conflict"),
            Error::BadRequest(_) => (400, "bad_request"),
            Error::TooLarge(_) | Error::BodyTooLarge(_) => (413, "too_large"),
            Error::TooManyDocuments(_) => (413, "too_many_documents"),
            Error::Decode(d) => (
                if matches!(d, fieldsales_core::sync::protocol::DecodeError::TooLarge(_)) {
                    413
                } else {
                    400
                },
                d.code(),
            ),
            Error::Core(fieldsales_core::Error::Invalid(_)) => (400, "invalid"),
            Error::Core(fieldsales_core::Error::NotFound { .. }) => (404, "not_found"),
            Error::Core(_) | Error::Sql(_) | Error::Io(_) | Error::Internal(_) => (500, "internal"),
            Error::TooManyRequests { .. } => (429, "too_many_requests"),
            Error::DeviceRevoked => (401, "device_revoked"),
            Error::DeviceKeyMismatch => (409, "device_key_mismatch"),
            Error::WeakPassword(_) => (400, "weak_password"),
            Error::RequestTimeout => (408, "request_timeout"),
        }
    }
}

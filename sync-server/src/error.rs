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
        }
    }
}

//! Request bodies read up to a limit per route, within the time limits of `BodyTimeouts`.
//!
//! A body over its limit is answered with the typed 413, but only after the rest of it has been
//! read and thrown away (up to `DRAIN_BYTES` or `DRAIN_TIME`), the way nginx lingers before it
//! closes. Closing with unread bytes makes the kernel reset the connection, and a phone still
//! sending would see "connection reset" instead of the answer, take it for a network failure
//! and send the same body again on every sync. Bodies declared bigger than the drain bound are
//! refused at once: draining them would cost more than the client's confusion. Only clients
//! this server signed in are worth that courtesy: the HTTP layer checks the bearer token before
//! it reads a body, and for anyone else reads at most `ANONYMOUS_DRAIN_BYTES` (enough for an
//! honest mistake to be answered cleanly, too little to be worth sending).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_LENGTH;
use http_body_util::BodyExt;

use crate::error::Error;

/// The most a refused body is read (and discarded) before the answer.
pub const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
/// The most a refused body of a client without a valid token is read before the answer; one
/// declared bigger is answered at once and its connection closed.
pub const ANONYMOUS_DRAIN_BYTES: u64 = 1024 * 1024;
/// The longest a refused body is read before the answer.
pub const DRAIN_TIME: Duration = Duration::from_secs(10);

/// How long a client may take over its request body. A client that sends nothing for `idle`,
/// or has not finished after `total`, is answered 408 and its connection closed: otherwise a
/// few clients trickling bytes hold every connection the server allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeouts {
    pub idle: Duration,
    pub total: Duration,
}

impl Default for BodyTimeouts {
    fn default() -> Self {
        BodyTimeouts {
            idle: Duration::from_secs(30),
            // 8 MiB of sync at 256 kbit/s
            total: Duration::from_secs(300),
        }
    }
}

/// A request body of at most `LIMIT` bytes, read within the connection's `BodyTimeouts` (the
/// HTTP layer puts them in the request's extensions; the defaults otherwise).
pub struct Body<const LIMIT: usize>(pub Bytes);

fn too_large(limit: usize) -> Error {
    Error::BodyTooLarge(format!("request body is over {limit} bytes"))
}

impl<S: Send + Sync, const LIMIT: usize> FromRequest<S> for Body<LIMIT> {
    type Rejection = Error;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Error> {
        read(req, LIMIT, DRAIN_BYTES).await.map(Body)
    }
}

/// The declared length of a request's body, if it says.
pub fn declared_length(req: &Request) -> Option<u64> {
    req.headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// Read a body of at most `limit` bytes. Over the limit it is refused (413), after reading and
/// dropping the rest if the whole body is at most `drain_up_to` bytes (`DRAIN_BYTES` for a
/// client this server signed in, `ANONYMOUS_DRAIN_BYTES` for anyone else).
pub async fn read(req: Request, limit: usize, drain_up_to: u64) -> Result<Bytes, Error> {
    let timeouts = req
        .extensions()
        .get::<BodyTimeouts>()
        .copied()
        .unwrap_or_default();
    let declared = declared_length(&req);
    if declared.is_some_and(|n| n > limit as u64 && n > drain_up_to) {
        return Err(too_large(limit));
    }
    let mut body = req.into_body();
    let mut kept = Vec::new();
    let deadline = tokio::time::Instant::now() + timeouts.total;
    loop {
        let next = tokio::time::timeout(timeouts.idle, body.frame());
        let frame = match tokio::time::timeout_at(deadline, next).await {
            Ok(Ok(Some(frame))) => frame,
            Ok(Ok(None)) => break,
            Ok(Err(_)) | Err(_) => return Err(Error::RequestTimeout),
        };
        let frame = frame.map_err(|e| Error::BadRequest(format!("body cut off: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        if kept.len() + data.len() > limit {
            let seen = (kept.len() + data.len()) as u64;
            drop(kept);
            drain(body, seen, drain_up_to).await;
            return Err(too_large(limit));
        }
        kept.extend_from_slice(&data);
    }
    Ok(Bytes::from(kept))
}

/// Read and drop the body of a request refused before its body was read, if it is at most
/// `up_to` bytes, so the client sees the answer rather than a reset. `false`: it was not (or
/// not all) read, and the connection should close after the answer.
pub async fn discard(req: Request, up_to: u64) -> bool {
    if declared_length(&req).is_some_and(|n| n > up_to) {
        return false;
    }
    drain(req.into_body(), 0, up_to).await
}

/// Read and drop the rest of a refused body, up to `up_to` bytes and `DRAIN_TIME`; errors end
/// it quietly. `true` if the whole body was read.
async fn drain(mut body: axum::body::Body, mut seen: u64, up_to: u64) -> bool {
    let read = async {
        while seen <= up_to {
            match body.frame().await {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        seen += data.len() as u64;
                    }
                }
                Some(Err(_)) => return false,
                None => return true,
            }
        }
        false
    };
    match tokio::time::timeout(DRAIN_TIME, read).await {
        Ok(whole) => whole,
        Err(_) => {
            tracing::debug!("stopped draining an oversized body after {:?}", DRAIN_TIME);
            false
        }
    }
}

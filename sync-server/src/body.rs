//! Request bodies read up to a limit per route.
//!
//! A body over its limit is answered with the typed 413, but only after the rest of it has been
//! read and thrown away (up to `DRAIN_BYTES` or `DRAIN_TIME`), the way nginx lingers before it
//! closes. Closing with unread bytes makes the kernel reset the connection, and a phone still
//! sending would see "connection reset" instead of the answer, take it for a network failure
//! and send the same body again on every sync. Bodies declared bigger than the drain bound are
//! refused at once: draining them would cost more than the client's confusion.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_LENGTH;
use http_body_util::BodyExt;

use crate::error::Error;

/// The most a refused body is read (and discarded) before the answer.
pub const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
/// The longest a refused body is read before the answer.
pub const DRAIN_TIME: Duration = Duration::from_secs(10);

/// A request body of at most `LIMIT` bytes.
pub struct Body<const LIMIT: usize>(pub Bytes);

fn too_large(limit: usize) -> Error {
    Error::BodyTooLarge(format!("request body is over {limit} bytes"))
}

impl<S: Send + Sync, const LIMIT: usize> FromRequest<S> for Body<LIMIT> {
    type Rejection = Error;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Error> {
        let declared = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > DRAIN_BYTES) {
            return Err(too_large(LIMIT));
        }
        let mut body = req.into_body();
        let mut kept = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| Error::BadRequest(format!("body cut off: {e}")))?;
            let Ok(data) = frame.into_data() else {
                continue; // trailers
            };
            if kept.len() + data.len() > LIMIT {
                let seen = (kept.len() + data.len()) as u64;
                drop(kept);
                drain(body, seen).await;
                return Err(too_large(LIMIT));
            }
            kept.extend_from_slice(&data);
        }
        Ok(Body(Bytes::from(kept)))
    }
}

/// Read and drop the rest of a refused body, within the drain bounds; errors end it quietly.
async fn drain(mut body: axum::body::Body, mut seen: u64) {
    let read = async {
        while seen <= DRAIN_BYTES {
            match body.frame().await {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        seen += data.len() as u64;
                    }
                }
                Some(Err(_)) | None => break,
            }
        }
    };
    if tokio::time::timeout(DRAIN_TIME, read).await.is_err() {
        tracing::debug!("stopped draining an oversized body after {:?}", DRAIN_TIME);
    }
}

//! The HTTP face of `Api`: axum routes, blocking work off the async threads, graceful
//! shutdown. No business logic here.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fieldsales_core::sync::protocol::{ErrorBody, LoginRequest, MAX_REQUEST_BYTES};

use crate::api::{Api, MAX_BLOB_BYTES};
use crate::error::Error;
use crate::store::ServerStore;

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status();
        if status >= 500 {
            tracing::error!(error = %self, "request failed");
        }
        let body = ErrorBody {
            error: code.to_string(),
            detail: if status >= 500 {
                "internal error".into()
            } else {
                self.to_string()
            },
        };
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(body)).into_response()
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal(e.to_string()))?
}

/// A body axum could not read (over the limit, cut off) as our typed error, not axum's text.
fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Error> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::BodyTooLarge(e.body_text())
        } else {
            Error::BadRequest(e.body_text())
        }
    })
}

fn read_query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Error> {
    q.map(|Query(q)| q)
        .map_err(|e| Error::BadRequest(e.body_text()))
}

async fn login<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Error> {
    let body = read_body(body)?;
    let req: LoginRequest = serde_json::from_slice(&body)
        .map_err(|e| Error::BadRequest(format!("bad login body: {e}")))?;
    let resp = blocking(move || api.login(&req)).await?;
    Ok(axum::Json(resp).into_response())
}

async fn sync<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Error> {
    let body = read_body(body)?;
    let token = bearer(&headers);
    let out = blocking(move || api.sync(token.as_deref(), &body)).await?;
    Ok(([("content-type", "application/octet-stream")], out).into_response())
}

#[derive(serde::Deserialize)]
struct Offset {
    #[serde(default)]
    offset: u64,
}

async fn put_blob<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(hash): Path<String>,
    q: Result<Query<Offset>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Error> {
    let q = read_query(q)?;
    let body = read_body(body)?;
    let token = bearer(&headers);
    let held = blocking(move || api.put_blob(token.as_deref(), &hash, q.offset, &body)).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert("upload-offset", HeaderValue::from(held));
    Ok(r)
}

async fn head_blob<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(hash): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let token = bearer(&headers);
    let held = blocking(move || api.blob_offset(token.as_deref(), &hash)).await?;
    let mut r = StatusCode::OK.into_response();
    r.headers_mut()
        .insert("upload-offset", HeaderValue::from(held));
    Ok(r)
}

async fn get_blob<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(hash): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let token = bearer(&headers);
    let bytes = blocking(move || api.get_blob(token.as_deref(), &hash)).await?;
    Ok(([("content-type", "application/octet-stream")], bytes).into_response())
}

async fn report<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(report): Path<String>,
    q: Result<Query<crate::reports::ReportQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let q = read_query(q)?;
    let token = bearer(&headers);
    let value = blocking(move || api.report(token.as_deref(), &report, &q)).await?;
    Ok(axum::Json(value).into_response())
}

async fn health() -> &'static str {
    "ok"
}

async fn metrics<S: ServerStore + 'static>(State(api): State<Arc<Api<S>>>) -> Response {
    (
        [("content-type", "text/plain; version=0.0.4")],
        api.metrics.render(),
    )
        .into_response()
}

pub fn router<S: ServerStore + 'static>(api: Arc<Api<S>>) -> Router {
    Router::new()
        .route("/v1/auth/login", post(login::<S>))
        .route("/v1/sync", post(sync::<S>))
        .route(
            "/v1/blobs/{hash}",
            get(get_blob::<S>).put(put_blob::<S>).head(head_blob::<S>),
        )
        .route("/v1/reports/{report}", get(report::<S>))
        .route("/v1/health", get(health))
        .route("/metrics", get(metrics::<S>))
        // a little over the protocol limit so the API answers oversized syncs with its own 413
        .layer(DefaultBodyLimit::max(
            (MAX_REQUEST_BYTES as u64).max(MAX_BLOB_BYTES) as usize + 1024,
        ))
        .with_state(api)
}

/// Serve until `shutdown` resolves.
pub async fn serve<S: ServerStore + 'static>(
    api: Arc<Api<S>>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(api))
        .with_graceful_shutdown(shutdown)
        .await
}

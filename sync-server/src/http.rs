//! The HTTP face of `Api`: axum routes, blocking work off the async threads, graceful
//! shutdown. No business logic here.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fieldsales_core::sync::protocol::{ErrorBody, LoginRequest, MAX_REQUEST_BYTES};

use crate::api::{Api, MAX_BLOB_BYTES};
use crate::body::Body;
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

/// The largest login body: a user name, a password and a device id.
const LOGIN_BYTES: usize = 64 * 1024;
/// A little over the protocol limit, so the API answers oversized syncs with its own 413.
const SYNC_BYTES: usize = MAX_REQUEST_BYTES + 1024;
/// One blob chunk: at most a whole blob.
const BLOB_BYTES: usize = MAX_BLOB_BYTES as usize + 1024;

fn read_query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Error> {
    q.map(|Query(q)| q)
        .map_err(|e| Error::BadRequest(e.body_text()))
}

async fn login<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Body(body): Body<LOGIN_BYTES>,
) -> Result<Response, Error> {
    let req: LoginRequest = serde_json::from_slice(&body)
        .map_err(|e| Error::BadRequest(format!("bad login body: {e}")))?;
    let resp = blocking(move || api.login(&req)).await?;
    Ok(axum::Json(resp).into_response())
}

async fn logout<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let token = bearer(&headers);
    blocking(move || api.logout(token.as_deref())).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn sync<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    headers: HeaderMap,
    Body(body): Body<SYNC_BYTES>,
) -> Result<Response, Error> {
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
    Body(body): Body<BLOB_BYTES>,
) -> Result<Response, Error> {
    let q = read_query(q)?;
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
        .route("/v1/auth/logout", post(logout::<S>))
        .route("/v1/sync", post(sync::<S>))
        .route(
            "/v1/blobs/{hash}",
            get(get_blob::<S>).put(put_blob::<S>).head(head_blob::<S>),
        )
        .route("/v1/reports/{report}", get(report::<S>))
        .route("/v1/health", get(health))
        .route("/metrics", get(metrics::<S>))
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

/// A server on its own runtime and thread, listening on a free loopback port (127.0.0.1:0):
/// for the demo, benchmarks and tests. Stops gracefully when dropped.
pub struct Background {
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    pub fn start<S: ServerStore + 'static>(api: Arc<Api<S>>) -> std::io::Result<Background> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let url = format!("http://{}", listener.local_addr()?);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let shutdown = async {
                let _ = rx.await;
            };
            if let Err(e) = rt.block_on(serve(api, listener, shutdown)) {
                tracing::error!(error = %e, "background server stopped");
            }
        });
        Ok(Background {
            url,
            stop: Some(tx),
            thread: Some(thread),
        })
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

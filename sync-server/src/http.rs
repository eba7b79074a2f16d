//! The HTTP face of `Api`: axum routes, blocking work off the async threads, graceful
//! shutdown. No business logic here.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use fieldsales_core::sync::protocol::{ErrorBody, LoginRequest, MAX_REQUEST_BYTES};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;

use crate::api::{Api, MAX_BLOB_BYTES};
use crate::body::BodyTimeouts;
use crate::error::Error;
use crate::limits;
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
        let mut r = (status, axum::Json(body)).into_response();
        if let Error::TooManyRequests { retry_after_secs } = self {
            r.headers_mut()
                .insert("retry-after", HeaderValue::from(retry_after_secs));
        }
        r
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

/// What the accept loop knows of a connection, put in each of its requests' extensions.
#[derive(Debug, Clone)]
pub struct Peer {
    /// The socket's remote address.
    pub ip: IpAddr,
    /// Proxies whose `X-Forwarded-For` is believed (`serve --trusted-proxy`).
    pub trusted_proxies: Arc<[IpAddr]>,
}

/// The client's address: the socket's, or what a trusted proxy says. `None` when the router
/// runs without the accept loop (no address known: only per-name limits apply).
fn client(peer: Option<&Extension<Peer>>, headers: &HeaderMap) -> Option<IpAddr> {
    let Extension(p) = peer?;
    let xff = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    Some(limits::client_ip(p.ip, xff, &p.trusted_proxies))
}

/// Check the bearer token before the body is read. A client this server signed in whose
/// request is refused anyway (expired or revoked session) has its body read and dropped so it
/// sees the answer; anyone else too if the body is small (`ANONYMOUS_DRAIN_BYTES`), else they are
/// answered at once, the body unread, the connection closed.
async fn admit<S: ServerStore + 'static>(
    api: &Arc<Api<S>>,
    token: Option<String>,
    client: Option<IpAddr>,
    req: Request,
) -> Result<Request, Response> {
    let a = api.clone();
    let refused = match blocking(move || Ok(a.admit(token.as_deref(), client))).await {
        Ok(Ok(_)) => return Ok(req),
        Ok(Err(r)) => r,
        Err(e) => return Err(e.into_response()),
    };
    let up_to = if refused.known_client {
        crate::body::DRAIN_BYTES
    } else {
        crate::body::ANONYMOUS_DRAIN_BYTES
    };
    let read_all = crate::body::discard(req, up_to).await;
    let mut r = refused.error.into_response();
    if !read_all {
        r.headers_mut()
            .insert("connection", HeaderValue::from_static("close"));
    }
    Err(r)
}

async fn login<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Error> {
    let client = client(peer.as_ref(), &headers);
    // an anonymous client: a refused body is read only if it is small
    let body = crate::body::read(req, LOGIN_BYTES, crate::body::ANONYMOUS_DRAIN_BYTES).await?;
    let req: LoginRequest = serde_json::from_slice(&body)
        .map_err(|e| Error::BadRequest(format!("bad login body: {e}")))?;
    let resp = blocking(move || api.login_from(&req, client)).await?;
    Ok(axum::Json(resp).into_response())
}

async fn logout<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    // a bad token here counts against the client's address like any anonymous request
    admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    blocking(move || api.logout(token.as_deref()))
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn sync<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    let req = admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    let body = crate::body::read(req, SYNC_BYTES, crate::body::DRAIN_BYTES)
        .await
        .map_err(IntoResponse::into_response)?;
    let out = blocking(move || api.sync(token.as_deref(), &body))
        .await
        .map_err(IntoResponse::into_response)?;
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
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    let req = admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    let q = read_query(q).map_err(IntoResponse::into_response)?;
    let body = crate::body::read(req, BLOB_BYTES, crate::body::DRAIN_BYTES)
        .await
        .map_err(IntoResponse::into_response)?;
    let held = blocking(move || api.put_blob(token.as_deref(), &hash, q.offset, &body))
        .await
        .map_err(IntoResponse::into_response)?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert("upload-offset", HeaderValue::from(held));
    Ok(r)
}

async fn head_blob<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(hash): Path<String>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    let (held, complete) = blocking(move || api.blob_status(token.as_deref(), &hash))
        .await
        .map_err(IntoResponse::into_response)?;
    let mut r = StatusCode::OK.into_response();
    r.headers_mut()
        .insert("upload-offset", HeaderValue::from(held));
    r.headers_mut().insert(
        "upload-complete",
        HeaderValue::from_static(if complete { "1" } else { "0" }),
    );
    Ok(r)
}

async fn get_blob<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(hash): Path<String>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    let bytes = blocking(move || api.get_blob(token.as_deref(), &hash))
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(([("content-type", "application/octet-stream")], bytes).into_response())
}

async fn report<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    Path(report): Path<String>,
    q: Result<Query<crate::reports::ReportQuery>, QueryRejection>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    let q = read_query(q).map_err(IntoResponse::into_response)?;
    let value = blocking(move || api.report(token.as_deref(), &report, &q))
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(axum::Json(value).into_response())
}

async fn health() -> &'static str {
    "ok"
}

fn metrics_text<S: ServerStore>(api: &Api<S>) -> Response {
    (
        [("content-type", "text/plain; version=0.0.4")],
        api.metrics.render(),
    )
        .into_response()
}

/// `/metrics` on the public listener: an admin's token only (they name users and show load).
async fn metrics<S: ServerStore + 'static>(
    State(api): State<Arc<Api<S>>>,
    peer: Option<Extension<Peer>>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Response> {
    let token = bearer(&headers);
    admit(&api, token.clone(), client(peer.as_ref(), &headers), req).await?;
    let a = api.clone();
    blocking(move || a.require_admin(token.as_deref()))
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(metrics_text(&api))
}

/// `/metrics` on the separate listener (`serve --metrics-listen`), which only the operator's
/// network reaches: open.
async fn open_metrics<S: ServerStore + 'static>(State(api): State<Arc<Api<S>>>) -> Response {
    metrics_text(&api)
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

/// The router of the metrics listener: `/metrics` without a token, nothing else.
pub fn metrics_router<S: ServerStore + 'static>(api: Arc<Api<S>>) -> Router {
    Router::new()
        .route("/metrics", get(open_metrics::<S>))
        .with_state(api)
}

/// How the server treats connections. `Default` is what `serve` runs with.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Connections served at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// The longest a client may take to send a request's headers (or, between requests on
    /// one connection, to start the next): then the connection is closed.
    pub header_timeout: Duration,
    pub body: BodyTimeouts,
    /// Proxies whose `X-Forwarded-For` names the client (off by default: the socket's
    /// address is the client's).
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            // well above the 1,000 live devices one office may hold open, well below the
            // descriptors a server process gets
            max_connections: 4096,
            header_timeout: Duration::from_secs(20),
            body: BodyTimeouts::default(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Serve until `shutdown` resolves, with the default `ServeOptions`.
pub async fn serve<S: ServerStore + 'static>(
    api: Arc<Api<S>>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(router(api), listener, ServeOptions::default(), shutdown).await
}

/// The accept loop: `router` over HTTP/1.1 with the header and body timeouts and the
/// connection limit of `options`, until `shutdown` resolves; then the requests under way
/// finish (for at most `DRAIN_TIME`).
pub async fn serve_with(
    router: Router,
    listener: tokio::net::TcpListener,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(options.max_connections.max(1)));
    let trusted: Arc<[IpAddr]> = options.trusted_proxies.clone().into();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // out of descriptors or a connection reset before it was accepted: the
                    // listener itself is fine, so pause rather than spin
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tokio::spawn(refuse_busy(stream));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let peer = Peer {
            ip: remote.ip(),
            trusted_proxies: trusted.clone(),
        };
        let body = options.body;
        let router = router.clone();
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(peer.clone());
            req.extensions_mut().insert(body);
            let mut router = router.clone();
            async move { tower_service::Service::call(&mut router, req).await }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(options.header_timeout);
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(crate::body::DRAIN_TIME, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open at shutdown were dropped");
    }
    Ok(())
}

/// Answer a connection over the limit with 503 and close it, rather than leave it waiting
/// unanswered in the backlog.
async fn refuse_busy(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let answer = b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(answer).await;
        let _ = stream.shutdown().await;
    })
    .await;
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
        Background::start_with(api, ServeOptions::default())
    }

    /// The same with other connection options (tests of timeouts and limits).
    pub fn start_with<S: ServerStore + 'static>(
        api: Arc<Api<S>>,
        options: ServeOptions,
    ) -> std::io::Result<Background> {
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
            if let Err(e) = rt.block_on(serve_with(router(api), listener, options, shutdown)) {
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

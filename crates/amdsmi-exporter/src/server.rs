//! The HTTP server: `GET /metrics` on axum, each connection served by hyper's HTTP/1 server.
//!
//! Bad clients are cut off by limits rather than trusted: request headers must arrive within
//! [`Limits::header_read_timeout`] (hyper's timer, which also closes a kept-alive connection that
//! idles that long between requests) and fit in [`Limits::max_header_bytes`] (hyper answers 431
//! past it), a request body is refused past [`Limits::max_body_bytes`] (tower-http, 413), a
//! request is answered within [`Limits::request_timeout`] (tower-http, 408), and a connection is
//! closed gracefully after [`Limits::connection_lifetime`] and dropped a grace period later, so
//! that a client that never reads its response does not hold the connection. Any other path
//! than `/metrics` is 404. The collection runs on the blocking pool: a slow sysfs read stalls no
//! other connection.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use amdsmi::Context;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::{Exporter, Format};

/// The address AMD's device-metrics-exporter listens on (port 5000), on loopback.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:5000";

/// What a client may take of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time for a request's headers to arrive.
    pub header_read_timeout: Duration,
    /// Size of a request's headers (hyper's read buffer; at least 8192).
    pub max_header_bytes: usize,
    /// Size of a request's body.
    pub max_body_bytes: usize,
    /// Time to answer a request.
    pub request_timeout: Duration,
    /// Time a connection is kept before it is closed gracefully.
    pub connection_lifetime: Duration,
    /// Time a connection closing gracefully still has to finish its response.
    pub grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(5),
            max_header_bytes: 16 * 1024,
            max_body_bytes: 4 * 1024,
            request_timeout: Duration::from_secs(10),
            connection_lifetime: Duration::from_secs(120),
            grace: Duration::from_secs(10),
        }
    }
}

/// `GET /metrics`: one scrape, in the format the `Accept` header asks for.
async fn metrics(State(exporter): State<Arc<Exporter>>, headers: HeaderMap) -> Response {
    let format = Format::from_accept(headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()));
    match tokio::task::spawn_blocking(move || exporter.scrape(format)).await {
        Ok(body) => ([(header::CONTENT_TYPE, format.content_type())], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The routes and their request limits.
pub fn router(exporter: Arc<Exporter>, limits: Limits) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .with_state(exporter)
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
}

/// Serves `exporter` on `listener` until the process ends (an accept error other than a
/// connection's own is returned).
pub async fn serve(listener: TcpListener, exporter: Arc<Exporter>, limits: Limits) -> io::Result<()> {
    let service = TowerToHyperService::new(router(exporter, limits));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // A connection reset before it was accepted, or out of descriptors for a moment.
            Err(err) if is_transient(&err) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
            Err(err) => return Err(err),
        };
        let service = service.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .max_buf_size(limits.max_header_bytes.max(8192));
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                () = tokio::time::sleep(limits.connection_lifetime) => connection.as_mut().graceful_shutdown(),
            }
            // Past the grace period the connection is dropped, its socket closed.
            let _ = tokio::time::timeout(limits.grace, connection).await;
        });
    }
}

/// Errors of `accept` that concern one connection or a passing shortage, not the listener.
fn is_transient(err: &io::Error) -> bool {
    matches!(err.kind(), io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset | io::ErrorKind::Interrupted)
        || err.raw_os_error().is_some_and(|code| code == 23 || code == 24) // ENFILE, EMFILE
}

/// Serves `context` on `listen` until the process ends: `amd-smi exporter`.
pub fn run(context: Context, listen: SocketAddr) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind(listen).await?;
        eprintln!("amd-smi exporter: serving http://{}/metrics", listener.local_addr()?);
        let exporter = Arc::new(Exporter::new(Arc::new(context), crate::hostname()));
        serve(listener, exporter, Limits::default()).await
    })
}

//! The HTTP server both apps run: HTTP/1.1 on hyper with the limits a server facing the internet
//! needs (headers within a time, whole requests within a time, a cap on open connections), the
//! client's address worked out once ([`ClientAddress`]), every request observed the same way (its
//! id and log span, [`crate::request_id`]; its metrics, [`crate::metrics`]) and a graceful stop
//! that finishes the requests in flight.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::middleware;
use clap::Args;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower::util::MapRequestLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::client_address::{ClientAddress, DEFAULT_TRUSTED_PROXIES, TrustedProxies};
use crate::metrics;
use crate::request_id::{self, REQUEST_ID_HEADER};

/// What a server allows its clients, the same way in both apps.
#[derive(Debug, Clone, Args)]
pub struct ServerLimits {
    /// Seconds a client has to send a request's headers (and the most an idle connection stays
    /// open); slower clients are disconnected, so they cannot hold connections open (slowloris).
    #[arg(long, env = "HEADER_READ_TIMEOUT_SECONDS", value_name = "HEADER_READ_TIMEOUT_SECONDS",
          default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_read_timeout_seconds: u64,

    /// Seconds a whole request may take, body and answer included, before it is answered 408.
    #[arg(long, env = "REQUEST_TIMEOUT_SECONDS", value_name = "REQUEST_TIMEOUT_SECONDS",
          default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_seconds: u64,

    /// Most connections served at once; further clients wait until one closes.
    #[arg(long, env = "MAX_CONNECTIONS", value_name = "MAX_CONNECTIONS", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,

    /// Proxies (comma-separated addresses or networks, or `none`) whose X-Forwarded-For names the
    /// client; the default trusts loopback and the private networks the platform's own hops use.
    #[arg(long, env = "TRUSTED_PROXIES", value_name = "TRUSTED_PROXIES", default_value = DEFAULT_TRUSTED_PROXIES)]
    pub trusted_proxies: TrustedProxies,
}

impl ServerLimits {
    fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_seconds)
    }

    fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_seconds)
    }
}

/// Serves `router` on `listener` until the process is asked to stop, then lets the requests in
/// flight finish (for at most the request timeout). Handlers can extract [`ClientAddress`] and
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: TcpListener, router: Router, limits: &ServerLimits) {
    let router = observed(
        router.layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout())),
    );
    let trusted_proxies = Arc::new(limits.trusted_proxies.clone());
    let open_connections = Arc::new(Semaphore::new(limits.max_connections as usize));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout());
    let graceful = GracefulShutdown::new();
    let shutdown = crate::shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        // Waiting for a free slot before accepting leaves further clients in the listen backlog.
        let permit = tokio::select! {
            permit = open_connections.clone().acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        let Ok(permit) = permit else { break };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // E.g. out of file descriptors: wait instead of spinning.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let trusted_proxies = trusted_proxies.clone();
        let service = router.clone().map_request(move |mut request: Request<Incoming>| {
            let client = trusted_proxies.client_address(peer.ip(), request.headers());
            request.extensions_mut().insert(ClientAddress(client));
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            request
        });
        let connection =
            graceful.watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.request_timeout(), graceful.shutdown()).await.is_err() {
        tracing::warn!("stopped with requests still in flight after the request timeout");
    }
}

/// Gives each request its id (see [`request_id`]), logs it in a span carrying that id and the
/// route (the template, never the raw path, which may hold tokens) with one line when it is
/// answered, and counts it in the metrics. Layers run outside in: the last one added runs first.
fn observed(router: Router) -> Router {
    router
        .layer(middleware::from_fn(metrics::record_request))
        .layer(middleware::from_fn(request_id::make_current))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    tracing::info_span!(
                        "request",
                        request_id = %request_id::of(request),
                        method = %request.method(),
                        route = %metrics::route_of(request),
                    )
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
        .layer(MapRequestLayer::new(request_id::drop_malformed))
}

//! The HTTP server both apps run: HTTP/1.1 on hyper with the limits a server facing the internet
//! needs — headers within a time, whole requests within a time, answers taken within a time, a cap
//! on open connections and each client's share of them, and request bodies read at a minimum pace
//! within a memory budget ([`crate::body_limit`]) — the client's address worked out once
//! ([`ClientAddress`]), every request observed the same way (its id, log span and metrics: one
//! path, [`crate::request_path`]) and a graceful stop that finishes the requests in flight.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::Response;
use clap::Args;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;
use tower::ServiceExt;

use crate::body_limit::BodyGuard;
use crate::client_address::{ClientAddress, ClientKey, DEFAULT_TRUSTED_PROXIES, TrustedProxies};
use crate::client_share::ClientShares;
use crate::request_path::{RequestPath, RequestPathLayer};

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

    /// Most connections one client address (an IPv6 /64) holds at once, and most requests it has
    /// in flight through a trusted proxy; beyond it the client is answered 429. A browser opens 6.
    #[arg(long, env = "CLIENT_MAX_CONNECTIONS", value_name = "CLIENT_MAX_CONNECTIONS", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub client_max_connections: u32,

    /// Seconds a request body has before its pace counts (BODY_MIN_BYTES_PER_SECOND); a body
    /// that falls behind is answered 408.
    #[arg(long, env = "BODY_READ_TIMEOUT_SECONDS", value_name = "BODY_READ_TIMEOUT_SECONDS",
          default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub body_read_timeout_seconds: u64,

    /// The slowest average pace a request body may arrive at, after BODY_READ_TIMEOUT_SECONDS.
    #[arg(long, env = "BODY_MIN_BYTES_PER_SECOND", value_name = "BODY_MIN_BYTES_PER_SECOND",
          default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..))]
    pub body_min_bytes_per_second: u32,

    /// Bytes of request bodies held in memory at once, all requests together; a request that
    /// would go beyond is answered 503. Size it well below the memory limit (256 MiB in Compose).
    #[arg(long, env = "BODY_BUFFER_MAX_BYTES", value_name = "BODY_BUFFER_MAX_BYTES", default_value_t = 32 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(65_536..=(1 << 40)))]
    pub body_buffer_max_bytes: u64,

    /// Seconds an answer may wait for a client that takes none of it before it is disconnected.
    #[arg(long, env = "WRITE_TIMEOUT_SECONDS", value_name = "WRITE_TIMEOUT_SECONDS",
          default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub write_timeout_seconds: u64,

    /// Proxies (comma-separated addresses or networks, `local-subnets` for the networks of this
    /// server's own interfaces, or `none`) whose X-Forwarded-For names the client.
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

/// Requests the server turns away before the app sees them. Each app answers them in its own
/// form (JSON for the api, a page for the web) through [`AppLimits::refused`]; the server adds
/// `Retry-After` and closes the connection where the rest of the request was left unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 413: the body is larger than the app takes.
    TooLarge,
    /// 408: the body arrived slower than BODY_MIN_BYTES_PER_SECOND.
    TooSlow,
    /// 429: the client holds CLIENT_MAX_CONNECTIONS requests already.
    ClientBusy,
    /// 503: the bodies in memory reached BODY_BUFFER_MAX_BYTES.
    ServerBusy,
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooSlow => StatusCode::REQUEST_TIMEOUT,
            Self::ClientBusy => StatusCode::TOO_MANY_REQUESTS,
            Self::ServerBusy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// What to tell people, in their words.
    pub fn message(self) -> &'static str {
        match self {
            Self::TooLarge => "the request is larger than this server accepts",
            Self::TooSlow => "the request arrived too slowly; try again",
            Self::ClientBusy => "too many requests from your address at once; try again in a moment",
            Self::ServerBusy => "the server is busy; try again in a moment",
        }
    }

    /// Seconds to wait before trying again, when trying again will help.
    fn retry_after(self) -> Option<u64> {
        match self {
            Self::ClientBusy => Some(5),
            Self::ServerBusy => Some(1),
            Self::TooLarge | Self::TooSlow => None,
        }
    }

    /// Whether part of the request may still be on its way (the connection cannot be reused).
    fn leaves_request_unread(self) -> bool {
        self != Self::ClientBusy
    }
}

/// What one app brings to the server: the largest body it takes and how it says no.
#[derive(Clone, Copy)]
pub struct AppLimits {
    pub max_body_bytes: usize,
    pub refused: fn(Refusal) -> Response,
}

impl AppLimits {
    pub(crate) fn refuse(self, refusal: Refusal) -> Response {
        let mut response = (self.refused)(refusal);
        let headers = response.headers_mut();
        if let Some(seconds) = refusal.retry_after() {
            headers.insert(header::RETRY_AFTER, seconds.into());
        }
        if refusal.leaves_request_unread() {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// Serves `router` on `listener` until the process is asked to stop, then lets the requests in
/// flight finish (for at most the request timeout). Handlers can extract [`ClientAddress`] and
/// `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: TcpListener, router: Router, limits: &ServerLimits, app: AppLimits) {
    accept(listener, request_path(router, limits, app, true), limits, crate::shutdown_signal()).await;
}

/// Like [`serve`], without logging or counting each request, until the process ends: the
/// operations port, whose probes and scrapes arrive every few seconds.
pub(crate) async fn serve_quietly(
    listener: TcpListener,
    router: Router,
    limits: &ServerLimits,
    app: AppLimits,
) {
    accept(listener, request_path(router, limits, app, false), limits, std::future::pending()).await;
}

async fn accept(
    listener: TcpListener,
    router: Router,
    limits: &ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let trusted_proxies = Arc::new(limits.trusted_proxies.clone());
    let open_connections = Arc::new(Semaphore::new(limits.max_connections as usize));
    let connection_shares = ClientShares::new(limits.client_max_connections);
    let write_timeout = Duration::from_secs(limits.write_timeout_seconds);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout());
    let graceful = GracefulShutdown::new();
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
        // A proxy we trust carries many clients on its connections: they are counted by request
        // (`share_requests`). Anyone else is one client, and counted by connection here.
        let share = if trusted_proxies.contains(peer.ip().to_canonical()) {
            None
        } else {
            match connection_shares.take(ClientKey::of(peer.ip())) {
                Some(share) => Some(share),
                None => {
                    turn_away(stream);
                    continue;
                }
            }
        };
        let trusted_proxies = trusted_proxies.clone();
        let service = router.clone().map_request(move |mut request: Request<Incoming>| {
            let client = trusted_proxies.client_address(peer.ip(), request.headers());
            request.extensions_mut().insert(ClientAddress(client));
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            request
        });
        let mut stream = TimeoutStream::new(stream);
        // A client that stops reading would otherwise hold its slot (and the answer) for ever.
        stream.set_write_timeout(Some(write_timeout));
        let io = TokioIo::new(Box::pin(stream));
        let connection = graceful.watch(http.serve_connection(io, TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop((permit, share));
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.request_timeout(), graceful.shutdown()).await.is_err() {
        tracing::warn!("stopped with requests still in flight after the request timeout");
    }
}

/// Told to a client over its share of connections, if the socket takes it at once; then the
/// connection is closed. Nothing of the request is read.
fn turn_away(stream: TcpStream) {
    static ANSWER: LazyLock<String> = LazyLock::new(|| {
        let text = "too many connections from your address; try again later";
        format!(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: {}\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
            Refusal::ClientBusy.retry_after().unwrap_or(1),
            text.len()
        )
    });
    let _ = stream.try_write(ANSWER.as_bytes());
}

/// `router` with what every request meets before it (see [`crate::request_path`]), observed or not.
fn request_path(router: Router, limits: &ServerLimits, app: AppLimits, observed: bool) -> Router {
    let body = BodyGuard {
        app,
        read_timeout: Duration::from_secs(limits.body_read_timeout_seconds),
        min_bytes_per_second: limits.body_min_bytes_per_second,
        budget: Arc::new(Semaphore::new(
            usize::try_from(limits.body_buffer_max_bytes).unwrap_or(usize::MAX).min(Semaphore::MAX_PERMITS),
        )),
    };
    // A layer of the router, not around it: inside, each request knows its route's template.
    router.layer(RequestPathLayer(Arc::new(RequestPath {
        timeout: limits.request_timeout(),
        shares: ClientShares::new(limits.client_max_connections),
        body,
        app,
        observed,
    })))
}

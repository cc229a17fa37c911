//! What every request meets on its way to the app, in this order: its time limit (408), its
//! client's share of the requests in flight (429), its body read within size, pace and memory
//! ([`crate::body_limit`]: 413, 408, 503); then, on the main port, its id
//! ([`crate::request_id`]), its log span and closing line, and its metrics ([`crate::metrics`]).
//!
//! One service, one boxed future per request: as a layer per concern (tower-http's request id,
//! trace and timeout layers, axum's `from_fn`), every layer cloned and boxed what it wrapped on
//! each request, and the api's `/health` served 40 % of what bare axum does (docs/benchmarks.md).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service, ServiceExt};
use tracing::Instrument;

use crate::body_limit::{self, BodyGuard};
use crate::client_address::ClientAddress;
use crate::client_share::ClientShares;
use crate::metrics;
use crate::request_id::{self, REQUEST_ID_HEADER};
use crate::server::{AppLimits, Refusal};

/// Answers slower than this are logged as worth a look.
const SLOW_ANSWER: Duration = Duration::from_secs(1);

/// The limits and the observation every request of one port meets.
pub(crate) struct RequestPath {
    pub timeout: Duration,
    /// Each client's share of the requests in flight: what limits a client behind a trusted
    /// proxy, whose connections carry everyone's requests.
    pub shares: Arc<ClientShares>,
    pub body: BodyGuard,
    pub app: AppLimits,
    /// Whether requests get an id, a log span and metrics (not on the operations port, whose
    /// probes and scrapes arrive every few seconds).
    pub observed: bool,
}

/// [`RequestPath`] as a layer around each route.
#[derive(Clone)]
pub(crate) struct RequestPathLayer(pub Arc<RequestPath>);

impl<S> Layer<S> for RequestPathLayer {
    type Service = RequestPathService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequestPathService { path: self.0.clone(), inner }
    }
}

#[derive(Clone)]
pub(crate) struct RequestPathService<S> {
    path: Arc<RequestPath>,
    inner: S,
}

impl<S> Service<Request> for RequestPathService<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // Readiness is asked of the app when the request gets there (`oneshot`).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let (path, app) = (self.path.clone(), self.inner.clone());
        Box::pin(async move {
            match tokio::time::timeout(path.timeout, path.admit(request, app)).await {
                Ok(response) => Ok(response),
                Err(_) => Ok(StatusCode::REQUEST_TIMEOUT.into_response()),
            }
        })
    }
}

impl RequestPath {
    /// The request within its client's share and with its body read, on to the app.
    async fn admit<S>(&self, request: Request, app: S) -> Response
    where
        S: Service<Request, Response = Response, Error = Infallible>,
    {
        let client = request.extensions().get::<ClientAddress>().copied();
        let share = match client.map(|client| self.shares.take(client.key())) {
            Some(None) => return self.app.refuse(Refusal::ClientBusy),
            Some(Some(share)) => Some(share),
            None => None,
        };
        let (request, held) = match body_limit::read(&self.body, request).await {
            Ok(read) => read,
            Err(refused) => return refused,
        };
        let response = if self.observed { observe(request, app).await } else { serve(request, app).await };
        // The body's memory and the client's slot are given back once the app has answered.
        drop((held, share));
        response
    }
}

async fn serve<S>(request: Request, app: S) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    match app.oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Serves the request with its id (kept from the caller when well-formed, else new), inside a
/// log span carrying the id and the route (the template, never the raw path, which may hold
/// tokens), ended by one line; counts and times it, and sends the id back.
async fn observe<S>(mut request: Request, app: S) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let id = request_id::assign(&mut request);
    let method = request.method().clone();
    // The template (`/sessions/{id}`), which bounds the label's values; an Arc, not a copy.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let route = route.as_ref().map_or(metrics::UNMATCHED_ROUTE, MatchedPath::as_str);
    let span = tracing::info_span!(
        "request",
        request_id = %id.to_str().unwrap_or_default(),
        method = %method,
        route = %route,
    );
    let started = Instant::now();
    let mut response = request_id::scope(id.clone(), serve(request, app)).instrument(span.clone()).await;
    let latency = started.elapsed();
    metrics::record_request(&method, route, response.status(), latency);
    span.in_scope(|| log_answer(response.status(), latency));
    response.headers_mut().insert(REQUEST_ID_HEADER, id);
    response
}

/// The line a request ends with: an error for 5xx, `info` for the other answers worth a look
/// (4xx and slow ones), `debug` for the rest, whose lines would cost as much as serving them
/// (`LOG_LEVEL=info,service_kit=debug` shows them all).
fn log_answer(status: StatusCode, latency: Duration) {
    let (code, latency_ms) = (status.as_u16(), latency.as_millis());
    if status.is_server_error() {
        tracing::error!(status = code, latency_ms, "finished processing request");
    } else if status.is_client_error() || latency >= SLOW_ANSWER {
        tracing::info!(status = code, latency_ms, "finished processing request");
    } else {
        tracing::debug!(status = code, latency_ms, "finished processing request");
    }
}

//! Prometheus metrics: every request counted and timed by route template and status (see
//! [`record_request`]), plus what a service samples when scraped (the api's database pool), served
//! at `/metrics` on the operations port, a port of its own that the stack does not publish, so
//! only its network can scrape it. The main ports answer `/metrics` with 404 like any unknown path.
//! The operations port also answers the probes (`/health`, `/ready`), with its own share of
//! connections: a crowd on the public port cannot make an orchestrator restart a healthy process.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, LazyLock, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::routing::get;
use clap::Args;
use metrics::{Counter, Histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::server::{AppLimits, ServerLimits, serve_quietly};

pub const REQUESTS_TOTAL: &str = "http_requests_total";
pub const REQUEST_DURATION_SECONDS: &str = "http_request_duration_seconds";

/// Upper bounds of the latency histogram's buckets, in seconds: from a cached page to the request timeout.
const REQUEST_DURATION_BUCKETS: &[f64] =
    &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// Histograms are folded into their buckets this often; until then samples wait in memory.
const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// The label of requests no route matched (unknown paths): never the raw path, whose values are unbounded.
pub(crate) const UNMATCHED_ROUTE: &str = "unmatched";

#[derive(Debug, Clone, Args)]
pub struct MetricsSettings {
    /// The operations port: Prometheus metrics at /metrics and the probes /health and /ready,
    /// apart from the main port so that it can stay unpublished (only the stack's network reaches
    /// it) and answer while the main port is crowded. Unset: no metrics; probes on the main port.
    #[arg(long, env = "METRICS_PORT", value_name = "METRICS_PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub metrics_port: Option<u16>,

    /// Address the metrics port listens on. Unset: the service's own (API_HOST or WEB_HOST).
    #[arg(long, env = "METRICS_HOST", value_name = "METRICS_HOST")]
    pub metrics_host: Option<IpAddr>,
}

impl MetricsSettings {
    /// When METRICS_PORT is set: starts recording and serves `/metrics` and `probes` there in
    /// the background, with the service's own `limits`. `sample` runs before each scrape, to set
    /// gauges that read the service's state.
    pub async fn start(
        &self,
        service_host: IpAddr,
        sample: impl Fn() + Send + Sync + 'static,
        probes: Router,
        limits: &ServerLimits,
        app: AppLimits,
    ) -> Result<(), String> {
        let Some(port) = self.metrics_port else { return Ok(()) };
        let (listener, address) = crate::listen(self.metrics_host.unwrap_or(service_host), port).await?;
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full(REQUEST_DURATION_SECONDS.to_owned()),
                REQUEST_DURATION_BUCKETS,
            )
            .and_then(PrometheusBuilder::install_recorder)
            .map_err(|error| format!("cannot start recording metrics: {error}"))?;
        let sample = Arc::new(sample);
        let scrape = {
            let recorder = recorder.clone();
            move || async move {
                sample();
                ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], recorder.render())
            }
        };
        let router = probes.route("/metrics", get(scrape));
        tokio::spawn(upkeep(recorder));
        let limits = limits.clone();
        tokio::spawn(async move { serve_quietly(listener, router, &limits, app).await });
        tracing::info!(%address, "operations port: /metrics, /health, /ready");
        Ok(())
    }
}

async fn upkeep(recorder: PrometheusHandle) {
    let mut interval = tokio::time::interval(UPKEEP_INTERVAL);
    loop {
        interval.tick().await;
        recorder.run_upkeep();
    }
}

/// Counts and times a request by method, route template and status (a no-op without METRICS_PORT).
pub(crate) fn record_request(method: &Method, route: &str, status: StatusCode, took: Duration) {
    let series = (method_label(method), status.as_u16());
    let recorded = |handles: &RequestMetrics| {
        handles.count.increment(1);
        handles.latency.record(took);
    };
    let known = SERIES.read().unwrap_or_else(PoisonError::into_inner);
    if let Some(handles) = known.get(route).and_then(|of_route| of_route.get(&series)) {
        return recorded(handles);
    }
    drop(known);
    let mut known = SERIES.write().unwrap_or_else(PoisonError::into_inner);
    let handles = known.entry(route.to_owned()).or_default().entry(series).or_insert_with(|| {
        let labels =
            [("method", series.0.to_owned()), ("route", route.to_owned()), ("status", series.1.to_string())];
        RequestMetrics {
            count: metrics::counter!(REQUESTS_TOTAL, &labels),
            latency: metrics::histogram!(REQUEST_DURATION_SECONDS, &labels),
        }
    });
    recorded(handles);
}

/// The counter and the histogram of one method and status of a route.
struct RequestMetrics {
    count: Counter,
    latency: Histogram,
}

/// The handles of one route template, by method and status.
type RouteMetrics = HashMap<(&'static str, u16), RequestMetrics>;

/// The handles of each route template, method and status seen so far (bounded, as the labels
/// are): a request looks them up rather than building its labels and their key anew.
static SERIES: LazyLock<RwLock<HashMap<String, RouteMetrics>>> = LazyLock::new(RwLock::default);

/// The standard methods by name; clients may send any token, which must not add label values.
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [(Method, &str); 9] = [
        (Method::GET, "GET"),
        (Method::HEAD, "HEAD"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::DELETE, "DELETE"),
        (Method::PATCH, "PATCH"),
        (Method::OPTIONS, "OPTIONS"),
        (Method::CONNECT, "CONNECT"),
        (Method::TRACE, "TRACE"),
    ];
    KNOWN.iter().find(|(known, _)| known == method).map_or("other", |(_, label)| label)
}

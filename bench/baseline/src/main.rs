//! The baseline of `bench:http`: bare axum on the same runtime, allocator and release profile as
//! the api, answering `GET /health` with the api's very body, and nothing else (no limits,
//! timeouts, request ids, logging, metrics or security headers). What the api's `/health` costs
//! beyond this is what its request path adds.
//!
//!   health-baseline <port>

use axum::Json;
use axum::Router;
use axum::routing::get;
use contract::HealthStatus;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let port: u16 =
        std::env::args().nth(1).and_then(|port| port.parse().ok()).expect("usage: health-baseline <port>");
    let app = Router::new()
        .route("/health", get(|| async { Json(HealthStatus::new("ok", env!("CARGO_PKG_VERSION"))) }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("the port is free");
    axum::serve(listener, app).await.expect("serves until killed");
}

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use contract::HealthStatus;
use service_kit::VERSION;

use crate::api_client::Api;

/// Liveness: the process answers.
pub async fn health() -> impl IntoResponse {
    axum::Json(HealthStatus::new("ok", VERSION))
}

/// Readiness: the api answers, so pages can be built.
pub async fn ready(State(api): State<Api>) -> impl IntoResponse {
    if api.is_reachable().await {
        (StatusCode::OK, axum::Json(HealthStatus::new("ready", VERSION)))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, axum::Json(HealthStatus::new("api unreachable", VERSION)))
    }
}

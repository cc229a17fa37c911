use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::api_client::Api;

/// Liveness: the process answers.
pub async fn health() -> impl IntoResponse {
    axum::Json(contract::HealthStatus { status: "ok".to_owned() })
}

/// Readiness: the api answers, so pages can be built.
pub async fn ready(State(api): State<Api>) -> impl IntoResponse {
    if api.is_reachable().await {
        (StatusCode::OK, axum::Json(contract::HealthStatus { status: "ready".to_owned() }))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(contract::HealthStatus { status: "api unreachable".to_owned() }),
        )
    }
}

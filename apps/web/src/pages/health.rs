use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::app::AppState;

/// Liveness: the process answers.
pub async fn health() -> impl IntoResponse {
    axum::Json(contract::HealthStatus { status: "ok".to_owned() })
}

/// Readiness: the api answers, so pages can be built.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    if state.api.is_reachable().await {
        (StatusCode::OK, axum::Json(contract::HealthStatus { status: "ready".to_owned() }))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(contract::HealthStatus { status: "api unreachable".to_owned() }),
        )
    }
}

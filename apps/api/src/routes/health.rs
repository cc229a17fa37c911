//! Liveness and readiness for orchestrators.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use contract::{ErrorBody, HealthStatus};

use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;

/// Liveness: the process answers. Never touches the database, so a database outage does not get
/// the api restarted.
#[utoipa::path(get, path = "/health", tag = "operations", security(()),
    responses((status = 200, description = "The process is running", body = HealthStatus)))]
pub async fn health() -> Json<HealthStatus> {
    Json(HealthStatus::new("ok", service_kit::VERSION))
}

/// Readiness: the database answers. Recovers by itself once the database is back.
#[utoipa::path(get, path = "/ready", tag = "operations", security(()),
    responses(
        (status = 200, description = "Ready to serve requests", body = HealthStatus),
        (status = 503, description = "The database is unreachable", body = ErrorBody),
    ))]
pub async fn ready(State(state): State<AppState>) -> ApiResult<Json<HealthStatus>> {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => Ok(Json(HealthStatus::new("ready", service_kit::VERSION))),
        Ok(Err(error)) => {
            let check = service_kit::database::explain_tls_failure(&error.to_string()).unwrap_or("");
            tracing::warn!(%error, check, "readiness check failed");
            Err(unavailable())
        }
        Err(_) => Err(unavailable()),
    }
}

fn unavailable() -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable", "the database is not reachable")
}

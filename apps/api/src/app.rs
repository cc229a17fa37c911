//! Wires configuration, database pool and routes into a running server.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::CorsLayer;
use tower_http::trace::TraceLayer;

use crate::auth::sessions;
use crate::config::Config;
use crate::error::ApiError;

/// Bodies larger than this are refused with 413 before they are read.
const MAX_BODY_BYTES: usize = 256 * 1024;
const EXPIRED_SESSION_SWEEP: Duration = Duration::from_secs(600);

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub sessions: Arc<SessionSettings>,
}

pub struct SessionSettings {
    pub expiry: Duration,
    pub secure_cookies: bool,
}

/// A pool that connects lazily: the api starts (and answers `/health`) while the database is
/// still coming up, and `/ready` reports when it is reachable.
pub async fn database(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(&config.database_url);
    options
        .max_connections(config.db_max_connections)
        .min_connections(config.db_min_connections)
        .acquire_timeout(Duration::from_secs(config.db_acquire_timeout_seconds))
        .connect_timeout(Duration::from_secs(5))
        .set_schema_search_path(config.database_schema.clone())
        // Ping only connections that sat idle (where a dropped connection hides), not every checkout:
        // a ping per query would double the round trips.
        .test_before_acquire_if_idle_for(Duration::from_secs(10))
        .connect_lazy(true)
        .sqlx_logging(false);
    // With connect_lazy this only parses the URL; no connection is made yet.
    Database::connect(options).await.context("DATABASE_URL is not a valid PostgreSQL URL")
}

pub fn router(state: AppState, config: &Config) -> Router {
    let (routes, openapi) = crate::routes::api().split_for_parts();
    let openapi = Arc::new(openapi);
    routes
        .route("/api-docs/openapi.json", get(move || async move { axum::Json(openapi.as_ref().clone()) }))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not accept that method",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(cors(config))
        .layer(CatchPanicLayer::custom(|_| ApiError::internal("a request handler panicked").into_response()))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn cors(config: &Config) -> CorsLayer {
    let origins: Vec<HeaderValue> =
        config.cors_origins().iter().filter_map(|origin| origin.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(origins)
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = database(&config).await?;
    let state = AppState {
        db: db.clone(),
        sessions: Arc::new(SessionSettings {
            expiry: config.session_expiry(),
            secure_cookies: config.service.runtime_env.is_production(),
        }),
    };
    tokio::spawn(sweep_expired_sessions(db));
    let address = std::net::SocketAddr::from((config.host, config.port));
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address} (is another process using the port?)"))?;
    tracing::info!(
        %address,
        database = %migration::redact_database_url(&config.database_url),
        runtime_env = ?config.service.runtime_env,
        "api listening"
    );
    axum::serve(listener, router(state, &config))
        .with_graceful_shutdown(service_kit::shutdown_signal())
        .await
        .context("server error")
}

async fn sweep_expired_sessions(db: DatabaseConnection) {
    let mut interval = tokio::time::interval(EXPIRED_SESSION_SWEEP);
    loop {
        interval.tick().await;
        match sessions::purge_expired(&db).await {
            Ok(0) => {}
            Ok(count) => tracing::info!(count, "removed expired sessions"),
            Err(error) => tracing::warn!(%error, "could not remove expired sessions"),
        }
    }
}

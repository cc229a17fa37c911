//! Wires configuration, database pool and routes into a running server.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use service_kit::database::redact_database_url;
use service_kit::server::{AppLimits, Refusal};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::password;
use crate::config::Config;
use crate::error::ApiError;
use crate::mail::Mailer;
use crate::notifier::{self, Persistence};
use crate::routes::health;
use crate::state::{AppState, LoginSettings, Shared, database};
use crate::storage::digest::DigestTime;
use crate::storage::logins::{self, LoginLifetime, RecentLogins};
use crate::storage::{invitations, login_devices, one_time_links, outbox, throttle};
use crate::throttle::Throttle;

/// Bodies larger than this are answered 413 (after the rest was read, see service-kit's body limit).
const MAX_BODY_BYTES: usize = 256 * 1024;
/// How often what has expired (logins, links, invitations, throttle buckets, devices) is deleted.
const EXPIRED_SWEEP: Duration = Duration::from_secs(600);

/// The largest body the api takes, and how it says no to requests the server turns away.
const LIMITS: AppLimits = AppLimits { max_body_bytes: MAX_BODY_BYTES, refused };

fn refused(refusal: Refusal) -> Response {
    let code = match refusal {
        Refusal::TooLarge => "payload_too_large",
        Refusal::TooSlow => "request_timeout",
        Refusal::ClientBusy => "too_many_requests",
        Refusal::ServerBusy => "busy",
    };
    ApiError::new(refusal.status(), code, refusal.message()).into_response()
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
        // One layer, outermost first (see service_kit::server::request_path for why one).
        .layer(
            ServiceBuilder::new()
                .layer(CatchPanicLayer::custom(|_| {
                    ApiError::internal("a request handler panicked").into_response()
                }))
                .layer(cors(config))
                // Every answer may carry someone's data: browsers must not guess its type, and no
                // cache (shared or the browser's) may keep it.
                .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, NOSNIFF))
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, NO_STORE))
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .with_state(state)
}

const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");

fn cors(config: &Config) -> CorsLayer {
    let origins: Vec<HeaderValue> =
        config.cors_origins().iter().filter_map(|origin| origin.parse().ok()).collect();
    // A predicate rather than the list itself, which every request would clone.
    let allowed = AllowOrigin::predicate(move |origin, _| origins.contains(origin));
    CorsLayer::new()
        .allow_origin(allowed)
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let db = database(&config).await?;
    let mailer = Mailer::from_config(&config).map_err(anyhow::Error::msg)?;
    password::limit_concurrency(config.password_hash_concurrency, config.password_hash_queue);
    let state = AppState::new(Shared {
        db: db.clone(),
        logins: LoginSettings {
            lifetime: LoginLifetime {
                expiry: config.login_expiry(),
                max_lifetime: config.login_max_lifetime(),
            },
            secure_cookies: config.server.is_production(),
            recent: RecentLogins::new(),
        },
        throttle: Throttle::new(db.clone(), config.throttle_rates()),
        mailer,
        web_origin: config.web_origin().ok().map(Arc::from),
    });
    let pool = db.get_postgres_connection_pool().clone();
    let sample_pool = move || {
        metrics::gauge!("db_pool_connections").set(f64::from(pool.size()));
        metrics::gauge!("db_pool_idle_connections").set(pool.num_idle() as f64);
        metrics::gauge!("db_pool_max_connections").set(f64::from(pool.options().get_max_connections()));
    };
    let probes = service_kit::cli::probes(health::health, health::ready, state.clone());
    let listening = config
        .server
        .listen(config.host, config.port, probes, sample_pool, LIMITS)
        .await
        .map_err(anyhow::Error::msg)?;
    if let Some(mailer) = state.mailer.clone() {
        let persistence = Persistence {
            max_attempts: config.mail_max_attempts,
            first_pause: Duration::from_secs(config.mail_retry_seconds),
        };
        let digest_time = DigestTime { weekday: config.digest_weekday as u32 + 1, hour: config.digest_hour };
        tokio::spawn(notifier::run(db.clone(), mailer, persistence, digest_time));
    }
    tokio::spawn(sweep_expired(db));
    tracing::info!(
        address = %listening.address,
        database = %redact_database_url(&config.database_url),
        runtime_env = ?config.server.runtime_env(),
        "api listening"
    );
    listening.serve(router(state, &config)).await;
    Ok(())
}

/// Deletes what can no longer be used, so tables do not grow for ever: expired logins,
/// links and invitations, throttle buckets that are full again, devices not seen for a year,
/// mail sent a month ago.
async fn sweep_expired(db: DatabaseConnection) {
    let mut interval = tokio::time::interval(EXPIRED_SWEEP);
    loop {
        interval.tick().await;
        let swept = [
            ("logins", logins::purge_expired(&db).await),
            ("one-time links", one_time_links::purge_expired(&db).await),
            ("invitations", invitations::purge_expired(&db).await),
            ("throttle buckets", throttle::forget_full(&db).await),
            ("remembered devices", login_devices::forget_stale(&db).await),
            ("sent mail", outbox::purge_sent(&db).await),
        ];
        for (what, outcome) in swept {
            match outcome {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, what, "removed expired rows"),
                Err(error) => tracing::warn!(%error, what, "could not remove expired rows"),
            }
        }
    }
}

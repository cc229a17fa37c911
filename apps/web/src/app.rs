//! Wires configuration, the api client and the pages into a running server, with the security
//! headers every response carries, the `Origin` check on every form post (but the one-click stop
//! that mail programs post from their own servers) and, in production, `__Host-` cookies.

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use service_kit::server::{AppLimits, Refusal};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;

use crate::api_client::{self, Api};
use crate::config::Config;
use crate::cookies;
use crate::csrf;
use crate::error::PageError;
use crate::origin::SiteOrigin;
use crate::pages::health;

/// Forms carry at most a note's text; larger ones get the "too much text" page (413).
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The largest form the web takes, and the pages for requests the server turns away.
const LIMITS: AppLimits = AppLimits {
    max_body_bytes: MAX_FORM_BYTES,
    refused: |refusal: Refusal| PageError::TurnedAway(refusal).into_response(),
};

const STYLESHEET: &str = include_str!("../static/app.css");
const SCRIPT: &str = include_str!("../static/app.js");

/// Our own stylesheet and script only (the script talks to this site alone: it keeps drafts);
/// nothing may frame the pages or post them elsewhere.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn router(api: Api, site_origin: SiteOrigin, secure_cookies: bool) -> Router {
    crate::pages::routes()
        .route("/static/app.css", get(|| async { asset("text/css; charset=utf-8", STYLESHEET) }))
        .route("/static/app.js", get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }))
        .fallback(|| async { PageError::NotFound })
        .layer(middleware::from_fn_with_state(site_origin.clone(), csrf::same_origin_only))
        .merge(crate::pages::one_click_routes())
        // One layer, outermost first (see service_kit::server::request_path for why one).
        .layer(
            ServiceBuilder::new()
                .layer(CatchPanicLayer::custom(|_| {
                    PageError::Internal("a page handler panicked".to_owned()).into_response()
                }))
                .option_layer(secure_cookies.then(|| middleware::from_fn(cookies::host_only)))
                .map_response(with_security_headers)
                .layer(middleware::from_fn(api_client::on_behalf_of_browser))
                .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
                // For pages that hand out an absolute address of the site (`origin::PublicOrigin`).
                .layer(Extension(site_origin)),
        )
        .with_state(api)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}

/// The headers every answer carries: what the browser may load, frame and send, and no guessing
/// of types; pages show personal data, so shared caches never keep one (assets say otherwise).
fn with_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let api = Api::new(&config.api_url, config.api_timeout())?;
    let secure_cookies = config.server.is_production();
    let probes = service_kit::cli::probes(health::health, health::ready, api.clone());
    let listening = config
        .server
        .listen(config.host, config.port, probes, || {}, LIMITS)
        .await
        .map_err(anyhow::Error::msg)?;
    let address = listening.address;
    tracing::info!(%address, api = %config.api_url, runtime_env = ?config.server.runtime_env(), "web listening");
    listening.serve(router(api, SiteOrigin(config.public_web_origin.clone()), secure_cookies)).await;
    Ok(())
}

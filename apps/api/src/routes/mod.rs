//! The HTTP surface: one module per resource, registered here together with its OpenAPI
//! description so the published document cannot drift from the routes.

mod actions;
mod auth;
mod entries;
mod errors;
mod goals;
mod guard;
mod health;
mod organizations;
mod relationships;
mod sessions;

use contract::{API_SESSION_COOKIE, ErrorBody};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Coaching platform API",
        description = "Organizations, coaching relationships, sessions, notes, agreements, actions \
                       and goals. Log in with POST /login; the session cookie authenticates the \
                       other calls. Errors are JSON: {\"error\": code, \"message\": text}."
    ),
    components(schemas(ErrorBody)),
    modifiers(&SessionCookie),
    security(("session_cookie" = []))
)]
struct ApiDoc;

struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "session_cookie",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(API_SESSION_COOKIE))),
            );
        }
    }
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::ready))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(organizations::list, organizations::create))
        .routes(routes!(organizations::get, organizations::update, organizations::delete))
        .routes(routes!(organizations::members, organizations::add_member))
        .routes(routes!(organizations::change_role, organizations::remove_member))
        .routes(routes!(relationships::list, relationships::create))
        .routes(routes!(relationships::get, relationships::delete))
        .routes(routes!(sessions::list, sessions::create))
        .routes(routes!(sessions::get, sessions::update, sessions::delete))
        .routes(routes!(sessions::workspace))
        .routes(routes!(entries::notes::list, entries::notes::create))
        .routes(routes!(entries::notes::get, entries::notes::update, entries::notes::delete))
        .routes(routes!(entries::agreements::list, entries::agreements::create))
        .routes(routes!(entries::agreements::get, entries::agreements::update, entries::agreements::delete))
        .routes(routes!(actions::list, actions::create))
        .routes(routes!(actions::get, actions::update, actions::delete))
        .routes(routes!(actions::change_status))
        .routes(routes!(goals::list, goals::create))
        .routes(routes!(goals::get, goals::update, goals::delete))
        .routes(routes!(goals::change_status))
        .routes(routes!(goals::link_session, goals::unlink_session))
}

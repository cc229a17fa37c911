//! The HTTP surface: one module per resource, registered here together with its OpenAPI
//! description so the published document cannot drift from the routes.

mod actions;
mod auth;
mod entries;
mod errors;
mod goals;
mod health;
mod organizations;
mod relationships;
mod sessions;

use contract::ErrorBody;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{CurrentUser, sessions::COOKIE_NAME};
use crate::domain::policy::{Duty, OrganizationGrant, RelationshipGrant};
use crate::error::{ApiError, ApiResult};
use crate::storage::access::{self, Anchor};

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
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(COOKIE_NAME))),
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

/// The caller's standing towards the relationship behind `anchor`, or 404 when they may not
/// see it: people outside a relationship cannot even learn that it exists.
async fn relationship_grant(
    state: &AppState,
    caller: &CurrentUser,
    anchor: Anchor,
) -> ApiResult<(Uuid, RelationshipGrant)> {
    access::relationship(&state.db, caller, anchor).await?.ok_or_else(|| ApiError::not_found(anchor.noun()))
}

async fn organization_grant(
    state: &AppState,
    caller: &CurrentUser,
    id: Uuid,
) -> ApiResult<OrganizationGrant> {
    access::organization(&state.db, caller, id).await?.ok_or_else(|| ApiError::not_found("organization"))
}

/// The relationship behind `anchor` when the caller may do `duty` there: 404 when they may not
/// see it, 403 when they see it but may not do this.
async fn permit(state: &AppState, caller: &CurrentUser, anchor: Anchor, duty: Duty) -> ApiResult<Uuid> {
    let (relationship_id, grant) = relationship_grant(state, caller, anchor).await?;
    require(grant.allows(duty), duty.refusal())?;
    Ok(relationship_id)
}

/// 403 for people who see the thing but may not do this to it.
fn require(allowed: bool, reason: &str) -> ApiResult<()> {
    if allowed { Ok(()) } else { Err(ApiError::forbidden(reason)) }
}

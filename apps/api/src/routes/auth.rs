//! Logging in and out, and who is logged in.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use contract::{ErrorBody, LoginRequest, Me};
use service_kit::client_address::ClientAddress;

use super::errors::ThrottledErrors;
use crate::auth::{CurrentUser, credentials, login_session_token, login_sessions, password};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;
use crate::storage::people;

/// Checks email and password and starts a login session (cookie `api_session`). JSON only: an
/// HTML form on any site could post a form body here (login CSRF), but not a JSON one without CORS.
/// Attempts are throttled per account and per client address before any password is hashed.
#[utoipa::path(post, path = "/login", tag = "auth", security(()),
    request_body(content = LoginRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = Me),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 403, description = "The password is right but the account is deactivated \
            (`account_deactivated`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json`", body = ErrorBody),
        (status = 422, description = "Missing fields", body = ErrorBody),
        ThrottledErrors,
    ))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Json(credentials): Json<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    let email = credentials.email.trim().to_lowercase();
    state.login_limits.check(&email, client).map_err(ApiError::too_many_attempts)?;
    let user = people::find_by_email(&state.db, &email).await?;
    // An account still waiting for its first password answers like a wrong password.
    let stored_hash = user.as_ref().and_then(|user| user.password_hash.clone());
    let matches = password::verify(credentials.password, stored_hash).await?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(ApiError::unauthorized("invalid_credentials", "email or password is wrong"));
    };
    credentials::refuse_deactivated(&user)?;
    // A login session that existed before is dropped, so a planted cookie cannot ride along.
    if let Some(previous) = login_session_token(&headers) {
        login_sessions::revoke(&state.db, &previous).await?;
    }
    let token = login_sessions::create(&state.db, user.id, state.login_sessions.expiry).await?;
    let me = people::me(&state.db, user).await?;
    let cookie = login_sessions::cookie(token, state.login_sessions.secure_cookies);
    Ok(([(SET_COOKIE, cookie.to_string())], Json(me)))
}

/// Ends the login session, if any, and clears the cookie. Safe to call twice.
#[utoipa::path(post, path = "/logout", tag = "auth", security(()),
    responses((status = 204, description = "Logged out")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    if let Some(token) = login_session_token(&headers) {
        login_sessions::revoke(&state.db, &token).await?;
    }
    let cookie = login_sessions::removal_cookie(state.login_sessions.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie.to_string())]))
}

/// The signed-in user and their organizations.
#[utoipa::path(get, path = "/me", tag = "auth",
    responses((status = 200, body = Me)))]
pub async fn me(State(state): State<AppState>, caller: CurrentUser) -> ApiResult<Json<Me>> {
    Ok(Json(people::me(&state.db, caller.user).await?))
}

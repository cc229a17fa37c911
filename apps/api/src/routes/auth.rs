//! Logging in and out, and who is logged in.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use contract::{ErrorBody, LoginRequest, Me};
use service_kit::client_address::ClientAddress;

use super::errors::ThrottledErrors;
use crate::auth::{credentials, login_devices, login_token, logins, password, secret_token};
use crate::domain::caller::Caller;
use crate::domain::throttle::Bucket;
use crate::domain::validate;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;
use crate::storage::people;

/// Checks email and password and starts a login (cookie `api_session`). JSON only: an
/// HTML form on any site could post a form body here (login CSRF), but not a JSON one without CORS.
/// Failed attempts are throttled per client address and per account before any password is
/// hashed; a device that signed in to the account before (cookie `api_device`) is throttled on its
/// own, so guesses from elsewhere do not lock its owner out. A correct password is not counted.
#[utoipa::path(post, path = "/login", tag = "auth", security(()),
    request_body(content = LoginRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Logged in; the login cookie (and the device cookie) are set", body = Me),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 403, description = "The password is right but the account is deactivated \
            (`account_deactivated`)", body = ErrorBody),
        (status = 415, description = "The body is not `application/json`", body = ErrorBody),
        (status = 422, description = "Missing fields, or an email with characters no address has", body = ErrorBody),
        ThrottledErrors,
    ))]
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    Json(credentials): Json<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    let email = validate::login_email(&credentials.email)?;
    let device = login_devices::token(&headers);
    let known_device = match &device {
        Some(token) => login_devices::is_known(&state.db, token, &email).await?,
        None => false,
    };
    let account_bucket = match (&device, known_device) {
        (Some(token), true) => Bucket::LoginDevice(secret_token::digest(token)),
        _ => Bucket::LoginAccount(email.clone()),
    };
    let charges =
        state.throttle.charge_all([Bucket::LoginAddress(client.key().to_string()), account_bucket]).await?;
    let account = people::account_by_email(&state.db, &email).await?;
    // An account still waiting for its first password answers like a wrong password.
    let stored_hash = account.as_ref().and_then(|account| account.password_hash.clone());
    let matches = match password::verify(credentials.password, stored_hash).await {
        Ok(matches) => matches,
        Err(busy) => {
            // Nothing was tried: the attempt does not count.
            state.throttle.refund(charges).await?;
            return Err(busy);
        }
    };
    let Some(account) = account.filter(|_| matches) else {
        return Err(ApiError::unauthorized("invalid_credentials", "email or password is wrong"));
    };
    state.throttle.refund(charges).await?;
    credentials::refuse_deactivated(account.deactivated)?;
    // A login that existed before is ended, so a planted cookie cannot ride along.
    if let Some(previous) = login_token(&headers) {
        logins::end(&state, &previous).await?;
    }
    let person = account.person;
    let token = logins::start(&state, person.id).await?;
    let device = login_devices::remember(&state.db, device.filter(|_| known_device), person.id).await?;
    let me = people::me(&state.db, person).await?;
    let secure = state.logins.secure_cookies;
    let cookies = [logins::cookie(token, secure), login_devices::cookie(device, secure)];
    Ok((AppendHeaders(cookies.map(|cookie| (SET_COOKIE, cookie.to_string()))), Json(me)))
}

/// Ends the login, if any, and clears the cookie. Safe to call twice.
#[utoipa::path(post, path = "/logout", tag = "auth", security(()),
    responses((status = 204, description = "Logged out")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<impl IntoResponse> {
    if let Some(token) = login_token(&headers) {
        logins::end(&state, &token).await?;
    }
    let cookie = logins::removal_cookie(state.logins.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie.to_string())]))
}

/// The signed-in user and their organizations.
#[utoipa::path(get, path = "/me", tag = "auth",
    responses((status = 200, body = Me)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Me>> {
    Ok(Json(people::me(&state.db, caller).await?))
}

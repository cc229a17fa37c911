//! Who is calling: password checks, the login and device cookies, and the extractor that turns
//! the login cookie into a [`Caller`]. What is stored about them is in `storage`.

pub mod credentials;
pub mod login_devices;
pub mod logins;
pub mod password;
pub mod secret_token;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use contract::API_LOGIN_COOKIE;
use cookie::{Cookie, CookieBuilder, SameSite};

use crate::domain::caller::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage;

/// The signed-in person of this request. Handlers that take it answer 401 to anonymous callers.
impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        signed_in(state, &login_digest(&parts.headers)?).await
    }
}

/// The digest of the request's login token; 401 without one.
pub fn login_digest(headers: &HeaderMap) -> Result<String, ApiError> {
    let token =
        login_token(headers).ok_or_else(|| ApiError::unauthorized("unauthenticated", "log in first"))?;
    Ok(secret_token::digest(&token))
}

/// The person behind the login of `digest`, looked up now (and remembered among the recent
/// logins); 401 when it has ended.
pub async fn signed_in(state: &AppState, digest: &str) -> Result<Caller, ApiError> {
    let caller = storage::logins::caller(&state.db, digest, state.logins.lifetime)
        .await?
        .ok_or_else(|| ApiError::unauthorized("session_expired", "your login has ended; log in again"))?;
    state.logins.recent.record(digest.to_owned(), caller.clone());
    Ok(caller)
}

/// The login token from the request's cookies, if any.
pub fn login_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, API_LOGIN_COOKIE)
}

/// A cookie of the api's: for the whole site, out of scripts' reach (`HttpOnly`), sent along when
/// a link from elsewhere is followed (`Lax`), and over HTTPS only when `secure` (production).
fn api_cookie(name: &'static str, value: String, secure: bool) -> CookieBuilder<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(SameSite::Lax).secure(secure)
}

/// The value of the cookie `name` the request carries, if any.
fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

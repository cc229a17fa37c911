//! Who is calling: password checks, server-side login sessions in PostgreSQL, devices that
//! signed in before, one-time links, and the extractor that turns the login cookie into a [`CurrentUser`].

pub mod credentials;
pub mod login_devices;
pub mod login_sessions;
pub mod one_time_links;
pub mod password;
pub mod secret_token;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use contract::API_SESSION_COOKIE;

use crate::domain::policy::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::entities::user;

/// The signed-in user of this request. Handlers that take it answer 401 to anonymous callers.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: user::Model,
}

impl CurrentUser {
    pub fn viewer(&self) -> Viewer {
        Viewer::from(&self.user)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = login_session_token(&parts.headers)
            .ok_or_else(|| ApiError::unauthorized("unauthenticated", "log in first"))?;
        let user = login_sessions::authenticate(&state.db, &token, &state.login_sessions).await?.ok_or_else(
            || ApiError::unauthorized("session_expired", "your session has ended; log in again"),
        )?;
        Ok(Self { user })
    }
}

/// The login session token from the request's cookies, if any.
pub fn login_session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, API_SESSION_COOKIE)
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

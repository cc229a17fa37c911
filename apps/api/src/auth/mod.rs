//! Who is calling: password checks, server-side sessions in PostgreSQL, and the extractor that
//! turns the session cookie into a [`CurrentUser`].

pub mod password;
pub mod sessions;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use uuid::Uuid;

use crate::app::AppState;
use crate::error::ApiError;
use crate::storage::entities::user;

/// The signed-in user of this request. Handlers that take it answer 401 to anonymous callers.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: user::Model,
}

impl CurrentUser {
    pub fn id(&self) -> Uuid {
        self.user.id
    }

    pub fn is_super_admin(&self) -> bool {
        self.user.is_super_admin
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers)
            .ok_or_else(|| ApiError::unauthorized("unauthenticated", "log in first"))?;
        let user =
            sessions::authenticate(&state.db, &token, state.sessions.expiry).await?.ok_or_else(|| {
                ApiError::unauthorized("session_expired", "your session has ended; log in again")
            })?;
        Ok(Self { user })
    }
}

/// The session token from the request's cookies, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == sessions::COOKIE_NAME)
        .map(|cookie| cookie.value().to_owned())
}

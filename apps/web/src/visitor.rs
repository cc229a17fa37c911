//! The signed-in visitor, known by their login cookie.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use contract::Me;

use crate::api_client::Api;
use crate::cookies;
use crate::error::PageError;

/// A signed-in visitor: the api, called with the api login token their login cookie holds. Pages
/// that take it send anonymous visitors to the login page, and back here afterwards.
pub struct Visitor(pub Api);

impl FromRequestParts<Api> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, Self::Rejection> {
        match cookies::login_token(&parts.headers) {
            Some(token) => Ok(Self(api.as_login(token))),
            None => Err(PageError::LoginRequired { next: return_path(parts) }),
        }
    }
}

/// Who the visitor `api` calls for is, with their memberships and capabilities; `here` is where to
/// come back to when their login has ended.
pub async fn me(api: &Api, here: &str) -> Result<Me, PageError> {
    api.get::<Me>("/me").await.map_err(|failure| PageError::from_api(failure, here))
}

/// Where to come back to after logging in: this page, or for a form post the page it was on.
fn return_path(parts: &Parts) -> String {
    if parts.method == axum::http::Method::GET {
        parts.uri.path_and_query().map(|path| path.as_str().to_owned()).unwrap_or_else(|| "/".to_owned())
    } else {
        "/".to_owned()
    }
}

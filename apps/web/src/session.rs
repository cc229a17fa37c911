//! What the web remembers about a visitor, all in cookies (the web itself is stateless):
//! `web_session` holds their api session token, `csrf` the token every form must repeat, and
//! `flash` a one-time message shown after a redirect (post/redirect/get).

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use cookie::{Cookie, SameSite};

use crate::app::AppState;
use crate::csrf;
use crate::error::PageError;

pub const SESSION_COOKIE: &str = "web_session";
const FLASH_COOKIE: &str = "flash";

/// A cookie only our server reads: HttpOnly, whole site, Secure in production.
pub fn cookie(name: &'static str, value: String, secure: bool, same_site: SameSite) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(same_site).secure(secure).build()
}

pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut cookie = cookie(name, String::new(), secure, SameSite::Lax);
    cookie.make_removal();
    cookie
}

pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// A signed-in visitor: their api session token. Pages that take it send anonymous visitors to
/// the login page, and back here afterwards.
pub struct Visitor {
    pub token: String,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        match read_cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) if !token.is_empty() => Ok(Self { token }),
            _ => Err(PageError::LoginRequired { next: return_path(parts) }),
        }
    }
}

/// Where to come back to after logging in: this page, or for a form post the page it was on.
fn return_path(parts: &Parts) -> String {
    if parts.method == axum::http::Method::GET {
        parts.uri.path_and_query().map(|path| path.as_str().to_owned()).unwrap_or_else(|| "/".to_owned())
    } else {
        "/".to_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlashKind {
    Notice,
    Error,
}

/// A message for the next page, e.g. "Note added." or what the api refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub message: String,
}

impl Flash {
    pub fn notice(message: impl Into<String>) -> Self {
        Self { kind: FlashKind::Notice, message: message.into() }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self { kind: FlashKind::Error, message: message.into() }
    }

    pub fn is_error(&self) -> bool {
        self.kind == FlashKind::Error
    }

    fn encode(&self) -> String {
        let kind = if self.is_error() { "error" } else { "notice" };
        format!("{kind}:{}", self.message)
    }

    fn decode(raw: &str) -> Option<Self> {
        match raw.split_once(':')? {
            ("error", message) => Some(Self::error(message)),
            ("notice", message) => Some(Self::notice(message)),
            _ => None,
        }
    }
}

/// What every rendered page needs besides its own data: the CSRF token for its forms and the
/// flash message to show once. `respond` writes the cookies that keep both right.
pub struct PageContext {
    pub csrf_token: String,
    new_csrf_token: bool,
    pub flash: Option<Flash>,
    secure: bool,
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let existing = read_cookie(&parts.headers, csrf::COOKIE).filter(|token| csrf::is_well_formed(token));
        let flash = read_cookie(&parts.headers, FLASH_COOKIE).and_then(|raw| Flash::decode(&raw));
        Ok(Self {
            new_csrf_token: existing.is_none(),
            csrf_token: existing.unwrap_or_else(csrf::new_token),
            flash,
            secure: state.secure_cookies,
        })
    }
}

impl PageContext {
    pub fn respond(self, status: StatusCode, html: String) -> Response {
        let mut response = (status, Html(html)).into_response();
        let headers = response.headers_mut();
        if self.new_csrf_token {
            append_cookie(headers, csrf::cookie(self.csrf_token, self.secure));
        }
        if self.flash.is_some() {
            append_cookie(headers, removal(FLASH_COOKIE, self.secure));
        }
        response
    }
}

/// 303 See Other to `location`, optionally carrying a flash message to show there.
pub fn redirect(location: &str, flash: Option<Flash>, secure: bool) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, value);
    }
    if let Some(flash) = flash {
        append_cookie(headers, cookie(FLASH_COOKIE, flash.encode(), secure, SameSite::Lax));
    }
    response
}

pub fn append_cookie(headers: &mut HeaderMap, cookie: Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.encoded().to_string()) {
        headers.append(SET_COOKIE, value);
    }
}

/// `next` as a path on this site, or `/`: never an open redirect to somewhere else.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/sessions/1?tab=notes")), "/sessions/1?tab=notes");
        for hostile in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn flash_messages_round_trip() {
        for flash in [Flash::notice("Note added."), Flash::error("body: must not be empty")] {
            assert_eq!(Flash::decode(&flash.encode()), Some(flash));
        }
        assert_eq!(Flash::decode("garbage"), None);
    }
}

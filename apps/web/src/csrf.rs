//! Cross-site request forgery protection, in two independent parts.
//!
//! **A token in every form** (`CsrfForm` checks it):
//! - Signed in: HMAC-SHA256 keyed with the login token (the login cookie's value) over a fixed
//!   purpose string. Only someone who can read the `HttpOnly` login cookie can compute it, and they
//!   hold the login already; a cookie planted by a page on another port or a sibling subdomain
//!   does not enter into it, and a token from another login does not fit this one. Keying with the
//!   login token rather than a server secret leaves nothing to store, share between replicas,
//!   rotate or leak, and protects as much: the form token is worthless without the login. Being a
//!   one-way function of the login token, the form token in the page does not reveal the login.
//! - Not signed in yet (the login form): a random token in a `SameSite=Strict` cookie that the
//!   form repeats (double submit; a `__Host-` cookie in production, see `cookies`).
//!
//! **The `Origin` of every unsafe request** (`same_origin_only`): browsers name the page a form
//! was posted from, so a post from another site, or another port of this host, is refused before
//! any handler runs. This is what stops a forged login whose attacker planted the pre-login
//! cookie as well. Requests without `Origin` come from programs, not from a browser tricked into
//! posting, and still need their token. The one exception, which `app` serves outside this check
//! and which takes no token either, is the one-click stop of a notification mail (`pages::mail_stop`
//! says why that is safe).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::ORIGIN;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::cookies;
use crate::error::PageError;
use crate::origin::{SiteOrigin, sent_origin};

const TOKEN_BYTES: usize = 32;

/// What the login-bound token authenticates; a new purpose (or format) gets a new string.
const LOGIN_TOKEN_PURPOSE: &[u8] = b"coaching web: form token, v1";

/// The token this request's forms carry, and the pre-login cookie to set when it is new.
pub fn form_token(headers: &HeaderMap) -> (String, Option<Cookie<'static>>) {
    match expected_token(headers) {
        Some(token) => (token, None),
        None => {
            let token = hex(&rand::random::<[u8; TOKEN_BYTES]>());
            (token.clone(), Some(cookies::build(cookies::CSRF, token, SameSite::Strict)))
        }
    }
}

/// The token a form posted with `headers` must carry: bound to the login when there is one, else
/// the pre-login cookie's (if well formed).
fn expected_token(headers: &HeaderMap) -> Option<String> {
    match cookies::login_token(headers) {
        Some(login) => Some(login_bound_token(&login)),
        None => cookies::read(headers, cookies::CSRF).filter(|token| is_well_formed(token)),
    }
}

fn login_bound_token(login: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(login.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(LOGIN_TOKEN_PURPOSE);
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn is_well_formed(token: &str) -> bool {
    token.len() == TOKEN_BYTES * 2 && token.bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[derive(Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

/// A URL-encoded form, accepted only when its `csrf_token` field is the token of this request's
/// login (or, before login, of its pre-login cookie).
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = expected_token(request.headers());
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                PageError::TooLarge
            } else {
                PageError::BadRequest(rejection.body_text())
            }
        })?;
        let sent = serde_urlencoded::from_bytes::<TokenField>(&body).ok().and_then(|field| field.csrf_token);
        match (expected, sent) {
            // Constant time, so timing does not leak the token.
            (Some(expected), Some(sent)) if bool::from(expected.as_bytes().ct_eq(sent.as_bytes())) => {}
            _ => return Err(PageError::CsrfRejected),
        }
        serde_urlencoded::from_bytes::<T>(&body)
            .map(Self)
            .map_err(|error| PageError::BadRequest(format!("the form is incomplete: {error}")))
    }
}

/// Middleware: refuses (403) an unsafe request whose `Origin` header names another origin.
pub async fn same_origin_only(State(site): State<SiteOrigin>, request: Request, next: Next) -> Response {
    match request.headers().get(ORIGIN) {
        Some(_) if !request.method().is_safe() && !sent_from(&site, &request) => {
            PageError::Forbidden("This form was sent from another site, so it was not accepted.".to_owned())
                .into_response()
        }
        _ => next.run(request).await,
    }
}

/// Whether the request's `Origin` names the site's origin (see [`SiteOrigin::of`]); `null` and
/// anything else that is no origin never does.
fn sent_from(site: &SiteOrigin, request: &Request) -> bool {
    let sent = sent_origin(request.headers());
    sent.is_some() && sent == site.of(request.uri(), request.headers())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use axum::http::header::COOKIE;

    fn with_cookie(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_str(cookie).expect("header"));
        headers
    }

    #[test]
    fn pre_login_tokens_are_random_and_kept_in_a_cookie() {
        let (a, cookie) = form_token(&HeaderMap::new());
        let (b, _) = form_token(&HeaderMap::new());
        assert!(is_well_formed(&a) && is_well_formed(&b));
        assert_ne!(a, b);
        let cookie = cookie.expect("a new token is set as a cookie");
        assert_eq!((cookie.name(), cookie.value()), (cookies::CSRF, a.as_str()));
        assert_eq!(form_token(&with_cookie(&format!("csrf={a}"))), (a, None));
        assert!(!is_well_formed("short"));
    }

    #[test]
    fn signed_in_tokens_follow_the_login_and_ignore_the_csrf_cookie() {
        let planted = "0".repeat(TOKEN_BYTES * 2);
        let (token, cookie) = form_token(&with_cookie(&format!("csrf={planted}; web_session=login-a")));
        assert_eq!(cookie, None);
        assert!(is_well_formed(&token));
        assert_ne!(token, planted);
        assert_eq!(
            token,
            form_token(&with_cookie("web_session=login-a")).0,
            "the same login, the same token"
        );
        assert_ne!(token, form_token(&with_cookie("web_session=login-b")).0, "another login, another token");
    }
}

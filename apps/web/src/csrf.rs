//! Cross-site request forgery protection: every form repeats a random token that also sits in a
//! `SameSite=Strict` cookie (double submit). A post whose token is missing or different is refused,
//! so another site cannot make a signed-in browser submit our forms.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use cookie::{Cookie, SameSite};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::cookies;
use crate::error::PageError;

const TOKEN_BYTES: usize = 32;

pub fn new_token() -> String {
    rand::random::<[u8; TOKEN_BYTES]>().iter().map(|byte| format!("{byte:02x}")).collect()
}

pub fn is_well_formed(token: &str) -> bool {
    token.len() == TOKEN_BYTES * 2 && token.bytes().all(|byte| byte.is_ascii_hexdigit())
}

pub fn cookie(token: String) -> Cookie<'static> {
    cookies::build(cookies::CSRF, token, SameSite::Strict)
}

#[derive(Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

/// A URL-encoded form, accepted only when its `csrf_token` field matches the `csrf` cookie.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = cookies::read(request.headers(), cookies::CSRF);
        let body = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                PageError::TooLarge
            } else {
                PageError::BadRequest(rejection.body_text())
            }
        })?;
        let sent = serde_urlencoded::from_bytes::<TokenField>(&body).ok().and_then(|field| field.csrf_token);
        match (expected, sent) {
            (Some(expected), Some(sent)) if is_well_formed(&expected) && same(&expected, &sent) => {}
            _ => return Err(PageError::CsrfRejected),
        }
        serde_urlencoded::from_bytes::<T>(&body)
            .map(Self)
            .map_err(|error| PageError::BadRequest(format!("the form is incomplete: {error}")))
    }
}

/// Compares without stopping at the first difference, so timing does not leak the token.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_checked_exactly() {
        let (a, b) = (new_token(), new_token());
        assert!(is_well_formed(&a) && is_well_formed(&b));
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..10]));
        assert!(!is_well_formed("short"));
    }
}

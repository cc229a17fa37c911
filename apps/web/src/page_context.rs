//! What every rendered page needs besides its own data: the CSRF token for its forms and the
//! flash message to show once.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use contract::Me;
use cookie::Cookie;

use crate::cookies;
use crate::csrf;
use crate::flash::Flash;
use crate::layout::Layout;

pub struct PageContext {
    csrf_token: String,
    /// Set when the visitor is not signed in and had no pre-login token yet.
    csrf_cookie: Option<Cookie<'static>>,
    flash: Option<Flash>,
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let (csrf_token, csrf_cookie) = csrf::form_token(&parts.headers);
        Ok(Self { csrf_token, csrf_cookie, flash: Flash::read(&parts.headers) })
    }
}

impl PageContext {
    /// The layout around a page titled `title`, shown to `me` (or to nobody signed in).
    pub fn layout(&self, title: impl Into<String>, me: Option<&Me>) -> Layout {
        Layout::new(title.into(), self.csrf_token.clone(), self.flash.clone(), me)
    }

    /// The page, with the cookies that keep the CSRF token and the flash message right.
    pub fn respond(self, status: StatusCode, html: String) -> Response {
        let mut response = (status, Html(html)).into_response();
        let headers = response.headers_mut();
        if let Some(cookie) = self.csrf_cookie {
            cookies::append(headers, cookie);
        }
        if self.flash.is_some() {
            cookies::append(headers, cookies::removal(cookies::FLASH));
        }
        response
    }
}

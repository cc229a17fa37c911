//! Post/redirect/get: after a form the visitor is sent back with a one-time message (the `flash`
//! cookie) that the next page shows once.

use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cookie::SameSite;

use crate::cookies;

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

    /// The message the request carries, if any.
    pub fn read(headers: &axum::http::HeaderMap) -> Option<Self> {
        cookies::read(headers, cookies::FLASH).and_then(|raw| Self::decode(&raw))
    }
}

/// 303 See Other to `location`, optionally carrying a flash message to show there.
pub fn redirect(location: &str, flash: Option<Flash>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, value);
    }
    if let Some(flash) = flash {
        cookies::append(headers, cookies::build(cookies::FLASH, flash.encode(), SameSite::Lax));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_messages_round_trip() {
        for flash in [Flash::notice("Note added."), Flash::error("body: must not be empty")] {
            assert_eq!(Flash::decode(&flash.encode()), Some(flash));
        }
        assert_eq!(Flash::decode("garbage"), None);
    }
}

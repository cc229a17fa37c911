//! Every request's id: the caller's `X-Request-Id` when it is well-formed (an edge proxy's, or
//! the web's when it calls the api), else a new UUID. It is a field of the request's log span, is
//! sent back in the answer's `X-Request-Id`, and [`current`] hands it to outgoing calls, so one
//! click's web and api log lines share it.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::RequestId;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Longer ids are replaced: they would bloat every log line of the request.
pub const MAX_REQUEST_ID_LENGTH: usize = 64;

tokio::task_local! {
    static CURRENT_REQUEST_ID: HeaderValue;
}

/// The id of the request the calling task serves, to send along with calls to other services.
pub fn current() -> Option<HeaderValue> {
    CURRENT_REQUEST_ID.try_with(HeaderValue::clone).ok()
}

/// Whether a caller's id may be kept: 1 to 64 characters of `[A-Za-z0-9._-]`, so it cannot forge
/// log lines or fields, nor carry more than an id.
pub fn is_well_formed(id: &[u8]) -> bool {
    (1..=MAX_REQUEST_ID_LENGTH).contains(&id.len())
        && id.iter().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'))
}

/// Removes the caller's `X-Request-Id` unless it is one well-formed value, so that
/// `SetRequestIdLayer` (which keeps any id it finds) makes a new one instead.
pub(crate) fn drop_malformed<B>(mut request: Request<B>) -> Request<B> {
    let headers = request.headers_mut();
    let keep = {
        let mut values = headers.get_all(&REQUEST_ID_HEADER).iter();
        matches!((values.next(), values.next()), (Some(id), None) if is_well_formed(id.as_bytes()))
    };
    if !keep {
        headers.remove(&REQUEST_ID_HEADER);
    }
    request
}

/// The request's id as text, for its log span (`SetRequestIdLayer` has set it by then).
pub(crate) fn of<B>(request: &Request<B>) -> &str {
    request.extensions().get::<RequestId>().and_then(|id| id.header_value().to_str().ok()).unwrap_or("")
}

/// Runs the rest of the request with its id available to [`current`].
pub(crate) async fn make_current(request: Request, next: Next) -> Response {
    match request.extensions().get::<RequestId>().map(|id| id.header_value().clone()) {
        Some(id) => CURRENT_REQUEST_ID.scope(id, next.run(request)).await,
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_short_plain_ids() {
        assert!(is_well_formed(b"abc-123"));
        assert!(is_well_formed(b"0b6c7a0e-3f1d-4e0a-9a65-2d1f8c3e4b5a"));
        assert!(is_well_formed(&[b'a'; MAX_REQUEST_ID_LENGTH]));
        assert!(!is_well_formed(&[b'a'; MAX_REQUEST_ID_LENGTH + 1]));
        assert!(!is_well_formed(b""));
        assert!(!is_well_formed(b"a b"));
        assert!(!is_well_formed(b"a\"}{"));
    }

    #[test]
    fn drops_malformed_and_repeated_ids() {
        let with = |ids: &[&'static str]| {
            let mut request = Request::new(());
            for id in ids {
                request.headers_mut().append(REQUEST_ID_HEADER, HeaderValue::from_static(id));
            }
            drop_malformed(request).headers().get_all(REQUEST_ID_HEADER).iter().count()
        };
        assert_eq!(with(&["abc-123"]), 1);
        assert_eq!(with(&["not an id"]), 0);
        assert_eq!(with(&["abc", "def"]), 0);
        assert_eq!(with(&[]), 0);
    }
}

//! Every request's id: the caller's `X-Request-Id` when it is well-formed (an edge proxy's, or
//! the web's when it calls the api), else a new UUID. It is a field of the request's log span, is
//! sent back in the answer's `X-Request-Id`, and [`current`] hands it to outgoing calls, so one
//! click's web and api log lines share it.

use std::future::Future;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use uuid::Uuid;

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

/// The request's id: the caller's `X-Request-Id` when it is one well-formed value, else a new
/// UUID, which the request carries from here on.
pub(crate) fn assign<B>(request: &mut Request<B>) -> HeaderValue {
    let headers = request.headers_mut();
    let kept = {
        let mut values = headers.get_all(&REQUEST_ID_HEADER).iter();
        match (values.next(), values.next()) {
            (Some(id), None) if is_well_formed(id.as_bytes()) => Some(id.clone()),
            _ => None,
        }
    };
    let id = kept.unwrap_or_else(|| {
        let mut text = Uuid::encode_buffer();
        HeaderValue::from_str(Uuid::new_v4().hyphenated().encode_lower(&mut text))
            .expect("a UUID is a valid header value")
    });
    headers.insert(REQUEST_ID_HEADER, id.clone());
    id
}

/// Runs `serve` with the request's `id` available to [`current`].
pub(crate) fn scope<F: Future>(id: HeaderValue, serve: F) -> impl Future<Output = F::Output> {
    CURRENT_REQUEST_ID.scope(id, serve)
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
    fn keeps_one_well_formed_id_and_replaces_any_other() {
        let assigned = |ids: &[&'static str]| {
            let mut request = Request::new(());
            for id in ids {
                request.headers_mut().append(REQUEST_ID_HEADER, HeaderValue::from_static(id));
            }
            let id = assign(&mut request);
            let carried: Vec<_> = request.headers().get_all(REQUEST_ID_HEADER).iter().cloned().collect();
            assert_eq!(carried, std::slice::from_ref(&id), "the request carries exactly its id");
            id.to_str().unwrap().to_owned()
        };
        assert_eq!(assigned(&["abc-123"]), "abc-123");
        for replaced in [&["not an id"][..], &["abc", "def"], &[]] {
            let id = assigned(replaced);
            assert!(Uuid::parse_str(&id).is_ok(), "{replaced:?} got {id:?}");
        }
    }
}

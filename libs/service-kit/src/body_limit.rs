//! Request bodies bounded, with a 413 the client can actually read. Refusing a large body without
//! reading it and closing the connection leaves a client that is still sending with a broken pipe
//! instead of the answer; so the rest of the body is read and thrown away first, up to a bound
//! (nginx calls this a lingering close), and the connection is closed after the 413.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body_util::BodyExt;

/// At most this much of an oversize body is read and discarded before answering ...
const DRAIN_MAX_BYTES: usize = 4 * 1024 * 1024;
/// ... and for at most this long.
const DRAIN_MAX_TIME: Duration = Duration::from_secs(5);

/// The largest body a server accepts, and its own way of saying 413 (JSON for the api, a page for
/// the web). Use with `axum::middleware::from_fn_with_state(limit, body_limit::enforce)`.
#[derive(Clone, Copy)]
pub struct BodyLimit {
    pub max_bytes: usize,
    pub too_large: fn() -> Response,
}

/// Reads the body up to the limit and hands it on; past the limit, drains and answers 413.
pub async fn enforce(State(limit): State<BodyLimit>, request: Request, next: Next) -> Response {
    let (parts, mut body) = request.into_parts();
    let declared_too_large = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|length| length > limit.max_bytes as u64);
    let mut read = Vec::new();
    if !declared_too_large {
        loop {
            match body.frame().await {
                None => return next.run(Request::from_parts(parts, Body::from(read))).await,
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        read.extend_from_slice(data);
                        if read.len() > limit.max_bytes {
                            break;
                        }
                    }
                }
                // The client went away or sent a malformed body: nobody is left to answer.
                Some(Err(error)) => {
                    tracing::debug!(%error, "could not read a request body");
                    return next.run(Request::from_parts(parts, Body::empty())).await;
                }
            }
        }
    }
    drain(body, DRAIN_MAX_BYTES.saturating_sub(read.len())).await;
    let mut response = (limit.too_large)();
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

async fn drain(mut body: Body, mut budget: usize) {
    let discard = async {
        while let Some(Ok(frame)) = body.frame().await {
            let length = frame.data_ref().map_or(0, |data| data.len());
            if length >= budget {
                return;
            }
            budget -= length;
        }
    };
    let _ = tokio::time::timeout(DRAIN_MAX_TIME, discard).await;
}

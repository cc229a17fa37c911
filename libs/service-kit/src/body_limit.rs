//! Request bodies, read before the app sees them, within three bounds: a size (413), a pace (408
//! when a body trickles in slower than a minimum rate, so a slow client cannot hold a slot for the
//! whole request timeout) and a memory budget shared by every request in flight (503 when it is
//! spent, so a crowd of large bodies cannot exceed the process's memory limit).
//!
//! Refusing a large body without reading it and closing the connection leaves a client that is
//! still sending with a broken pipe instead of the answer; so the rest of the body is read and
//! thrown away first, up to a bound (nginx calls this a lingering close), and the connection is
//! closed after the 413.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::response::Response;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::server::{AppLimits, Refusal};

/// At most this much of an oversize body is read and discarded before answering ...
const DRAIN_MAX_BYTES: usize = 4 * 1024 * 1024;
/// ... and for at most this long.
const DRAIN_MAX_TIME: Duration = Duration::from_secs(5);

/// How bodies are read: the app's size and answers, the server's pace and memory budget.
#[derive(Clone)]
pub(crate) struct BodyGuard {
    pub app: AppLimits,
    /// Time a body has before its pace counts ...
    pub read_timeout: Duration,
    /// ... then it must keep up this average.
    pub min_bytes_per_second: u32,
    /// Bytes of bodies held in memory, across all requests.
    pub budget: Arc<Semaphore>,
}

impl BodyGuard {
    /// When the body must have delivered `received` bytes: the read timeout, plus one second per
    /// `min_bytes_per_second` received (Apache's mod_reqtimeout works the same way).
    fn deadline(&self, started: Instant, received: usize) -> Instant {
        let earned = Duration::from_secs_f64(received as f64 / f64::from(self.min_bytes_per_second.max(1)));
        started + self.read_timeout + earned
    }
}

/// The request with its body read within the bounds, and the body's memory, counted until it is
/// dropped (after the answer); or the refusal to answer.
pub(crate) async fn read(
    guard: &BodyGuard,
    request: Request,
) -> Result<(Request, Option<OwnedSemaphorePermit>), Response> {
    let (parts, mut body) = request.into_parts();
    let max_bytes = guard.app.max_body_bytes;
    let declared_too_large = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|length| length > max_bytes as u64);
    if declared_too_large {
        drain(body, DRAIN_MAX_BYTES).await;
        return Err(guard.app.refuse(Refusal::TooLarge));
    }
    let started = Instant::now();
    let mut read = Vec::new();
    let mut held: Option<OwnedSemaphorePermit> = None;
    loop {
        let frame = match tokio::time::timeout_at(guard.deadline(started, read.len()), body.frame()).await {
            Err(_) => return Err(guard.app.refuse(Refusal::TooSlow)),
            Ok(frame) => frame,
        };
        match frame {
            None => break,
            Some(Ok(frame)) => {
                let Some(data) = frame.data_ref() else { continue };
                if read.len() + data.len() > max_bytes {
                    drain(body, DRAIN_MAX_BYTES.saturating_sub(read.len())).await;
                    return Err(guard.app.refuse(Refusal::TooLarge));
                }
                let Some(permit) = u32::try_from(data.len())
                    .ok()
                    .and_then(|bytes| guard.budget.clone().try_acquire_many_owned(bytes).ok())
                else {
                    return Err(guard.app.refuse(Refusal::ServerBusy));
                };
                match &mut held {
                    Some(held) => held.merge(permit),
                    None => held = Some(permit),
                }
                read.extend_from_slice(data);
            }
            // The client went away or sent a malformed body: nobody is left to answer.
            Some(Err(error)) => {
                tracing::debug!(%error, "could not read a request body");
                return Ok((Request::from_parts(parts, Body::empty()), None));
            }
        }
    }
    Ok((Request::from_parts(parts, Body::from(read)), held))
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

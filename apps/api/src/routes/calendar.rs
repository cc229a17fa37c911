//! Each person's private calendar feed: an address with a secret token that Google, Outlook and
//! Apple Calendar subscribe to, holding that person's sessions (titles, times, meeting links;
//! never anything written in them). Making a new address revokes the old one.

use axum::extract::State;
use axum::http::{StatusCode, header};
use chrono::{TimeDelta, Utc};
use contract::{CALENDAR_FEED_PATH, CalendarFeed, ErrorBody, NewCalendarFeed};

use super::account::{Link, LinkToken};
use crate::auth::secret_token;
use crate::domain::caller::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::extract::Json;
use crate::mail::calendar;
use crate::state::AppState;
use crate::storage::{calendar_feeds, sessions};

/// How far back a feed reaches: last quarter's sessions stay in calendars.
const FEED_PAST: TimeDelta = TimeDelta::days(92);
/// Sessions one feed holds at most (weekly sessions in many relationships for years ahead).
const FEED_SESSIONS: u64 = 1000;

#[utoipa::path(get, path = "/account/calendar-feed", tag = "account",
    responses((status = 200, body = CalendarFeed)))]
pub async fn get(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<CalendarFeed>> {
    Ok(Json(CalendarFeed { made_at: calendar_feeds::made_at(&state.db, caller.id).await? }))
}

/// Makes the caller a new feed address, shown this once; the one they had stops working.
#[utoipa::path(post, path = "/account/calendar-feed", tag = "account",
    responses((status = 201, body = NewCalendarFeed)))]
pub async fn make(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<(StatusCode, Json<NewCalendarFeed>)> {
    let (token, digest) = secret_token::mint();
    calendar_feeds::replace(&state.db, caller.id, &digest).await?;
    Ok((StatusCode::CREATED, Json(NewCalendarFeed { path: format!("{CALENDAR_FEED_PATH}/{token}.ics") })))
}

/// Revokes the caller's feed: its address stops working at once.
#[utoipa::path(delete, path = "/account/calendar-feed", tag = "account", responses((status = 204)))]
pub async fn revoke(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    calendar_feeds::revoke(&state.db, caller.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The feed behind `token` (no login: the token is the key): its owner's sessions from three
/// months ago on, as an iCalendar file. 404 for a token that names no feed (any more).
#[utoipa::path(get, path = "/calendar-feeds/{token}", tag = "account", security(()),
    params(LinkToken),
    responses(
        (status = 200, content_type = "text/calendar", body = String),
        (status = 404, description = "No such feed (or it was revoked)", body = ErrorBody),
    ))]
pub async fn feed(link: Link) -> ApiResult<([(header::HeaderName, &'static str); 1], String)> {
    let owner = calendar_feeds::owner(link.db(), &link.digest()).await?.or_not_found("calendar feed")?;
    let now = Utc::now();
    let sessions = sessions::facts_of_person(link.db(), owner, now - FEED_PAST, FEED_SESSIONS).await?;
    let page = |id| link.state.web_origin.as_deref().map(|origin| format!("{origin}/sessions/{id}"));
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], calendar::feed(&sessions, page, now)))
}

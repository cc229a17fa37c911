//! Coaching sessions. Everyone who sees the relationship sees its sessions; only the coach
//! schedules, moves or deletes them.

use axum::http::{StatusCode, header};
use chrono::Utc;
use contract::{
    CoachingSession, CoachingSessionUpdate, Dashboard, DashboardQuery, ErrorBody, FirstPages,
    NewCoachingSession, PAST_SESSIONS_PER_PAGE, Page, PageRequest, SessionFilter, SessionParts,
    SessionWorkspace, WhatNow,
};
use uuid::Uuid;

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::{Access, Login};
use crate::domain::policy::Duty;
use crate::domain::validate::{self, Checked};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path, Query};
use crate::mail::calendar::{self, Method};
use crate::storage::access::Anchor;
use crate::storage::page::Keyset;
use crate::storage::sessions::{self, SessionKey};
use crate::storage::{dashboard, workspace};

/// Sessions you may see, optionally of one relationship and within `[from, to)`, by start time,
/// a page at a time.
#[utoipa::path(get, path = "/sessions", tag = "sessions", params(SessionFilter, PageRequest),
    responses(
        (status = 200, body = Page<CoachingSession>),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 404, description = "No such relationship", body = ErrorBody),
    ))]
pub async fn list(
    login: Login,
    Query(filter): Query<SessionFilter>,
    keyset: Keyset<SessionKey>,
) -> ApiResult<Json<Page<CoachingSession>>> {
    validate::optional_instant("from", filter.from)?;
    validate::optional_instant("to", filter.to)?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(ApiError::bad_request("invalid_query", "`from` is after `to`"));
    }
    let (db, filter) = (login.db(), &filter);
    let anchor = filter.relationship_id.map(Anchor::Relationship);
    login
        .page(anchor, keyset, |caller, keyset| async move {
            sessions::list(db, caller.viewer(), filter, &keyset).await
        })
        .await
}

/// Schedules a session (the relationship's coach).
#[utoipa::path(post, path = "/sessions", tag = "sessions", request_body = NewCoachingSession,
    responses((status = 201, body = CoachingSession), WriteErrors, ThrottledErrors))]
pub async fn create(
    access: Access,
    Json(input): Json<NewCoachingSession>,
) -> ApiResult<(StatusCode, Json<CoachingSession>)> {
    access.permit(Anchor::Relationship(input.relationship_id), Duty::ManageSessions).await?;
    let fields = checked_session(&input.session)?;
    let announce = access.announcer();
    access
        .create_in(input.relationship_id, async |db| {
            sessions::create(db, input.relationship_id, fields, announce.as_ref()).await
        })
        .await
}

#[utoipa::path(get, path = "/sessions/{id}", tag = "sessions",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CoachingSession), ReadErrors))]
pub async fn get(session: Child) -> ApiResult<Json<CoachingSession>> {
    session.read(Anchor::Session, sessions::get).await
}

/// The caller, the session with its relationship (and what the caller may do in it), the first
/// page of its notes, agreements and actions and of the relationship's goals: what a session page
/// shows, in one request instead of seven.
#[utoipa::path(get, path = "/sessions/{id}/workspace", tag = "sessions",
    params(("id" = Uuid, Path), FirstPages),
    responses((status = 200, body = SessionWorkspace), ReadErrors))]
pub async fn workspace(
    login: Login,
    Path(id): Path<Uuid>,
    Query(first): Query<FirstPages>,
) -> ApiResult<Json<SessionWorkspace>> {
    let request = first.into();
    let (pages, review) = (&Keyset::parse(&request)?, &Keyset::parse(&request)?);
    login
        .found("session", |db, caller, checks| async move {
            workspace::read(&db, caller, &checks, id, pages, review).await
        })
        .await
}

/// The session as a calendar file (RFC 5545, METHOD:PUBLISH) to add to one's calendar: the same
/// UID as the invitations mailed about it, so a calendar keeps one entry.
#[utoipa::path(get, path = "/sessions/{id}/calendar", tag = "sessions",
    params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), ReadErrors))]
pub async fn calendar(session: Child) -> ApiResult<([(header::HeaderName, &'static str); 2], String)> {
    let id = session.id;
    let (access, _, _) = session.within(Anchor::Session(id)).await?;
    let facts = sessions::facts(access.db(), id).await?.or_not_found("session")?;
    let page = access.state.web_origin.as_deref().map(|origin| format!("{origin}/sessions/{id}"));
    let invite = calendar::session_invite(&facts, Method::Publish, None, page.as_deref(), Utc::now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8; method=PUBLISH"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"session.ics\""),
        ],
        invite.ics,
    ))
}

/// Moves a session, changes its length, title or meeting link (the coach). The coachee gets a
/// mail with the updated calendar entry when its time moved.
#[utoipa::path(put, path = "/sessions/{id}", tag = "sessions",
    params(("id" = Uuid, Path)), request_body = CoachingSessionUpdate,
    responses((status = 200, body = CoachingSession), WriteErrors))]
pub async fn update(
    session: Child,
    Json(input): Json<CoachingSessionUpdate>,
) -> ApiResult<Json<CoachingSession>> {
    let id = session.id;
    let access = session.permitted(Anchor::Session(id), Duty::ManageSessions).await?;
    let fields = checked_session(&input)?;
    let updated = sessions::update(access.db(), id, fields, access.announcer().as_ref()).await?;
    Ok(Json(updated.or_not_found("session")?))
}

/// A session as it is to be, checked: each refusal names its field.
pub(super) fn checked_session(input: &CoachingSessionUpdate) -> Checked<CoachingSessionUpdate> {
    Ok(CoachingSessionUpdate {
        starts_at: validate::instant("starts_at", input.starts_at)?,
        parts: checked_parts(&input.parts)?,
    })
}

/// What a session is besides its start, checked. A blank title or link is none.
pub(super) fn checked_parts(parts: &SessionParts) -> Checked<SessionParts> {
    Ok(SessionParts {
        duration_minutes: validate::duration_minutes(parts.duration_minutes)?,
        title: validate::optional_title(parts.title.as_deref())?,
        meeting_url: validate::optional_meeting_url("meeting_url", parts.meeting_url.as_deref())?,
    })
}

/// Deletes a session with its notes, agreements and actions (the coach); the coachee gets a
/// cancellation mail while it had not ended.
#[utoipa::path(delete, path = "/sessions/{id}", tag = "sessions",
    params(("id" = Uuid, Path)),
    responses((status = 204), DeleteErrors))]
pub async fn delete(session: Child) -> ApiResult<StatusCode> {
    let id = session.id;
    let access = session.permitted(Anchor::Session(id), Duty::ManageSessions).await?;
    sessions::delete(access.db(), id, access.announcer().as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything on the caller's dashboard in one answer, read in one snapshot (see `Dashboard`).
#[utoipa::path(get, path = "/dashboard", tag = "sessions", params(DashboardQuery),
    responses((status = 200, body = Dashboard), ReadErrors))]
pub async fn dashboard(access: Access, Query(query): Query<DashboardQuery>) -> ApiResult<Json<Dashboard>> {
    let upcoming = Keyset::parse(&PageRequest { limit: None, cursor: query.upcoming })?;
    let past = Keyset::parse(&PageRequest { limit: Some(PAST_SESSIONS_PER_PAGE), cursor: query.past })?;
    let now = Utc::now();
    let today = now.with_timezone(&access.caller.zone()).date_naive();
    let moment = (now, today);
    Ok(Json(dashboard::read(&access.state.db, access.caller, moment, &upcoming, &past).await?))
}

/// What now, for the caller's dashboard: their next session (or the one under way) with its
/// agenda's size, the actions theirs to do that are overdue or due within a week, and the goals
/// in progress in their relationships; one request.
#[utoipa::path(get, path = "/what-now", tag = "sessions",
    responses((status = 200, body = WhatNow), ReadErrors))]
pub async fn what_now(access: Access) -> ApiResult<Json<WhatNow>> {
    let today = Utc::now().with_timezone(&access.caller.zone()).date_naive();
    Ok(Json(dashboard::what_now(access.db(), access.caller.id, today).await?))
}

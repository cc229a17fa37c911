//! Series of sessions: the coach schedules a session every N weeks in one step; each session of
//! it is then moved, renamed or skipped (deleted) on its own through `/sessions/{id}`.

use axum::http::StatusCode;
use chrono_tz::Tz;
use contract::{CoachingSessionUpdate, NewSeries, Series};
use std::str::FromStr;

use super::child::Child;
use super::errors::{ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::Access;
use super::sessions::{checked_parts, checked_session};
use crate::domain::policy::Duty;
use crate::domain::series::{Rhythm, SeriesEnd};
use crate::domain::validate::{self, Checked, InvalidInput};
use crate::error::{ApiResult, OrNotFound};
use crate::extract::Json;
use crate::storage::access::Anchor;
use crate::storage::series::{self, SeriesFields};
use crate::storage::sessions;

/// Schedules a series (the relationship's coach): its sessions are made at once, each at the
/// series' time of day in its time zone; the coachee gets one mail with one calendar entry.
#[utoipa::path(post, path = "/series", tag = "sessions", request_body = NewSeries,
    responses((status = 201, body = Series), WriteErrors, ThrottledErrors))]
pub async fn create(access: Access, Json(input): Json<NewSeries>) -> ApiResult<(StatusCode, Json<Series>)> {
    access.permit(Anchor::Relationship(input.relationship_id), Duty::ManageSessions).await?;
    let fields = checked(&input)?;
    let announce = access.announcer();
    access
        .create_in(input.relationship_id, async |db| {
            series::create(db, input.relationship_id, fields, announce.as_ref()).await
        })
        .await
}

fn checked(input: &NewSeries) -> Checked<SeriesFields> {
    let zone =
        Tz::from_str(&validate::timezone(&input.timezone)?).map_err(|_| InvalidInput::new("timezone"))?;
    let first_day = validate::date("first_starts_at", input.first_starts_at.date())?;
    let end = match (input.occurrences, input.last_day) {
        (Some(count), None) => SeriesEnd::After(count),
        (None, Some(day)) => SeriesEnd::On(validate::date("last_day", day)?),
        _ => return Err(InvalidInput::new("give either occurrences or last_day: when the series stops")),
    };
    Ok(SeriesFields {
        rhythm: Rhythm::checked(first_day, input.first_starts_at.time(), zone, input.every_weeks, end)?,
        sessions: checked_parts(&input.sessions)?,
    })
}

/// A series with its sessions still to come, for everyone who sees its relationship.
#[utoipa::path(get, path = "/series/{id}", tag = "sessions", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Series), ReadErrors))]
pub async fn get(series: Child) -> ApiResult<Json<Series>> {
    series.read(Anchor::Series, series::get).await
}

/// Ends a series (the coach): its sessions still to come are deleted; those past stay.
#[utoipa::path(post, path = "/series/{id}/end", tag = "sessions", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Series), WriteErrors))]
pub async fn end(series: Child) -> ApiResult<Json<Series>> {
    series.change(Anchor::Series, Duty::ManageSessions, async |db, id| Ok(series::end(db, id).await?)).await
}

/// Moves a session of a series and every later one (the coach): "this and following". The series
/// is split where the session is; the coachee gets one mail with both calendar entries.
#[utoipa::path(put, path = "/sessions/{id}/following", tag = "sessions", params(("id" = uuid::Uuid, Path)),
    request_body = CoachingSessionUpdate, responses((status = 200, body = Series), WriteErrors))]
pub async fn change_following(
    session: Child,
    Json(input): Json<CoachingSessionUpdate>,
) -> ApiResult<Json<Series>> {
    let id = session.id;
    let access = session.permitted(Anchor::Session(id), Duty::ManageSessions).await?;
    let change = checked_session(&input)?;
    let db = access.db();
    let in_series = sessions::get(db, id).await?.is_some_and(|session| session.series_id.is_some());
    if !in_series {
        return Err(InvalidInput::new("this session is not part of a series: move it alone").into());
    }
    let changed = series::change_following(db, id, change, access.announcer().as_ref()).await?;
    Ok(Json(changed.or_not_found("session")?))
}

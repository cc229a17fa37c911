//! Goals of a coaching relationship, their status, and the sessions where they were discussed.

use axum::http::StatusCode;
use contract::{
    ErrorBody, Goal, GoalFilter, GoalUpdate, GoalsOverview, NewGoal, Page, PageRequest, ProgressStatus,
    StatusChange,
};
use uuid::Uuid;

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::{Access, Login};
use crate::domain::policy::Duty;
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path, Query};
use crate::storage::access::Anchor;
use crate::storage::goals::{self, GoalFields, GoalsOf};
use crate::storage::page::{CreatedKey, Keyset};
use crate::storage::sessions;

/// Goals of a relationship, or those linked to a session (one of the two is required), by when
/// they were set, a page at a time.
#[utoipa::path(get, path = "/goals", tag = "goals", params(GoalFilter, PageRequest),
    responses(
        (status = 200, body = Page<Goal>),
        (status = 400, description = "Not exactly one of relationship_id and session_id", body = ErrorBody),
        ReadErrors,
    ))]
pub async fn list(
    login: Login,
    Query(filter): Query<GoalFilter>,
    keyset: Keyset<CreatedKey>,
) -> ApiResult<Json<Page<Goal>>> {
    let (anchor, which) = match (filter.relationship_id, filter.session_id) {
        (Some(relationship_id), None) => {
            (Anchor::Relationship(relationship_id), GoalsOf::Relationship(relationship_id))
        }
        (None, Some(session_id)) => (Anchor::Session(session_id), GoalsOf::Session(session_id)),
        _ => {
            return Err(ApiError::bad_request(
                "invalid_query",
                "give exactly one of relationship_id or session_id",
            ));
        }
    };
    let db = login.db();
    login.page(Some(anchor), keyset, |_, keyset| async move { goals::list(db, which, &keyset).await }).await
}

/// A relationship's goals page in one answer: who is looking, the relationship, the first page
/// of its goals with their progress (linked actions done of all), every status each took, and
/// the sessions where they came up.
#[utoipa::path(get, path = "/relationships/{id}/goals", tag = "goals", params(("id" = Uuid, Path), PageRequest),
    responses((status = 200, body = GoalsOverview), ReadErrors))]
pub async fn overview(
    login: Login,
    Path(relationship_id): Path<Uuid>,
    keyset: Keyset<CreatedKey>,
) -> ApiResult<Json<GoalsOverview>> {
    let keyset = &keyset;
    login
        .found("relationship", |db, caller, checks| async move {
            goals::overview(&db, caller, &checks, relationship_id, keyset).await
        })
        .await
}

/// Creates a goal (the coach or coachee), linked to `session_id` when given, in one step.
#[utoipa::path(post, path = "/goals", tag = "goals", request_body = NewGoal,
    responses((status = 201, body = Goal), WriteErrors, ThrottledErrors))]
pub async fn create(access: Access, Json(input): Json<NewGoal>) -> ApiResult<(StatusCode, Json<Goal>)> {
    access.permit(Anchor::Relationship(input.relationship_id), Duty::WriteContent).await?;
    let fields = GoalFields {
        title: validate::text("title", &input.title, validate::MAX_TITLE_CHARS)?,
        body: validate::optional_text("body", input.body.as_deref().unwrap_or(""), validate::MAX_BODY_CHARS)?,
        target_date: validate::optional_date("target_date", input.target_date)?,
        status: input.status.unwrap_or(ProgressStatus::NotStarted),
    };
    if let Some(session_id) = input.session_id {
        let session = sessions::get(access.db(), session_id).await?;
        if session.is_none_or(|session| session.relationship_id != input.relationship_id) {
            return Err(ApiError::invalid("session_id must name a session of the goal's relationship"));
        }
    }
    access
        .create_in(input.relationship_id, async |db| {
            goals::create(db, input.relationship_id, access.caller.id, fields, input.session_id).await
        })
        .await
}

#[utoipa::path(get, path = "/goals/{id}", tag = "goals", params(("id" = Uuid, Path)),
    responses((status = 200, body = Goal), ReadErrors))]
pub async fn get(goal: Child) -> ApiResult<Json<Goal>> {
    goal.read(Anchor::Goal, goals::get).await
}

#[utoipa::path(put, path = "/goals/{id}", tag = "goals", params(("id" = Uuid, Path)),
    request_body = GoalUpdate,
    responses((status = 200, body = Goal), WriteErrors))]
pub async fn update(goal: Child, Json(input): Json<GoalUpdate>) -> ApiResult<Json<Goal>> {
    let id = goal.id;
    let access = goal.permitted(Anchor::Goal(id), Duty::WriteContent).await?;
    let fields = GoalFields {
        title: validate::text("title", &input.title, validate::MAX_TITLE_CHARS)?,
        body: validate::optional_text("body", &input.body, validate::MAX_BODY_CHARS)?,
        target_date: validate::optional_date("target_date", input.target_date)?,
        status: input.status,
    };
    Ok(Json(goals::update(access.db(), id, access.caller.id, fields).await?.or_not_found("goal")?))
}

#[utoipa::path(put, path = "/goals/{id}/status", tag = "goals", params(("id" = Uuid, Path)),
    request_body = StatusChange,
    responses((status = 200, body = Goal), WriteErrors))]
pub async fn change_status(goal: Child, Json(input): Json<StatusChange>) -> ApiResult<Json<Goal>> {
    let id = goal.id;
    let access = goal.permitted(Anchor::Goal(id), Duty::WriteContent).await?;
    Ok(Json(goals::set_status(access.db(), id, access.caller.id, input.status).await?.or_not_found("goal")?))
}

#[utoipa::path(delete, path = "/goals/{id}", tag = "goals", params(("id" = Uuid, Path)),
    responses((status = 204), DeleteErrors))]
pub async fn delete(goal: Child) -> ApiResult<StatusCode> {
    goal.delete(Anchor::Goal, Duty::WriteContent, goals::delete).await
}

/// Records that the goal was discussed in a session of the same relationship.
#[utoipa::path(post, path = "/goals/{id}/sessions/{session_id}", tag = "goals",
    params(("id" = Uuid, Path), ("session_id" = Uuid, Path)),
    responses(
        (status = 200, body = Goal),
        WriteErrors,
        (status = 422, description = "The session is in another relationship", body = ErrorBody),
    ))]
pub async fn link_session(login: Login, Path((id, session_id)): Path<(Uuid, Uuid)>) -> ApiResult<Json<Goal>> {
    let (access, relationship_id, _) = login.permitted(Anchor::Goal(id), Duty::WriteContent).await?;
    let (goal, linked) =
        goals::link_to_session(access.db(), (id, relationship_id), session_id).await?.or_not_found("goal")?;
    if !linked {
        // A second look, to tell a session the caller may not see (404) from one of another
        // relationship (422).
        access.relationship_grant(Anchor::Session(session_id)).await?;
        return Err(ApiError::invalid("a goal can only be linked to sessions of its own relationship"));
    }
    Ok(Json(goal))
}

#[utoipa::path(delete, path = "/goals/{id}/sessions/{session_id}", tag = "goals",
    params(("id" = Uuid, Path), ("session_id" = Uuid, Path)),
    responses(
        (status = 200, body = Goal),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such goal, or it is not linked to that session", body = ErrorBody),
    ))]
pub async fn unlink_session(
    login: Login,
    Path((id, session_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Goal>> {
    let (access, _, _) = login.permitted(Anchor::Goal(id), Duty::WriteContent).await?;
    match goals::unlink(access.db(), id, session_id).await?.or_not_found("goal")? {
        (goal, true) => Ok(Json(goal)),
        (_, false) => Err(ApiError::not_found("link between this goal and session")),
    }
}

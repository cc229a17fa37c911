//! Goals of a coaching relationship, their status, and the sessions where they were discussed.

use axum::extract::State;
use axum::http::StatusCode;
use contract::{
    ErrorBody, Goal, GoalFilter, GoalUpdate, NewGoal, Page, PageRequest, ProgressStatus, StatusChange,
};
use uuid::Uuid;

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::{count_write, permit, relationship_grant};
use crate::domain::caller::Caller;
use crate::domain::policy::Duty;
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::storage::access::Anchor;
use crate::storage::goals::{self, GoalFields, GoalsOf};
use crate::storage::page::Keyset;
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
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<GoalFilter>,
    Query(page): Query<PageRequest>,
) -> ApiResult<Json<Page<Goal>>> {
    let keyset = Keyset::parse(&page)?;
    let which = match (filter.relationship_id, filter.session_id) {
        (Some(relationship_id), None) => {
            relationship_grant(&state, &caller, Anchor::Relationship(relationship_id)).await?;
            GoalsOf::Relationship(relationship_id)
        }
        (None, Some(session_id)) => {
            relationship_grant(&state, &caller, Anchor::Session(session_id)).await?;
            GoalsOf::Session(session_id)
        }
        _ => {
            return Err(ApiError::bad_request(
                "invalid_query",
                "give exactly one of relationship_id or session_id",
            ));
        }
    };
    Ok(Json(goals::list(&state.db, which, &keyset).await?))
}

/// Creates a goal (the coach or coachee), linked to `session_id` when given, in one step.
#[utoipa::path(post, path = "/goals", tag = "goals", request_body = NewGoal,
    responses((status = 201, body = Goal), WriteErrors, ThrottledErrors))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<NewGoal>,
) -> ApiResult<(StatusCode, Json<Goal>)> {
    permit(&state, &caller, Anchor::Relationship(input.relationship_id), Duty::WriteContent).await?;
    let fields = GoalFields {
        title: validate::text("title", &input.title, validate::MAX_TITLE_CHARS)?,
        body: validate::optional_text("body", input.body.as_deref().unwrap_or(""), validate::MAX_BODY_CHARS)?,
        target_date: validate::optional_date("target_date", input.target_date)?,
        status: input.status.unwrap_or(ProgressStatus::NotStarted),
    };
    if let Some(session_id) = input.session_id {
        let session = sessions::get(&state.db, session_id).await?;
        if session.is_none_or(|session| session.relationship_id != input.relationship_id) {
            return Err(ApiError::invalid("session_id must name a session of the goal's relationship"));
        }
    }
    count_write(&state, input.relationship_id).await?;
    let goal = goals::create(&state.db, input.relationship_id, caller.id, fields, input.session_id).await?;
    Ok((StatusCode::CREATED, Json(goal)))
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
    goal.change(Anchor::Goal, Duty::WriteContent, async |db, id| {
        let fields = GoalFields {
            title: validate::text("title", &input.title, validate::MAX_TITLE_CHARS)?,
            body: validate::optional_text("body", &input.body, validate::MAX_BODY_CHARS)?,
            target_date: validate::optional_date("target_date", input.target_date)?,
            status: input.status,
        };
        Ok(goals::update(db, id, fields).await?)
    })
    .await
}

#[utoipa::path(put, path = "/goals/{id}/status", tag = "goals", params(("id" = Uuid, Path)),
    request_body = StatusChange,
    responses((status = 200, body = Goal), WriteErrors))]
pub async fn change_status(goal: Child, Json(input): Json<StatusChange>) -> ApiResult<Json<Goal>> {
    goal.change(Anchor::Goal, Duty::WriteContent, async |db, id| {
        Ok(goals::set_status(db, id, input.status).await?)
    })
    .await
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
pub async fn link_session(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, session_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Goal>> {
    let relationship_id = permit(&state, &caller, Anchor::Goal(id), Duty::WriteContent).await?;
    let (session_relationship_id, _) =
        relationship_grant(&state, &caller, Anchor::Session(session_id)).await?;
    if session_relationship_id != relationship_id {
        return Err(ApiError::invalid("a goal can only be linked to sessions of its own relationship"));
    }
    goals::link(&state.db, id, session_id).await?;
    Ok(Json(goals::get(&state.db, id).await?.or_not_found("goal")?))
}

#[utoipa::path(delete, path = "/goals/{id}/sessions/{session_id}", tag = "goals",
    params(("id" = Uuid, Path), ("session_id" = Uuid, Path)),
    responses(
        (status = 200, body = Goal),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such goal, or it is not linked to that session", body = ErrorBody),
    ))]
pub async fn unlink_session(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, session_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Goal>> {
    permit(&state, &caller, Anchor::Goal(id), Duty::WriteContent).await?;
    if !goals::unlink(&state.db, id, session_id).await? {
        return Err(ApiError::not_found("link between this goal and session"));
    }
    Ok(Json(goals::get(&state.db, id).await?.or_not_found("goal")?))
}

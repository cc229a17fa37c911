//! Actions: what someone committed to do after a session, with a due date and a status.

use axum::http::StatusCode;
use contract::{Action, ActionUpdate, BySession, NewAction, Page, PageRequest, ProgressStatus, StatusChange};

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::Access;
use crate::domain::policy::Duty;
use crate::domain::validate;
use crate::error::ApiResult;
use crate::extract::{Json, Query};
use crate::storage::access::Anchor;
use crate::storage::actions::{self, ActionFields};
use crate::storage::page::{CreatedKey, Keyset};

/// Actions of a session, by when they were agreed, a page at a time.
#[utoipa::path(get, path = "/actions", tag = "actions", params(BySession, PageRequest),
    responses((status = 200, body = Page<Action>), ReadErrors))]
pub async fn list(
    access: Access,
    Query(query): Query<BySession>,
    keyset: Keyset<CreatedKey>,
) -> ApiResult<Json<Page<Action>>> {
    access
        .read_in(Anchor::Session(query.session_id), async |db| {
            actions::list(db, query.session_id, &keyset).await
        })
        .await
}

#[utoipa::path(post, path = "/actions", tag = "actions", request_body = NewAction,
    responses((status = 201, body = Action), WriteErrors, ThrottledErrors))]
pub async fn create(access: Access, Json(input): Json<NewAction>) -> ApiResult<(StatusCode, Json<Action>)> {
    let relationship_id = access.permit(Anchor::Session(input.session_id), Duty::WriteContent).await?;
    let fields = ActionFields {
        body: validate::text("body", &input.body, validate::MAX_BODY_CHARS)?,
        due_on: validate::optional_date("due_on", input.due_on)?,
        status: input.status.unwrap_or(ProgressStatus::NotStarted),
    };
    access
        .create_in(relationship_id, async |db| {
            actions::create(db, input.session_id, access.caller.id, fields).await
        })
        .await
}

#[utoipa::path(get, path = "/actions/{id}", tag = "actions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Action), ReadErrors))]
pub async fn get(action: Child) -> ApiResult<Json<Action>> {
    action.read(Anchor::Action, actions::get).await
}

#[utoipa::path(put, path = "/actions/{id}", tag = "actions", params(("id" = Uuid, Path)),
    request_body = ActionUpdate, responses((status = 200, body = Action), WriteErrors))]
pub async fn update(action: Child, Json(input): Json<ActionUpdate>) -> ApiResult<Json<Action>> {
    action
        .change(Anchor::Action, Duty::WriteContent, async |db, id| {
            let fields = ActionFields {
                body: validate::text("body", &input.body, validate::MAX_BODY_CHARS)?,
                due_on: validate::optional_date("due_on", input.due_on)?,
                status: input.status,
            };
            Ok(actions::update(db, id, fields).await?)
        })
        .await
}

/// Moves an action to another status, e.g. `completed` (the coach or coachee).
#[utoipa::path(put, path = "/actions/{id}/status", tag = "actions", params(("id" = Uuid, Path)),
    request_body = StatusChange, responses((status = 200, body = Action), WriteErrors))]
pub async fn change_status(action: Child, Json(input): Json<StatusChange>) -> ApiResult<Json<Action>> {
    action
        .change(Anchor::Action, Duty::WriteContent, async |db, id| {
            Ok(actions::set_status(db, id, input.status).await?)
        })
        .await
}

#[utoipa::path(delete, path = "/actions/{id}", tag = "actions", params(("id" = Uuid, Path)),
    responses((status = 204), DeleteErrors))]
pub async fn delete(action: Child) -> ApiResult<StatusCode> {
    action.delete(Anchor::Action, Duty::WriteContent, actions::delete).await
}

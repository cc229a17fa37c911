//! Actions: what someone committed to do after a session, with an assignee, a due date and a
//! status. An action belongs to the relationship: it stays on its lists, session after session,
//! until it is done.

use axum::http::StatusCode;
use contract::{
    Action, ActionFilter, ActionUpdate, ActionsOverview, NewAction, Page, PageRequest, ProgressStatus,
    StatusChange,
};

use sea_orm::DbErr;

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::Login;
use crate::domain::caller::Caller;
use crate::domain::policy::Duty;
use crate::domain::validate::{self, InvalidInput};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Query};
use crate::storage::access::Anchor;
use crate::storage::actions::{self, ActionFields, ActionNarrowing, ActionScope};
use crate::storage::actions_overview;
use crate::storage::page::Keyset;

/// Actions a page at a time: those agreed in one session (oldest first), or those of one
/// relationship or of all the caller's own relationships (soonest due first, undated last),
/// narrowed by assignee, status and due date.
#[utoipa::path(get, path = "/actions", tag = "actions", params(ActionFilter, PageRequest),
    responses((status = 200, body = Page<Action>), ReadErrors))]
pub async fn list(
    login: Login,
    Query(filter): Query<ActionFilter>,
    Query(page): Query<PageRequest>,
) -> ApiResult<Json<Page<Action>>> {
    let narrowing = narrowing_of(&filter)?;
    let db = login.db();
    match (filter.session_id, filter.relationship_id) {
        (Some(_), Some(_)) => {
            Err(ApiError::bad_request("invalid_query", "give session_id or relationship_id, not both"))
        }
        (Some(session_id), None) => {
            let keyset = Keyset::parse(&page)?;
            login
                .page(Some(Anchor::Session(session_id)), keyset, |caller, keyset| async move {
                    actions::list_in_session(db, session_id, narrowing(&caller), &keyset).await
                })
                .await
        }
        (None, Some(relationship_id)) => {
            let keyset = Keyset::parse(&page)?;
            login
                .page(Some(Anchor::Relationship(relationship_id)), keyset, |caller, keyset| async move {
                    let scope = ActionScope::Relationship(relationship_id);
                    actions::list_by_due_date(db, scope, narrowing(&caller), &keyset).await
                })
                .await
        }
        (None, None) => {
            let keyset = Keyset::parse(&page)?;
            login
                .page(None, keyset, |caller, keyset| async move {
                    let own = ActionScope::OwnRelationships(caller.id);
                    actions::list_by_due_date(db, own, narrowing(&caller), &keyset).await
                })
                .await
        }
    }
}

/// The Actions page in one answer read at one moment: the caller, the relationships they are in
/// and a page of actions across relationships (or of one), as `GET /actions` gives it.
#[utoipa::path(get, path = "/actions/overview", tag = "actions", params(ActionFilter, PageRequest),
    responses((status = 200, body = ActionsOverview), ReadErrors))]
pub async fn overview(
    login: Login,
    Query(filter): Query<ActionFilter>,
    Query(page): Query<PageRequest>,
) -> ApiResult<Json<ActionsOverview>> {
    if filter.session_id.is_some() {
        return Err(ApiError::bad_request(
            "invalid_query",
            "the overview lists actions across sessions: leave out session_id",
        ));
    }
    let narrowing = narrowing_of(&filter)?;
    let keyset = &Keyset::parse(&page)?;
    login
        .found("relationship", |db, caller, checks| {
            let scope = filter
                .relationship_id
                .map_or(ActionScope::OwnRelationships(caller.id), ActionScope::Relationship);
            let narrowing = narrowing(&caller);
            async move { actions_overview::read(&db, caller, &checks, scope, narrowing, keyset).await }
        })
        .await
}

/// How `filter` narrows a list, its days checked, for each caller.
fn narrowing_of(filter: &ActionFilter) -> ApiResult<impl Fn(&Caller) -> ActionNarrowing + Copy> {
    let query_date = |name, day| {
        validate::optional_date(name, day)
            .map_err(|invalid| ApiError::bad_request("invalid_query", invalid.0))
    };
    let due_before = query_date("due_before", filter.due_before)?;
    let due_after = query_date("due_after", filter.due_after)?;
    let (assignee, mine, status) = (filter.assignee, filter.mine.unwrap_or(false), filter.status);
    Ok(move |caller: &Caller| ActionNarrowing {
        assignee,
        mine: mine.then_some(caller.id),
        statuses: status.map(|status| status.statuses()),
        due_before,
        due_after,
        agreed_before_session: None,
    })
}

/// The fields of a new or changed action, checked: each refusal names its field.
fn checked_fields(
    body: &str,
    due_on: Option<chrono::NaiveDate>,
    status: ProgressStatus,
    assignee: contract::ActionAssignee,
    goal_id: Option<uuid::Uuid>,
) -> Result<ActionFields, InvalidInput> {
    Ok(ActionFields {
        body: validate::text("body", body, validate::MAX_BODY_CHARS)?,
        due_on: validate::optional_date("due_on", due_on)?,
        status,
        assignee,
        goal_id,
    })
}

#[utoipa::path(post, path = "/actions", tag = "actions", request_body = NewAction,
    responses((status = 201, body = Action), WriteErrors, ThrottledErrors))]
pub async fn create(login: Login, Json(input): Json<NewAction>) -> ApiResult<(StatusCode, Json<Action>)> {
    let (access, relationship_id, _) =
        login.permitted(Anchor::Session(input.session_id), Duty::WriteContent).await?;
    let fields = checked_fields(
        &input.body,
        input.due_on,
        input.status.unwrap_or(ProgressStatus::NotStarted),
        input.assignee.unwrap_or_default(),
        input.goal_id,
    )?;
    let announce = access.announcer();
    access
        .create_counted_in(relationship_id, async |db, quota| {
            let (session_id, author_id) = (input.session_id, access.caller.id);
            actions::create(db, relationship_id, session_id, author_id, fields, announce.as_ref(), quota)
                .await
                .map_err(refusing_foreign_goals)
        })
        .await
}

/// A goal of another relationship, which the database refuses, is the client's mistake (422).
fn refusing_foreign_goals(error: DbErr) -> ApiError {
    if actions::is_foreign_goal(&error) { ApiError::from(foreign_goal()) } else { error.into() }
}

fn foreign_goal() -> InvalidInput {
    InvalidInput::new("goal_id must name a goal of the action's relationship")
}

#[utoipa::path(get, path = "/actions/{id}", tag = "actions", params(("id" = Uuid, Path)),
    responses((status = 200, body = Action), ReadErrors))]
pub async fn get(action: Child) -> ApiResult<Json<Action>> {
    action.read(Anchor::Action, actions::get).await
}

#[utoipa::path(put, path = "/actions/{id}", tag = "actions", params(("id" = Uuid, Path)),
    request_body = ActionUpdate, responses((status = 200, body = Action), WriteErrors))]
pub async fn update(action: Child, Json(input): Json<ActionUpdate>) -> ApiResult<Json<Action>> {
    let id = action.id;
    let access = action.permitted(Anchor::Action(id), Duty::WriteContent).await?;
    let fields = checked_fields(&input.body, input.due_on, input.status, input.assignee, input.goal_id)?;
    let updated = actions::update(access.db(), id, fields, access.announcer().as_ref())
        .await
        .map_err(refusing_foreign_goals)?;
    Ok(Json(updated.or_not_found("action")?))
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

//! The session page: what coach and coachee write together (notes, agreements, actions) and the
//! relationship's goals, with forms for those allowed to change them. This file holds the
//! handlers; `view` makes the pages, `forms` reads what they send.

pub mod agenda;
mod forms;
mod view;
pub mod writing;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use contract::{
    Action, CoachingSession, Entry, Me, NewAction, NewGoal, PageRequest, Relationship, Series,
    SessionWorkspace, StatusChange,
};
use reqwest::Method;
use uuid::Uuid;

use self::forms::{ActionForm, GoalForm, MeetingLinkForm, RescheduleForm, SessionQuery};
use self::view::{Composer, Editor, EntryPage, SessionList, SessionPage, WholeItem, Writing};
use super::actions::{self, ActionEditForm};
use super::extract::{VisitorForm, VisitorPage};
use super::forms::{NoFields, StatusForm, after_form, form_failure, optional_date};
use super::view::{full_name, render, render_with_status};
use crate::api_client::{Api, ApiFailure};
use crate::error::{PageError, PagePath, PageResult};
use crate::flash::{Flash, redirect};
use crate::page_context::PageContext;
use crate::visitor::Visitor;

pub async fn page(
    VisitorPage { api, ids: session_id, context }: VisitorPage<Uuid>,
    Query(query): Query<SessionQuery>,
) -> PageResult {
    show_session(api, context, session_id, Some(query), None).await
}

/// The session page, continuing the list `query` names, with the text of a new entry the
/// visitor is previewing, if any.
async fn show_session(
    api: Api,
    context: PageContext,
    session_id: Uuid,
    query: Option<SessionQuery>,
    preview: Option<(SessionList, Composer)>,
) -> PageResult {
    let here = format!("/sessions/{session_id}");
    let failed = |failure| PageError::from_api(failure, &here);
    // Every list's first page and the visitor's drafts, in one call; a list that holds more gets
    // a "more" link. Pages of the default size, with long texts cut short, keep the page within
    // its budget however much a session holds.
    let mut workspace = api.get::<SessionWorkspace>(format!("{here}/workspace")).await.map_err(failed)?;
    if let Some(SessionQuery { more: Some(list), cursor: Some(cursor) }) = query {
        let list = SessionList::from_segment(&list)?;
        let page = PageRequest { limit: None, cursor: Some(cursor) };
        let path = format!("/{}", list.segment());
        let of_session = [("session_id", session_id.to_string())];
        let of_relationship = [("relationship_id", workspace.relationship.id.to_string())];
        match list {
            SessionList::Notes => {
                workspace.notes = api.page(&path, &of_session, &page).await.map_err(failed)?
            }
            SessionList::Agreements => {
                workspace.agreements = api.page(&path, &of_session, &page).await.map_err(failed)?;
            }
            SessionList::Actions => {
                workspace.actions = api.page(&path, &of_session, &page).await.map_err(failed)?;
            }
            SessionList::Goals => {
                workspace.goals = api.page(&path, &of_relationship, &page).await.map_err(failed)?;
            }
        }
    }
    let series = series_of(&api, &workspace.session).await.map_err(failed)?;
    let page = SessionPage::new(&context, workspace, series, &here, preview);
    render(context, &page)
}

/// The series `session` is part of, if any: a second call, made for such sessions only.
async fn series_of(api: &Api, session: &CoachingSession) -> Result<Option<Series>, ApiFailure> {
    match session.series_id {
        Some(series_id) => api.get(format!("/series/{series_id}")).await.map(Some),
        None => Ok(None),
    }
}

/// The whole text of a note, an agreement or an action.
pub async fn item_page(
    VisitorPage { api, ids, context }: VisitorPage<(Uuid, SessionList, Uuid)>,
) -> PageResult {
    show_item(api, context, ids, None, StatusCode::OK).await
}

/// An item's own page, its edit form holding `editor` (a preview, a conflict) or the saved text
/// (or the visitor's draft of it), answered with `status`.
async fn show_item(
    api: Api,
    context: PageContext,
    (session_id, list, id): (Uuid, SessionList, Uuid),
    editor: Option<Editor>,
    status: StatusCode,
) -> PageResult {
    let here = format!("/sessions/{session_id}/{}/{id}", list.segment());
    let failed = |failure| PageError::from_api(failure, &here);
    let item_path = format!("/{}/{id}", list.segment());
    let workspace = api.get::<SessionWorkspace>(format!("/sessions/{session_id}/workspace?limit=1"));
    let (workspace, item) = match list {
        SessionList::Actions => {
            let (workspace, action) = tokio::join!(workspace, api.get::<Action>(&item_path));
            (workspace.map_err(failed)?, WholeItem::action(action.map_err(failed)?))
        }
        SessionList::Notes | SessionList::Agreements => {
            let (workspace, entry) = tokio::join!(workspace, api.get::<Entry>(&item_path));
            let (mut workspace, entry) = (workspace.map_err(failed)?, entry.map_err(failed)?);
            // The visitor's draft fills the form, unless it shows what they just sent.
            let editor = editor.unwrap_or_else(|| {
                let writing = Writing { drafts: std::mem::take(&mut workspace.drafts), preview: None };
                Editor::of(entry.body.clone(), entry.version, writing.draft(list, Some(entry.id)))
            });
            (workspace, WholeItem::entry(list, entry, editor))
        }
        SessionList::Goals => return Err(PageError::NotFound),
    };
    // The item's own session is the one in the address, or the address names nothing.
    if item.session_id != session_id {
        return Err(PageError::NotFound);
    }
    let page = EntryPage::new(&context, item, &workspace.viewer, &workspace.relationship);
    render_with_status(context, status, &page)
}

/// Deletes a note, an agreement or an action, and goes back to its section.
pub async fn delete_item(
    VisitorForm { api, ids: (session_id, list, id), .. }: VisitorForm<(Uuid, SessionList, Uuid), NoFields>,
) -> PageResult {
    let list = list.one_of(&[SessionList::Notes, SessionList::Agreements, SessionList::Actions])?;
    let outcome = api.call(Method::DELETE, &format!("/{}/{id}", list.segment())).await;
    after_form(outcome, &list.section(session_id), &format!("{} deleted.", list.noun()))
}

/// Moves an action or a goal to the status the form chose, and goes back to its section.
pub async fn change_status(
    VisitorForm { api, ids: (session_id, list, id), form }: VisitorForm<
        (Uuid, SessionList, Uuid),
        StatusForm,
    >,
) -> PageResult {
    let list = list.one_of(&[SessionList::Actions, SessionList::Goals])?;
    let back = list.section(session_id);
    let status = form.status().ok_or_else(|| PageError::refused(&back, "Choose a status."))?;
    let path = format!("/{}/{id}/status", list.segment());
    let outcome = api.send_only(Method::PUT, &path, &StatusChange { status }).await;
    after_form(outcome, &back, &format!("{} updated.", list.noun()))
}

pub async fn reschedule(
    VisitorForm { api, ids: session_id, form }: VisitorForm<Uuid, RescheduleForm>,
) -> PageResult {
    let here = format!("/sessions/{session_id}");
    let me = api.get::<Me>("/me").await.map_err(|failure| PageError::from_api(failure, &here))?;
    let when = &form.when;
    let update = when.session(&me.user.timezone).map_err(|message| PageError::refused(&here, message))?;
    if form.to_following() {
        let outcome = api.send_only(Method::PUT, &format!("{here}/following"), &update).await;
        return after_form(outcome, &here, "This session and the following ones saved.");
    }
    let outcome = api.send_only(Method::PUT, &here, &update).await;
    after_form(outcome, &here, "Session saved.")
}

/// The session as a calendar file, made by the api, for the visitor's calendar.
pub async fn calendar(Visitor(api): Visitor, PagePath(session_id): PagePath<Uuid>) -> PageResult {
    // An ended login comes back to the session's page, not to a download.
    let here = format!("/sessions/{session_id}");
    let file = api.download(&format!("{here}/calendar")).await;
    file.map(IntoResponse::into_response).map_err(|failure| PageError::from_api(failure, &here))
}

/// Sets the relationship's standing meeting link (the api decides who may), from the form on one
/// of its session pages, and goes back there.
pub async fn set_meeting_link(
    VisitorForm { api, ids: relationship_id, form }: VisitorForm<Uuid, MeetingLinkForm>,
) -> PageResult {
    let back = format!("/sessions/{}#meeting-link", form.session_id);
    let path = format!("/relationships/{relationship_id}/meeting-link");
    let relationship = api
        .send::<_, Relationship>(Method::PUT, &path, &form.link())
        .await
        .map_err(|failure| form_failure(failure, &back))?;
    let notice = match relationship.meeting_url {
        Some(_) => format!("Meeting link saved for all sessions with {}.", full_name(&relationship.coachee)),
        None => "Meeting link removed.".to_owned(),
    };
    Ok(redirect(&back, Some(Flash::notice(notice))))
}

pub async fn delete(VisitorForm { api, ids: session_id, .. }: VisitorForm<Uuid, NoFields>) -> PageResult {
    let here = format!("/sessions/{session_id}");
    api.call(Method::DELETE, &here).await.map_err(|failure| form_failure(failure, &here))?;
    Ok(redirect("/", Some(Flash::notice("Session deleted."))))
}

/// An action's edit form on the session page.
pub async fn edit_action(
    VisitorForm { api, ids: (session_id, action_id), form }: VisitorForm<(Uuid, Uuid), ActionEditForm>,
) -> PageResult {
    actions::save(&api, action_id, form, &SessionList::Actions.section(session_id)).await
}

pub async fn add_action(
    VisitorForm { api, ids: session_id, form }: VisitorForm<Uuid, ActionForm>,
) -> PageResult {
    let back = SessionList::Actions.section(session_id);
    let due_on = optional_date(form.due_on.as_deref(), "due date")
        .map_err(|message| PageError::refused(&back, message))?;
    let assignee = match form.assignee.as_deref() {
        None => None,
        Some(value) => Some(
            actions::chosen_assignee(value)
                .ok_or_else(|| PageError::refused(&back, "Choose who is to do it."))?,
        ),
    };
    let body = NewAction { session_id, body: form.body, due_on, status: None, assignee, goal_id: None };
    let outcome = api.send_only(Method::POST, "/actions", &body).await;
    after_form(outcome, &back, "Action added.")
}

/// Adds a goal, linked to this session (it was discussed in it) in the same api call.
pub async fn add_goal(VisitorForm { api, ids: session_id, form }: VisitorForm<Uuid, GoalForm>) -> PageResult {
    let back = SessionList::Goals.section(session_id);
    let target_date = optional_date(form.target_date.as_deref(), "target date")
        .map_err(|message| PageError::refused(&back, message))?;
    let body = NewGoal {
        relationship_id: form.relationship_id,
        title: form.title,
        body: None,
        target_date,
        status: None,
        session_id: Some(session_id),
    };
    let outcome = api.send_only(Method::POST, "/goals", &body).await;
    after_form(outcome, &back, "Goal added.")
}

pub async fn unlink_goal(form: VisitorForm<(Uuid, Uuid), NoFields>) -> PageResult {
    change_goal_link(form, Method::DELETE, "Goal unlinked from this session.").await
}

pub async fn link_goal(form: VisitorForm<(Uuid, Uuid), NoFields>) -> PageResult {
    change_goal_link(form, Method::POST, "Goal linked to this session.").await
}

async fn change_goal_link(
    VisitorForm { api, ids: (session_id, goal_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
    method: Method,
    notice: &str,
) -> PageResult {
    let outcome = api.call(method, &format!("/goals/{goal_id}/sessions/{session_id}")).await;
    after_form(outcome, &SessionList::Goals.section(session_id), notice)
}

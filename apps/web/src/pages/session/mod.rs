//! The session page: what coach and coachee write together (notes, agreements, actions) and the
//! relationship's goals, with forms for those allowed to change them. This file holds the
//! handlers; `view` makes the pages, `forms` reads what they send.

pub mod agenda;
mod forms;
mod view;

use axum::extract::Query;
use contract::{
    Action, CoachingSessionUpdate, Entry, EntryUpdate, Me, NewAction, NewEntry, NewGoal, PageRequest,
    SessionWorkspace, StatusChange,
};
use reqwest::Method;
use uuid::Uuid;

use self::forms::{ActionForm, BodyForm, GoalForm, SessionQuery};
use self::view::{ENTRIES, EntryPage, SessionList, SessionPage, WholeItem};
use super::actions::{self, ActionEditForm};
use super::extract::{VisitorForm, VisitorPage};
use super::forms::{NoFields, SessionTimeFields, StatusForm, after_form, form_failure, optional_date};
use super::view::render;
use crate::error::{PageError, PageResult};
use crate::flash::{Flash, redirect};

pub async fn page(
    VisitorPage { api, ids: session_id, context }: VisitorPage<Uuid>,
    Query(query): Query<SessionQuery>,
) -> PageResult {
    let here = format!("/sessions/{session_id}");
    let failed = |failure| PageError::from_api(failure, &here);
    // Every list's first page, in one call; a list that holds more gets a "more" link. Pages of
    // the default size, with long texts cut short, keep the page within its budget however much
    // a session holds.
    let mut workspace = api.get::<SessionWorkspace>(format!("{here}/workspace")).await.map_err(failed)?;
    if let (Some(list), Some(cursor)) = (query.more.as_deref(), query.cursor) {
        let list = SessionList::from_segment(list)?;
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
    let page = SessionPage::new(&context, workspace, &here);
    render(context, &page)
}

/// The whole text of a note, an agreement or an action.
pub async fn item_page(
    VisitorPage { api, ids: (session_id, list, id), context }: VisitorPage<(Uuid, SessionList, Uuid)>,
) -> PageResult {
    let here = format!("/sessions/{session_id}/{}/{id}", list.segment());
    let failed = |failure| PageError::from_api(failure, &here);
    let item_path = format!("/{}/{id}", list.segment());
    let workspace = api.get::<SessionWorkspace>(format!("/sessions/{session_id}/workspace?limit=1"));
    let (workspace, item) = match list {
        SessionList::Actions => {
            let (workspace, action) = tokio::join!(workspace, api.get::<Action>(&item_path));
            (workspace, WholeItem::action(action.map_err(failed)?))
        }
        SessionList::Notes | SessionList::Agreements => {
            let (workspace, entry) = tokio::join!(workspace, api.get::<Entry>(&item_path));
            (workspace, WholeItem::entry(list, entry.map_err(failed)?))
        }
        SessionList::Goals => return Err(PageError::NotFound),
    };
    let workspace = workspace.map_err(failed)?;
    // The item's own session is the one in the address, or the address names nothing.
    if item.session_id != session_id {
        return Err(PageError::NotFound);
    }
    let page = EntryPage::new(&context, item, &workspace.viewer, &workspace.relationship);
    render(context, &page)
}

/// Writes a new note or agreement.
pub async fn add_entry(
    VisitorForm { api, ids: (session_id, list), form }: VisitorForm<(Uuid, SessionList), BodyForm>,
) -> PageResult {
    let list = list.one_of(&ENTRIES)?;
    let body = NewEntry { session_id, body: form.body };
    let outcome = api.send_only(Method::POST, &format!("/{}", list.segment()), &body).await;
    after_form(outcome, &list.section(session_id), &format!("{} added.", list.noun()))
}

/// Rewrites a note or agreement.
pub async fn save_entry(
    VisitorForm { api, ids: (session_id, list, id), form }: VisitorForm<(Uuid, SessionList, Uuid), BodyForm>,
) -> PageResult {
    let list = list.one_of(&ENTRIES)?;
    let path = format!("/{}/{id}", list.segment());
    let outcome = api.send_only(Method::PUT, &path, &EntryUpdate { body: form.body }).await;
    after_form(outcome, &list.section(session_id), &format!("{} saved.", list.noun()))
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
    VisitorForm { api, ids: session_id, form: when }: VisitorForm<Uuid, SessionTimeFields>,
) -> PageResult {
    let here = format!("/sessions/{session_id}");
    let me = api.get::<Me>("/me").await.map_err(|failure| PageError::from_api(failure, &here))?;
    let (starts_at, duration_minutes) =
        when.read(&me.user.timezone).map_err(|message| PageError::refused(&here, message))?;
    let update = CoachingSessionUpdate { title: when.title(), starts_at, duration_minutes };
    let outcome = api.send_only(Method::PUT, &here, &update).await;
    after_form(outcome, &here, "Session saved.")
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

pub async fn unlink_goal(
    VisitorForm { api, ids: (session_id, goal_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let path = format!("/goals/{goal_id}/sessions/{session_id}");
    let outcome = api.call(Method::DELETE, &path).await;
    after_form(outcome, &SessionList::Goals.section(session_id), "Goal unlinked from this session.")
}

pub async fn link_goal(
    VisitorForm { api, ids: (session_id, goal_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let path = format!("/goals/{goal_id}/sessions/{session_id}");
    let outcome = api.call(Method::POST, &path).await;
    after_form(outcome, &SessionList::Goals.section(session_id), "Goal linked to this session.")
}

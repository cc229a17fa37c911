//! The session page: what coach and coachee write together (notes, agreements, actions) and the
//! relationship's goals, with forms for those allowed to change them.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use contract::{
    Action, CoachingSession, CoachingSessionUpdate, Entry, EntryCapabilities, EntryUpdate, Goal, Me,
    NewAction, NewEntry, NewGoal, PageRequest, ProgressStatus, RelationshipCapabilities, SessionWorkspace,
    StatusChange,
};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{NoFields, SessionTimeFields, after_form, form_failure, optional_date};
use super::view::{full_name, render};
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath, urlencode};
use crate::flash::{Flash, redirect};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

/// A session's two lists of written entries, notes and agreements: the same kind of text, shown
/// and edited the same way, each under its own URL segment (which is also the api's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryList {
    Notes,
    Agreements,
}

impl EntryList {
    fn from_path(segment: &str) -> Result<Self, PageError> {
        match segment {
            "notes" => Ok(Self::Notes),
            "agreements" => Ok(Self::Agreements),
            _ => Err(PageError::NotFound),
        }
    }

    pub fn segment(self) -> &'static str {
        match self {
            Self::Notes => "notes",
            Self::Agreements => "agreements",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Notes => "Notes",
            Self::Agreements => "Agreements",
        }
    }

    /// One entry of the list, as a sentence starts it ("Note added.").
    pub fn noun(self) -> &'static str {
        match self {
            Self::Notes => "Note",
            Self::Agreements => "Agreement",
        }
    }
}

pub struct EntryView {
    pub id: Uuid,
    pub author: String,
    pub when: String,
    pub body: String,
    /// `body` is the start of a longer text: the page shows it whole (and edits it).
    pub truncated: bool,
    pub edited: bool,
    /// What the viewer may do to this entry, as the api decided.
    pub may: EntryCapabilities,
}

pub struct EntrySection {
    pub list: EntryList,
    pub entries: Vec<EntryView>,
    /// Link to the list's next page, when it holds more than the page shows.
    pub more: Option<String>,
}

pub struct ActionView {
    pub id: Uuid,
    pub body: String,
    /// `body` is the start of a longer text: its own page shows it whole.
    pub truncated: bool,
    pub author: String,
    pub due: String,
    pub status: &'static str,
    pub status_label: &'static str,
}

pub struct GoalView {
    pub id: Uuid,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub target: String,
    pub linked: bool,
}

pub struct StatusOption {
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "session.html")]
struct SessionPage {
    layout: Layout,
    session_id: Uuid,
    when: String,
    timezone: String,
    duration_minutes: i32,
    organization: String,
    coach: String,
    coachee: String,
    relationship_id: Uuid,
    /// What the viewer may do here, as the api decided.
    may: RelationshipCapabilities,
    reschedule_date: String,
    reschedule_time: String,
    sections: Vec<EntrySection>,
    actions: Vec<ActionView>,
    more_actions: Option<String>,
    goals: Vec<GoalView>,
    more_goals: Option<String>,
    statuses: Vec<StatusOption>,
}

/// Which list of the page continues (`notes`, `agreements`, `actions` or `goals`), from which
/// api cursor; the other lists show their first page.
#[derive(Deserialize)]
pub struct SessionQuery {
    more: Option<String>,
    cursor: Option<String>,
}

pub async fn page(
    State(api): State<Api>,
    visitor: Visitor,
    context: PageContext,
    PagePath(session_id): PagePath<Uuid>,
    Query(query): Query<SessionQuery>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}");
    let failed = |failure| PageError::from_api(failure, &here);
    let token = visitor.api_token.as_str();
    // Every list's first page, in one call; a list that holds more gets a "more" link. Pages of
    // the default size, with long texts cut short, keep the page within its budget however much
    // a session holds.
    let workspace = api.get::<SessionWorkspace>(token, format!("{here}/workspace")).await.map_err(failed)?;
    let SessionWorkspace {
        viewer: me,
        session,
        relationship,
        mut notes,
        mut agreements,
        mut actions,
        mut goals,
    } = workspace;
    if let (Some(list), Some(cursor)) = (query.more.as_deref(), query.cursor) {
        let page = PageRequest { limit: None, cursor: Some(cursor) };
        let of_session = [("session_id", session_id.to_string())];
        match list {
            "notes" => notes = api.page(token, "/notes", &of_session, &page).await.map_err(failed)?,
            "agreements" => {
                agreements = api.page(token, "/agreements", &of_session, &page).await.map_err(failed)?;
            }
            "actions" => actions = api.page(token, "/actions", &of_session, &page).await.map_err(failed)?,
            "goals" => {
                let of_relationship = [("relationship_id", relationship.id.to_string())];
                goals = api.page(token, "/goals", &of_relationship, &page).await.map_err(failed)?;
            }
            _ => return Err(PageError::NotFound),
        }
    }
    let more = |list: &str, cursor: &Option<String>| {
        cursor.as_ref().map(|cursor| format!("{here}?more={list}&cursor={}#{list}", urlencode(cursor)))
    };

    let zone = format::zone(&me.user.timezone);
    let author = |id: Uuid| author_of(id, &relationship);
    let entries = |list: Vec<Entry>| {
        list.into_iter()
            .map(|entry| EntryView {
                id: entry.id,
                author: author(entry.author_id),
                when: format::date_time(entry.created_at, zone),
                body: entry.body,
                truncated: entry.truncated,
                edited: entry.edited,
                may: entry.capabilities,
            })
            .collect()
    };
    let (reschedule_date, reschedule_time) = format::inputs(session.starts_at, zone);
    let page = SessionPage {
        layout: context.layout(format!("Session {}", format::date_time(session.starts_at, zone)), Some(&me)),
        session_id,
        when: format::date_time(session.starts_at, zone),
        timezone: zone.name().to_owned(),
        duration_minutes: session.duration_minutes,
        organization: relationship.organization_name.clone(),
        coach: full_name(&relationship.coach),
        coachee: full_name(&relationship.coachee),
        relationship_id: relationship.id,
        may: relationship.capabilities,
        reschedule_date,
        reschedule_time,
        sections: vec![
            EntrySection {
                list: EntryList::Notes,
                more: more("notes", &notes.next_cursor),
                entries: entries(notes.items),
            },
            EntrySection {
                list: EntryList::Agreements,
                more: more("agreements", &agreements.next_cursor),
                entries: entries(agreements.items),
            },
        ],
        more_actions: more("actions", &actions.next_cursor),
        actions: actions
            .items
            .into_iter()
            .map(|action| ActionView {
                id: action.id,
                author: author(action.author_id),
                body: action.body,
                truncated: action.truncated,
                due: action.due_on.map(format::date).unwrap_or_default(),
                status: action.status.as_str(),
                status_label: format::status_label(action.status),
            })
            .collect(),
        more_goals: more("goals", &goals.next_cursor),
        goals: goals
            .items
            .into_iter()
            .map(|goal| GoalView {
                id: goal.id,
                linked: goal.session_ids.contains(&session_id),
                title: goal.title,
                status: goal.status.as_str(),
                status_label: format::status_label(goal.status),
                target: goal.target_date.map(format::date).unwrap_or_default(),
            })
            .collect(),
        statuses: ProgressStatus::ALL
            .into_iter()
            .map(|status| StatusOption { value: status.as_str(), label: format::status_label(status) })
            .collect(),
    };
    render(context, &page)
}

/// One note, agreement or action, whole: where a text cut short on the session page is read
/// (and, by its author, edited).
#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    layout: Layout,
    session_id: Uuid,
    /// The list it belongs to: its URL segment and the noun for one of its items.
    segment: &'static str,
    noun: &'static str,
    id: Uuid,
    author: String,
    when: String,
    body: String,
    edited: bool,
    may_edit: bool,
}

/// Whose words an item are, as its page names them.
fn author_of(author_id: Uuid, relationship: &contract::Relationship) -> String {
    [&relationship.coach, &relationship.coachee]
        .into_iter()
        .find(|person| person.id == author_id)
        .map(full_name)
        .unwrap_or_else(|| "Someone".to_owned())
}

/// The whole text of a note or agreement (`kind` is `notes` or `agreements`), or of an action.
pub async fn entry_page(
    State(api): State<Api>,
    visitor: Visitor,
    context: PageContext,
    PagePath((session_id, kind, id)): PagePath<(Uuid, String, Uuid)>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}/{kind}/{id}");
    let failed = |failure| PageError::from_api(failure, &here);
    let token = visitor.api_token.as_str();
    let workspace_path = format!("/sessions/{session_id}/workspace?limit=1");
    let (workspace, item) = match kind.as_str() {
        "actions" => {
            let (workspace, action) = tokio::join!(
                api.get::<SessionWorkspace>(token, &workspace_path),
                api.get::<Action>(token, format!("/actions/{id}"))
            );
            let action = action.map_err(failed)?;
            let shown = (action.session_id, action.author_id, action.created_at, action.body, false, false);
            (workspace, ("actions", "Action", shown))
        }
        _ => {
            let list = EntryList::from_path(&kind)?;
            let (workspace, entry) = tokio::join!(
                api.get::<SessionWorkspace>(token, &workspace_path),
                api.get::<Entry>(token, format!("/{}/{id}", list.segment()))
            );
            let entry = entry.map_err(failed)?;
            let shown = (
                entry.session_id,
                entry.author_id,
                entry.created_at,
                entry.body,
                entry.edited,
                entry.capabilities.edit,
            );
            (workspace, (list.segment(), list.noun(), shown))
        }
    };
    let workspace = workspace.map_err(failed)?;
    let (segment, noun, (of_session, author_id, created_at, body, edited, may_edit)) = item;
    // The item's own session is the one in the address, or the address names nothing.
    if of_session != session_id {
        return Err(PageError::NotFound);
    }
    let zone = format::zone(&workspace.viewer.user.timezone);
    let page = EntryPage {
        layout: context.layout(format!("{noun} of the session"), Some(&workspace.viewer)),
        session_id,
        segment,
        noun,
        id,
        author: author_of(author_id, &workspace.relationship),
        when: format::date_time(created_at, zone),
        body,
        edited,
        may_edit,
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct BodyForm {
    body: String,
}

pub async fn add_entry(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, list)): PagePath<(Uuid, String)>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Result<Response, PageError> {
    let list = EntryList::from_path(&list)?;
    let body = NewEntry { session_id, body: form.body };
    let outcome =
        api.send::<_, Entry>(Method::POST, &visitor.api_token, &format!("/{}", list.segment()), &body).await;
    let back = format!("/sessions/{session_id}#{}", list.segment());
    after_form(outcome.map(drop), &back, &format!("{} added.", list.noun()))
}

pub async fn save_entry(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, list, entry_id)): PagePath<(Uuid, String, Uuid)>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Result<Response, PageError> {
    let list = EntryList::from_path(&list)?;
    let path = format!("/{}/{entry_id}", list.segment());
    let outcome =
        api.send::<_, Entry>(Method::PUT, &visitor.api_token, &path, &EntryUpdate { body: form.body }).await;
    let back = format!("/sessions/{session_id}#{}", list.segment());
    after_form(outcome.map(drop), &back, &format!("{} saved.", list.noun()))
}

pub async fn delete_entry(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, list, entry_id)): PagePath<(Uuid, String, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let list = EntryList::from_path(&list)?;
    let outcome =
        api.call(Method::DELETE, &visitor.api_token, &format!("/{}/{entry_id}", list.segment())).await;
    let back = format!("/sessions/{session_id}#{}", list.segment());
    after_form(outcome, &back, &format!("{} deleted.", list.noun()))
}

pub async fn reschedule(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(when): CsrfForm<SessionTimeFields>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}");
    let me = api
        .get::<Me>(&visitor.api_token, "/me")
        .await
        .map_err(|failure| PageError::from_api(failure, &here))?;
    let (starts_at, duration_minutes) =
        when.read(&me.user.timezone).map_err(|message| PageError::refused(&here, message))?;
    let update = CoachingSessionUpdate { starts_at, duration_minutes };
    let outcome = api.send::<_, CoachingSession>(Method::PUT, &visitor.api_token, &here, &update).await;
    after_form(outcome.map(drop), &here, "Session moved.")
}

pub async fn delete(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}");
    api.call(Method::DELETE, &visitor.api_token, &here)
        .await
        .map_err(|failure| form_failure(failure, &here))?;
    Ok(redirect("/", Some(Flash::notice("Session deleted."))))
}

#[derive(Deserialize)]
pub struct ActionForm {
    body: String,
    due_on: Option<String>,
}

pub async fn add_action(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#actions");
    let due_on = optional_date(form.due_on.as_deref(), "due date")
        .map_err(|message| PageError::refused(&back, message))?;
    let body = NewAction { session_id, body: form.body, due_on, status: None };
    let outcome = api.send::<_, Action>(Method::POST, &visitor.api_token, "/actions", &body).await;
    after_form(outcome.map(drop), &back, "Action added.")
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

fn parse_status(raw: &str) -> Option<ProgressStatus> {
    ProgressStatus::ALL.into_iter().find(|status| status.as_str() == raw)
}

pub async fn action_status(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, action_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#actions");
    let status = parse_status(&form.status).ok_or_else(|| PageError::refused(&back, "Choose a status."))?;
    let path = format!("/actions/{action_id}/status");
    let outcome =
        api.send::<_, Action>(Method::PUT, &visitor.api_token, &path, &StatusChange { status }).await;
    after_form(outcome.map(drop), &back, "Action updated.")
}

pub async fn delete_action(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, action_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let outcome = api.call(Method::DELETE, &visitor.api_token, &format!("/actions/{action_id}")).await;
    after_form(outcome, &format!("/sessions/{session_id}#actions"), "Action deleted.")
}

#[derive(Deserialize)]
pub struct GoalForm {
    /// The session's relationship, which the goal belongs to (the api checks the two match).
    relationship_id: Uuid,
    title: String,
    target_date: Option<String>,
}

/// Adds a goal, linked to this session (it was discussed in it) in the same api call.
pub async fn add_goal(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#goals");
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
    let outcome = api.send::<_, Goal>(Method::POST, &visitor.api_token, "/goals", &body).await;
    after_form(outcome.map(drop), &back, "Goal added.")
}

pub async fn goal_status(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, goal_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#goals");
    let status = parse_status(&form.status).ok_or_else(|| PageError::refused(&back, "Choose a status."))?;
    let path = format!("/goals/{goal_id}/status");
    let outcome = api.send::<_, Goal>(Method::PUT, &visitor.api_token, &path, &StatusChange { status }).await;
    after_form(outcome.map(drop), &back, "Goal updated.")
}

pub async fn link_goal(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((session_id, goal_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let path = format!("/goals/{goal_id}/sessions/{session_id}");
    let outcome = api.call(Method::POST, &visitor.api_token, &path).await;
    after_form(outcome, &format!("/sessions/{session_id}#goals"), "Goal linked to this session.")
}

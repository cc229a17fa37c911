//! The session page: what coach and coachee write together (notes, agreements, actions) and the
//! relationship's goals, with forms for those allowed to change them.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use contract::{
    Action, CoachingSession, CoachingSessionUpdate, Entry, EntryUpdate, Goal, Me, NewAction, NewEntry,
    NewGoal, ProgressStatus, SessionWorkspace, StatusChange,
};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::{Layout, NoFields, SessionTimeFields, after_form, full_name, render};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath};
use crate::format;
use crate::session::{Flash, PageContext, Visitor, redirect};

/// Notes and agreements: the same kind of text, shown and edited the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Notes,
    Agreements,
}

impl EntryKind {
    fn from_path(segment: &str) -> Result<Self, PageError> {
        match segment {
            "notes" => Ok(Self::Notes),
            "agreements" => Ok(Self::Agreements),
            _ => Err(PageError::NotFound),
        }
    }

    fn segment(self) -> &'static str {
        match self {
            Self::Notes => "notes",
            Self::Agreements => "agreements",
        }
    }

    fn noun(self) -> &'static str {
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
}

pub struct EntrySection {
    pub kind: &'static str,
    pub title: &'static str,
    pub noun: &'static str,
    pub entries: Vec<EntryView>,
}

pub struct ActionView {
    pub id: Uuid,
    pub body: String,
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
    can_write: bool,
    is_coach: bool,
    reschedule_date: String,
    reschedule_time: String,
    sections: Vec<EntrySection>,
    actions: Vec<ActionView>,
    goals: Vec<GoalView>,
    statuses: Vec<StatusOption>,
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    context: PageContext,
    PagePath(session_id): PagePath<Uuid>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}");
    let failed = |failure| PageError::from_api(failure, &here);
    let token = visitor.token.as_str();
    let workspace =
        state.api.get::<SessionWorkspace>(token, format!("{here}/workspace")).await.map_err(failed)?;
    let SessionWorkspace { viewer: me, session, relationship, notes, agreements, actions, goals } = workspace;

    let zone = format::zone(&me.user.timezone);
    let author = |id: Uuid| {
        [&relationship.coach, &relationship.coachee]
            .into_iter()
            .find(|person| person.id == id)
            .map(full_name)
            .unwrap_or_else(|| "Someone".to_owned())
    };
    let entries = |list: Vec<Entry>| {
        list.into_iter()
            .map(|entry| EntryView {
                id: entry.id,
                author: author(entry.author_id),
                when: format::date_time(entry.created_at, zone),
                body: entry.body,
            })
            .collect()
    };
    let (reschedule_date, reschedule_time) = format::inputs(session.starts_at, zone);
    let page = SessionPage {
        layout: Layout::new(
            format!("Session {}", format::date_time(session.starts_at, zone)),
            &context,
            Some(&me),
        ),
        session_id,
        when: format::date_time(session.starts_at, zone),
        timezone: zone.name().to_owned(),
        duration_minutes: session.duration_minutes,
        organization: relationship.organization_name.clone(),
        coach: full_name(&relationship.coach),
        coachee: full_name(&relationship.coachee),
        can_write: me.user.id == relationship.coach.id || me.user.id == relationship.coachee.id,
        is_coach: me.user.id == relationship.coach.id,
        reschedule_date,
        reschedule_time,
        sections: vec![
            EntrySection { kind: "notes", title: "Notes", noun: "note", entries: entries(notes) },
            EntrySection {
                kind: "agreements",
                title: "Agreements",
                noun: "agreement",
                entries: entries(agreements),
            },
        ],
        actions: actions
            .into_iter()
            .map(|action| ActionView {
                id: action.id,
                author: author(action.author_id),
                body: action.body,
                due: action.due_on.map(format::date).unwrap_or_default(),
                status: action.status.as_str(),
                status_label: format::status_label(action.status),
            })
            .collect(),
        goals: goals
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

#[derive(Deserialize)]
pub struct BodyForm {
    body: String,
}

pub async fn add_entry(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, kind)): PagePath<(Uuid, String)>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Result<Response, PageError> {
    let kind = EntryKind::from_path(&kind)?;
    let body = NewEntry { session_id, body: form.body };
    let outcome = state
        .api
        .send::<_, Entry>(Method::POST, &visitor.token, &format!("/{}", kind.segment()), &body)
        .await;
    let back = format!("/sessions/{session_id}#{}", kind.segment());
    after_form(outcome.map(drop), &back, &format!("{} added.", kind.noun()), state.secure_cookies)
}

pub async fn save_entry(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, kind, entry_id)): PagePath<(Uuid, String, Uuid)>,
    CsrfForm(form): CsrfForm<BodyForm>,
) -> Result<Response, PageError> {
    let kind = EntryKind::from_path(&kind)?;
    let path = format!("/{}/{entry_id}", kind.segment());
    let outcome = state
        .api
        .send::<_, Entry>(Method::PUT, &visitor.token, &path, &EntryUpdate { body: form.body })
        .await;
    let back = format!("/sessions/{session_id}#{}", kind.segment());
    after_form(outcome.map(drop), &back, &format!("{} saved.", kind.noun()), state.secure_cookies)
}

pub async fn delete_entry(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, kind, entry_id)): PagePath<(Uuid, String, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let kind = EntryKind::from_path(&kind)?;
    let outcome =
        state.api.call(Method::DELETE, &visitor.token, &format!("/{}/{entry_id}", kind.segment())).await;
    let back = format!("/sessions/{session_id}#{}", kind.segment());
    after_form(outcome, &back, &format!("{} deleted.", kind.noun()), state.secure_cookies)
}

pub async fn reschedule(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(when): CsrfForm<SessionTimeFields>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}");
    let me = state
        .api
        .get::<Me>(&visitor.token, "/me")
        .await
        .map_err(|failure| PageError::from_api(failure, &here))?;
    let (starts_at, duration_minutes) = match when.read(&me.user.timezone) {
        Ok(when) => when,
        Err(message) => return Ok(redirect(&here, Some(Flash::error(message)), state.secure_cookies)),
    };
    let update = CoachingSessionUpdate { starts_at, duration_minutes };
    let outcome = state.api.send::<_, CoachingSession>(Method::PUT, &visitor.token, &here, &update).await;
    after_form(outcome.map(drop), &here, "Session moved.", state.secure_cookies)
}

pub async fn delete(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let here = format!("/sessions/{session_id}");
    match state.api.call(Method::DELETE, &visitor.token, &here).await {
        Ok(()) => Ok(redirect("/", Some(Flash::notice("Session deleted.")), state.secure_cookies)),
        other => after_form(other, &here, "", state.secure_cookies),
    }
}

#[derive(Deserialize)]
pub struct ActionForm {
    body: String,
    due_on: Option<String>,
}

pub async fn add_action(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#actions");
    let due_on = match form.due_on.as_deref().map(str::trim).filter(|day| !day.is_empty()) {
        None => None,
        Some(day) => match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                return Ok(redirect(
                    &back,
                    Some(Flash::error("Give the due date as a date.")),
                    state.secure_cookies,
                ));
            }
        },
    };
    let body = NewAction { session_id, body: form.body, due_on, status: None };
    let outcome = state.api.send::<_, Action>(Method::POST, &visitor.token, "/actions", &body).await;
    after_form(outcome.map(drop), &back, "Action added.", state.secure_cookies)
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

fn parse_status(raw: &str) -> Option<ProgressStatus> {
    ProgressStatus::ALL.into_iter().find(|status| status.as_str() == raw)
}

pub async fn action_status(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, action_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#actions");
    let Some(status) = parse_status(&form.status) else {
        return Ok(redirect(&back, Some(Flash::error("Choose a status.")), state.secure_cookies));
    };
    let path = format!("/actions/{action_id}/status");
    let outcome =
        state.api.send::<_, Action>(Method::PUT, &visitor.token, &path, &StatusChange { status }).await;
    after_form(outcome.map(drop), &back, "Action updated.", state.secure_cookies)
}

pub async fn delete_action(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, action_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let outcome = state.api.call(Method::DELETE, &visitor.token, &format!("/actions/{action_id}")).await;
    after_form(outcome, &format!("/sessions/{session_id}#actions"), "Action deleted.", state.secure_cookies)
}

#[derive(Deserialize)]
pub struct GoalForm {
    title: String,
    target_date: Option<String>,
}

pub async fn add_goal(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath(session_id): PagePath<Uuid>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#goals");
    let session = state
        .api
        .get::<CoachingSession>(&visitor.token, &format!("/sessions/{session_id}"))
        .await
        .map_err(|failure| PageError::from_api(failure, &back))?;
    let target_date = form
        .target_date
        .as_deref()
        .map(str::trim)
        .filter(|day| !day.is_empty())
        .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
    let body = NewGoal {
        relationship_id: session.relationship_id,
        title: form.title,
        body: None,
        target_date,
        status: None,
    };
    let created = state.api.send::<_, Goal>(Method::POST, &visitor.token, "/goals", &body).await;
    // A goal added from a session was discussed in it.
    let outcome = match created {
        Ok(goal) => {
            state
                .api
                .call(Method::POST, &visitor.token, &format!("/goals/{}/sessions/{session_id}", goal.id))
                .await
        }
        Err(failure) => Err(failure),
    };
    after_form(outcome, &back, "Goal added.", state.secure_cookies)
}

pub async fn goal_status(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, goal_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, PageError> {
    let back = format!("/sessions/{session_id}#goals");
    let Some(status) = parse_status(&form.status) else {
        return Ok(redirect(&back, Some(Flash::error("Choose a status.")), state.secure_cookies));
    };
    let path = format!("/goals/{goal_id}/status");
    let outcome =
        state.api.send::<_, Goal>(Method::PUT, &visitor.token, &path, &StatusChange { status }).await;
    after_form(outcome.map(drop), &back, "Goal updated.", state.secure_cookies)
}

pub async fn link_goal(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((session_id, goal_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let path = format!("/goals/{goal_id}/sessions/{session_id}");
    let outcome = state.api.call(Method::POST, &visitor.token, &path).await;
    after_form(
        outcome,
        &format!("/sessions/{session_id}#goals"),
        "Goal linked to this session.",
        state.secure_cookies,
    )
}

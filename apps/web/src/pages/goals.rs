//! A relationship's goals: how far each has come (its linked actions done of all), where it came
//! up, every status it took, and forms to reword it or move it on.

use askama::Template;
use axum::extract::Query;
use contract::{GoalStatusChange, GoalUpdate, GoalsOverview, SessionMention};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::actions::{Choice, status_choices};
use super::extract::{VisitorForm, VisitorPage};
use super::forms::{ListQuery, after_form, optional_date, progress_status};
use super::view::{BackLink, full_name, render};
use crate::error::{PageError, PageResult, urlencode};
use crate::format;
use crate::layout::Layout;

pub struct GoalCard {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub target: String,
    pub target_input: String,
    pub done: i64,
    pub total: i64,
    /// Where it came up: the sessions' links and names.
    pub sessions: Vec<(Uuid, String)>,
    /// Each status it took: "In progress · Casey Coach · 3 Jan 2030".
    pub history: Vec<String>,
}

#[derive(Template)]
#[template(path = "goals.html")]
struct GoalsPage {
    layout: Layout,
    back: BackLink,
    relationship_id: Uuid,
    people: String,
    may_write: bool,
    goals: Vec<GoalCard>,
    next_page: Option<String>,
    statuses: Vec<Choice>,
}

fn goals_path(relationship_id: Uuid) -> String {
    format!("/relationships/{relationship_id}/goals")
}

pub async fn page(
    VisitorPage { api, ids: relationship_id, context }: VisitorPage<Uuid>,
    Query(list): Query<ListQuery>,
) -> PageResult {
    let here = goals_path(relationship_id);
    let failed = |failure| PageError::from_api(failure, &here);
    let overview_path = match list.page().cursor {
        Some(cursor) => format!("{here}?cursor={}", urlencode(&cursor)),
        None => here.clone(),
    };
    // One call: who is looking, the relationship and its goals, read at one moment.
    let GoalsOverview { viewer: me, relationship, goals, history, sessions } =
        api.get(&overview_path).await.map_err(failed)?;
    let zone = format::zone(&me.user.timezone);
    let name_of = |id: Option<Uuid>| {
        [&relationship.coach, &relationship.coachee]
            .into_iter()
            .find(|person| Some(person.id) == id)
            .map(full_name)
            .unwrap_or_else(|| "Someone".to_owned())
    };
    let mention = |mention: &SessionMention| {
        let when = format::day(mention.starts_at, zone);
        (mention.id, mention.title.as_ref().map_or(when.clone(), |title| format!("{title} ({when})")))
    };
    let history_line = |change: &GoalStatusChange| {
        let status = format::status_label(change.status);
        format!("{status} · {} · {}", name_of(change.changed_by), format::day(change.changed_at, zone))
    };
    let next_page = goals.next_cursor.map(|cursor| format!("{here}?cursor={}", urlencode(&cursor)));
    let cards = goals
        .items
        .into_iter()
        .map(|goal| GoalCard {
            id: goal.id,
            sessions: sessions
                .iter()
                .filter(|session| goal.session_ids.contains(&session.id))
                .map(mention)
                .collect(),
            history: history.iter().filter(|change| change.goal_id == goal.id).map(history_line).collect(),
            title: goal.title,
            body: goal.body,
            status: goal.status.as_str(),
            status_label: format::status_label(goal.status),
            target: goal.target_date.map(format::date).unwrap_or_default(),
            target_input: goal.target_date.map(format::date_input).unwrap_or_default(),
            done: goal.progress.done,
            total: goal.progress.total,
        })
        .collect();
    let people = format!("{} and {}", full_name(&relationship.coach), full_name(&relationship.coachee));
    let page = GoalsPage {
        layout: context.layout(format!("Goals of {people}"), Some(&me)),
        back: BackLink::new("/", "Dashboard"),
        relationship_id,
        people,
        may_write: relationship.capabilities.write_content,
        goals: cards,
        next_page,
        statuses: status_choices(),
    };
    render(context, &page)
}

/// A goal as its edit form sends it.
#[derive(Deserialize)]
pub struct GoalEditForm {
    title: String,
    #[serde(default)]
    body: String,
    target_date: Option<String>,
    status: String,
}

pub async fn edit(
    VisitorForm { api, ids: (relationship_id, goal_id), form }: VisitorForm<(Uuid, Uuid), GoalEditForm>,
) -> PageResult {
    let back = format!("{}#goal-{goal_id}", goals_path(relationship_id));
    let target_date = optional_date(form.target_date.as_deref(), "target date")
        .map_err(|message| PageError::refused(&back, message))?;
    let status =
        progress_status(&form.status).ok_or_else(|| PageError::refused(&back, "Choose a status."))?;
    let update = GoalUpdate { title: form.title, body: form.body, target_date, status };
    let outcome = api.send_only(Method::PUT, &format!("/goals/{goal_id}"), &update).await;
    after_form(outcome, &back, "Goal saved.")
}

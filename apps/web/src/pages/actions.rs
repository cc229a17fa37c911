//! Actions across sessions: each person's page of what is theirs to do, overdue first, then due
//! this week, then later; and the forms that edit an action in place, which the session page
//! shares.

use askama::Template;
use axum::extract::Query;
use chrono::{Days, NaiveDate, Utc};
use contract::{
    Action, ActionAssignee, ActionUpdate, ActionsOverview, ProgressStatus, RelationshipSummary, StatusChange,
};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::VisitorForm;
use super::forms::{StatusForm, after_form, optional_date, progress_status};
use super::view::{full_name, render};
use crate::error::{PageError, PageResult, urlencode};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

const HERE: &str = "/actions";

/// One action as a list shows it, with what its edit form starts from.
pub struct ActionRow {
    pub id: Uuid,
    pub session_id: Uuid,
    pub body: String,
    /// `body` is the start of a longer text: its own page shows it whole.
    pub truncated: bool,
    pub due: String,
    /// The due day as `<input type="date">` writes it; empty without one.
    pub due_input: String,
    pub assignee: &'static str,
    pub assignee_label: &'static str,
    pub status: &'static str,
    pub status_label: &'static str,
    /// The goal it works towards, carried by the edit form (empty: none).
    pub goal_id: String,
    /// Whose relationship it is ("with Jamie Rivera"), on pages that span several.
    pub with: String,
}

impl ActionRow {
    pub fn new(action: Action, with: String) -> Self {
        Self {
            id: action.id,
            session_id: action.session_id,
            body: action.body,
            truncated: action.truncated,
            due: action.due_on.map(format::date).unwrap_or_default(),
            due_input: action.due_on.map(format::date_input).unwrap_or_default(),
            assignee: action.assignee.as_str(),
            assignee_label: format::assignee_label(action.assignee),
            status: action.status.as_str(),
            status_label: format::status_label(action.status),
            goal_id: action.goal_id.map(|id| id.to_string()).unwrap_or_default(),
            with,
        }
    }
}

/// A value of a `<select>` and its label.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

pub fn status_choices() -> Vec<Choice> {
    ProgressStatus::ALL
        .into_iter()
        .map(|status| Choice { value: status.as_str(), label: format::status_label(status) })
        .collect()
}

pub fn assignee_choices() -> Vec<Choice> {
    ActionAssignee::ALL
        .into_iter()
        .map(|assignee| Choice { value: assignee.as_str(), label: format::assignee_label(assignee) })
        .collect()
}

/// The actions of one part of the page ("Overdue", …).
pub struct ActionGroup {
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<ListedAction>,
}

/// An action on the Actions page, with whether the visitor writes in its relationship (its edit
/// forms: an ended relationship is read-only).
pub struct ListedAction {
    pub row: ActionRow,
    pub may_write: bool,
}

/// A relationship the filter offers.
pub struct RelationshipChoice {
    pub id: Uuid,
    pub label: String,
    pub selected: bool,
}

/// Actions a page shows, soonest due first; "More" continues. More than a busy week holds, and few
/// enough that the page stays quick with dozens of relationships (docs/benchmarks.md).
const ACTIONS_PER_PAGE: u32 = 50;

#[derive(Template)]
#[template(path = "actions.html")]
struct ActionsPage {
    layout: Layout,
    relationships: Vec<RelationshipChoice>,
    everything: bool,
    done: bool,
    groups: Vec<ActionGroup>,
    /// The same page, from the api's next cursor.
    next_page: Option<String>,
    statuses: Vec<Choice>,
    assignees: Vec<Choice>,
}

/// The page's filters, as its form sends them.
#[derive(Deserialize)]
pub struct ActionsQuery {
    /// One relationship's actions; all of the visitor's own relationships when empty.
    #[serde(default)]
    relationship: String,
    /// `all`: everything in those relationships, not only what is the visitor's to do.
    #[serde(default)]
    show: String,
    /// `done`: the completed ones instead of the open ones.
    #[serde(default)]
    status: String,
    cursor: Option<String>,
}

pub async fn page(
    Visitor(api): Visitor,
    context: PageContext,
    Query(query): Query<ActionsQuery>,
) -> PageResult {
    let relationship = match query.relationship.as_str() {
        "" => None,
        id => Some(id.parse::<Uuid>().map_err(|_| PageError::NotFound)?),
    };
    let everything = query.show == "all";
    let done = query.status == "done";
    let mut filters = vec![("status", if done { "done" } else { "open" }.to_owned())];
    if !everything {
        filters.push(("mine", "true".to_owned()));
    }
    if let Some(id) = relationship {
        filters.push(("relationship_id", id.to_string()));
    }
    filters.push(("limit", ACTIONS_PER_PAGE.to_string()));
    filters.extend(query.cursor.clone().map(|cursor| ("cursor", cursor)));
    // One call: the caller, their relationships and the page of actions, read at one moment.
    let ActionsOverview { viewer: me, relationships, actions } = api
        .get_with("/actions/overview", &filters)
        .await
        .map_err(|failure| PageError::from_api(failure, HERE))?;

    let other_person = |relationship: &RelationshipSummary| {
        if relationship.coach.id == me.user.id {
            full_name(&relationship.coachee)
        } else if relationship.coachee.id == me.user.id {
            full_name(&relationship.coach)
        } else {
            format!("{} and {}", full_name(&relationship.coach), full_name(&relationship.coachee))
        }
    };
    let listed = |action: Action| {
        let relationship = relationships.iter().find(|candidate| candidate.id == action.relationship_id);
        let with = relationship.map(|relationship| format!("with {}", other_person(relationship)));
        ListedAction {
            may_write: relationship.is_some_and(|relationship| relationship.capabilities.write_content),
            row: ActionRow::new(action, with.unwrap_or_default()),
        }
    };
    let today = Utc::now().with_timezone(&format::zone(&me.user.timezone)).date_naive();
    let mut groups = [
        ("overdue", "Overdue"),
        ("this-week", "Due this week"),
        ("later", "Later"),
        ("undated", "No due date"),
    ]
    .map(|(id, title)| ActionGroup { id, title, rows: Vec::new() });
    for action in actions.items {
        let group = usize::from(due_group(action.due_on, today));
        groups[group].rows.push(listed(action));
    }
    let next_page = actions.next_cursor.map(|cursor| {
        let filters =
            [("relationship", query.relationship.as_str()), ("show", &query.show), ("status", &query.status)];
        let kept: String =
            filters.iter().map(|(name, value)| format!("{name}={}&", urlencode(value))).collect();
        format!("{HERE}?{kept}cursor={}", urlencode(&cursor))
    });
    let page = ActionsPage {
        layout: context.layout("Actions", Some(&me)),
        relationships: relationships
            .iter()
            .filter(|candidate| candidate.coach.id == me.user.id || candidate.coachee.id == me.user.id)
            .map(|candidate| RelationshipChoice {
                id: candidate.id,
                label: other_person(candidate),
                selected: Some(candidate.id) == relationship,
            })
            .collect(),
        everything,
        done,
        groups: groups.into_iter().filter(|group| !group.rows.is_empty()).collect(),
        next_page,
        statuses: status_choices(),
        assignees: assignee_choices(),
    };
    render(context, &page)
}

/// Which part of the page an action due on `due_on` stands in, seen on `today`: overdue (0), due
/// within the coming seven days (1), later (2), or undated (3).
fn due_group(due_on: Option<NaiveDate>, today: NaiveDate) -> u8 {
    match due_on {
        None => 3,
        Some(day) if day < today => 0,
        Some(day) if day < today.checked_add_days(Days::new(7)).unwrap_or(NaiveDate::MAX) => 1,
        Some(_) => 2,
    }
}

/// An action as its edit form sends it.
#[derive(Deserialize)]
pub struct ActionEditForm {
    body: String,
    due_on: Option<String>,
    assignee: String,
    status: String,
    #[serde(default)]
    goal_id: String,
}

/// Saves an action's edit form and goes back to `back`.
pub async fn save(api: &crate::api_client::Api, id: Uuid, form: ActionEditForm, back: &str) -> PageResult {
    let refused = |message: &str| PageError::refused(back, message);
    let due_on = optional_date(form.due_on.as_deref(), "due date").map_err(|message| refused(&message))?;
    let assignee = chosen_assignee(&form.assignee).ok_or_else(|| refused("Choose who is to do it."))?;
    let status = progress_status(&form.status).ok_or_else(|| refused("Choose a status."))?;
    let goal_id = match form.goal_id.as_str() {
        "" => None,
        id => Some(id.parse::<Uuid>().map_err(|_| refused("Choose a goal of this relationship."))?),
    };
    let update = ActionUpdate { body: form.body, due_on, status, assignee, goal_id };
    let outcome = api.send_only(Method::PUT, &format!("/actions/{id}"), &update).await;
    after_form(outcome, back, "Action saved.")
}

/// Who a `<select>` chose to do an action, when it names someone.
pub fn chosen_assignee(value: &str) -> Option<ActionAssignee> {
    ActionAssignee::ALL.into_iter().find(|assignee| assignee.as_str() == value)
}

/// Moves an action to the status chosen and goes back to `back`.
pub async fn set_status(api: &crate::api_client::Api, id: Uuid, form: StatusForm, back: &str) -> PageResult {
    let status = form.status().ok_or_else(|| PageError::refused(back, "Choose a status."))?;
    let outcome =
        api.send_only(Method::PUT, &format!("/actions/{id}/status"), &StatusChange { status }).await;
    after_form(outcome, back, "Action updated.")
}

/// The edit form of the Actions page.
pub async fn edit(VisitorForm { api, ids: id, form }: VisitorForm<Uuid, ActionEditForm>) -> PageResult {
    save(&api, id, form, HERE).await
}

/// The status form of the Actions page.
pub async fn change_status(VisitorForm { api, ids: id, form }: VisitorForm<Uuid, StatusForm>) -> PageResult {
    set_status(&api, id, form, HERE).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_fall_into_overdue_this_week_later_and_undated() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("a day");
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d);
        let groups: Vec<u8> =
            [day(5), day(6), day(12), day(13), None].map(|due| due_group(due, today)).into();
        assert_eq!(groups, [0, 1, 1, 2, 3]);
    }
}

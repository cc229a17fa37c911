//! What the session page's forms and links send.

use serde::Deserialize;
use uuid::Uuid;

/// Which list of the page continues (`notes`, `agreements`, `actions` or `goals`), from which
/// api cursor; the other lists show their first page.
#[derive(Deserialize)]
pub struct SessionQuery {
    pub more: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Deserialize)]
pub struct ActionForm {
    pub body: String,
    pub due_on: Option<String>,
    /// `coach`, `coachee` or `both`; the coachee when the form leaves it out.
    pub assignee: Option<String>,
}

#[derive(Deserialize)]
pub struct GoalForm {
    /// The session's relationship, which the goal belongs to (the api checks the two match).
    pub relationship_id: Uuid,
    pub title: String,
    pub target_date: Option<String>,
}

//! What the session page's forms and links send.

use contract::ProgressStatus;
use serde::Deserialize;
use uuid::Uuid;

/// Which list of the page continues (`notes`, `agreements`, `actions` or `goals`), from which
/// api cursor; the other lists show their first page.
#[derive(Deserialize)]
pub struct SessionQuery {
    pub more: Option<String>,
    pub cursor: Option<String>,
}

/// A note or an agreement, new or rewritten.
#[derive(Deserialize)]
pub struct BodyForm {
    pub body: String,
}

#[derive(Deserialize)]
pub struct ActionForm {
    pub body: String,
    pub due_on: Option<String>,
}

#[derive(Deserialize)]
pub struct GoalForm {
    /// The session's relationship, which the goal belongs to (the api checks the two match).
    pub relationship_id: Uuid,
    pub title: String,
    pub target_date: Option<String>,
}

/// An action's or a goal's new status.
#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

impl StatusForm {
    /// The status chosen, when it is one.
    pub fn status(&self) -> Option<ProgressStatus> {
        ProgressStatus::ALL.into_iter().find(|status| status.as_str() == self.status)
    }
}

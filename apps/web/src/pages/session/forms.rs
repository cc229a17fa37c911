//! What the session page's forms and links send.

use contract::MeetingLink;
use serde::Deserialize;
use uuid::Uuid;

use crate::pages::forms::{SessionTimeFields, filled};

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

/// The session's new title, time, length and link, for it alone or (a session of a series) for
/// it and every later one of its series.
#[derive(Deserialize)]
pub struct RescheduleForm {
    #[serde(flatten)]
    pub when: SessionTimeFields,
    /// `following` applies the change to the later sessions of the series too.
    #[serde(default)]
    apply: String,
}

impl RescheduleForm {
    pub fn to_following(&self) -> bool {
        self.apply == "following"
    }
}

/// The relationship's standing meeting link, sent from one of its session pages.
#[derive(Deserialize)]
pub struct MeetingLinkForm {
    /// The session page the form is on, where it goes back to.
    pub session_id: Uuid,
    #[serde(default)]
    meeting_url: String,
}

impl MeetingLinkForm {
    /// The link for the api: none when left blank, which removes it.
    pub fn link(&self) -> MeetingLink {
        MeetingLink { meeting_url: filled(&self.meeting_url) }
    }
}

//! Coaching sessions, and the workspace that shows one on a page.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use crate::limits;
use crate::{Action, AgendaTopic, Entry, Goal, Me, NoteDraft, Page, Relationship};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CoachingSession {
    pub id: Uuid,
    pub relationship_id: Uuid,
    /// What the session is about, e.g. "Quarterly review"; none by default.
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    /// This session's own meeting link, when it has one instead of its relationship's.
    pub meeting_url: Option<String>,
    /// The series it is a session of, if any.
    pub series_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where a session is joined: its own meeting link, else its relationship's.
pub fn join_url(session_link: Option<&str>, relationship_link: Option<&str>) -> Option<String> {
    session_link.or(relationship_link).map(str::to_owned)
}

/// How long before its start a session's Join button appears.
pub const JOIN_OPENS_BEFORE: TimeDelta = TimeDelta::minutes(10);

impl CoachingSession {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + TimeDelta::minutes(self.duration_minutes.into())
    }

    /// Whether people join it at `now`: from [`JOIN_OPENS_BEFORE`] its start until its end.
    pub fn is_joinable_at(&self, now: DateTime<Utc>) -> bool {
        self.starts_at - JOIN_OPENS_BEFORE <= now && now < self.ends_at()
    }
}

/// What a session is besides when it starts: its length, title and own meeting link (every
/// session of a series has the same). A blank or omitted title or link is none.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionParts {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::duration_minutes))]
    pub duration_minutes: i32,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_title))]
    pub title: Option<String>,
    /// The session's own meeting link, instead of its relationship's.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_meeting_url))]
    pub meeting_url: Option<String>,
}

/// A session as it is to be. For a session of a series moved "with the following ones", its new
/// start, read in the series' time zone, shifts each later one by as many days and gives them
/// its time of day; skipped days stay skipped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CoachingSessionUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::instant))]
    pub starts_at: DateTime<Utc>,
    #[serde(flatten)]
    pub parts: SessionParts,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewCoachingSession {
    pub relationship_id: Uuid,
    #[serde(flatten)]
    pub session: CoachingSessionUpdate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SessionFilter {
    /// Only sessions of this relationship; all visible sessions when omitted.
    #[serde(default)]
    pub relationship_id: Option<Uuid>,
    /// Sessions starting at or after this instant.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(schema_with = limits::schema::instant))]
    pub from: Option<DateTime<Utc>>,
    /// Sessions starting before this instant.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(schema_with = limits::schema::instant))]
    pub to: Option<DateTime<Utc>>,
    /// By start time; `asc` when omitted.
    #[serde(default)]
    pub sort: Option<SortOrder>,
}

/// The next session of the caller's, with how many topics its agenda holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NextSession {
    pub session: CoachingSession,
    pub agenda_topics: i64,
    /// Where to join it: its own meeting link, else its relationship's; `null` without either.
    pub join_url: Option<String>,
}

/// What now, for the dashboard: the caller's next session (or the one under way), the actions
/// that are theirs to do and due within a week or overdue (soonest first), and the goals in
/// progress in their relationships (nearest target first). Each list holds at most 20.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WhatNow {
    pub next_session: Option<NextSession>,
    pub due_actions: Page<Action>,
    pub goals_in_progress: Vec<Goal>,
}

/// How many past sessions a page of the dashboard shows.
pub const PAST_SESSIONS_PER_PAGE: u32 = 20;

/// Everything on the dashboard in one answer, read in one snapshot: who is looking, what now,
/// their relationships (the first page of the largest size, which names the people of the
/// sessions), the sessions to come (soonest first) and the past ones (latest first, at most
/// [`PAST_SESSIONS_PER_PAGE`]). Each session list continues from its own cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Dashboard {
    pub viewer: Me,
    pub what_now: WhatNow,
    pub relationships: Page<Relationship>,
    pub upcoming: Page<CoachingSession>,
    pub past: Page<CoachingSession>,
}

/// Where each session list of the dashboard continues: the `next_cursor` of an earlier answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DashboardQuery {
    #[serde(default)]
    pub upcoming: Option<String>,
    #[serde(default)]
    pub past: Option<String>,
}

/// Everything on a session's page in one answer: who is looking (for the header and their time
/// zone), the session, its relationship (with what the viewer may do in it), what was written in
/// it, the relationship's goals, and the viewer's drafts there. Each list is its first page (`limit` applies to each); the
/// list endpoints give the next pages from its `next_cursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionWorkspace {
    pub viewer: Me,
    pub session: CoachingSession,
    pub relationship: Relationship,
    /// Where to join the session: its own meeting link, else the relationship's.
    pub join_url: Option<String>,
    /// The topics to discuss, in order (at most `limits::MAX_AGENDA_TOPICS`).
    pub agenda: Vec<AgendaTopic>,
    pub notes: Page<Entry>,
    pub agreements: Page<Entry>,
    /// The actions agreed in this session.
    pub actions: Page<Action>,
    /// The relationship's actions still open from earlier sessions, soonest due first: what the
    /// session starts by reviewing.
    pub open_from_earlier: Page<Action>,
    pub goals: Page<Goal>,
    /// The viewer's drafts in the session, newest first (as `GET /sessions/{id}/drafts` gives
    /// them); none for those who do not write there.
    pub drafts: Vec<NoteDraft>,
}

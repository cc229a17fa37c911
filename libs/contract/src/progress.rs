//! Work that moves through a status: the actions agreed in a session, which follow the relationship
//! into the next ones until they are done, and the relationship's goals.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{Me, Page, Relationship, RelationshipSummary};

#[cfg(feature = "openapi")]
use crate::limits;

/// Progress of an action or a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    NotStarted,
    InProgress,
    Completed,
    WontDo,
    OnHold,
}

impl ProgressStatus {
    pub const ALL: [Self; 5] =
        [Self::NotStarted, Self::InProgress, Self::Completed, Self::WontDo, Self::OnHold];

    /// The wire name, e.g. `in_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::WontDo => "wont_do",
            Self::OnHold => "on_hold",
        }
    }

    /// Still to be done: not started, in progress or on hold.
    pub fn is_open(self) -> bool {
        ActionStatusFilter::Open.statuses().contains(&self)
    }
}

/// Who is to do an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionAssignee {
    Coach,
    #[default]
    Coachee,
    Both,
}

impl ActionAssignee {
    pub const ALL: [Self; 3] = [Self::Coach, Self::Coachee, Self::Both];

    /// The wire name, e.g. `coachee`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Coach => "coach",
            Self::Coachee => "coachee",
            Self::Both => "both",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Action {
    pub id: Uuid,
    /// The relationship the action belongs to: it stays on its list until it is done.
    pub relationship_id: Uuid,
    /// The session where it was agreed.
    pub session_id: Uuid,
    pub author_id: Uuid,
    pub assignee: ActionAssignee,
    /// The goal it works towards, of the same relationship.
    pub goal_id: Option<Uuid>,
    pub body: String,
    /// `body` is the start of a longer text (in lists); `GET /actions/{id}` answers it whole.
    pub truncated: bool,
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
    pub status_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewAction {
    pub session_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub due_on: Option<NaiveDate>,
    /// `not_started` when omitted.
    #[serde(default)]
    pub status: Option<ProgressStatus>,
    /// `coachee` when omitted.
    #[serde(default)]
    pub assignee: Option<ActionAssignee>,
    /// A goal of the same relationship that the action works towards.
    #[serde(default)]
    pub goal_id: Option<Uuid>,
}

/// An action as it is to be: every field replaced (an omitted `due_on` or `goal_id` clears it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActionUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
    pub assignee: ActionAssignee,
    #[serde(default)]
    pub goal_id: Option<Uuid>,
}

/// Which actions to list: those of one session (oldest first), or those of one relationship or of
/// all the caller's own relationships (the default), soonest due first and undated last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ActionFilter {
    /// Actions agreed in this session.
    #[serde(default)]
    pub session_id: Option<Uuid>,
    /// Actions of this relationship (a coach picks a coachee; admins of its organization too).
    #[serde(default)]
    pub relationship_id: Option<Uuid>,
    /// Actions that are the coach's (`coach` or `both`) or the coachee's (`coachee` or `both`)
    /// to do; `both`: only those assigned to both.
    #[serde(default)]
    pub assignee: Option<ActionAssignee>,
    /// Only the caller's own: in relationships where they coach, the coach's; where they are
    /// coached, the coachee's.
    #[serde(default)]
    pub mine: Option<bool>,
    /// `open` (not started, in progress, on hold), `done` (completed or won't do), or one status.
    #[serde(default)]
    pub status: Option<ActionStatusFilter>,
    /// Due on or before this day (undated actions are left out).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub due_before: Option<NaiveDate>,
    /// Due on or after this day (undated actions are left out).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub due_after: Option<NaiveDate>,
}

/// What the Actions page shows, in one answer read at one moment: who is looking, the
/// relationships they are in, and a page of actions as `GET /actions` across relationships gives
/// it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActionsOverview {
    pub viewer: Me,
    /// The relationships the caller is the coach or the coachee of, and the one asked for with
    /// `relationship_id`, by their coach's then coachee's names: the first 200 (`MAX_PAGE_LIMIT`),
    /// to filter by and to say whom each action is with.
    pub relationships: Vec<RelationshipSummary>,
    pub actions: Page<Action>,
}

/// A status filter of [`ActionFilter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatusFilter {
    Open,
    Done,
    NotStarted,
    InProgress,
    Completed,
    WontDo,
    OnHold,
}

impl ActionStatusFilter {
    /// The statuses this filter keeps.
    pub fn statuses(self) -> &'static [ProgressStatus] {
        use ProgressStatus::*;
        match self {
            // The database keeps the same split as `actions.is_open` (migration 000009).
            Self::Open => &[NotStarted, InProgress, OnHold],
            Self::Done => &[Completed, WontDo],
            Self::NotStarted => &[NotStarted],
            Self::InProgress => &[InProgress],
            Self::Completed => &[Completed],
            Self::WontDo => &[WontDo],
            Self::OnHold => &[OnHold],
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StatusChange {
    pub status: ProgressStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Goal {
    pub id: Uuid,
    pub relationship_id: Uuid,
    pub author_id: Uuid,
    pub title: String,
    pub body: String,
    /// `body` is the start of a longer text (in lists); `GET /goals/{id}` answers it whole.
    pub truncated: bool,
    pub status: ProgressStatus,
    pub status_changed_at: DateTime<Utc>,
    pub target_date: Option<NaiveDate>,
    /// Sessions where the goal was discussed.
    pub session_ids: Vec<Uuid>,
    /// How far the actions that work towards it have come.
    pub progress: GoalProgress,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The actions linked to a goal: those completed, of all but those given up (won't do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GoalProgress {
    pub done: i64,
    pub total: i64,
}

/// A status a goal took, when and by whom (none for changes made before the history was kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GoalStatusChange {
    pub goal_id: Uuid,
    pub status: ProgressStatus,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTime<Utc>,
}

/// A session as a goal's history names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionMention {
    pub id: Uuid,
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
}

/// A relationship's goals page in one answer read at one moment: who is looking, the
/// relationship, the first page of its goals (with their progress), every status each took, and
/// the sessions where they came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GoalsOverview {
    pub viewer: Me,
    pub relationship: Relationship,
    pub goals: Page<Goal>,
    /// Oldest first, for the goals of `goals`.
    pub history: Vec<GoalStatusChange>,
    /// The sessions named by the goals' `session_ids`, by start time.
    pub sessions: Vec<SessionMention>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewGoal {
    pub relationship_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::title))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_goal_body))]
    pub body: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub target_date: Option<NaiveDate>,
    #[serde(default)]
    pub status: Option<ProgressStatus>,
    /// A session of the same relationship to link the new goal to, in the same transaction.
    #[serde(default)]
    pub session_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GoalUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::title))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::goal_body))]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub target_date: Option<NaiveDate>,
    pub status: ProgressStatus,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GoalFilter {
    /// Goals of this relationship.
    #[serde(default)]
    pub relationship_id: Option<Uuid>,
    /// Goals linked to this session.
    #[serde(default)]
    pub session_id: Option<Uuid>,
}

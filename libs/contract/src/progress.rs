//! Work that moves through a status: the actions agreed in a session and the relationship's goals.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Action {
    pub id: Uuid,
    pub session_id: Uuid,
    pub author_id: Uuid,
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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActionUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
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
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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

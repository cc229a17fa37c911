//! A session's agenda: the topics either participant brings, in the order to discuss them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;
use uuid::Uuid;

use crate::EntryCapabilities;
#[cfg(feature = "openapi")]
use crate::limits;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AgendaTopic {
    pub id: Uuid,
    pub session_id: Uuid,
    pub author_id: Uuid,
    pub body: String,
    /// Where it stands in the order of discussion, from 1.
    pub position: i32,
    /// When it was marked discussed; none while it is still to be discussed.
    pub discussed_at: Option<DateTime<Utc>>,
    /// What the caller may do to it: its author rewrites or deletes it; either participant
    /// reorders the agenda and marks topics discussed.
    pub capabilities: EntryCapabilities,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A topic's text: a new topic's, or a rewritten one's.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AgendaTopicText {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::topic))]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TopicDiscussed {
    pub discussed: bool,
}

/// A session's topics in their new order: each of them exactly once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AgendaOrder {
    pub topic_ids: Vec<Uuid>,
}

/// Where the topics not discussed went: the relationship's next session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CarriedOver {
    pub next_session_id: Uuid,
    pub topic_ids: Vec<Uuid>,
}

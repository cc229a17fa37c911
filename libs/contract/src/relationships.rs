//! Coaching relationships: a coach and a coachee within an organization.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Who someone is, as shown next to what they wrote or the relationships they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Person {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    /// Shown only to admins of the organization, super admins and the person themself; `null`
    /// for everyone else.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Relationship {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub coach: Person,
    pub coachee: Person,
    pub created_at: DateTime<Utc>,
    /// When an admin ended the relationship; `null` while it is active. An ended relationship
    /// stays readable to its coach and coachee (while they are members) but nobody writes in it.
    pub ended_at: Option<DateTime<Utc>>,
    /// The standing link its sessions are joined at (any provider), unless a session has its own.
    pub meeting_url: Option<String>,
    /// What the caller may do in this relationship.
    pub capabilities: RelationshipCapabilities,
}

/// A relationship as a page across the caller's relationships names it (the Actions page's
/// filter, and whom each action is with): its coach and coachee, without their emails, and what
/// the caller may do in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RelationshipSummary {
    pub id: Uuid,
    pub coach: Person,
    pub coachee: Person,
    pub capabilities: RelationshipCapabilities,
}

/// What the caller may do in one coaching relationship, decided by the api so clients never
/// recompute the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RelationshipCapabilities {
    /// Write notes, agreements, actions and goals.
    pub write_content: bool,
    /// Write private notes, which nobody but their author reads (the coach only).
    pub keep_private_notes: bool,
    /// Schedule, move and delete sessions.
    pub manage_sessions: bool,
    /// End the relationship.
    pub manage_relationship: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewRelationship {
    pub organization_id: Uuid,
    pub coach_id: Uuid,
    pub coachee_id: Uuid,
}

/// The relationship's standing meeting link; blank or `null` removes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MeetingLink {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::limits::schema::optional_meeting_url))]
    pub meeting_url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RelationshipFilter {
    /// Only relationships of this organization.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
}

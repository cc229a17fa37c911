//! Drafts of notes: what someone is typing, saved as they type and given back when they return.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use crate::limits;

/// The caller's unsaved text of a new note of a session (`note_id` null) or of an edit of one of
/// their notes. Only its author ever reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NoteDraft {
    pub note_id: Option<Uuid>,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

/// Keeps what the caller typed, replacing their earlier draft of the same note.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NoteDraftSave {
    /// The note being edited; omitted or null for a new note.
    #[serde(default)]
    pub note_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
}

/// Which draft: of the note `note_id`, or of a new note when omitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DraftOf {
    #[serde(default)]
    pub note_id: Option<Uuid>,
}

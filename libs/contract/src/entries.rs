//! Notes and agreements: text a participant writes in a session.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use crate::limits;

/// A note or an agreement: text written by a participant in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Entry {
    pub id: Uuid,
    pub session_id: Uuid,
    pub author_id: Uuid,
    pub body: String,
    /// `body` is the start of a longer text (in lists); the entry's own endpoint answers it whole.
    pub truncated: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The text was changed after it was written.
    pub edited: bool,
    /// Raised by every saved edit; an update names the version it started from.
    pub version: i32,
    /// A coach's private note: nobody but its author ever reads it (always false for agreements).
    pub private: bool,
    /// What the caller may do to this entry.
    pub capabilities: EntryCapabilities,
}

/// What the caller may do to one note or agreement, decided by the api so clients never
/// recompute the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntryCapabilities {
    /// Rewrite the text.
    pub edit: bool,
    pub delete: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewEntry {
    pub session_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    /// A private note, read by its author only: notes of the relationship's coach alone.
    #[serde(default)]
    pub private: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntryUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    /// The `version` of the entry the edit started from: a newer one saved meanwhile answers 409
    /// with an [`EntryConflict`], never a silent overwrite.
    pub version: i32,
}

/// The `error` of an [`EntryConflict`].
pub const EDIT_CONFLICT: &str = "edit_conflict";

/// Body of the 409 answering an edit based on an old version: both texts, so the writer can
/// merge them and save again (naming `current.version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntryConflict {
    /// Always [`EDIT_CONFLICT`].
    pub error: String,
    pub message: String,
    /// The entry as it is now, whole, with its version.
    pub current: Entry,
    /// The text the refused edit sent.
    pub sent: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BySession {
    pub session_id: Uuid,
}

//! Recurring sessions: a series schedules a session every N weeks on a weekday at a time of day,
//! kept in its time zone (a weekly 09:00 in Berlin stays at 09:00 when the clocks change).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{CoachingSession, SessionParts};

/// A new series. Exactly one of `occurrences` and `last_day` says when it stops.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewSeries {
    pub relationship_id: Uuid,
    /// The first session's day and time of day in `timezone`, e.g. `2027-03-25T09:00:00`; its
    /// weekday is the series' weekday.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime, example = "2027-03-25T09:00:00"))]
    pub first_starts_at: NaiveDateTime,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// 1 for weekly, 2 for every other week... at most 12.
    pub every_weeks: u32,
    /// How many sessions (at most 104).
    #[serde(default)]
    pub occurrences: Option<u32>,
    /// The last day a session may fall on, in `timezone`.
    #[serde(default)]
    pub last_day: Option<NaiveDate>,
    /// What each of its sessions is.
    #[serde(flatten)]
    pub sessions: SessionParts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Series {
    pub id: Uuid,
    pub relationship_id: Uuid,
    pub timezone: String,
    pub first_day: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "09:00:00"))]
    pub local_time: NaiveTime,
    pub every_weeks: u32,
    pub occurrences: Option<u32>,
    pub last_day: Option<NaiveDate>,
    pub duration_minutes: i32,
    pub title: Option<String>,
    pub meeting_url: Option<String>,
    /// When it was ended (no sessions after that any more); `null` while it runs.
    pub ended_at: Option<DateTime<Utc>>,
    /// Its sessions still to come (or under way), soonest first.
    pub upcoming: Vec<CoachingSession>,
}

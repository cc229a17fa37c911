//! What reaches a person outside the platform: which mail they get about their coaching (set on
//! their profile, stopped from any such mail in one click) and their private calendar feed.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// When the reminder before each session goes out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionReminder {
    Off,
    HourBefore,
    #[default]
    DayBefore,
}

impl SessionReminder {
    pub const ALL: [Self; 3] = [Self::Off, Self::HourBefore, Self::DayBefore];

    /// The wire name, e.g. `day_before`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::HourBefore => "hour_before",
            Self::DayBefore => "day_before",
        }
    }
}

/// The caller's mail settings; all of them are sent back on a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MailSettings {
    /// Mail when the other participant schedules, moves or cancels a session.
    pub scheduling: bool,
    /// Mail when someone else assigns an action to you.
    pub actions: bool,
    pub session_reminder: SessionReminder,
    /// A mail each Monday with the week's sessions and the actions due.
    pub weekly_digest: bool,
}

/// A kind of mail one click stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Scheduling,
    Actions,
    Reminders,
    Digest,
}

impl MailKind {
    /// How a page or a mail names it: "mail about actions assigned to you".
    pub fn described(self) -> &'static str {
        match self {
            Self::Scheduling => "mail about sessions scheduled, moved or cancelled",
            Self::Actions => "mail about actions assigned to you",
            Self::Reminders => "reminders before your sessions",
            Self::Digest => "the weekly digest",
        }
    }
}

/// What a one-click stop stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MailStopped {
    pub kind: MailKind,
}

/// Where on the web a person sets which mail they get: the Mail section of their account page.
pub const MAIL_SETTINGS_PATH: &str = "/account#mail";

/// The web's page behind the stop link in every notification: `<web origin>/mail/stop/<mail id>`
/// (a button there, or a mail program's one-click POST, stops that kind of mail).
pub const MAIL_STOP_PATH: &str = "/mail/stop";

/// The caller's private calendar feed, if they made one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CalendarFeed {
    /// When the current address was made; `null` without a feed.
    pub made_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A new feed address, shown this once: the path at the web (`<web origin><path>`) that calendars
/// subscribe to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewCalendarFeed {
    pub path: String,
}

/// Where the web serves calendar feeds: `<web origin>/calendar/<token>.ics`.
pub const CALENDAR_FEED_PATH: &str = "/calendar";

//! What happened that someone should hear about by mail: a session scheduled, moved or
//! cancelled, an action assigned to them. A notice is written to the outbox in the transaction
//! of the change and carries what its mail needs even after the change is gone (a cancelled
//! session's time); who receives it and in which time zone is read when it is sent.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use contract::MailKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A session as its mail and calendar entry show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionFacts {
    pub session_id: Uuid,
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub meeting_url: Option<String>,
    /// The calendar entry's SEQUENCE at this change.
    pub sequence: i32,
    pub coach: Participant,
    pub coachee: Participant,
    /// Set for a session of a series: its calendar entry is an instance of the series' entry.
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
}

/// A series as its mail and calendar entry show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesFacts {
    pub series_id: Uuid,
    pub title: Option<String>,
    pub timezone: String,
    /// The first session's local start, in `timezone` (the calendar's DTSTART).
    pub first_local: NaiveDateTime,
    pub first_starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    /// The series' RRULE, e.g. `FREQ=WEEKLY;INTERVAL=1;BYDAY=TH;COUNT=10`.
    pub rrule: String,
    pub every_weeks: u32,
    /// How many sessions it holds.
    pub sessions: usize,
    /// Local starts its rule makes that were skipped (EXDATE).
    #[serde(default)]
    pub skipped: Vec<NaiveDateTime>,
    pub meeting_url: Option<String>,
    pub sequence: i32,
    pub coach: Participant,
    pub coachee: Participant,
}

/// Where a session of a series sits in it: the series' calendar entry and the local start the
/// session had in its rhythm (its RECURRENCE-ID, kept when it alone is moved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub series_id: Uuid,
    pub timezone: String,
    pub original_local: NaiveDateTime,
}

/// One of the two people of a relationship, named as mails name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: Uuid,
    pub name: String,
}

impl SessionFacts {
    /// Who the session is with, for `recipient`: the other participant.
    pub fn other_than(&self, recipient: Uuid) -> &Participant {
        if recipient == self.coach.id { &self.coachee } else { &self.coach }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFacts {
    pub action_id: Uuid,
    pub body: String,
    pub due_on: Option<NaiveDate>,
    /// Who assigned it: "Ada Lovelace".
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Notice {
    SessionScheduled(SessionFacts),
    /// Only when its time or length really changed.
    SessionMoved {
        session: SessionFacts,
        previous_starts_at: DateTime<Utc>,
    },
    SessionCancelled(SessionFacts),
    ActionAssigned(ActionFacts),
    /// Before a session, as long before as the recipient chose.
    SessionReminder(SessionFacts),
    WeeklyDigest(Digest),
    /// A series of sessions scheduled (one mail, one calendar entry with its RRULE).
    SeriesScheduled(SeriesFacts),
    /// A session of a series and all later ones moved: `series` is them now; `before` is the
    /// series they were split from, which now ends before them (none when all of it moved).
    SeriesChanged {
        series: SeriesFacts,
        before: Option<Box<SeriesFacts>>,
    },
}

/// A person's week: their sessions in it and their open actions due by its end (overdue too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// The day the week starts, in the recipient's time zone.
    pub week_of: NaiveDate,
    pub sessions: Vec<DigestSession>,
    pub actions: Vec<DigestAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestSession {
    pub session_id: Uuid,
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    /// The other participant, for the recipient.
    pub with: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestAction {
    pub action_id: Uuid,
    pub body: String,
    pub due_on: Option<NaiveDate>,
}

/// The person whose change the others hear of by mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcer {
    pub id: Uuid,
    /// As mails name them: "Ada Lovelace".
    pub name: String,
}

/// What a notice is about: the outbox's `kind` column and the `kind` label of the mail metrics,
/// the same names as [`Notice`]'s serialized `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    SessionScheduled,
    SessionMoved,
    SessionCancelled,
    ActionAssigned,
    SessionReminder,
    WeeklyDigest,
    SeriesScheduled,
    SeriesChanged,
}

impl NoticeKind {
    pub const ALL: [Self; 8] = [
        Self::SessionScheduled,
        Self::SessionMoved,
        Self::SessionCancelled,
        Self::ActionAssigned,
        Self::SessionReminder,
        Self::WeeklyDigest,
        Self::SeriesScheduled,
        Self::SeriesChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SessionScheduled => "session_scheduled",
            Self::SessionMoved => "session_moved",
            Self::SessionCancelled => "session_cancelled",
            Self::ActionAssigned => "action_assigned",
            Self::SessionReminder => "session_reminder",
            Self::WeeklyDigest => "weekly_digest",
            Self::SeriesScheduled => "series_scheduled",
            Self::SeriesChanged => "series_changed",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Which of a person's mail settings lets it through.
    pub fn mail_kind(self) -> MailKind {
        match self {
            Self::SessionScheduled
            | Self::SessionMoved
            | Self::SessionCancelled
            | Self::SeriesScheduled
            | Self::SeriesChanged => MailKind::Scheduling,
            Self::ActionAssigned => MailKind::Actions,
            Self::SessionReminder => MailKind::Reminders,
            Self::WeeklyDigest => MailKind::Digest,
        }
    }
}

impl Notice {
    pub fn kind(&self) -> NoticeKind {
        match self {
            Self::SessionScheduled(_) => NoticeKind::SessionScheduled,
            Self::SessionMoved { .. } => NoticeKind::SessionMoved,
            Self::SessionCancelled(_) => NoticeKind::SessionCancelled,
            Self::ActionAssigned(_) => NoticeKind::ActionAssigned,
            Self::SessionReminder(_) => NoticeKind::SessionReminder,
            Self::WeeklyDigest(_) => NoticeKind::WeeklyDigest,
            Self::SeriesScheduled(_) => NoticeKind::SeriesScheduled,
            Self::SeriesChanged { .. } => NoticeKind::SeriesChanged,
        }
    }

    pub fn mail_kind(&self) -> MailKind {
        self.kind().mail_kind()
    }
}

/// Whether people hear of a change to a session ending at `ends_at`: not once it is over (a
/// past session recorded, moved or deleted afterwards is bookkeeping, not news).
pub fn worth_telling(ends_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    ends_at > now
}

/// Whether a session's new time is news to the people in it: a new title alone is not.
pub fn session_moved(before: (DateTime<Utc>, i32), after: (DateTime<Utc>, i32)) -> bool {
    before != after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_round_trips_through_its_kind_and_payload() {
        let notice = Notice::ActionAssigned(ActionFacts {
            action_id: Uuid::nil(),
            body: "Read chapter 3".to_owned(),
            due_on: NaiveDate::from_ymd_opt(2026, 12, 24),
            by: "Ada Lovelace".to_owned(),
        });
        let json = serde_json::to_value(&notice).unwrap();
        assert_eq!(json["kind"], notice.kind().as_str());
        assert_eq!(serde_json::from_value::<Notice>(json).unwrap(), notice);
    }

    #[test]
    fn every_kind_is_named_as_notices_serialize_it() {
        let session = SessionFacts {
            session_id: Uuid::nil(),
            title: None,
            starts_at: DateTime::UNIX_EPOCH,
            duration_minutes: 60,
            meeting_url: None,
            sequence: 0,
            coach: Participant { id: Uuid::nil(), name: "Ada".to_owned() },
            coachee: Participant { id: Uuid::max(), name: "Bo".to_owned() },
            recurrence: None,
        };
        let series = SeriesFacts {
            series_id: Uuid::nil(),
            title: None,
            timezone: "UTC".to_owned(),
            first_local: NaiveDateTime::MIN,
            first_starts_at: DateTime::UNIX_EPOCH,
            duration_minutes: 60,
            rrule: "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=2".to_owned(),
            every_weeks: 1,
            sessions: 2,
            skipped: vec![],
            meeting_url: None,
            sequence: 0,
            coach: session.coach.clone(),
            coachee: session.coachee.clone(),
        };
        let action =
            ActionFacts { action_id: Uuid::nil(), body: "x".to_owned(), due_on: None, by: "Ada".to_owned() };
        let notices = [
            Notice::SessionScheduled(session.clone()),
            Notice::SessionMoved { session: session.clone(), previous_starts_at: DateTime::UNIX_EPOCH },
            Notice::SessionCancelled(session.clone()),
            Notice::ActionAssigned(action),
            Notice::SessionReminder(session),
            Notice::WeeklyDigest(Digest { week_of: NaiveDate::MIN, sessions: vec![], actions: vec![] }),
            Notice::SeriesScheduled(series.clone()),
            Notice::SeriesChanged { series, before: None },
        ];
        for (notice, kind) in notices.iter().zip(NoticeKind::ALL) {
            assert_eq!(notice.kind(), kind);
            assert_eq!(serde_json::to_value(notice).unwrap()["kind"], kind.as_str());
            assert_eq!(NoticeKind::parse(kind.as_str()), Some(kind));
        }
    }
}

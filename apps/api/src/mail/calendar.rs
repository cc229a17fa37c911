//! Calendar entries (RFC 5545, written with the `icalendar` crate) for sessions: the invitation a
//! scheduling mail carries (METHOD:REQUEST, or CANCEL when the session is off) and the file
//! "Add to calendar" downloads. One UID per session for ever, and a SEQUENCE that the api raises
//! on every change, so that calendars replace the entry they have instead of adding another.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};
use uuid::Uuid;

use crate::domain::notices::{SeriesFacts, SessionFacts};

/// What a calendar file asks of the calendar that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Here is the entry, to add: a download, not an invitation.
    Publish,
    /// Add or update the entry.
    Request,
    /// Remove the entry.
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// A calendar file and the METHOD it carries (a mail part names it in its content type too).
#[derive(Debug, Clone)]
pub struct Invite {
    pub method: Method,
    pub ics: String,
}

/// The UID of session `id`'s calendar entry: the same in every mail and download.
pub fn session_uid(id: Uuid) -> String {
    format!("session-{id}@coaching-platform")
}

/// The UID of series `id`'s calendar entry; its sessions are instances of it (RECURRENCE-ID).
pub fn series_uid(id: Uuid) -> String {
    format!("series-{id}@coaching-platform")
}

/// A local time in a zone, as calendars write it with a TZID.
fn zoned(local: NaiveDateTime, zone: &str) -> CalendarDateTime {
    CalendarDateTime::WithTimezone { date_time: local, tzid: zone.to_owned() }
}

/// The invitation to a whole series: one entry whose RRULE makes its sessions, in the series'
/// time zone (so calendars keep them at their time of day when the clocks change).
pub fn series_invite(
    series: &SeriesFacts,
    addresses: Option<&Addresses<'_>>,
    page: Option<&str>,
    now: DateTime<Utc>,
) -> Invite {
    let mut event = Event::with_uid(&series_uid(series.series_id));
    event
        .summary(&summary(series.title.as_deref(), &series.coach.name, &series.coachee.name))
        .description(&description(series.meeting_url.as_deref(), page))
        .starts(zoned(series.first_local, &series.timezone))
        .ends(zoned(
            series.first_local + TimeDelta::minutes(series.duration_minutes.into()),
            &series.timezone,
        ))
        .add_property("RRULE", &series.rrule)
        .timestamp(now)
        .sequence(u32::try_from(series.sequence).unwrap_or_default())
        .status(EventStatus::Confirmed);
    for skipped in &series.skipped {
        event.append_multi_property(
            Property::new("EXDATE", skipped.format("%Y%m%dT%H%M%S").to_string())
                .add_parameter("TZID", &series.timezone)
                .done(),
        );
    }
    if let Some(link) = &series.meeting_url {
        event.location(link);
    }
    with_addresses(&mut event, addresses);
    Invite { method: Method::Request, ics: calendar(Method::Request, [event.done()]).to_string() }
}

/// Who organizes and who attends, as calendars show them; the organizer is the platform's sender.
pub struct Addresses<'a> {
    pub organizer: &'a str,
    pub attendee: &'a str,
}

/// The calendar file of `session` for `method`: invitations (not downloads) name `addresses`.
/// `page` is the session's page on the web, when known.
pub fn session_invite(
    session: &SessionFacts,
    method: Method,
    addresses: Option<&Addresses<'_>>,
    page: Option<&str>,
    now: DateTime<Utc>,
) -> Invite {
    let mut event = session_event(session, page, now);
    event.status(if method == Method::Cancel { EventStatus::Cancelled } else { EventStatus::Confirmed });
    with_addresses(&mut event, addresses);
    Invite { method, ics: calendar(method, [event.done()]).to_string() }
}

fn with_addresses(event: &mut Event, addresses: Option<&Addresses<'_>>) {
    if let Some(addresses) = addresses {
        event
            .append_property(Property::new("ORGANIZER", format!("mailto:{}", addresses.organizer)))
            .append_property(
                Property::new("ATTENDEE", format!("mailto:{}", addresses.attendee))
                    .add_parameter("ROLE", "REQ-PARTICIPANT")
                    .add_parameter("RSVP", "FALSE")
                    .done(),
            );
    }
}

/// What a session's entry is called: its title, else who meets.
fn summary(title: Option<&str>, coach: &str, coachee: &str) -> String {
    title.map_or_else(|| format!("Coaching: {coach} and {coachee}"), str::to_owned)
}

fn description(meeting_url: Option<&str>, page: Option<&str>) -> String {
    [
        meeting_url.map(|link| format!("Join: {link}")),
        page.map(|page| format!("The session on the coaching platform: {page}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
}

/// A person's calendar feed: their sessions, as calendars that subscribe to it show them. `page`
/// makes a session's web page address from its id.
pub fn feed(sessions: &[SessionFacts], page: impl Fn(Uuid) -> Option<String>, now: DateTime<Utc>) -> String {
    let events = sessions.iter().map(|session| {
        let mut event = session_event(session, page(session.session_id).as_deref(), now);
        event.status(EventStatus::Confirmed).done()
    });
    let mut feed = calendar(Method::Publish, events);
    // How often subscribers look again (Outlook and Apple Calendar honour it; Google decides itself).
    feed.append_property(Property::new("REFRESH-INTERVAL", "PT1H").add_parameter("VALUE", "DURATION").done())
        .append_property(("X-PUBLISHED-TTL", "PT1H"));
    feed.name("Coaching sessions");
    feed.done().to_string()
}

fn calendar(method: Method, events: impl IntoIterator<Item = Event>) -> Calendar {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Coaching Platform//Sessions//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", method.as_str()));
    for event in events {
        calendar.push(event);
    }
    calendar
}

/// What every calendar entry of a session says: when, what, where to join, its page; never what
/// was written in it. A session of a series is an instance of the series' entry.
fn session_event(session: &SessionFacts, page: Option<&str>, now: DateTime<Utc>) -> Event {
    let mut event = match &session.recurrence {
        None => Event::with_uid(&session_uid(session.session_id)),
        Some(recurrence) => {
            let mut event = Event::with_uid(&series_uid(recurrence.series_id));
            event.append_property(
                Property::new("RECURRENCE-ID", recurrence.original_local.format("%Y%m%dT%H%M%S").to_string())
                    .add_parameter("TZID", &recurrence.timezone)
                    .done(),
            );
            event
        }
    };
    event
        .summary(&summary(session.title.as_deref(), &session.coach.name, &session.coachee.name))
        .description(&description(session.meeting_url.as_deref(), page))
        .starts(session.starts_at)
        .ends(session.starts_at + TimeDelta::minutes(session.duration_minutes.into()))
        .timestamp(now)
        .sequence(u32::try_from(session.sequence).unwrap_or_default());
    if let Some(link) = &session.meeting_url {
        event.location(link);
    }
    if let Some(page) = page {
        event.url(page);
    }
    event
}

//! Dates and labels as people read them, in the viewer's own time zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use contract::{ActionAssignee, ProgressStatus, Series, SessionReminder};

/// How `<input type="date">` writes a day.
const DATE_INPUT: &str = "%Y-%m-%d";

pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// `Thu 12 Nov 2026, 15:00`
pub fn date_time(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).format("%a %-d %b %Y, %H:%M").to_string()
}

/// `12 Nov 2026`
pub fn date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// The day of an instant in `zone`: `12 Nov 2026`
pub fn day(instant: DateTime<Utc>, zone: Tz) -> String {
    date(instant.with_timezone(&zone).date_naive())
}

/// The values of `<input type="date">` and `<input type="time">` for an instant.
pub fn inputs(instant: DateTime<Utc>, zone: Tz) -> (String, String) {
    let local = instant.with_timezone(&zone);
    (local.format(DATE_INPUT).to_string(), local.format("%H:%M").to_string())
}

/// The local date and time a person typed, in no time zone yet; `None` when malformed.
pub fn local_from_inputs(date: &str, time: &str) -> Option<NaiveDateTime> {
    let date = date_from_input(date)?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(date.and_time(time))
}

/// The instant a person means by a local date and time; `None` when malformed or when the time
/// does not exist that day (skipped by a daylight-saving change).
pub fn from_inputs(date: &str, time: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let local = local_from_inputs(date, time)?;
    zone.from_local_datetime(&local).earliest().map(|local| local.with_timezone(&Utc))
}

/// A day as `<input type="date">` shows it.
pub fn date_input(day: NaiveDate) -> String {
    day.format(DATE_INPUT).to_string()
}

/// The day an `<input type="date">` sent; `None` when it is no date.
pub fn date_from_input(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), DATE_INPUT).ok()
}

/// When a series meets, in its own time zone (which may not be the viewer's):
/// `every week on Thursdays at 09:00 (Europe/Berlin)`.
pub fn rhythm(series: &Series) -> String {
    let every = match series.every_weeks {
        1 => "every week".to_owned(),
        weeks => format!("every {weeks} weeks"),
    };
    let (weekday, time) = (series.first_day.format("%A"), series.local_time.format("%H:%M"));
    format!("{every} on {weekday}s at {time} ({})", series.timezone)
}

/// Who is to do an action, as a list shows it.
pub fn assignee_label(assignee: ActionAssignee) -> &'static str {
    match assignee {
        ActionAssignee::Coach => "Coach",
        ActionAssignee::Coachee => "Coachee",
        ActionAssignee::Both => "Both",
    }
}

pub fn status_label(status: ProgressStatus) -> &'static str {
    match status {
        ProgressStatus::NotStarted => "Not started",
        ProgressStatus::InProgress => "In progress",
        ProgressStatus::Completed => "Completed",
        ProgressStatus::WontDo => "Won't do",
        ProgressStatus::OnHold => "On hold",
    }
}

/// When the reminder before each session goes out, as the account page offers it.
pub fn reminder_label(reminder: SessionReminder) -> &'static str {
    match reminder {
        SessionReminder::Off => "Off",
        SessionReminder::HourBefore => "1 hour before",
        SessionReminder::DayBefore => "1 day before",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_instants_in_the_viewers_zone() {
        let instant = Utc.with_ymd_and_hms(2026, 11, 12, 15, 0, 0).unwrap();
        assert_eq!(date_time(instant, zone("Europe/Berlin")), "Thu 12 Nov 2026, 16:00");
        assert_eq!(date_time(instant, zone("America/New_York")), "Thu 12 Nov 2026, 10:00");
        assert_eq!(date_time(instant, zone("not a zone")), "Thu 12 Nov 2026, 15:00");
    }

    #[test]
    fn reads_local_inputs_back_into_the_same_instant() {
        let berlin = zone("Europe/Berlin");
        let instant = Utc.with_ymd_and_hms(2026, 7, 1, 8, 30, 0).unwrap();
        let (day, time) = inputs(instant, berlin);
        assert_eq!((day.as_str(), time.as_str()), ("2026-07-01", "10:30"));
        assert_eq!(from_inputs(&day, &time, berlin), Some(instant));
        assert_eq!(from_inputs("2026-03-29", "02:30", berlin), None, "skipped by the clock change");
        let typed = NaiveDate::from_ymd_opt(2026, 3, 29).and_then(|day| day.and_hms_opt(2, 30, 0));
        assert_eq!(local_from_inputs("2026-03-29", "02:30"), typed, "as typed, in no zone yet");
        assert_eq!(from_inputs("tomorrow", "10:00", berlin), None);
    }

    #[test]
    fn says_when_a_series_meets_in_its_own_zone() {
        let series = |every_weeks| Series {
            id: uuid::Uuid::nil(),
            relationship_id: uuid::Uuid::nil(),
            timezone: "Europe/Berlin".to_owned(),
            first_day: NaiveDate::from_ymd_opt(2027, 3, 25).unwrap(),
            local_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            every_weeks,
            occurrences: Some(10),
            last_day: None,
            duration_minutes: 60,
            title: None,
            meeting_url: None,
            ended_at: None,
            upcoming: Vec::new(),
        };
        assert_eq!(rhythm(&series(1)), "every week on Thursdays at 09:00 (Europe/Berlin)");
        assert_eq!(rhythm(&series(3)), "every 3 weeks on Thursdays at 09:00 (Europe/Berlin)");
    }
}

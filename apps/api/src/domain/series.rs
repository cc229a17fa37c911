//! Recurring sessions: every N weeks on a weekday at a time of day, ending after a number of
//! sessions or on a day (RFC 5545 RRULE semantics: FREQ=WEEKLY;INTERVAL;BYDAY with COUNT or
//! UNTIL). Times are kept in the series' time zone, so a weekly 09:00 in Berlin stays at 09:00
//! across daylight-saving changes while its UTC instant moves.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::validate::{Checked, InvalidInput};

/// The longest gap between two sessions of a series.
pub const MAX_EVERY_WEEKS: u32 = 12;
/// Sessions one series holds at most (two years of weekly sessions).
pub const MAX_OCCURRENCES: u32 = 104;

/// When a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesEnd {
    /// After this many sessions (RRULE COUNT).
    After(u32),
    /// With the last session on or before this day, in the series' time zone (RRULE UNTIL).
    On(NaiveDate),
}

/// The rhythm of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rhythm {
    /// The day of the first session, in `zone`; its weekday is the series' weekday.
    pub first_day: NaiveDate,
    pub local_time: NaiveTime,
    pub zone: Tz,
    pub every_weeks: u32,
    pub end: SeriesEnd,
}

/// One session of a series: the day it belongs to (its RECURRENCE-ID, which stays when the
/// session alone is moved) and when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
}

impl Rhythm {
    /// A rhythm whose every part is within bounds; each refusal names its field.
    pub fn checked(
        first_day: NaiveDate,
        local_time: NaiveTime,
        zone: Tz,
        every_weeks: u32,
        end: SeriesEnd,
    ) -> Checked<Self> {
        if !(1..=MAX_EVERY_WEEKS).contains(&every_weeks) {
            return Err(InvalidInput::new(format!("every_weeks must be between 1 and {MAX_EVERY_WEEKS}")));
        }
        match end {
            SeriesEnd::After(count) if !(1..=MAX_OCCURRENCES).contains(&count) => {
                return Err(InvalidInput::new(format!(
                    "occurrences must be between 1 and {MAX_OCCURRENCES}"
                )));
            }
            SeriesEnd::On(last_day) if last_day < first_day => {
                return Err(InvalidInput::new("last_day must not be before the first session"));
            }
            _ => {}
        }
        let rhythm = Self { first_day, local_time, zone, every_weeks, end };
        if let SeriesEnd::On(last_day) = end
            && rhythm.days().take_while(|day| *day <= last_day).count() > MAX_OCCURRENCES as usize
        {
            return Err(InvalidInput::new(format!(
                "last_day: a series holds at most {MAX_OCCURRENCES} sessions; choose an earlier last day"
            )));
        }
        Ok(rhythm)
    }

    /// The days of the series, every `every_weeks` weeks from the first (unbounded).
    fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let (first, step) = (self.first_day, u64::from(self.every_weeks) * 7);
        (0u64..).map_while(move |index| first.checked_add_days(Days::new(index * step)))
    }

    /// Every session of the series, in order.
    pub fn occurrences(&self) -> Vec<Occurrence> {
        let days = self.days().take(MAX_OCCURRENCES as usize);
        let days: Vec<NaiveDate> = match self.end {
            SeriesEnd::After(count) => days.take(count as usize).collect(),
            SeriesEnd::On(last_day) => days.take_while(|day| *day <= last_day).collect(),
        };
        days.into_iter().map(|day| Occurrence { day, starts_at: self.instant(day) }).collect()
    }

    /// When the session of `day` starts: its local time in the zone. A time that a clock change
    /// skips (02:30 on the night clocks go forward) is taken an hour later, as calendars do; a
    /// time that happens twice is the first.
    pub fn instant(&self, day: NaiveDate) -> DateTime<Utc> {
        local_instant(self.zone, day.and_time(self.local_time))
    }

    /// The RRULE of the series, for a DTSTART with the series' TZID.
    pub fn rrule(&self) -> String {
        let weekday = match self.first_day.weekday() {
            chrono::Weekday::Mon => "MO",
            chrono::Weekday::Tue => "TU",
            chrono::Weekday::Wed => "WE",
            chrono::Weekday::Thu => "TH",
            chrono::Weekday::Fri => "FR",
            chrono::Weekday::Sat => "SA",
            chrono::Weekday::Sun => "SU",
        };
        let end = match self.end {
            SeriesEnd::After(count) => format!("COUNT={count}"),
            // With a TZID start, UNTIL is in UTC (RFC 5545 3.3.10): the last day's end.
            SeriesEnd::On(last_day) => {
                let end_of_day = local_instant(
                    self.zone,
                    last_day.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()),
                );
                format!("UNTIL={}", end_of_day.format("%Y%m%dT%H%M%SZ"))
            }
        };
        format!("FREQ=WEEKLY;INTERVAL={};BYDAY={weekday};{end}", self.every_weeks)
    }
}

fn local_instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    // A skipped local time exists again at most a few hours later.
    for _ in 0..4 {
        if let Some(instant) = zone.from_local_datetime(&probe).earliest() {
            return instant.with_timezone(&Utc);
        }
        probe += chrono::TimeDelta::hours(1);
    }
    local.and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn weekly(first: &str, zone: Tz, end: SeriesEnd) -> Rhythm {
        Rhythm::checked(day(first), NaiveTime::from_hms_opt(9, 0, 0).unwrap(), zone, 1, end).unwrap()
    }

    fn utc(occurrences: &[Occurrence]) -> Vec<String> {
        occurrences.iter().map(|o| o.starts_at.format("%Y-%m-%d %H:%M").to_string()).collect()
    }

    #[test]
    fn a_weekly_nine_oclock_in_berlin_stays_at_nine_across_the_spring_change() {
        let rhythm = weekly("2027-03-18", chrono_tz::Europe::Berlin, SeriesEnd::After(3));
        assert_eq!(utc(&rhythm.occurrences()), ["2027-03-18 08:00", "2027-03-25 08:00", "2027-04-01 07:00"]);
        assert_eq!(rhythm.rrule(), "FREQ=WEEKLY;INTERVAL=1;BYDAY=TH;COUNT=3");
    }

    #[test]
    fn new_york_changes_two_weeks_before_berlin_and_an_until_day_is_inclusive() {
        let rhythm = weekly("2027-03-08", chrono_tz::America::New_York, SeriesEnd::On(day("2027-03-22")));
        assert_eq!(utc(&rhythm.occurrences()), ["2027-03-08 14:00", "2027-03-15 13:00", "2027-03-22 13:00"]);
        assert_eq!(rhythm.rrule(), "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20270323T035959Z");
    }

    #[test]
    fn every_other_week_and_the_autumn_change() {
        let rhythm = Rhythm::checked(
            day("2027-10-19"),
            NaiveTime::from_hms_opt(18, 30, 0).unwrap(),
            chrono_tz::Europe::Berlin,
            2,
            SeriesEnd::After(2),
        )
        .unwrap();
        assert_eq!(utc(&rhythm.occurrences()), ["2027-10-19 16:30", "2027-11-02 17:30"]);
    }

    #[test]
    fn a_time_the_clock_skips_is_taken_an_hour_later() {
        let rhythm = Rhythm::checked(
            day("2027-03-28"),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            chrono_tz::Europe::Berlin,
            1,
            SeriesEnd::After(1),
        )
        .unwrap();
        assert_eq!(utc(&rhythm.occurrences()), ["2027-03-28 01:30"]);
    }

    #[test]
    fn bounds_are_refused_naming_the_field() {
        let at_nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let zone = chrono_tz::UTC;
        let refused =
            |every, end| Rhythm::checked(day("2027-01-04"), at_nine, zone, every, end).unwrap_err().0;
        assert!(refused(0, SeriesEnd::After(3)).starts_with("every_weeks"));
        assert!(refused(13, SeriesEnd::After(3)).starts_with("every_weeks"));
        assert!(refused(1, SeriesEnd::After(0)).starts_with("occurrences"));
        assert!(refused(1, SeriesEnd::After(105)).starts_with("occurrences"));
        assert!(refused(1, SeriesEnd::On(day("2027-01-03"))).starts_with("last_day"));
        assert!(refused(1, SeriesEnd::On(day("2030-01-01"))).starts_with("last_day"));
        assert_eq!(weekly("2027-01-04", zone, SeriesEnd::On(day("2028-12-31"))).occurrences().len(), 104);
    }
}

//! Series: a session the dashboard's schedule form repeats every few weeks (the api makes all its
//! sessions at once), and ending one from the page of one of its sessions.

use chrono::NaiveDate;
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::actions::Choice;
use super::extract::VisitorForm;
use super::forms::{after_form_to, filled};
use crate::error::PageResult;
use crate::format;

/// The schedule form's "Repeat": the weeks between sessions; blank, it does not repeat.
pub const REPEAT_CHOICES: [Choice; 5] = [
    Choice { value: "", label: "Does not repeat" },
    Choice { value: "1", label: "Every week" },
    Choice { value: "2", label: "Every 2 weeks" },
    Choice { value: "3", label: "Every 3 weeks" },
    Choice { value: "4", label: "Every 4 weeks" },
];

/// The schedule form's "Ends": after a number of sessions, or on a last day.
pub const END_CHOICES: [Choice; 2] = [
    Choice { value: "after", label: "After a number of sessions" },
    Choice { value: "on", label: "On a day" },
];

/// The number of sessions the schedule form offers first.
pub const DEFAULT_OCCURRENCES: u32 = 10;

/// Whether and how the schedule form repeats its session; a form that leaves them out schedules
/// one session.
#[derive(Deserialize)]
pub struct RepeatFields {
    #[serde(default)]
    every_weeks: String,
    /// `after` (`occurrences` sessions) or `on` (the `last_day`).
    #[serde(default)]
    ends: String,
    #[serde(default)]
    occurrences: String,
    #[serde(default)]
    last_day: String,
}

/// The rhythm chosen: the weeks between sessions, and either how many or the last day.
#[derive(Debug, PartialEq, Eq)]
pub struct Repeat {
    pub every_weeks: u32,
    pub occurrences: Option<u32>,
    pub last_day: Option<NaiveDate>,
}

impl RepeatFields {
    /// The rhythm chosen, none when the session does not repeat, or what to tell the visitor. The
    /// api checks the numbers' bounds, its message naming the field out of them.
    pub fn read(&self) -> Result<Option<Repeat>, &'static str> {
        let Some(every_weeks) = filled(&self.every_weeks) else { return Ok(None) };
        let every_weeks = every_weeks.parse().map_err(|_| "Choose how often the session repeats.")?;
        let (occurrences, last_day) = match self.ends.as_str() {
            "after" => {
                let count = self.occurrences.trim().parse().map_err(|_| "Give the number of sessions.")?;
                (Some(count), None)
            }
            "on" => {
                let day = format::date_from_input(&self.last_day).ok_or("Give the last day as a date.")?;
                (None, Some(day))
            }
            _ => return Err("Choose when the series ends."),
        };
        Ok(Some(Repeat { every_weeks, occurrences, last_day }))
    }
}

/// The End button's form, on the page of one of the series' sessions.
#[derive(Deserialize)]
pub struct EndForm {
    /// The session page the button is on, where a refusal goes back to.
    session_id: Uuid,
}

/// Ends a series (the api decides who may). Its sessions to come are deleted, perhaps the one
/// whose page the button was on, so the dashboard comes next.
pub async fn end(VisitorForm { api, ids: series_id, form }: VisitorForm<Uuid, EndForm>) -> PageResult {
    let outcome = api.call(Method::POST, &format!("/series/{series_id}/end")).await;
    let back = format!("/sessions/{}", form.session_id);
    after_form_to(outcome, &back, "/", "Series ended: its sessions to come were removed.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(every_weeks: &str, ends: &str, occurrences: &str, last_day: &str) -> RepeatFields {
        let owned = str::to_owned;
        RepeatFields {
            every_weeks: owned(every_weeks),
            ends: owned(ends),
            occurrences: owned(occurrences),
            last_day: owned(last_day),
        }
    }

    #[test]
    fn reads_the_rhythm_chosen_and_leaves_its_bounds_to_the_api() {
        assert_eq!(fields("", "after", "10", "").read(), Ok(None), "does not repeat");
        let weekly = |occurrences, last_day| Ok(Some(Repeat { every_weeks: 1, occurrences, last_day }));
        assert_eq!(fields("1", "after", " 3 ", "2031-06-26").read(), weekly(Some(3), None));
        assert_eq!(fields("1", "after", "0", "").read(), weekly(Some(0), None), "the api says why not");
        let last_day = NaiveDate::from_ymd_opt(2031, 6, 26);
        assert_eq!(fields("1", "on", "10", "2031-06-26").read(), weekly(None, last_day));
        assert_eq!(fields("1", "on", "10", "").read(), Err("Give the last day as a date."));
        assert_eq!(fields("1", "after", "many", "").read(), Err("Give the number of sessions."));
        assert_eq!(fields("weekly", "after", "10", "").read(), Err("Choose how often the session repeats."));
        assert_eq!(fields("1", "", "10", "").read(), Err("Choose when the series ends."));
    }
}

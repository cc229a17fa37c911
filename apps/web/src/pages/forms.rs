//! Reading the pages' forms and answering them (post/redirect/get).

use chrono::{NaiveDate, NaiveDateTime};
use contract::{CoachingSessionUpdate, PageRequest, ProgressStatus, SessionParts};
use serde::Deserialize;

use crate::api_client::ApiFailure;
use crate::error::{PageError, PageResult};
use crate::flash::{Flash, redirect};
use crate::format;

/// Where a list continues: the api's cursor, carried in the page's URL (`?cursor=`).
#[derive(Deserialize)]
pub struct ListQuery {
    cursor: Option<String>,
}

impl ListQuery {
    /// The page of the list to show: of the default size, after the cursor.
    pub fn page(self) -> PageRequest {
        PageRequest { limit: None, cursor: self.cursor }
    }
}

/// A new password typed twice (templates/forms.html's `new_password`).
#[derive(Deserialize)]
pub struct NewPassword {
    password: String,
    confirmation: String,
}

impl NewPassword {
    /// The password, when both fields say the same; back to `back` to type it again otherwise.
    pub fn read(self, back: &str) -> Result<String, PageError> {
        if self.password == self.confirmation {
            Ok(self.password)
        } else {
            Err(PageError::refused(back, "The two passwords differ; type the same one twice."))
        }
    }
}

/// A form with nothing but its CSRF token (delete buttons, log out).
#[derive(Deserialize)]
pub struct NoFields {}

/// An action's or a goal's new status.
#[derive(Deserialize)]
pub struct StatusForm {
    status: String,
}

impl StatusForm {
    /// The status chosen, when it is one.
    pub fn status(&self) -> Option<ProgressStatus> {
        progress_status(&self.status)
    }
}

/// The status a `<select>` sent (its wire name), when it is one.
pub fn progress_status(value: &str) -> Option<ProgressStatus> {
    ProgressStatus::ALL.into_iter().find(|status| status.as_str() == value)
}

/// What a field holds, trimmed; none when left blank.
pub fn filled(field: &str) -> Option<String> {
    Some(field.trim().to_owned()).filter(|value| !value.is_empty())
}

/// What it is about, when, how long and where it is joined: the fields the schedule and
/// reschedule forms share.
#[derive(Deserialize)]
pub struct SessionTimeFields {
    #[serde(default)]
    title: String,
    date: String,
    time: String,
    duration_minutes: String,
    #[serde(default)]
    meeting_url: String,
}

impl SessionTimeFields {
    /// The session as typed, its start read in `timezone`, or what to tell the visitor.
    pub fn session(&self, timezone: &str) -> Result<CoachingSessionUpdate, &'static str> {
        let starts_at =
            format::from_inputs(&self.date, &self.time, format::zone(timezone)).ok_or(NO_VALID_START)?;
        Ok(CoachingSessionUpdate { starts_at, parts: self.parts()? })
    }

    /// The start as typed, in no time zone yet (a series keeps its time of day in its own zone).
    pub fn local_start(&self) -> Result<NaiveDateTime, &'static str> {
        format::local_from_inputs(&self.date, &self.time).ok_or(NO_VALID_START)
    }

    /// The length, title and own meeting link typed; a blank title or link is none (the api
    /// checks their bounds and that the link is one).
    pub fn parts(&self) -> Result<SessionParts, &'static str> {
        Ok(SessionParts {
            duration_minutes: self
                .duration_minutes
                .trim()
                .parse()
                .map_err(|_| "Give the duration in minutes.")?,
            title: filled(&self.title),
            meeting_url: filled(&self.meeting_url),
        })
    }
}

const NO_VALID_START: &str = "Give a valid date and time.";

/// A date the visitor may leave blank (`<input type="date">`): `None` when blank, or what to tell
/// them when it is no date. `what` names the field, e.g. "due date".
pub fn optional_date(field: Option<&str>, what: &str) -> Result<Option<NaiveDate>, String> {
    match field.map(str::trim).filter(|day| !day.is_empty()) {
        None => Ok(None),
        Some(day) => {
            format::date_from_input(day).map(Some).ok_or_else(|| format!("Give the {what} as a date."))
        }
    }
}

/// After a form: back to `back` with a notice, or as [`form_failure`] says.
pub fn after_form(outcome: Result<(), ApiFailure>, back: &str, done: &str) -> PageResult {
    after_form_to(outcome, back, back, done)
}

/// As [`after_form`], going on to `next` when the api took the form (e.g. to log in).
pub fn after_form_to(outcome: Result<(), ApiFailure>, back: &str, next: &str, done: &str) -> PageResult {
    outcome.map(|()| redirect(next, Some(Flash::notice(done)))).map_err(|failure| form_failure(failure, back))
}

/// A form the api did not take: back to `back` with what it refused or forbade. Other failures
/// (login expired, nothing there, api down) become their own pages.
pub fn form_failure(failure: ApiFailure, back: &str) -> PageError {
    match failure {
        ApiFailure::Rejected(reason) | ApiFailure::Forbidden(reason) => PageError::refused(back, reason),
        other => PageError::from_api(other, back.split('#').next().unwrap_or("/")),
    }
}

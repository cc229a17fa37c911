//! Input checks with a message saying what to fix. Each returns the cleaned value (trimmed,
//! lower-cased where that is the rule) ready to store.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// Input that breaks a rule; the message says which and what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput(pub String);

impl InvalidInput {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

pub type Checked<T> = Result<T, InvalidInput>;

// The limits live in the contract, which the OpenAPI document's schemas also read.
pub use contract::limits::{EARLIEST_YEAR, LATEST_YEAR, MAX_BODY_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use contract::limits::{
    MAX_DURATION_MINUTES, MAX_EMAIL_BYTES, MAX_MEETING_URL_CHARS, MAX_SLUG_CHARS, MIN_DURATION_MINUTES,
};

/// Trimmed, non-empty text of at most `max` characters.
pub fn text(field: &str, raw: &str, max: usize) -> Checked<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(InvalidInput::new(format!("{field} must not be empty")));
    }
    if value.contains('\0') {
        return Err(InvalidInput::new(format!("{field} must not contain NUL characters")));
    }
    if value.chars().count() > max {
        return Err(InvalidInput::new(format!("{field} is longer than {max} characters")));
    }
    Ok(value.to_owned())
}

/// Like [`text`], but empty is allowed.
pub fn optional_text(field: &str, raw: &str, max: usize) -> Checked<String> {
    if raw.trim().is_empty() { Ok(String::new()) } else { text(field, raw, max) }
}

/// A session's optional title: trimmed, at most `MAX_TITLE_CHARS`; blank is none.
pub fn optional_title(raw: Option<&str>) -> Checked<Option<String>> {
    let title = optional_text("title", raw.unwrap_or_default(), MAX_TITLE_CHARS)?;
    Ok(Some(title).filter(|title| !title.is_empty()))
}

/// A meeting link people click from a page, a mail and a calendar: `https://` with a host (any
/// provider), no user name or password in it, at most `MAX_MEETING_URL_CHARS`; blank is none.
pub fn optional_meeting_url(field: &str, raw: Option<&str>) -> Checked<Option<String>> {
    let value = raw.unwrap_or_default().trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_MEETING_URL_CHARS {
        return Err(InvalidInput::new(format!("{field} is longer than {MAX_MEETING_URL_CHARS} characters")));
    }
    let parsed = url::Url::parse(value).map_err(|_| {
        InvalidInput::new(format!("{field}: {value:?} is not a link like https://meet.example.com/abc"))
    })?;
    if parsed.scheme() != "https" || parsed.host_str().is_none_or(str::is_empty) {
        return Err(InvalidInput::new(format!(
            "{field} must be an https:// link with a host (a phone number or another scheme is not a meeting link)"
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(InvalidInput::new(format!("{field} must not carry a user name or password")));
    }
    Ok(Some(parsed.into()))
}

/// An address mail can be sent to, lower-cased: `local@domain.tld` as RFC 5321 has it (lettre's
/// parser), nothing else — no display name, no angle brackets, no comments, no quoted local part
/// (`a<b@evil.example>` and `"x y"@example.com` are refused), a domain with a dot.
pub fn email(field: &str, raw: &str) -> Checked<String> {
    let value = raw.trim().to_lowercase();
    let plain = value.len() <= MAX_EMAIL_BYTES
        && value.bytes().all(|byte| byte.is_ascii_graphic() || !byte.is_ascii())
        && !value.contains(['"', '<', '>', '(', ')', ',', ';', ':', '[', ']', '\\'])
        && value.parse::<lettre::Address>().is_ok_and(|address| {
            let domain = address.domain();
            domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
    if plain {
        Ok(value)
    } else {
        Err(InvalidInput::new(format!("{field}: {raw:?} is not an email address")))
    }
}

/// The email a login names, as accounts store it (trimmed, lower-cased). Any text may be tried
/// (a wrong one is just a wrong login), but not characters no address has.
pub fn login_email(raw: &str) -> Checked<String> {
    if raw.chars().any(char::is_control) {
        return Err(InvalidInput::new("email must not contain control characters"));
    }
    if raw.len() > 4 * MAX_EMAIL_BYTES {
        return Err(InvalidInput::new(format!("email is longer than {MAX_EMAIL_BYTES} bytes")));
    }
    Ok(raw.trim().to_lowercase())
}

/// An IANA time zone name such as `Europe/Berlin` (the field is always called `timezone`).
pub fn timezone(raw: &str) -> Checked<String> {
    let value = raw.trim();
    chrono_tz::Tz::from_str(value).map(|zone| zone.name().to_owned()).map_err(|_| {
        InvalidInput::new(format!("timezone {raw:?} is not an IANA time zone name like Europe/Berlin"))
    })
}

/// Lower-case letters, digits and single hyphens, at most [`MAX_SLUG_CHARS`] characters.
pub fn slug(raw: &str) -> Checked<String> {
    let value = raw.trim();
    let well_formed = !value.is_empty()
        && value.len() <= MAX_SLUG_CHARS
        && value.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if well_formed {
        Ok(value.to_owned())
    } else {
        Err(InvalidInput::new(format!(
            "slug {raw:?} must be lower-case letters and digits separated by single hyphens"
        )))
    }
}

/// A slug made from a display name: `Acme Coaching, Inc.` becomes `acme-coaching-inc`.
pub fn slug_from_name(name: &str) -> Checked<String> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut slug = words.join("-");
    slug.truncate(MAX_SLUG_CHARS);
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        return Err(InvalidInput::new(
            "cannot derive a slug from this name; give one with lower-case letters and digits",
        ));
    }
    Ok(slug)
}

pub fn duration_minutes(minutes: i32) -> Checked<i32> {
    if (MIN_DURATION_MINUTES..=MAX_DURATION_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(InvalidInput::new(format!(
            "duration_minutes must be between {MIN_DURATION_MINUTES} and {MAX_DURATION_MINUTES}"
        )))
    }
}

/// A calendar date within [`EARLIEST_YEAR`]..=[`LATEST_YEAR`].
pub fn date(field: &str, day: NaiveDate) -> Checked<NaiveDate> {
    within_years(field, day.year()).map(|()| day)
}

/// Like [`date`], but absent is allowed.
pub fn optional_date(field: &str, day: Option<NaiveDate>) -> Checked<Option<NaiveDate>> {
    day.map(|day| date(field, day)).transpose()
}

/// An instant within [`EARLIEST_YEAR`]..=[`LATEST_YEAR`] (UTC).
pub fn instant(field: &str, at: DateTime<Utc>) -> Checked<DateTime<Utc>> {
    within_years(field, at.year()).map(|()| at)
}

/// Like [`instant`], but absent is allowed.
pub fn optional_instant(field: &str, at: Option<DateTime<Utc>>) -> Checked<Option<DateTime<Utc>>> {
    at.map(|at| instant(field, at)).transpose()
}

fn within_years(field: &str, year: i32) -> Checked<()> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(InvalidInput::new(format!("{field} must fall in the years {EARLIEST_YEAR} to {LATEST_YEAR}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_link_is_https_with_a_host_and_no_credentials() {
        let link = |raw| optional_meeting_url("meeting_url", Some(raw));
        assert_eq!(
            link(" https://meet.jit.si/ada-and-bo ").unwrap().as_deref(),
            Some("https://meet.jit.si/ada-and-bo")
        );
        assert_eq!(
            link("https://zoom.us/j/123?pwd=abc").unwrap().as_deref(),
            Some("https://zoom.us/j/123?pwd=abc")
        );
        assert_eq!(link("  ").unwrap(), None);
        assert_eq!(optional_meeting_url("meeting_url", None).unwrap(), None);
        for refused in [
            "http://zoom.us/j/1",
            "+49 30 1234567",
            "javascript:alert(1)",
            "https://",
            "https://u:p@zoom.us/j/1",
        ] {
            let message = link(refused).unwrap_err().0;
            assert!(message.starts_with("meeting_url"), "{refused}: {message}");
        }
        assert!(link(&format!("https://x.example/{}", "a".repeat(2000))).is_err());
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(text("body", "  hello ", 10).unwrap(), "hello");
        assert!(text("body", "   ", 10).is_err());
        assert!(text("body", "abcdef", 5).is_err());
        assert!(text("body", "a\0b", 5).is_err());
        assert_eq!(optional_text("body", "  ", 5).unwrap(), "");
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(email("email", " Coach@Example.COM ").unwrap(), "coach@example.com");
        assert_eq!(
            email("email", "first.last+tag@sub.example.org").unwrap(),
            "first.last+tag@sub.example.org"
        );
        for bad in [
            "",
            "no-at-sign",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "@example.com",
            "a@.com",
            "a<b@evil.example>",
            "Name <a@example.com>",
            "\"a b\"@example.com",
            "a@example.com (comment)",
            "a@[192.0.2.1]",
            "a,b@example.com",
            "a\u{0}@example.com",
            "a@example.com\r\nBcc: x@evil.example",
        ] {
            assert!(email("email", bad).is_err(), "{bad:?}");
        }
        assert!(email("new_email", "x").unwrap_err().0.starts_with("new_email: "));
    }

    #[test]
    fn a_login_names_any_email_but_no_control_characters() {
        assert_eq!(login_email(" Coach@Example.com ").unwrap(), "coach@example.com");
        assert_eq!(login_email("not even an address").unwrap(), "not even an address");
        let refused = login_email("coach\u{0}@example.com").unwrap_err();
        assert_eq!(refused.0, "email must not contain control characters");
    }

    #[test]
    fn slugs_and_time_zones() {
        assert_eq!(slug_from_name("Acme Coaching, Inc.").unwrap(), "acme-coaching-inc");
        assert!(slug_from_name("!!!").is_err());
        assert!(slug("good-slug-2").is_ok());
        for bad in ["Bad", "double--hyphen", "-edge", "spa ce", ""] {
            assert!(slug(bad).is_err(), "{bad}");
        }
        assert_eq!(timezone("Europe/Berlin").unwrap(), "Europe/Berlin");
        assert!(timezone("Mars/Olympus").is_err());
    }

    #[test]
    fn dates_and_instants_stay_within_the_years() {
        let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
        let at = |year| day(year, 1, 1).and_hms_opt(0, 0, 0).expect("a time").and_utc();
        for year in [EARLIEST_YEAR, 2026, LATEST_YEAR] {
            assert!(date("due_on", day(year, 6, 1)).is_ok(), "{year}");
            assert!(instant("starts_at", at(year)).is_ok(), "{year}");
        }
        assert!(date("due_on", day(LATEST_YEAR, 12, 31)).is_ok());
        for year in [-9999, 106, EARLIEST_YEAR - 1, LATEST_YEAR + 1, 2808] {
            assert_eq!(
                date("due_on", day(year, 6, 1)),
                Err(InvalidInput::new("due_on must fall in the years 1900 to 2200")),
                "{year}"
            );
            let refused = instant("starts_at", at(year)).expect_err("out of range");
            assert!(refused.0.starts_with("starts_at "), "{refused}");
        }
        assert_eq!(optional_date("target_date", None), Ok(None));
        assert!(optional_instant("from", Some(at(106))).is_err());
    }

    #[test]
    fn durations() {
        assert!(duration_minutes(0).is_err());
        assert!(duration_minutes(1441).is_err());
        assert_eq!(duration_minutes(60).unwrap(), 60);
    }
}

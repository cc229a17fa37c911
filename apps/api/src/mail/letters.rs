//! What the api's mails say: one function per kind of mail, plain text, short. Each names who it
//! is for or from, the link, and how long the link works. Subjects are fixed; names people chose
//! (their own, an organization's) appear only inside the text, quoted and on one line, so a name
//! like "Security team: click http://…" reads as the name it is and cannot start lines of its own.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::domain::notices::{ActionFacts, Digest, Notice, SeriesFacts, SessionFacts};

/// A mail's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
}

/// A name someone chose, as mails show it: in quotes, control characters and line breaks made
/// spaces, runs of spaces made one.
fn quoted(name: &str) -> String {
    let words: Vec<&str> =
        name.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect();
    format!("\u{201c}{}\u{201d}", words.join(" "))
}

/// An invitation to join `organization` (the link lets its holder create an account or accept
/// with the one they have).
pub fn invitation(organization: &str, inviter: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "Invitation to an organization on the coaching platform".to_owned(),
        text: format!(
            "Hello,\n\nYou are invited to join the organization {} on the coaching platform. \
             The invitation comes from its admin {}.\n\n\
             Open this link to accept:\n{link}\n\n\
             The link works once, for {}. If you did not expect this invitation, ignore this mail.\n",
            quoted(organization),
            quoted(inviter),
            in_words(lifetime)
        ),
    }
}

/// A link to choose a new password, asked for on the forgot-password page.
pub fn password_reset(first_name: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "Choose a new password for the coaching platform".to_owned(),
        text: format!(
            "Hello {},\n\nSomeone (we hope you) asked to reset your password.\n\n\
             Open this link to choose a new one:\n{link}\n\n\
             The link works once, for {}; using it signs you out everywhere else. \
             If you did not ask for it, ignore this mail: your password stays as it is.\n",
            quoted(first_name),
            in_words(lifetime)
        ),
    }
}

/// Tells a member that an admin of `organization` made a link that sets their password (the
/// admin hands it over; the member should know, and object if they did not ask).
pub fn reset_link_made(first_name: &str, organization: &str, admin: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "A link to set your password was made".to_owned(),
        text: format!(
            "Hello {},\n\n{}, an admin of the organization {} on the coaching platform, made a link \
             that sets a new password for your account. The admin hands it over to you; it works once, \
             for {}.\n\nIf you did not ask for a new password, tell that admin or your platform's \
             operator: whoever holds the link can take over your account until it expires.\n",
            quoted(first_name),
            quoted(admin),
            quoted(organization),
            in_words(lifetime)
        ),
    }
}

/// A link to confirm `new_email` as the account's address, mailed to that address.
pub fn email_confirmation(first_name: &str, new_email: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "Confirm your new email for the coaching platform".to_owned(),
        text: format!(
            "Hello {},\n\nSomeone (we hope you) asked to use {new_email} for their account on \
             the coaching platform.\n\nOpen this link to confirm:\n{link}\n\n\
             The link works once, for {}; afterwards you log in with {new_email}. \
             If you did not ask for it, ignore this mail: nothing changes.\n",
            quoted(first_name),
            in_words(lifetime)
        ),
    }
}

/// Tells the old address that the account moved to `new_email`, with a link that moves it back.
pub fn email_changed(first_name: &str, new_email: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "The email of your coaching platform account was changed".to_owned(),
        text: format!(
            "Hello {},\n\nYour account on the coaching platform now uses {new_email} instead of this \
             address.\n\nIf you did not make this change, open this link to move the account back \
             here and choose a new password (everyone signed in is signed out):\n{link}\n\n\
             The link works once, for {}. If the change was yours, ignore this mail.\n",
            quoted(first_name),
            in_words(lifetime)
        ),
    }
}

/// Where a notice's reader goes from it: `web_link` makes a web page's address from its path;
/// `stop_link` stops this kind of mail in one click.
pub struct NoticeLinks<'a> {
    pub web_link: &'a dyn Fn(&str) -> String,
    pub stop_link: &'a str,
}

/// The mail telling `recipient` (first name `first_name`, reading times in `zone`) about `notice`.
pub fn notice(
    notice: &Notice,
    recipient: Uuid,
    first_name: &str,
    zone: Tz,
    links: &NoticeLinks<'_>,
) -> Letter {
    let settings = (links.web_link)(contract::MAIL_SETTINGS_PATH);
    let (subject, news, page) = match notice {
        Notice::SessionScheduled(session) => (
            format!("Session scheduled for {}", day(session.starts_at, zone)),
            format!(
                "A coaching session with {} was scheduled:\n\n{}",
                other(session, recipient),
                details(session, zone)
            ),
            session_page(session, links),
        ),
        Notice::SessionMoved { session, previous_starts_at } => (
            format!("Session moved to {}", day(session.starts_at, zone)),
            format!(
                "Your coaching session with {} that was to start {} has moved:\n\n{}",
                other(session, recipient),
                moment(*previous_starts_at, zone),
                details(session, zone)
            ),
            session_page(session, links),
        ),
        Notice::SessionCancelled(session) => (
            format!("Session cancelled: {}", day(session.starts_at, zone)),
            format!(
                "Your coaching session with {} is cancelled:\n\n{}",
                other(session, recipient),
                details(session, zone)
            ),
            (links.web_link)("/"),
        ),
        Notice::ActionAssigned(action) => (
            "An action was assigned to you".to_owned(),
            format!("{} assigned you an action:\n\n{}", quoted(&action.by), action_details(action)),
            (links.web_link)("/actions"),
        ),
        Notice::SessionReminder(session) => (
            format!(
                "Reminder: session {} at {}",
                day(session.starts_at, zone),
                clock(session.starts_at, zone)
            ),
            format!(
                "Your coaching session with {} is coming up:\n\n{}",
                other(session, recipient),
                details(session, zone)
            ),
            session_page(session, links),
        ),
        Notice::SeriesScheduled(series) => (
            format!("Sessions scheduled from {}", day(series.first_starts_at, zone)),
            format!(
                "A series of coaching sessions with {} was scheduled:\n\n{}",
                quoted(if recipient == series.coach.id { &series.coachee.name } else { &series.coach.name }),
                series_details(series, zone)
            ),
            (links.web_link)("/"),
        ),
        Notice::SeriesChanged { series, .. } => (
            format!("Sessions moved from {}", day(series.first_starts_at, zone)),
            format!(
                "Your coaching sessions with {} from then on have moved:\n\n{}",
                quoted(if recipient == series.coach.id { &series.coachee.name } else { &series.coach.name }),
                series_details(series, zone)
            ),
            (links.web_link)("/"),
        ),
        Notice::WeeklyDigest(digest) => (
            format!("Your coaching week from {}", digest.week_of.format("%A %-d %B")),
            week(digest, zone),
            (links.web_link)("/"),
        ),
    };
    let calendar = match notice {
        Notice::SessionScheduled(_) | Notice::SessionMoved { .. } => {
            "The attached invitation puts it in your calendar.\n\n"
        }
        Notice::SeriesScheduled(_) => "The attached invitation puts them all in your calendar.\n\n",
        Notice::SeriesChanged { .. } => "The attached invitations update your calendar.\n\n",
        Notice::SessionCancelled(_) => "The attached calendar file removes it from your calendar.\n\n",
        Notice::ActionAssigned(_) | Notice::SessionReminder(_) | Notice::WeeklyDigest(_) => "",
    };
    Letter {
        subject,
        text: format!(
            "Hello {},\n\n{news}\n\nOn the coaching platform:\n{page}\n\n{calendar}\
             You get this mail because you take part. To stop {} in one click:\n{}\n\
             To choose which mail you get:\n{settings}\n",
            quoted(first_name),
            notice.mail_kind().described(),
            links.stop_link
        ),
    }
}

fn other(session: &SessionFacts, recipient: Uuid) -> String {
    quoted(&session.other_than(recipient).name)
}

fn session_page(session: &SessionFacts, links: &NoticeLinks<'_>) -> String {
    (links.web_link)(&format!("/sessions/{}", session.session_id))
}

/// A series' rhythm in the reader's words: how many, how often, the first in their zone, and the
/// zone the sessions keep their time of day in.
fn series_details(series: &SeriesFacts, zone: Tz) -> String {
    let often = match series.every_weeks {
        1 => "every week".to_owned(),
        2 => "every other week".to_owned(),
        weeks => format!("every {weeks} weeks"),
    };
    let first_ends = series.first_starts_at + TimeDelta::minutes(series.duration_minutes.into());
    let mut lines = vec![
        format!(
            "  {} sessions, {often}, the first {}\u{2013}{} ({zone})",
            series.sessions,
            moment(series.first_starts_at, zone),
            clock(first_ends, zone)
        ),
        format!("  Each at the same time of day in {}, also when the clocks change", series.timezone),
    ];
    lines.extend(series.title.as_deref().map(|title| format!("  {}", quoted(title))));
    lines.extend(series.meeting_url.as_deref().map(|link| format!("  Join: {link}")));
    lines.join("\n")
}

/// A digest's week: the sessions in it, then the actions due.
fn week(digest: &Digest, zone: Tz) -> String {
    let mut text = String::from("Your sessions this week:\n");
    if digest.sessions.is_empty() {
        text.push_str("  none\n");
    }
    for session in &digest.sessions {
        let title = session.title.as_deref().map(|title| format!(", {}", quoted(title))).unwrap_or_default();
        text.push_str(&format!(
            "  {} ({zone}) with {}{title}\n",
            moment(session.starts_at, zone),
            quoted(&session.with)
        ));
    }
    text.push_str("\nYour actions due by the end of the week:\n");
    if digest.actions.is_empty() {
        text.push_str("  none\n");
    }
    for action in &digest.actions {
        let due = action.due_on.map(|due| format!(", due {}", long_date(due))).unwrap_or_default();
        text.push_str(&format!("  {}{due}\n", quoted(&excerpt(&action.body))));
    }
    text.trim_end().to_owned()
}

/// The session's time in the reader's zone, its title and where to join, one per line.
fn details(session: &SessionFacts, zone: Tz) -> String {
    let ends_at = session.starts_at + TimeDelta::minutes(session.duration_minutes.into());
    let mut lines =
        vec![format!("  {}\u{2013}{} ({zone})", moment(session.starts_at, zone), clock(ends_at, zone))];
    lines.extend(session.title.as_deref().map(|title| format!("  {}", quoted(title))));
    lines.extend(session.meeting_url.as_deref().map(|link| format!("  Join: {link}")));
    lines.join("\n")
}

const ACTION_EXCERPT_CHARS: usize = 200;

/// The first line or so of an action: its page has the rest.
fn excerpt(body: &str) -> String {
    let mut excerpt: String = body.chars().take(ACTION_EXCERPT_CHARS).collect();
    if excerpt.len() < body.len() {
        excerpt.push('\u{2026}');
    }
    excerpt
}

fn action_details(action: &ActionFacts) -> String {
    let due = action.due_on.map(|due| format!("\n  Due {}", long_date(due))).unwrap_or_default();
    format!("  {}{due}", quoted(&excerpt(&action.body)))
}

/// "Tuesday 8 December 2026, 09:00" in `zone`.
fn moment(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%A %-d %B %Y, %H:%M").to_string()
}

/// "09:00" in `zone`.
fn clock(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%H:%M").to_string()
}

/// "Tuesday 8 December" in `zone`, for subjects.
fn day(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%A %-d %B").to_string()
}

fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// "1 hour", "7 days": how people say a link's lifetime.
pub fn in_words(lifetime: Duration) -> String {
    let seconds = lifetime.as_secs();
    let (count, unit) = match () {
        // A day is said in hours up to 24 of them: "24 hours" reads as a deadline, "1 day" as vague.
        _ if seconds >= 2 * 86_400 && seconds.is_multiple_of(86_400) => (seconds / 86_400, "day"),
        _ if seconds >= 3600 && seconds.is_multiple_of(3600) => (seconds / 3600, "hour"),
        _ => (seconds / 60, "minute"),
    };
    format!("{count} {unit}{}", if count == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_as_people_say_them() {
        assert_eq!(in_words(Duration::from_secs(3600)), "1 hour");
        assert_eq!(in_words(Duration::from_secs(24 * 3600)), "24 hours");
        assert_eq!(in_words(Duration::from_secs(7 * 24 * 3600)), "7 days");
        assert_eq!(in_words(Duration::from_secs(90 * 60)), "90 minutes");
    }

    #[test]
    fn a_reset_mail_names_the_person_the_link_and_its_lifetime() {
        let letter =
            password_reset("Ada", "https://c.example/account/password/abc", Duration::from_secs(3600));
        assert!(letter.text.contains("Hello \u{201c}Ada\u{201d}"));
        assert!(letter.text.contains("https://c.example/account/password/abc"));
        assert!(letter.text.contains("for 1 hour"));
    }

    #[test]
    fn names_are_quoted_on_one_line_and_never_in_subjects() {
        let name = "Acme\n\nURGENT: log in at http://evil.example\r\n";
        let letter = invitation(name, "Eve", "https://c.example/invitations/x", Duration::from_secs(3600));
        assert!(!letter.subject.contains("Acme"), "{}", letter.subject);
        assert!(
            letter.text.contains("\u{201c}Acme URGENT: log in at http://evil.example\u{201d}"),
            "{}",
            letter.text
        );
        assert!(!letter.text.lines().any(|line| line.starts_with("URGENT")), "{}", letter.text);
    }
}

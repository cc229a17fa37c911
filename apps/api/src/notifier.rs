//! The mail worker each api runs while it has a mailer: it sends the outbox one claimed row at a
//! time, tries again with growing pauses when the mail server cannot take a mail now, and gives
//! up on a mail (dead, counted, kept for an operator) after the last attempt or when the server
//! refuses it for good. Every api runs one; they share the outbox without waiting on each other.

use std::time::Duration;

use chrono::Utc;
use chrono_tz::Tz;
use contract::MAIL_STOP_PATH;
use sea_orm::DatabaseConnection;
use tokio::time::Instant;
use uuid::Uuid;

use crate::domain::notices::Notice;
use crate::mail::calendar::{self, Addresses, Invite, Method};
use crate::mail::letters::{self, NoticeLinks};
use crate::mail::{MailError, Mailer, Notification, SEND_TIMEOUT};
use crate::storage::digest::{self, DigestTime};
use crate::storage::outbox::{self, Claimed, Outcome};
use crate::storage::sessions;

/// How long to wait before looking again when nothing is due.
const IDLE_PAUSE: Duration = Duration::from_secs(1);
/// How often reminders and digests that fell due are looked for.
const FIND_DUE_EVERY: Duration = Duration::from_secs(15);
/// How often the pending and dead counts are refreshed for `/metrics`.
const BACKLOG_EVERY: Duration = Duration::from_secs(30);
/// The longest pause between two attempts at one mail.
const MAX_RETRY_PAUSE: Duration = Duration::from_secs(3600);

/// How hard the worker tries.
#[derive(Debug, Clone, Copy)]
pub struct Persistence {
    /// Attempts at one mail before it is dead.
    pub max_attempts: u32,
    /// The pause after the first failed attempt; each further one doubles it (at most an hour).
    pub first_pause: Duration,
}

impl Persistence {
    /// What to do after attempt number `attempts` failed with `error`.
    fn after_failure(self, attempts: i32, error: &MailError) -> Outcome {
        let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
        if !error.is_transient() || attempts >= self.max_attempts {
            return Outcome::Dead { error: error.to_string() };
        }
        let pause = self.first_pause.saturating_mul(2u32.saturating_pow(attempts.saturating_sub(1)));
        Outcome::Retry { after: pause.min(MAX_RETRY_PAUSE), error: error.to_string() }
    }
}

/// Runs until the process ends.
pub async fn run(db: DatabaseConnection, mailer: Mailer, persistence: Persistence, digest_time: DigestTime) {
    // This worker's claims; a claim lasts two send timeouts, so a live worker always settles
    // its row before another may take it.
    let claim = Uuid::new_v4();
    let lease = SEND_TIMEOUT * 2;
    let mut last_report: Option<Instant> = None;
    let mut last_search: Option<Instant> = None;
    loop {
        // Each in turn, never raced against a send: a send cut off mid-way would be sent again.
        if last_search.is_none_or(|at| at.elapsed() >= FIND_DUE_EVERY) {
            find_due(&db, digest_time).await;
            last_search = Some(Instant::now());
        }
        if last_report.is_none_or(|at| at.elapsed() >= BACKLOG_EVERY) {
            report_backlog(&db).await;
            last_report = Some(Instant::now());
        }
        if !send_next(&db, &mailer, persistence, claim, lease).await {
            tokio::time::sleep(IDLE_PAUSE).await;
        }
    }
}

/// Sends the next due mail, if any; whether there was one (or an error worth a pause).
async fn send_next(
    db: &DatabaseConnection,
    mailer: &Mailer,
    persistence: Persistence,
    claim: Uuid,
    lease: Duration,
) -> bool {
    let claimed = match outbox::claim_next(db, claim, lease).await {
        Ok(Some(claimed)) => claimed,
        Ok(None) => return false,
        Err(error) => {
            tracing::warn!(%error, "could not read the outbox");
            return false;
        }
    };
    let kind = claimed.notice.kind().as_str();
    let outcome = if claimed.recipient.wants_it {
        match deliver(mailer, &claimed).await {
            Ok(()) => Outcome::Sent,
            Err(error) => persistence.after_failure(claimed.attempts, &error),
        }
    } else {
        Outcome::Dropped
    };
    match &outcome {
        Outcome::Sent => metrics::counter!("mail_sent_total", "kind" => kind).increment(1),
        Outcome::Retry { error, .. } => {
            metrics::counter!("mail_retries_total", "kind" => kind).increment(1);
            tracing::info!(id = %claimed.id, attempts = claimed.attempts, %error, "mail to be tried again");
        }
        Outcome::Dead { error } => {
            metrics::counter!("mail_dead_total", "kind" => kind).increment(1);
            tracing::error!(id = %claimed.id, attempts = claimed.attempts, %error, "mail given up on");
        }
        Outcome::Dropped => {}
    }
    if let Err(error) = outbox::settle(db, claimed.id, claim, &outcome).await {
        tracing::warn!(id = %claimed.id, %error, "could not record what became of a mail");
    }
    true
}

async fn deliver(mailer: &Mailer, claimed: &Claimed) -> Result<(), MailError> {
    let recipient = &claimed.recipient;
    let zone: Tz = recipient.timezone.parse().unwrap_or(Tz::UTC);
    let stop_link = mailer.web_link(&format!("{MAIL_STOP_PATH}/{}", claimed.id));
    let letter = {
        let web_link = |path: &str| mailer.web_link(path);
        let links = NoticeLinks { web_link: &web_link, stop_link: &stop_link };
        letters::notice(&claimed.notice, recipient.id, &recipient.first_name, zone, &links)
    };
    let notification = Notification { id: claimed.id, invites: invites(mailer, claimed), stop_link };
    mailer.send_notification(&recipient.email, letter, notification).await
}

/// The calendar files a scheduling notice carries: the entries as they now are, or removals.
fn invites(mailer: &Mailer, claimed: &Claimed) -> Vec<Invite> {
    let organizer = mailer.sender_address();
    let addresses = Addresses { organizer: &organizer, attendee: &claimed.recipient.email };
    let now = Utc::now();
    let series_invite =
        |series| calendar::series_invite(series, Some(&addresses), Some(&mailer.web_link("/")), now);
    let (session, method) = match &claimed.notice {
        Notice::SessionScheduled(session) | Notice::SessionMoved { session, .. } => {
            (session, Method::Request)
        }
        Notice::SessionCancelled(session) => (session, Method::Cancel),
        Notice::SeriesScheduled(series) => return vec![series_invite(series)],
        Notice::SeriesChanged { series, before } => {
            return std::iter::once(series).chain(before.as_deref()).map(series_invite).collect();
        }
        Notice::ActionAssigned(_) | Notice::SessionReminder(_) | Notice::WeeklyDigest(_) => {
            return Vec::new();
        }
    };
    let page = mailer.web_link(&format!("/sessions/{}", session.session_id));
    vec![calendar::session_invite(session, method, Some(&addresses), Some(&page), now)]
}

/// Writes the reminders and digests that fell due to the outbox; every api looks, each is written
/// once (by its event key).
async fn find_due(db: &DatabaseConnection, digest_time: DigestTime) {
    let reminders = sessions::due_reminders(db).await.map(|due| {
        due.into_iter()
            .map(|(to, key, session)| (to, key, Notice::SessionReminder(session)))
            .collect::<Vec<_>>()
    });
    let digests = digest::due(db, digest_time).await.map(|due| {
        due.into_iter().map(|(to, key, week)| (to, key, Notice::WeeklyDigest(week))).collect::<Vec<_>>()
    });
    for found in [reminders, digests] {
        let due = match found {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(%error, "could not look for reminders and digests due");
                continue;
            }
        };
        for (recipient, key, notice) in due {
            if let Err(error) = outbox::enqueue_due(db, recipient, &key, &notice).await {
                tracing::warn!(%error, key, "could not write a mail that fell due");
            }
        }
    }
}

async fn report_backlog(db: &DatabaseConnection) {
    match outbox::backlog(db).await {
        Ok((pending, dead)) => {
            metrics::gauge!("mail_outbox", "state" => "pending").set(pending as f64);
            metrics::gauge!("mail_outbox", "state" => "dead").set(dead as f64);
        }
        Err(error) => tracing::warn!(%error, "could not count the outbox"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(transient: bool) -> MailError {
        MailError::Refused { server: "smtp://mail".to_owned(), cause: "no".to_owned(), transient }
    }

    #[test]
    fn a_mail_is_tried_with_doubling_pauses_then_given_up_on() {
        let persistence = Persistence { max_attempts: 4, first_pause: Duration::from_secs(30) };
        let pause = |attempts| match persistence.after_failure(attempts, &refused(true)) {
            Outcome::Retry { after, .. } => Some(after.as_secs()),
            _ => None,
        };
        assert_eq!([pause(1), pause(2), pause(3), pause(4)], [Some(30), Some(60), Some(120), None]);
        assert!(matches!(persistence.after_failure(1, &refused(false)), Outcome::Dead { .. }));
        let patient = Persistence { max_attempts: 100, first_pause: Duration::from_secs(30) };
        assert!(
            matches!(patient.after_failure(40, &refused(true)), Outcome::Retry { after, .. } if after == MAX_RETRY_PAUSE)
        );
    }
}

//! Mail the api sends (invitations, password resets, email confirmations, notifications) over SMTP
//! with lettre.
//! Without SMTP_URL there is no mailer: the links are shown to an admin to hand over instead.
//! What each mail says lives in [`letters`]; the calendar files notifications carry in [`calendar`].

pub mod calendar;
pub mod letters;

use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, Message, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use service_kit::database::redact_database_url;
use uuid::Uuid;

use crate::config::Config;

use self::calendar::Invite;
pub use letters::Letter;

/// How long one send may take (connecting included) before the request that needed it fails.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Sends mail through the configured SMTP server; cheap to clone (one shared connection pool).
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// SMTP_URL without its password, to name the server in messages and logs.
    server: String,
    web_origin: String,
}

/// A mail that did not go out; the message names the problem, never a password.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0:?} is not an email address mail can be sent to")]
    BadRecipient(String),
    #[error("the mail server {server} did not take the mail: {cause}")]
    Refused { server: String, cause: String, transient: bool },
}

impl MailError {
    /// Worth trying again later: the server was unreachable or said "not now".
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Refused { transient: true, .. })
    }
}

impl Mailer {
    /// The mailer SMTP_URL and MAIL_FROM describe, or `None` when SMTP_URL is unset. Each error
    /// names the variable to fix, so a bad value stops the api at start, not at the first send.
    /// Call it inside the async runtime (the connection pool cleans up in the background).
    pub fn from_config(config: &Config) -> Result<Option<Self>, String> {
        let Some(url) = config.smtp_url.as_deref().filter(|url| !url.is_empty()) else { return Ok(None) };
        let server = redact_database_url(url);
        let from = config.mail_from.as_deref().filter(|from| !from.is_empty()).ok_or(
            "SMTP_URL is set, so MAIL_FROM must be too: the sender, e.g. \"Coaching <no-reply@example.com>\"",
        )?;
        let from: Mailbox = from.parse().map_err(|error| {
            format!("MAIL_FROM={from:?} is not a mailbox like \"Coaching <no-reply@example.com>\": {error}")
        })?;
        let production = config.server.is_production();
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&with_tls_default(url, production)?)
            .map_err(|error| format!("SMTP_URL={server:?} is not usable: {error}"))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        Ok(Some(Self { transport, from, server, web_origin: config.web_origin()? }))
    }

    /// The address of a web page, as people open it from a mail.
    pub fn web_link(&self, path: &str) -> String {
        format!("{}{path}", self.web_origin)
    }

    /// Sends `letter` to `to` and waits until the SMTP server has taken it.
    pub async fn send(&self, to: &str, letter: Letter) -> Result<(), MailError> {
        self.deliver(to, letter, None).await
    }

    /// Sends a notification from the outbox (see [`Notification`]).
    pub async fn send_notification(
        &self,
        to: &str,
        letter: Letter,
        notification: Notification,
    ) -> Result<(), MailError> {
        self.deliver(to, letter, Some(notification)).await
    }

    /// The address mail comes from, which calendar invitations name as their organizer.
    pub fn sender_address(&self) -> String {
        self.from.email.to_string()
    }

    async fn deliver(
        &self,
        to: &str,
        letter: Letter,
        notification: Option<Notification>,
    ) -> Result<(), MailError> {
        let recipient: Mailbox = to.parse().map_err(|_| MailError::BadRecipient(to.to_owned()))?;
        let mut builder = Message::builder().from(self.from.clone()).to(recipient).subject(letter.subject);
        let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(letter.text);
        let message = match notification {
            None => builder.singlepart(text),
            Some(notification) => {
                builder = builder
                    .message_id(Some(format!("<{}@{}>", notification.id, self.from.email.domain())))
                    .raw_header(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{}>", notification.stop_link)))
                    .raw_header(HeaderValue::new(
                        LIST_UNSUBSCRIBE_POST,
                        "List-Unsubscribe=One-Click".to_owned(),
                    ));
                if notification.invites.is_empty() {
                    builder.singlepart(text)
                } else {
                    let mut parts = MultiPart::mixed().singlepart(text);
                    for (index, invite) in notification.invites.into_iter().enumerate() {
                        let calendar = ContentType::parse(&format!(
                            "text/calendar; charset=utf-8; method={}",
                            invite.method.as_str()
                        ))
                        .expect("a valid content type");
                        let name = if index == 0 {
                            "invite.ics".to_owned()
                        } else {
                            format!("invite-{}.ics", index + 1)
                        };
                        parts = parts.singlepart(Attachment::new(name).body(invite.ics, calendar));
                    }
                    builder.multipart(parts)
                }
            }
        }
        .map_err(|_| MailError::BadRecipient(to.to_owned()))?;
        self.transport.send(message).await.map(drop).map_err(|error| {
            let transient = !error.is_permanent();
            tracing::warn!(server = %self.server, %error, "mail not sent");
            MailError::Refused { server: self.server.clone(), cause: error.to_string(), transient }
        })
    }
}

/// What a notification carries besides its letter: its outbox id, the same on every attempt, as
/// Message-ID (a receiver that got it once can tell a repeat); calendar files; and the link that
/// stops that kind of mail, which mail programs offer as "unsubscribe" (RFC 2369, one click by
/// RFC 8058).
pub struct Notification {
    pub id: Uuid,
    pub invites: Vec<Invite>,
    pub stop_link: String,
}

const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");

/// `smtp://` with no `tls` parameter: STARTTLS when the server offers it (lettre alone would
/// send in the clear), and always when the URL carries a password, which must never cross the
/// network in the clear, or in `production`, where mail holds links that take over accounts.
/// `tls=none` asks for the clear explicitly, e.g. for a relay on the same host; production refuses
/// the clear (and STARTTLS that may be skipped) unless the server is on this machine.
fn with_tls_default(url: &str, production: bool) -> Result<String, String> {
    let server = redact_database_url(url);
    let mut parsed = url::Url::parse(url)
        .map_err(|error| format!("SMTP_URL={server:?} is not a URL like smtp://host:587: {error}"))?;
    if parsed.scheme() != "smtp" {
        return Ok(url.to_owned());
    }
    let mut pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let asked = pairs.iter().position(|(key, _)| key == "tls").map(|index| pairs.remove(index).1);
    let tls = match asked.as_deref() {
        Some("none") => None,
        Some(mode) => Some(mode.to_owned()),
        None if parsed.password().is_some() || production => Some("required".to_owned()),
        None => Some("opportunistic".to_owned()),
    };
    let loopback = parsed.host_str().is_some_and(service_kit::is_loopback_host);
    if production && !loopback && tls.as_deref() != Some("required") {
        return Err(format!(
            "SMTP_URL={server:?}: RUNTIME_ENV=production sends mail to another machine only over TLS; \
             use smtps://host:465, or smtp://host:587 without tls= (STARTTLS, required)"
        ));
    }
    pairs.extend(tls.map(|mode| ("tls".to_owned(), mode)));
    parsed.set_query(None);
    if !pairs.is_empty() {
        parsed.query_pairs_mut().extend_pairs(pairs);
    }
    Ok(parsed.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_uses_starttls_when_offered_and_always_with_a_password() {
        let development = |url| with_tls_default(url, false).unwrap();
        assert_eq!(development("smtp://mail:1025"), "smtp://mail:1025?tls=opportunistic");
        assert_eq!(development("smtp://mail:1025?tls=none"), "smtp://mail:1025");
        assert_eq!(development("smtp://u:p@mail?tls=required"), "smtp://u:p@mail?tls=required");
        assert_eq!(development("smtp://u:p@mail:587"), "smtp://u:p@mail:587?tls=required");
        assert_eq!(development("smtp://mail?ehlo=x&tls=none"), "smtp://mail?ehlo=x");
        assert_eq!(development("smtps://u:p@mail"), "smtps://u:p@mail");
    }

    #[test]
    fn production_sends_to_another_machine_only_over_tls() {
        let production = |url| with_tls_default(url, true);
        assert_eq!(
            production("smtp://relay.example.com:587").unwrap(),
            "smtp://relay.example.com:587?tls=required"
        );
        assert_eq!(production("smtps://u:p@relay.example.com").unwrap(), "smtps://u:p@relay.example.com");
        assert_eq!(production("smtp://127.0.0.1:25?tls=none").unwrap(), "smtp://127.0.0.1:25");
        for clear in
            ["smtp://u:s3cret@relay.example.com?tls=none", "smtp://relay.example.com?tls=opportunistic"]
        {
            let refused = production(clear).unwrap_err();
            assert!(refused.contains("RUNTIME_ENV=production") && !refused.contains("s3cret"), "{refused}");
        }
    }

    fn mailer(args: &[&str]) -> Result<Option<Mailer>, String> {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            config: Config,
        }
        let argv = ["api"].iter().chain(args);
        Mailer::from_config(&<Cli as clap::Parser>::try_parse_from(argv).expect("arguments parse").config)
    }

    #[tokio::test]
    async fn bad_mail_settings_stop_the_start_naming_the_variable_without_the_password() {
        assert!(mailer(&[]).unwrap().is_none());
        let no_sender = mailer(&["--smtp-url", "smtp://mail:1025"]).err().unwrap();
        assert!(no_sender.contains("MAIL_FROM"), "{no_sender}");
        let bad_sender =
            mailer(&["--smtp-url", "smtp://mail:1025", "--mail-from", "not an address"]).err().unwrap();
        assert!(bad_sender.contains("MAIL_FROM"), "{bad_sender}");
        let from = ["--mail-from", "Coaching <no-reply@example.com>"];
        let bad_url = mailer(&["--smtp-url", "imap://user:s3cret@mail:993", from[0], from[1]]).err().unwrap();
        assert!(bad_url.contains("SMTP_URL") && !bad_url.contains("s3cret"), "{bad_url}");
        assert!(mailer(&["--smtp-url", "smtps://user:s3cret@mail", from[0], from[1]]).unwrap().is_some());
    }
}

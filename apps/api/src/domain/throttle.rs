//! What is throttled, and how hard: a token bucket per [`Bucket`] (a burst, then one more every
//! interval). The buckets live in PostgreSQL (`storage::throttle`), so every api process counts
//! the same attempts.
//!
//! Login attempts are charged before the password is checked (a guesser learns nothing from a
//! 429) and given back when the password was right, so only failures count. A device that signed
//! in to the account before has a bucket of its own: failures from elsewhere do not lock the owner
//! out. Reset mails have their own, stricter buckets, so guesses do not hold back the owner's
//! reset mail either.

use std::time::Duration;

use uuid::Uuid;

/// A burst of `burst` attempts, then one more every `interval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub interval: Duration,
}

impl Rate {
    pub const fn new(burst: u32, interval_seconds: u64) -> Self {
        Self { burst, interval: Duration::from_secs(interval_seconds) }
    }
}

/// The rates the operator sets (the others are fixed below).
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    pub login_account: Rate,
    pub login_address: Rate,
    pub reset_mail_account: Rate,
    pub reset_mail_address: Rate,
}

/// How long a refused caller must wait before its next attempt can pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, rounded up (what `Retry-After` carries): never "0", which would invite a retry now.
    pub fn seconds(self) -> u64 {
        (self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)).max(1)
    }
}

/// Mails one organization's admins may have the platform send (invitations, reset-link
/// notices): a busy day of onboarding, then one every 5 minutes — not a spam cannon.
pub const MAIL_PER_ORGANIZATION: Rate = Rate::new(200, 300);
/// Mails one admin may have the platform send, whatever the organization.
pub const MAIL_PER_SENDER: Rate = Rate::new(50, 120);
/// Notes, agreements, actions, goals and sessions written in one relationship: far beyond what
/// two people write in a session, then one a minute, so nobody can bury a relationship (and
/// everyone's pages of it) under generated entries.
pub const WRITES_PER_RELATIONSHIP: Rate = Rate::new(500, 60);

/// One thing counted. Keys are what the table stores; emails are lower-cased by the caller and
/// client addresses are IPv6 /64s already (`ClientKey`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bucket {
    /// Login attempts (and current-password checks) from one client address.
    LoginAddress(String),
    /// Login attempts at one account, from devices it does not know.
    LoginAccount(String),
    /// Login attempts at one account from one device that signed in to it before.
    LoginDevice(String),
    /// Checks of the signed-in person's current password (changing password or email).
    PasswordCheck(Uuid),
    /// Reset mails asked for from one client address.
    ResetMailAddress(String),
    /// Reset mails asked for one email address.
    ResetMailAccount(String),
    /// Mails sent on behalf of one organization's admins.
    MailOrganization(Uuid),
    /// Mails sent on behalf of one admin.
    MailSender(Uuid),
    /// Entries written in one relationship.
    RelationshipWrites(Uuid),
}

impl Bucket {
    /// The key the bucket is stored under; emails longer than any account's are cut, so a long
    /// key only costs its bytes.
    pub fn key(&self) -> String {
        let bounded = |text: &str| text.chars().take(contract::limits::MAX_EMAIL_BYTES).collect::<String>();
        match self {
            Self::LoginAddress(address) => format!("login-address:{address}"),
            Self::LoginAccount(email) => format!("login-account:{}", bounded(email)),
            Self::LoginDevice(device) => format!("login-device:{device}"),
            Self::PasswordCheck(user) => format!("password-check:{user}"),
            Self::ResetMailAddress(address) => format!("reset-mail-address:{address}"),
            Self::ResetMailAccount(email) => format!("reset-mail-account:{}", bounded(email)),
            Self::MailOrganization(organization) => format!("mail-organization:{organization}"),
            Self::MailSender(user) => format!("mail-sender:{user}"),
            Self::RelationshipWrites(relationship) => format!("relationship-writes:{relationship}"),
        }
    }

    /// What a refusal tells people is limited.
    pub fn refusal(&self) -> &'static str {
        match self {
            Self::LoginAddress(_) | Self::LoginAccount(_) | Self::LoginDevice(_) | Self::PasswordCheck(_) => {
                "too many login attempts"
            }
            Self::ResetMailAddress(_) | Self::ResetMailAccount(_) => {
                "too many password reset mails asked for"
            }
            Self::MailOrganization(_) | Self::MailSender(_) => "too many mails sent",
            Self::RelationshipWrites(_) => "too many entries written in this relationship",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(RetryAfter(Duration::ZERO).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(1)).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_secs(3)).seconds(), 3);
        assert_eq!(RetryAfter(Duration::from_millis(3001)).seconds(), 4);
    }

    #[test]
    fn keys_name_their_purpose_and_stay_bounded() {
        assert_eq!(Bucket::LoginAddress("2001:db8::/64".into()).key(), "login-address:2001:db8::/64");
        let long = "x".repeat(10_000);
        assert!(Bucket::LoginAccount(long).key().len() < 300);
        assert_ne!(
            Bucket::LoginAccount("a@b.c".into()).key(),
            Bucket::ResetMailAccount("a@b.c".into()).key()
        );
    }
}

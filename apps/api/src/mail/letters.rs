//! What the api's mails say: one function per kind of mail, plain text, short. Each names who it
//! is for or from, the link, and how long the link works.

use std::time::Duration;

/// A mail's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
}

/// An invitation to join `organization` (the link lets its holder create an account or accept
/// with the one they have).
pub fn invitation(organization: &str, inviter: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: format!("Invitation to {organization} on the coaching platform"),
        text: format!(
            "Hello,\n\n{inviter} invites you to join {organization} on the coaching platform.\n\n\
             Open this link to accept:\n{link}\n\n\
             The link works once, for {}. If you did not expect this invitation, ignore this mail.\n",
            in_words(lifetime)
        ),
    }
}

/// A link to choose a new password, asked for on the forgot-password page.
pub fn password_reset(first_name: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "Choose a new password for the coaching platform".to_owned(),
        text: format!(
            "Hello {first_name},\n\nSomeone (we hope you) asked to reset your password.\n\n\
             Open this link to choose a new one:\n{link}\n\n\
             The link works once, for {}; using it signs you out everywhere else. \
             If you did not ask for it, ignore this mail: your password stays as it is.\n",
            in_words(lifetime)
        ),
    }
}

/// A link to confirm `new_email` as the account's address, mailed to that address.
pub fn email_confirmation(first_name: &str, new_email: &str, link: &str, lifetime: Duration) -> Letter {
    Letter {
        subject: "Confirm your new email for the coaching platform".to_owned(),
        text: format!(
            "Hello {first_name},\n\nSomeone (we hope you) asked to use {new_email} for their account on \
             the coaching platform.\n\nOpen this link to confirm:\n{link}\n\n\
             The link works once, for {}; afterwards you log in with {new_email}. \
             If you did not ask for it, ignore this mail: nothing changes.\n",
            in_words(lifetime)
        ),
    }
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
        assert!(letter.text.contains("Hello Ada"));
        assert!(letter.text.contains("https://c.example/account/password/abc"));
        assert!(letter.text.contains("for 1 hour"));
    }
}

//! What a new password must be: between the contract's length bounds and hard to guess, as zxcvbn
//! estimates it (the person's own email and name count as easy guesses). It applies when a
//! password is chosen, never when one is checked at login, so passwords set earlier keep working.

use contract::limits::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use zxcvbn::Score;

use super::validate::{Checked, InvalidInput};

/// zxcvbn's "safely unguessable": about 10^10 guesses, beyond an online attack that is throttled.
const MIN_STRENGTH: Score = Score::Three;

/// `raw` unchanged when it may become a password; otherwise a message for `field` that says why,
/// with zxcvbn's own warning and suggestions.
pub fn new_password(field: &str, raw: &str, personal_words: &[&str]) -> Checked<String> {
    let length = raw.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(InvalidInput::new(format!("{field} must have at least {MIN_PASSWORD_CHARS} characters")));
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(InvalidInput::new(format!("{field} must have at most {MAX_PASSWORD_CHARS} characters")));
    }
    let estimate = zxcvbn::zxcvbn(raw, personal_words);
    if estimate.score() >= MIN_STRENGTH {
        return Ok(raw.to_owned());
    }
    let reason = estimate
        .feedback()
        .map(|feedback| {
            let warning = feedback.warning().map(|warning| format!(" {warning}"));
            let suggestions: Vec<String> = feedback.suggestions().iter().map(ToString::to_string).collect();
            format!(
                "{}{}",
                warning.unwrap_or_default(),
                if suggestions.is_empty() { String::new() } else { format!(" {}", suggestions.join(" ")) }
            )
        })
        .unwrap_or_default();
    Err(InvalidInput::new(format!("{field} is too easy to guess.{reason}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_long_and_guessable_passwords_saying_why() {
        let short = new_password("password", "Tr0ub4dor&3", &[]).unwrap_err().0;
        assert!(short.contains("at least 12"), "{short}");
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert!(new_password("password", &long, &[]).unwrap_err().0.contains("at most"));
        let common = new_password("password", "password1234", &[]).unwrap_err().0;
        assert!(common.starts_with("password is too easy to guess."), "{common}");
        assert!(common.len() > "password is too easy to guess.".len(), "zxcvbn says why: {common}");
    }

    #[test]
    fn the_persons_own_name_counts_as_a_guess() {
        let own_email = "ada@example.com.au";
        assert!(new_password("password", own_email, &[]).is_ok());
        assert!(new_password("password", own_email, &[own_email]).is_err());
    }

    #[test]
    fn accepts_a_long_unusual_passphrase() {
        let phrase = "correct horse battery staple orbit";
        assert_eq!(new_password("new_password", phrase, &[]), Ok(phrase.to_owned()));
    }
}

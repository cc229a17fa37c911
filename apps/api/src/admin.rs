//! `api admin create`: the first account of an empty installation (or any later one), made from
//! the server's shell. It never takes a password: it prints a one-time link where the person
//! chooses their own. It never touches an existing account: a link for one would hand it to
//! whoever runs the command (people who forgot their password use "forgot password").

use anyhow::{Context, bail};
use clap::Subcommand;
use contract::ACCOUNT_PASSWORD_PATH;

use crate::auth::secret_token;
use crate::config::Config;
use crate::domain::validate;
use crate::storage::one_time_links::LinkPurpose;
use crate::storage::people::{self, NewAccount};

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account without a password and print a one-time link where its owner chooses
    /// the password. Refuses an email that has an account. Works in production.
    Create {
        /// The person's email address.
        #[arg(long)]
        email: String,
        /// The person's name, e.g. "Ada Lovelace" (the last word becomes the last name).
        #[arg(long)]
        name: String,
        /// Make a new account a super admin (may create organizations and manage everyone).
        #[arg(long)]
        super_admin: bool,
    },
}

pub async fn run(config: &Config, command: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::Create { email, name, super_admin } = command;
    let email = validate::email("--email", &email).map_err(anyhow::Error::msg)?;
    let (first_name, last_name) =
        split_name(&name).map_err(|invalid| anyhow::anyhow!("--name: {invalid}"))?;
    let web_origin = config.web_origin().map_err(anyhow::Error::msg)?;
    let db = crate::state::database(config).await?;
    let (token, digest) = secret_token::mint();
    let account = NewAccount {
        email: &email,
        password_hash: None,
        first_name: &first_name,
        last_name: &last_name,
        timezone: "UTC",
        // Whoever runs this on the server vouches for the address.
        email_verified: true,
        is_super_admin: super_admin,
    };
    if !people::create_with_password_link(&db, account, &digest).await.context("creating the account")? {
        bail!(
            "{email} already has an account; nothing changed. If its owner forgot the password, \
             they use \"Forgot your password?\" on the login page, or an admin of their organization \
             makes them a reset link on its members page"
        );
    }
    let hours = LinkPurpose::SetPassword.lifetime().as_secs() / 3600;
    let made = if super_admin { "created super admin" } else { "created" };
    println!("{made} {email}; they choose their password here:");
    println!("{web_origin}{ACCOUNT_PASSWORD_PATH}/{token}");
    println!(
        "The link works once, for {hours} hours. Hand it over privately: whoever opens it owns the account."
    );
    Ok(())
}

/// "Ada Lovelace" → ("Ada", "Lovelace"); a single name has an empty last name.
fn split_name(raw: &str) -> validate::Checked<(String, String)> {
    let name = validate::text("name", raw, 2 * validate::MAX_NAME_CHARS)?;
    let (first, last) = name.rsplit_once(char::is_whitespace).unwrap_or((&name, ""));
    Ok((
        validate::text("first name", first, validate::MAX_NAME_CHARS)?,
        validate::optional_text("last name", last, validate::MAX_NAME_CHARS)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_the_last_name() {
        assert_eq!(split_name(" Ada  King Lovelace ").unwrap(), ("Ada  King".into(), "Lovelace".into()));
        assert_eq!(split_name("Plato").unwrap(), ("Plato".into(), String::new()));
        assert!(split_name("  ").is_err());
    }
}

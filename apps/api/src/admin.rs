//! `api admin create`: the first account of an empty installation (or any later one), made from
//! the server's shell. It never takes a password: it prints a one-time link where the person
//! chooses their own.

use anyhow::Context;
use clap::Subcommand;
use contract::ACCOUNT_PASSWORD_PATH;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use uuid::Uuid;

use crate::auth::one_time_links::{self, LinkPurpose};
use crate::config::Config;
use crate::domain::validate;
use crate::storage::entities::user;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account without a password (or find the one with this email) and print a
    /// one-time link where its owner chooses the password. Works in production.
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
    let email = validate::email(&email).map_err(|invalid| anyhow::anyhow!("--email: {invalid}"))?;
    let (first_name, last_name) =
        split_name(&name).map_err(|invalid| anyhow::anyhow!("--name: {invalid}"))?;
    let web_origin = config.web_origin().map_err(anyhow::Error::msg)?;
    let db = crate::state::database(config).await?;
    let txn = db.begin().await.context("connecting to the database")?;
    let existing = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&txn).await?;
    let user_id = match &existing {
        Some(user) => user.id,
        None => {
            let new_account = user::ActiveModel {
                id: Set(Uuid::new_v4()),
                email: Set(email.clone()),
                password_hash: Set(None),
                first_name: Set(first_name),
                last_name: Set(last_name),
                is_super_admin: Set(super_admin),
                ..Default::default()
            };
            new_account.insert(&txn).await?.id
        }
    };
    let token = one_time_links::create(&txn, user_id, LinkPurpose::SetPassword).await?;
    txn.commit().await?;
    let hours = LinkPurpose::SetPassword.lifetime().as_secs() / 3600;
    match existing {
        Some(user) => println!(
            "{email} already has an account{}; nothing about it changed. A new link to choose its password:",
            if user.is_super_admin { " (super admin)" } else { "" }
        ),
        None if super_admin => println!("created super admin {email}; they choose their password here:"),
        None => println!("created {email}; they choose their password here:"),
    }
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

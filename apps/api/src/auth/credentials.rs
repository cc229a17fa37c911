//! What people set on their own account. Every path that sets a password (a one-time link,
//! changing one's own) goes through [`replace_password`], so each ends the other login sessions.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use uuid::Uuid;

use super::login_sessions;

/// Stores `password_hash` for `user_id` and ends its login sessions except `keep` (the caller's).
pub async fn replace_password(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    password_hash: &str,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE users SET password_hash = $2 WHERE id = $1",
        [user_id.into(), password_hash.into()],
    ))
    .await?;
    login_sessions::end_others(db, user_id, keep).await
}

/// A new account's owner corrects the name the account was made with.
pub async fn rename(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    first_name: &str,
    last_name: &str,
) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE users SET first_name = $2, last_name = $3 WHERE id = $1",
        [user_id.into(), first_name.into(), last_name.into()],
    ))
    .await?;
    Ok(())
}

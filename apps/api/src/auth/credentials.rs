//! What people set on their own account, and whether the account may get in at all. Every path
//! that sets a password (a one-time link, changing one's own) goes through [`replace_password`],
//! so each ends the other login sessions; deactivating goes through [`deactivate`], which ends
//! them all.

use std::net::IpAddr;

use axum::http::StatusCode;
use contract::UserAccount;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use uuid::Uuid;

use super::{login_sessions, password};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::entities::user;
use crate::storage::people;

/// Checks the signed-in `user`'s current password before a change that needs it (403
/// `wrong_password` naming `current_password`); guesses are throttled like logins (429).
pub async fn confirm_current_password(
    state: &AppState,
    client: IpAddr,
    user: &user::Model,
    current_password: String,
) -> ApiResult<()> {
    state.login_limits.check(&user.email, client).map_err(ApiError::too_many_attempts)?;
    if password::verify(current_password, user.password_hash.clone()).await? {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "wrong_password", "current_password is wrong"))
    }
}

/// What a deactivated account is told when it tries to get in.
const DEACTIVATED: &str = "This account is deactivated. Ask your administrator to reactivate it.";

/// Refuses a deactivated account (403 `account_deactivated`). Logins call it only once the
/// password checked out, so a guesser learns nothing about the account.
pub fn refuse_deactivated(user: &user::Model) -> ApiResult<()> {
    match user.deactivated_at {
        Some(_) => Err(ApiError::new(StatusCode::FORBIDDEN, "account_deactivated", DEACTIVATED)),
        None => Ok(()),
    }
}

/// Deactivates the account and ends all its login sessions; run it in a transaction so both
/// happen together. `None` when there is no such account.
pub async fn deactivate(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Option<UserAccount>, DbErr> {
    let account = people::set_deactivated(db, user_id, true).await?;
    if account.is_some() {
        login_sessions::end_others(db, user_id, None).await?;
    }
    Ok(account)
}

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

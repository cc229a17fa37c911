//! What people set on their own account, and whether the account may get in at all. Every path
//! that sets a password (a one-time link, changing one's own) goes through [`replace_password`],
//! and every email change through [`change_email`], so each ends the other login sessions or
//! retires the links made before; deactivating goes through [`deactivate`], which ends them all.

use axum::http::StatusCode;
use contract::UserAccount;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use service_kit::client_address::ClientAddress;
use uuid::Uuid;

use super::{login_sessions, one_time_links, password};
use crate::domain::throttle::Bucket;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::entities::user;
use crate::storage::people;

/// Checks the signed-in `user`'s current password before a change that needs it (403
/// `wrong_password` naming `current_password`); wrong guesses are throttled per account and per
/// client address (429), right ones are not counted.
pub async fn confirm_current_password(
    state: &AppState,
    client: ClientAddress,
    user: &user::Model,
    current_password: String,
) -> ApiResult<()> {
    let charges = state
        .throttle
        .charge_all([Bucket::LoginAddress(client.key().to_string()), Bucket::PasswordCheck(user.id)])
        .await?;
    if password::verify(current_password, user.password_hash.clone()).await? {
        state.throttle.refund(charges).await
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

/// Deactivates the account, ends all its login sessions and retires its links; run it in a
/// transaction so all happen together. `None` when there is no such account.
pub async fn deactivate(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Option<UserAccount>, DbErr> {
    let account = people::set_deactivated(db, user_id, true).await?;
    if account.is_some() {
        login_sessions::end_others(db, user_id, None).await?;
        one_time_links::retire_all(db, user_id).await?;
    }
    Ok(account)
}

/// Stores `password_hash` for `user_id`, ends its login sessions except `keep` (the caller's) and
/// retires its unused links: a pending email change or reset link from before must not outlive
/// the password that an owner recovering their account just chose (see
/// `one_time_links::retire_after_change` for the one kind that stays).
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
    login_sessions::end_others(db, user_id, keep).await?;
    one_time_links::retire_after_change(db, user_id).await
}

/// Moves the account to `email` (proven: a link mailed there was used) and retires its unused
/// links, which were made for the address it had. A unique violation (another account has the
/// address) is the caller's to report.
pub async fn change_email(db: &impl ConnectionTrait, user_id: Uuid, email: &str) -> Result<(), DbErr> {
    people::change_email(db, user_id, email).await?;
    one_time_links::retire_after_change(db, user_id).await
}

/// The rightful owner took the account back through a link mailed to its old address: `email`
/// and a new password, every login session ended and every link retired (the undo links of
/// other changes too: the owner is back).
pub async fn restore(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    email: &str,
    password_hash: &str,
) -> Result<(), DbErr> {
    change_email(db, user_id, email).await?;
    replace_password(db, user_id, password_hash, None).await?;
    one_time_links::retire_all(db, user_id).await
}

/// Records that the account's owner reads mail at its address (they used a link mailed there, or
/// a super admin vouches for it); `None` when there is no such account.
pub async fn mark_email_verified(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<UserAccount>, DbErr> {
    people::set_email_verified(db, user_id).await
}

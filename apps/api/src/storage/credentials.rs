//! Where an account's ability to get in changes, each change in one transaction: passwords,
//! email changes and deactivation. Every path that sets a password (a one-time link, changing
//! one's own) ends the other logins and retires the links made before; deactivating ends them
//! all. A link used for a change is used up in the change's transaction, so a change that fails
//! leaves it usable.

use contract::UserAccount;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, TransactionTrait};
use uuid::Uuid;

use super::one_time_links::{self, CHOOSE_PASSWORD, LinkPurpose};
use super::{execute, logins, password_resets, people};
use crate::domain::policy;

/// Stores `password_hash` for `user_id`, ends its logins except `keep` (the digest of the
/// caller's) and retires its unused links: a pending email change or reset link from before must
/// not outlive the password that an owner recovering their account just chose (see
/// `one_time_links::retire_after_change` for the one kind that stays).
async fn replace_password(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    password_hash: &str,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    execute(db, "UPDATE users SET password_hash = $2 WHERE id = $1", [user_id.into(), password_hash.into()])
        .await?;
    logins::end_others(db, user_id, keep).await?;
    one_time_links::retire_after_change(db, user_id).await
}

/// Moves the account to `email` (proven: a link mailed there was used) and retires its unused
/// links, which were made for the address it had. A unique violation (another account has the
/// address) is the caller's to report.
async fn change_email(db: &impl ConnectionTrait, user_id: Uuid, email: &str) -> Result<(), DbErr> {
    people::change_email(db, user_id, email).await?;
    one_time_links::retire_after_change(db, user_id).await
}

/// The signed-in person changes their password; their own login (`keep`, its digest) stays.
pub async fn change_password(
    db: &DatabaseConnection,
    user_id: Uuid,
    password_hash: &str,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    replace_password(&txn, user_id, password_hash, keep).await?;
    txn.commit().await
}

/// Sets the password through a choose-password link and uses the link up; `false` when the link
/// is not usable. A link an organization admin made is checked again first, on today's
/// memberships ([`policy::reset_link_still_valid`]): one that lost its reason stays used up, for
/// good, and sets nothing (`false` too).
pub async fn set_password_by_link(
    db: &DatabaseConnection,
    link_digest: &str,
    password_hash: &str,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    // Checked again as it is used up: of two submissions of one link, only one passes.
    let Some(used) = one_time_links::use_up(&txn, link_digest, CHOOSE_PASSWORD).await? else {
        return Ok(false);
    };
    if let Some(minter) = used.created_by {
        let still_valid = password_resets::recheck(&txn, minter, used.user_id)
            .await?
            .is_some_and(|(minter, target)| policy::reset_link_still_valid(minter, target));
        if !still_valid {
            txn.commit().await?;
            return Ok(false);
        }
    }
    replace_password(&txn, used.user_id, password_hash, None).await?;
    if used.proves_address() {
        people::set_email_verified(&txn, used.user_id).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// Moves the account to the address a confirmation link was mailed to, and makes the link that
/// moves it back to `old_email` (known by `revert_digest`), in one step. The new address, or
/// `None` when the link is not usable. A unique violation (another account took the address
/// meanwhile) is the caller's to report; the link stays usable then.
pub async fn confirm_email(
    db: &DatabaseConnection,
    link_digest: &str,
    old_email: &str,
    revert_digest: &str,
) -> Result<Option<String>, DbErr> {
    let txn = db.begin().await?;
    // Checked again as it is used up: of two submissions of one link, only one passes.
    let used = one_time_links::use_up(&txn, link_digest, &[LinkPurpose::ConfirmEmail]).await?;
    let Some((user_id, new_email)) = used.and_then(|used| Some((used.user_id, used.new_email?))) else {
        return Ok(None);
    };
    change_email(&txn, user_id, &new_email).await?;
    one_time_links::create_email_link(&txn, revert_digest, user_id, LinkPurpose::RevertEmail, old_email)
        .await?;
    txn.commit().await?;
    Ok(Some(new_email))
}

/// The rightful owner takes the account back through a link mailed to its old address: that
/// address and a new password, every login ended and every link retired (the undo links of other
/// changes too: the owner is back). `false` when the link is not usable; a unique violation
/// (another account took the address meanwhile) is the caller's to report.
pub async fn restore(db: &DatabaseConnection, link_digest: &str, password_hash: &str) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    let used = one_time_links::use_up(&txn, link_digest, &[LinkPurpose::RevertEmail]).await?;
    let Some((user_id, restored_email)) = used.and_then(|used| Some((used.user_id, used.new_email?))) else {
        return Ok(false);
    };
    change_email(&txn, user_id, &restored_email).await?;
    replace_password(&txn, user_id, password_hash, None).await?;
    one_time_links::retire_all(&txn, user_id).await?;
    txn.commit().await?;
    Ok(true)
}

/// Deactivates the account, ends all its logins and retires its links, together. `None` when
/// there is no such account.
pub async fn deactivate(db: &DatabaseConnection, user_id: Uuid) -> Result<Option<UserAccount>, DbErr> {
    let txn = db.begin().await?;
    let account = people::set_deactivated(&txn, user_id, true).await?;
    if account.is_some() {
        logins::end_others(&txn, user_id, None).await?;
        one_time_links::retire_all(&txn, user_id).await?;
    }
    txn.commit().await?;
    Ok(account)
}

//! Devices that signed in to an account before: a random token in a long-lived cookie, kept here
//! as its SHA-256. A correct password from such a device is counted in the device's own throttle
//! bucket, not the account's (see `domain::throttle`).

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

use super::{changed_rows, execute, sql};

/// How long a device stays remembered after its last sign-in.
pub const REMEMBERED_DAYS: u32 = 365;
/// Devices remembered per account; signing in on one more forgets the least recently used.
const MAX_PER_ACCOUNT: i64 = 20;

/// The device of `digest`, when it signed in to the account with `email` before.
pub async fn known_for(db: &impl ConnectionTrait, digest: &str, email: &str) -> Result<bool, DbErr> {
    #[derive(FromQueryResult)]
    struct Known {
        known: bool,
    }
    let known = Known::find_by_statement(sql(
        "SELECT EXISTS (
             SELECT 1 FROM login_devices d JOIN users u ON u.id = d.user_id
             WHERE d.id = $1 AND u.email = $2
               AND d.last_login_at > now() - make_interval(days => $3)
         ) AS known",
        [digest.into(), email.into(), (REMEMBERED_DAYS as i32).into()],
    ))
    .one(db)
    .await?;
    Ok(known.is_some_and(|known| known.known))
}

/// Remembers (or refreshes) the device of `digest` for `user_id`, keeping the newest few.
pub async fn remember(db: &impl ConnectionTrait, digest: &str, user_id: Uuid) -> Result<(), DbErr> {
    execute(
        db,
        "WITH remembered AS (
             INSERT INTO login_devices (id, user_id) VALUES ($1, $2)
             ON CONFLICT (id) DO UPDATE SET last_login_at = now() WHERE login_devices.user_id = $2
         )
         DELETE FROM login_devices WHERE id IN (
             SELECT id FROM login_devices WHERE user_id = $2 AND id <> $1
             ORDER BY last_login_at DESC OFFSET $3
         )",
        [digest.into(), user_id.into(), (MAX_PER_ACCOUNT - 1).into()],
    )
    .await
}

/// Forgets devices not used for [`REMEMBERED_DAYS`]; run periodically.
pub async fn forget_stale(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    changed_rows(
        db,
        "DELETE FROM login_devices WHERE last_login_at <= now() - make_interval(days => $1)",
        [(REMEMBERED_DAYS as i32).into()],
    )
    .await
}

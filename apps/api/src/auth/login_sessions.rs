//! Server-side login sessions. The browser holds only a random token in an `HttpOnly` cookie;
//! PostgreSQL holds its SHA-256, the user and an expiry that slides forward while the user is
//! active (at most one write per minute per session, so reads stay reads), never past the
//! session's maximum lifetime.

use contract::API_SESSION_COOKIE;
use cookie::{Cookie, SameSite};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult, Statement};
use uuid::Uuid;

use super::secret_token;
use crate::state::LoginSessionSettings;
use crate::storage::entities::user;

/// How stale an expiry may get before a request pushes it forward again.
const EXTEND_AFTER_SECONDS: u64 = 60;

/// Starts a login session for `user_id` and returns the token to put in the cookie.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    settings: &LoginSessionSettings,
) -> Result<String, DbErr> {
    let token = secret_token::generate();
    let first_expiry = settings.expiry.min(settings.max_lifetime);
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO auth_sessions (id, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))",
        [secret_token::digest(&token).into(), user_id.into(), (first_expiry.as_secs() as f64).into()],
    ))
    .await?;
    Ok(token)
}

/// The user behind a live session token, sliding its expiry forward (up to the session's
/// maximum lifetime). `None` when the token is unknown or expired, or the account is deactivated
/// (deactivating ends its sessions; this also stops one that a login racing the deactivation
/// created).
pub async fn authenticate(
    db: &DatabaseConnection,
    token: &str,
    settings: &LoginSessionSettings,
) -> Result<Option<user::Model>, DbErr> {
    let expiry_seconds = settings.expiry.as_secs() as f64;
    let extend_when_below = expiry_seconds - EXTEND_AFTER_SECONDS as f64;
    let max_lifetime_seconds = settings.max_lifetime.as_secs() as f64;
    user::Model::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "WITH extended AS (
             UPDATE auth_sessions
             SET expires_at = least(now() + make_interval(secs => $2), created_at + make_interval(secs => $4))
             WHERE id = $1 AND expires_at > now()
               AND expires_at < least(now() + make_interval(secs => $3), created_at + make_interval(secs => $4))
         )
         SELECT u.* FROM auth_sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.expires_at > now() AND u.deactivated_at IS NULL
           AND s.created_at > now() - make_interval(secs => $4)",
        [
            secret_token::digest(token).into(),
            expiry_seconds.into(),
            extend_when_below.into(),
            max_lifetime_seconds.into(),
        ],
    ))
    .one(db)
    .await
}

pub async fn revoke(db: &DatabaseConnection, token: &str) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "DELETE FROM auth_sessions WHERE id = $1",
        [secret_token::digest(token).into()],
    ))
    .await?;
    Ok(())
}

/// Ends every login session of `user_id` except the one of `keep` (the caller's own, if any):
/// after a password change, whoever knew the old one is signed out everywhere else.
pub async fn end_others(db: &impl ConnectionTrait, user_id: Uuid, keep: Option<&str>) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "DELETE FROM auth_sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2",
        [user_id.into(), keep.map(secret_token::digest).into()],
    ))
    .await?;
    Ok(())
}

/// Deletes login sessions that have expired; run periodically so the table does not grow forever.
pub async fn purge_expired(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let result = db.execute_unprepared("DELETE FROM auth_sessions WHERE expires_at <= now()").await?;
    Ok(result.rows_affected())
}

pub fn cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((API_SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_is_http_only_lax_and_secure_only_when_asked() {
        let plain = cookie("t".into(), false).to_string();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"), "{plain}");
        assert!(!plain.contains("Secure"), "{plain}");
        assert!(cookie("t".into(), true).to_string().contains("Secure"));
    }
}

//! Logins kept server-side (the `auth_sessions` table): the digest of the token in the browser's
//! cookie, the account, and an expiry that slides forward while the person is active (at most
//! one write per minute per login, so reads stay reads), never past the login's maximum
//! lifetime.

use std::time::{Duration, Instant};

use quick_cache::sync::Cache;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::page::Condition;
use super::people::{CALLER_COLUMNS, CallerRow, caller_values};
use super::{execute, sql};
use crate::domain::caller::Caller;

/// How stale an expiry may get before a request pushes it forward again.
pub const EXTEND_AFTER: Duration = Duration::from_secs(60);

/// How long a login lasts.
#[derive(Debug, Clone, Copy)]
pub struct LoginLifetime {
    /// Without a request for this long, a login ends ...
    pub expiry: Duration,
    /// ... and this long after it began, in any case.
    pub max_lifetime: Duration,
}

/// How many logins [`RecentLogins`] remembers (about 200 bytes each); past that the least
/// recently used are forgotten and simply looked up again.
const RECENT_LOGINS: usize = 10_000;

/// Whom each login this api looked up in the last minute belonged to, by the digest of its
/// token. Nothing is trusted from here alone: reads start from it and check in their own
/// statement that the login is still live and still that person's exactly
/// ([`still_signed_in`]), so a logout, a deactivation or a change of rights
/// takes effect on the very next request. After a minute a login is looked up again, which also
/// slides its expiry forward.
pub struct RecentLogins(Cache<String, (Caller, Instant)>);

impl RecentLogins {
    pub fn new() -> Self {
        Self(Cache::new(RECENT_LOGINS))
    }

    /// Whom the login of `digest` belonged to, if it was looked up less than a minute ago.
    pub fn get(&self, digest: &str) -> Option<Caller> {
        let (caller, looked_up) = self.0.get(digest)?;
        (looked_up.elapsed() < EXTEND_AFTER).then_some(caller)
    }

    pub fn record(&self, digest: String, caller: Caller) {
        self.0.insert(digest, (caller, Instant::now()));
    }

    pub fn forget(&self, digest: &str) {
        self.0.remove(digest);
    }
}

impl Default for RecentLogins {
    fn default() -> Self {
        Self::new()
    }
}

/// Starts a login for `user_id`, known by the digest of its token.
pub async fn start(
    db: &DatabaseConnection,
    token_digest: &str,
    user_id: Uuid,
    lifetime: LoginLifetime,
) -> Result<(), DbErr> {
    let first_expiry = lifetime.expiry.min(lifetime.max_lifetime);
    execute(
        db,
        "INSERT INTO auth_sessions (id, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))",
        [token_digest.into(), user_id.into(), (first_expiry.as_secs() as f64).into()],
    )
    .await
}

/// The person behind a live login, sliding its expiry forward (up to the login's maximum
/// lifetime). `None` when the token is unknown or expired, or the account is deactivated
/// (deactivating ends its logins; this also stops one that a login racing the deactivation
/// created).
pub async fn caller(
    db: &DatabaseConnection,
    token_digest: &str,
    lifetime: LoginLifetime,
) -> Result<Option<Caller>, DbErr> {
    let expiry_seconds = lifetime.expiry.as_secs() as f64;
    let extend_when_below = expiry_seconds - EXTEND_AFTER.as_secs_f64();
    let max_lifetime_seconds = lifetime.max_lifetime.as_secs() as f64;
    let row = CallerRow::find_by_statement(sql(
        format!(
            "WITH extended AS (
                 UPDATE auth_sessions
                 SET expires_at = least(now() + make_interval(secs => $2), created_at + make_interval(secs => $4))
                 WHERE id = $1 AND expires_at > now()
                   AND expires_at < least(now() + make_interval(secs => $3), created_at + make_interval(secs => $4))
             )
             SELECT {CALLER_COLUMNS} FROM auth_sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id = $1 AND s.expires_at > now() AND u.deactivated_at IS NULL
               AND s.created_at > now() - make_interval(secs => $4)"
        ),
        [token_digest.into(), expiry_seconds.into(), extend_when_below.into(), max_lifetime_seconds.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(Caller::from))
}

/// The condition, for a read's own statement, that the login known by `token_digest` is live
/// and still `caller`'s exactly (the same account, not deactivated, with the name, time zone and
/// rights it had): a read that carries it needs no lookup of its own, and an ended login or a
/// changed account fails it at once. It slides no expiry: [`caller`] does that.
pub fn still_signed_in(token_digest: &str, caller: &Caller, lifetime: LoginLifetime) -> Condition {
    Condition {
        sql: format!(
            "EXISTS (SELECT 1 FROM auth_sessions login JOIN users u ON u.id = login.user_id
               WHERE login.id = ?1 AND login.expires_at > now() AND u.deactivated_at IS NULL
                 AND login.created_at > now() - make_interval(secs => ?2)
                 AND ({CALLER_COLUMNS}) = (?3, ?4, ?5, ?6, ?7, ?8))"
        ),
        values: [token_digest.into(), lifetime.max_lifetime.as_secs_f64().into()]
            .into_iter()
            .chain(caller_values(caller))
            .collect(),
    }
}

/// Ends the login known by `token_digest`, if there is one.
pub async fn end(db: &DatabaseConnection, token_digest: &str) -> Result<(), DbErr> {
    execute(db, "DELETE FROM auth_sessions WHERE id = $1", [token_digest.into()]).await
}

/// Ends every login of `user_id` except the one of `keep` (the caller's own, if any): after a
/// password change, whoever knew the old one is signed out everywhere else.
pub(super) async fn end_others(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<&str>,
) -> Result<(), DbErr> {
    execute(
        db,
        "DELETE FROM auth_sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2",
        [user_id.into(), keep.into()],
    )
    .await
}

/// Deletes logins that have expired; run periodically so the table does not grow forever.
pub async fn purge_expired(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let result = db.execute_unprepared("DELETE FROM auth_sessions WHERE expires_at <= now()").await?;
    Ok(result.rows_affected())
}

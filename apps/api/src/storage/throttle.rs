//! The token buckets of `domain::throttle`, in PostgreSQL so that every api process counts the
//! same attempts: one statement charges a bucket (and says how long to wait when it is empty),
//! one gives an attempt back.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use super::{execute, sql};
use crate::domain::throttle::{Rate, RetryAfter};

/// Counts one attempt against `key`; `Err(RetryAfter)` when its bucket is empty (nothing is
/// counted then). Concurrent charges of one key queue on its row, so a burst cannot overdraw it.
pub async fn charge(
    db: &impl ConnectionTrait,
    key: &str,
    rate: Rate,
) -> Result<Result<(), RetryAfter>, DbErr> {
    #[derive(FromQueryResult)]
    struct Charged {
        allowed: bool,
        wait_seconds: Option<f64>,
    }
    // GCRA: full_at moves one interval later per attempt; an attempt that would push it more than
    // a burst of intervals ahead of now is refused.
    let charged = Charged::find_by_statement(sql(
        "WITH current AS (
             SELECT greatest(full_at, now()) AS base FROM throttle_buckets WHERE key = $1
         ), charged AS (
             INSERT INTO throttle_buckets AS b (key, full_at)
             VALUES ($1, now() + make_interval(secs => $2::float8))
             ON CONFLICT (key) DO UPDATE SET full_at = greatest(b.full_at, now()) + make_interval(secs => $2::float8)
             WHERE greatest(b.full_at, now()) + make_interval(secs => $2::float8)
                   <= now() + make_interval(secs => $2::float8 * $3::float8)
             RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM charged) AS allowed,
                extract(epoch FROM (SELECT base FROM current) + make_interval(secs => $2::float8)
                                   - make_interval(secs => $2::float8 * $3::float8) - now())::float8 AS wait_seconds",
        [key.into(), rate.interval.as_secs_f64().into(), f64::from(rate.burst).into()],
    ))
    .one(db)
    .await?
    .ok_or(DbErr::RecordNotFound("the throttle answered nothing".to_owned()))?;
    if charged.allowed {
        return Ok(Ok(()));
    }
    let wait = charged.wait_seconds.unwrap_or(rate.interval.as_secs_f64()).max(0.0);
    Ok(Err(RetryAfter(Duration::from_secs_f64(wait))))
}

/// Gives back one attempt charged to `key`: it succeeded, and only failures count.
pub async fn refund(db: &impl ConnectionTrait, key: &str, rate: Rate) -> Result<(), DbErr> {
    execute(
        db,
        "UPDATE throttle_buckets SET full_at = full_at - make_interval(secs => $2::float8) WHERE key = $1",
        [key.into(), rate.interval.as_secs_f64().into()],
    )
    .await
}

/// Forgets buckets that are full again (they count nothing); run periodically.
pub async fn forget_full(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(db.execute_unprepared("DELETE FROM throttle_buckets WHERE full_at <= now()").await?.rows_affected())
}

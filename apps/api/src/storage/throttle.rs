//! The token buckets of `domain::throttle`, in PostgreSQL so that every api process counts the
//! same attempts: one statement charges a bucket (and says how long to wait when it is empty),
//! or charges it and makes the write it limits; one gives an attempt back.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, QueryResult, Value};

use super::page::Condition;
use super::{execute, sql};
use crate::domain::throttle::{Rate, RetryAfter};

/// A bucket to count a write against: its key and rate.
pub struct Quota {
    pub key: String,
    pub rate: Rate,
}

/// The statement's opening that counts one attempt against the bucket `$1` (`$2` seconds per
/// attempt, a burst of `$3`): GCRA, full_at moves one interval later per attempt; an attempt that
/// would push it more than a burst of intervals ahead of now is refused. The CTE `charged` has a
/// row when the attempt was counted; concurrent charges of one key queue on its row, so a burst
/// cannot overdraw it. Selects `quota_allowed` and `quota_wait_seconds` after it with
/// [`QUOTA_COLUMNS`].
const CHARGE: &str = "WITH current AS (
         SELECT greatest(full_at, now()) AS base FROM throttle_buckets WHERE key = $1
     ), charged AS (
         INSERT INTO throttle_buckets AS b (key, full_at)
         VALUES ($1, now() + make_interval(secs => $2::float8))
         ON CONFLICT (key) DO UPDATE SET full_at = greatest(b.full_at, now()) + make_interval(secs => $2::float8)
         WHERE greatest(b.full_at, now()) + make_interval(secs => $2::float8)
               <= now() + make_interval(secs => $2::float8 * $3::float8)
         RETURNING 1
     )";

/// Whether the attempt was counted, and else how long until it would be.
const QUOTA_COLUMNS: &str = "EXISTS (SELECT 1 FROM charged) AS quota_allowed,
    extract(epoch FROM (SELECT base FROM current) + make_interval(secs => $2::float8)
                       - make_interval(secs => $2::float8 * $3::float8) - now())::float8 AS quota_wait_seconds";

/// Counts one attempt against `key`; `Err(RetryAfter)` when its bucket is empty (nothing is
/// counted then).
pub async fn charge(
    db: &impl ConnectionTrait,
    key: &str,
    rate: Rate,
) -> Result<Result<(), RetryAfter>, DbErr> {
    let row = db
        .query_one_raw(sql(format!("{CHARGE} SELECT {QUOTA_COLUMNS}"), quota_values(key, rate)))
        .await?
        .ok_or(DbErr::RecordNotFound("the throttle answered nothing".to_owned()))?;
    Ok(refusal(&row, rate)?.map_or(Ok(()), Err))
}

/// Counts one attempt against `key` and, when it is counted, makes `writes` in the same statement:
/// one round trip for a write and its quota. `writes` are further CTEs (each SQL with `?1`, `?2`...
/// for its own values) whose changes must each depend on `EXISTS (SELECT 1 FROM charged)`,
/// directly or through another; the row of the CTE `written` comes back. `Err(RetryAfter)` when
/// the bucket is empty: then nothing is counted and nothing written.
pub async fn charged_write<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    quota: &Quota,
    writes: &[Condition],
) -> Result<Result<T, RetryAfter>, DbErr> {
    let mut values = quota_values(&quota.key, quota.rate);
    let ctes = writes.iter().map(|write| write.bind_into(&mut values)).collect::<Vec<_>>().join(", ");
    let statement = format!(
        "{CHARGE}, {ctes} SELECT written.*, {QUOTA_COLUMNS} FROM (SELECT) AS one LEFT JOIN written ON true"
    );
    let row = db
        .query_one_raw(sql(statement, values))
        .await?
        .ok_or(DbErr::RecordNotFound("the throttle answered nothing".to_owned()))?;
    match refusal(&row, quota.rate)? {
        Some(wait) => Ok(Err(wait)),
        None => Ok(Ok(T::from_query_result(&row, "")?)),
    }
}

fn quota_values(key: &str, rate: Rate) -> Vec<Value> {
    vec![key.into(), rate.interval.as_secs_f64().into(), f64::from(rate.burst).into()]
}

/// How long to wait, when the row of a charge says it was refused.
fn refusal(row: &QueryResult, rate: Rate) -> Result<Option<RetryAfter>, DbErr> {
    if row.try_get::<bool>("", "quota_allowed")? {
        return Ok(None);
    }
    let wait = row.try_get::<Option<f64>>("", "quota_wait_seconds")?.unwrap_or(rate.interval.as_secs_f64());
    Ok(Some(RetryAfter(Duration::from_secs_f64(wait.max(0.0)))))
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

//! The outbox: mail on its way. Notices are written in the transaction of the change that causes
//! them; the mail worker of each api claims one due row at a time (`FOR UPDATE SKIP LOCKED`, so
//! apis never wait on each other) for a lease, sends it, and settles it: sent, tried again later,
//! or dead (given up on, for an operator to look at). A claim whose api died mid-send expires and
//! another api takes the row over: at least once, with the row's id as the stable Message-ID.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::page::Condition;
use super::{changed_rows, sql};
use contract::MailKind;

use crate::domain::notices::{Notice, NoticeKind};

/// Who of a relationship's two people a notice is for (never the person who made the change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    pub coach: bool,
    pub coachee: bool,
}

impl Audience {
    pub const BOTH: Self = Self { coach: true, coachee: true };

    /// Those an action is assigned to.
    pub fn assigned(assignee: contract::ActionAssignee) -> Self {
        use contract::ActionAssignee::{Both, Coach, Coachee};
        Self { coach: matches!(assignee, Coach | Both), coachee: matches!(assignee, Coachee | Both) }
    }

    /// Whether the coach, and the coachee, are in it: SQL for [`notice_insert`].
    pub fn sql(self) -> [&'static str; 2] {
        let sql = |is_in: bool| if is_in { "true" } else { "false" };
        [sql(self.coach), sql(self.coachee)]
    }

    pub fn is_empty(self) -> bool {
        !self.coach && !self.coachee
    }
}

/// SQL condition over `u` (a `users` row): the person lets mail of `kind` through.
fn lets_through(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Scheduling => "u.mail_scheduling",
        MailKind::Actions => "u.mail_actions",
        MailKind::Reminders => "u.session_reminder <> 'off'",
        MailKind::Digest => "u.weekly_digest",
    }
}

/// SQL assignment for `users` that stops mail of `kind`.
pub fn stop_assignment(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Scheduling => "mail_scheduling = false",
        MailKind::Actions => "mail_actions = false",
        MailKind::Reminders => "session_reminder = 'off'",
        MailKind::Digest => "weekly_digest = false",
    }
}

/// SQL over `o` (an outbox row) and `u` (its recipient): they still want it, by its kind.
fn still_wanted() -> String {
    let cases: String = NoticeKind::ALL
        .iter()
        .map(|kind| format!(" WHEN '{}' THEN {}", kind.as_str(), lets_through(kind.mail_kind())))
        .collect();
    format!("(u.deactivated_at IS NULL AND CASE o.kind{cases} ELSE false END)")
}

/// Writes `notice` for those of `audience` in relationship `relationship_id` who are not `actor`,
/// are active members of its organization and let that kind of mail through. How many it wrote.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    relationship_id: Uuid,
    audience: Audience,
    actor: Uuid,
    notice: &Notice,
) -> Result<u64, DbErr> {
    let mut values = Vec::new();
    let insert = notice_insert(notice, "$4", audience.sql(), actor)?.bind_into(&mut values);
    values.push(relationship_id.into());
    changed_rows(db, insert, values).await
}

/// The `INSERT` of [`enqueue`], for a write's own statement: `relationship` is the SQL of the
/// relationship's id (e.g. read from the write's CTE; no row is written when it is NULL),
/// `[coach, coachee]` SQL that is true for those the notice is for (e.g. [`Audience::sql`]); its
/// values are `?1` to `?3`.
pub fn notice_insert(
    notice: &Notice,
    relationship: &str,
    [coach, coachee]: [&str; 2],
    actor: Uuid,
) -> Result<Condition, DbErr> {
    let payload = serde_json::to_value(notice).map_err(|error| DbErr::Custom(error.to_string()))?;
    Ok(Condition {
        sql: format!(
            "INSERT INTO outbox (kind, recipient_id, payload)
             SELECT ?1, u.id, ?2 FROM coaching_relationships r
             JOIN users u ON (u.id = r.coach_id AND {coach}) OR (u.id = r.coachee_id AND {coachee})
             WHERE r.id = {relationship} AND u.id <> ?3 AND u.deactivated_at IS NULL AND {}
               AND EXISTS (SELECT 1 FROM organization_memberships m
                           WHERE m.organization_id = r.organization_id AND m.user_id = u.id)",
            lets_through(notice.mail_kind())
        ),
        values: vec![notice.kind().as_str().into(), payload["payload"].clone().into(), actor.into()],
    })
}

/// Writes `notice` for `recipient` as work found due, once per `event_key` however many apis
/// find it (the others' inserts do nothing); whether this one wrote it.
pub async fn enqueue_due(
    db: &DatabaseConnection,
    recipient: Uuid,
    event_key: &str,
    notice: &Notice,
) -> Result<bool, DbErr> {
    let payload = serde_json::to_value(notice).map_err(|error| DbErr::Custom(error.to_string()))?;
    let written = changed_rows(
        db,
        "INSERT INTO outbox (kind, recipient_id, payload, event_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_key) DO NOTHING",
        [
            notice.kind().as_str().into(),
            recipient.into(),
            payload["payload"].clone().into(),
            event_key.into(),
        ],
    )
    .await?;
    Ok(written == 1)
}

/// A claimed row with what its mail needs of its recipient, read when it is sent.
#[derive(Debug)]
pub struct Claimed {
    pub id: Uuid,
    pub attempts: i32,
    pub notice: Notice,
    pub recipient: Recipient,
}

#[derive(Debug, Clone)]
pub struct Recipient {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub timezone: String,
    /// Still active and still letting this kind of mail through.
    pub wants_it: bool,
}

/// Claims the row that has waited longest among those due, for `lease`, as `claim`; `None` when
/// nothing is due. A row another api holds is skipped, not waited for.
pub async fn claim_next(
    db: &DatabaseConnection,
    claim: Uuid,
    lease: Duration,
) -> Result<Option<Claimed>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        attempts: i32,
        kind: String,
        payload: serde_json::Value,
        recipient_id: Uuid,
        email: String,
        first_name: String,
        timezone: String,
        wants_it: bool,
    }
    let row = Row::find_by_statement(sql(
        format!(
            "WITH due AS (
             SELECT id FROM outbox
             WHERE state = 'pending' AND next_attempt_at <= now()
               AND (claimed_until IS NULL OR claimed_until <= now())
             ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         UPDATE outbox o SET claim = $1, claimed_until = now() + make_interval(secs => $2),
                             attempts = o.attempts + 1
         FROM due, users u WHERE o.id = due.id AND u.id = o.recipient_id
         RETURNING o.id, o.attempts, o.kind, o.payload, o.recipient_id, u.email,
                   u.first_name, u.timezone, {} AS wants_it",
            still_wanted()
        ),
        [claim.into(), lease.as_secs_f64().into()],
    ))
    .one(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let notice: Notice =
        serde_json::from_value(serde_json::json!({ "kind": row.kind, "payload": row.payload }))
            .map_err(|error| DbErr::Custom(format!("outbox row {}: {error}", row.id)))?;
    Ok(Some(Claimed {
        id: row.id,
        attempts: row.attempts,
        notice,
        recipient: Recipient {
            id: row.recipient_id,
            email: row.email,
            first_name: row.first_name,
            timezone: row.timezone,
            wants_it: row.wants_it,
        },
    }))
}

/// What became of a claimed row's mail.
#[derive(Debug)]
pub enum Outcome {
    Sent,
    /// Not sent; try again after `after`.
    Retry {
        after: Duration,
        error: String,
    },
    /// Given up on: an operator looks at `error`.
    Dead {
        error: String,
    },
    /// Nobody wants it any more (the recipient turned this mail off or was deactivated).
    Dropped,
}

/// Records what became of the row `id` claimed as `claim`. A sent mail is recorded even when the
/// claim was lost meanwhile (another api will find it sent); the other outcomes only while the
/// claim holds, so they never undo another api's work.
pub async fn settle(db: &DatabaseConnection, id: Uuid, claim: Uuid, outcome: &Outcome) -> Result<(), DbErr> {
    let (text, values): (&str, Vec<sea_orm::Value>) = match outcome {
        Outcome::Sent => (
            "UPDATE outbox SET state = 'sent', sent_at = now(), claim = NULL, claimed_until = NULL, last_error = NULL
             WHERE id = $1 AND state = 'pending'",
            vec![id.into()],
        ),
        Outcome::Retry { after, error } => (
            "UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $3), claim = NULL,
                               claimed_until = NULL, last_error = $4
             WHERE id = $1 AND claim = $2 AND state = 'pending'",
            vec![id.into(), claim.into(), after.as_secs_f64().into(), error.clone().into()],
        ),
        Outcome::Dead { error } => (
            "UPDATE outbox SET state = 'dead', claim = NULL, claimed_until = NULL, last_error = $3
             WHERE id = $1 AND claim = $2 AND state = 'pending'",
            vec![id.into(), claim.into(), error.clone().into()],
        ),
        Outcome::Dropped => ("DELETE FROM outbox WHERE id = $1 AND claim = $2", vec![id.into(), claim.into()]),
    };
    changed_rows(db, text, values).await.map(drop)
}

/// A mail given up on, for an operator.
#[derive(Debug, FromQueryResult)]
pub struct DeadLetter {
    pub id: Uuid,
    pub kind: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// The most recent mails given up on, newest first.
pub async fn dead_letters(db: &DatabaseConnection, limit: u64) -> Result<Vec<DeadLetter>, DbErr> {
    DeadLetter::find_by_statement(sql(
        "SELECT id, kind, attempts, created_at, last_error FROM outbox WHERE state = 'dead'
         ORDER BY created_at DESC LIMIT $1",
        [(limit as i64).into()],
    ))
    .all(db)
    .await
}

/// How many rows wait to be sent and how many were given up on.
pub async fn backlog(db: &DatabaseConnection) -> Result<(i64, i64), DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        pending: i64,
        dead: i64,
    }
    let row = Row::find_by_statement(sql(
        "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending') AS pending,
                (SELECT count(*) FROM outbox WHERE state = 'dead') AS dead",
        [],
    ))
    .one(db)
    .await?
    .unwrap_or(Row { pending: 0, dead: 0 });
    Ok((row.pending, row.dead))
}

/// Puts every dead row back in the queue with a fresh count of attempts, after an operator fixed
/// what stopped it; how many.
pub async fn requeue_dead(db: &DatabaseConnection) -> Result<u64, DbErr> {
    changed_rows(
        db,
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = now() WHERE state = 'dead'",
        [],
    )
    .await
}

/// Forgets mail sent more than 30 days ago, so the table does not grow for ever.
pub async fn purge_sent(db: &DatabaseConnection) -> Result<u64, DbErr> {
    changed_rows(db, "DELETE FROM outbox WHERE state = 'sent' AND sent_at < now() - interval '30 days'", [])
        .await
}

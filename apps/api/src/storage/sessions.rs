//! Coaching sessions.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use contract::{CoachingSession, CoachingSessionUpdate, Page, SessionFilter, SortOrder};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, IntoActiveModel, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::access::{own_relationship, visible_relationship};
use super::entities::coaching_session;
use super::outbox::{self, Audience};
use super::page::{Keyset, ListQuery};
use super::people::{ParticipantsRow, participant_columns, participant_joins};
use super::sql;
use crate::domain::notices::{self, Announcer, Notice, Recurrence, SessionFacts};
use crate::domain::policy::Viewer;

/// Where a session stands in the lists: by start time, then id.
pub type SessionKey = (DateTime<Utc>, Uuid);

/// A page of the sessions the viewer may see, narrowed by `filter`, ordered by start time.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    filter: &SessionFilter,
    keyset: &Keyset<SessionKey>,
) -> Result<Page<CoachingSession>, DbErr> {
    let select = "SELECT s.* FROM coaching_sessions s
                  JOIN coaching_relationships r ON r.id = s.coaching_relationship_id";
    let mut list = ListQuery::new(select, "s.starts_at, s.id")
        .bind(viewer.user_id)
        .bind(viewer.is_super_admin)
        .only(visible_relationship("$1", "$2"))
        .descending(filter.sort == Some(SortOrder::Desc));
    if let Some(relationship_id) = filter.relationship_id {
        list = list.only_where("s.coaching_relationship_id = ?", relationship_id);
    }
    if let Some(from) = filter.from {
        list = list.only_where("s.starts_at >= ?", from);
    }
    if let Some(to) = filter.to {
        list = list.only_where("s.starts_at < ?", to);
    }
    let session = |row: coaching_session::Model| Ok(row.into());
    keyset.read(db, list, session, |session: &CoachingSession| (session.starts_at, session.id)).await
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CoachingSession>, DbErr> {
    Ok(coaching_session::Entity::find_by_id(id).one(db).await?.map(Into::into))
}

/// Schedules a session; `announce` is the person scheduling it when the others are to hear of it
/// by mail (in the same transaction: the mail goes out exactly when the session exists).
pub async fn create(
    db: &DatabaseConnection,
    relationship_id: Uuid,
    fields: CoachingSessionUpdate,
    announce: Option<&Announcer>,
) -> Result<CoachingSession, DbErr> {
    let txn = db.begin().await?;
    let session = coaching_session::ActiveModel {
        id: Set(Uuid::new_v4()),
        coaching_relationship_id: Set(relationship_id),
        title: Set(fields.parts.title),
        starts_at: Set(fields.starts_at),
        duration_minutes: Set(fields.parts.duration_minutes),
        meeting_url: Set(fields.parts.meeting_url),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(Announcer { id: actor, .. }) =
        announce.filter(|_| notices::worth_telling(ends_at(&session), Utc::now()))
    {
        let facts = existing_facts(&txn, session.id).await?;
        outbox::enqueue(&txn, relationship_id, Audience::BOTH, *actor, &Notice::SessionScheduled(facts))
            .await?;
    }
    txn.commit().await?;
    Ok(session.into())
}

/// Moves or renames a session, raising its calendar SEQUENCE when anything calendars show
/// changed; the others hear of it by mail (see [`create`]) only when its time moved.
pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    fields: CoachingSessionUpdate,
    announce: Option<&Announcer>,
) -> Result<Option<CoachingSession>, DbErr> {
    let txn = db.begin().await?;
    let Some(before) = coaching_session::Entity::find_by_id(id).lock_exclusive().one(&txn).await? else {
        return Ok(None);
    };
    let shown = |s: &coaching_session::Model| {
        (s.title.clone(), s.starts_at, s.duration_minutes, s.meeting_url.clone())
    };
    let mut after = before.clone();
    after.title = fields.parts.title;
    after.starts_at = fields.starts_at;
    after.duration_minutes = fields.parts.duration_minutes;
    after.meeting_url = fields.parts.meeting_url;
    if shown(&after) == shown(&before) {
        return Ok(Some(before.into()));
    }
    after.calendar_sequence = before.calendar_sequence + 1;
    let mut change = after.clone().into_active_model();
    for column in [
        coaching_session::Column::Title,
        coaching_session::Column::StartsAt,
        coaching_session::Column::DurationMinutes,
        coaching_session::Column::MeetingUrl,
        coaching_session::Column::CalendarSequence,
    ] {
        change.reset(column);
    }
    let after = change.update(&txn).await?;
    let moved = notices::session_moved(
        (before.starts_at, before.duration_minutes),
        (after.starts_at, after.duration_minutes),
    );
    let now = Utc::now();
    let news = notices::worth_telling(ends_at(&before), now) || notices::worth_telling(ends_at(&after), now);
    if let Some(Announcer { id: actor, .. }) = announce.filter(|_| moved && news) {
        let notice = Notice::SessionMoved {
            session: existing_facts(&txn, id).await?,
            previous_starts_at: before.starts_at,
        };
        outbox::enqueue(&txn, after.coaching_relationship_id, Audience::BOTH, *actor, &notice).await?;
    }
    txn.commit().await?;
    Ok(Some(after.into()))
}

/// Deletes a session with everything written in it; the others hear of it by mail (see
/// [`create`]) while it had not ended yet.
pub async fn delete(db: &DatabaseConnection, id: Uuid, announce: Option<&Announcer>) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let Some(session) = coaching_session::Entity::find_by_id(id).lock_exclusive().one(&txn).await? else {
        return Ok(());
    };
    let announce = announce.filter(|_| notices::worth_telling(ends_at(&session), Utc::now()));
    // What the mail says is read before the session goes.
    let cancelled = match announce {
        Some(_) => Some(existing_facts(&txn, id).await?),
        None => None,
    };
    coaching_session::Entity::delete_by_id(id).exec(&txn).await?;
    if let (Some(Announcer { id: actor, .. }), Some(mut facts)) = (announce, cancelled) {
        // A cancellation is one more change to the calendar entry.
        facts.sequence += 1;
        outbox::enqueue(
            &txn,
            session.coaching_relationship_id,
            Audience::BOTH,
            *actor,
            &Notice::SessionCancelled(facts),
        )
        .await?;
    }
    txn.commit().await
}

fn ends_at(session: &coaching_session::Model) -> DateTime<Utc> {
    session.starts_at + TimeDelta::minutes(session.duration_minutes.into())
}

/// The columns [`FactsRow`] reads, over `s` (a session) joined by [`FACTS_JOINS`].
const FACTS_COLUMNS: &str = concat!(
    "s.id AS session_id, s.title, s.starts_at, s.duration_minutes, s.calendar_sequence,
    s.meeting_url AS session_meeting_url, r.meeting_url AS relationship_meeting_url, ",
    participant_columns!(),
    ", s.series_id, x.timezone AS series_timezone, s.occurrence_day + x.local_time AS original_local"
);
const FACTS_JOINS: &str = concat!(
    "JOIN coaching_relationships r ON r.id = s.coaching_relationship_id ",
    participant_joins!(),
    " LEFT JOIN session_series x ON x.id = s.series_id"
);

/// A session as its mail and calendar entry show it, as read.
#[derive(FromQueryResult)]
struct FactsRow {
    session_id: Uuid,
    title: Option<String>,
    starts_at: DateTime<Utc>,
    duration_minutes: i32,
    calendar_sequence: i32,
    session_meeting_url: Option<String>,
    relationship_meeting_url: Option<String>,
    #[sea_orm(nested)]
    participants: ParticipantsRow,
    series_id: Option<Uuid>,
    series_timezone: Option<String>,
    original_local: Option<NaiveDateTime>,
}

impl From<FactsRow> for SessionFacts {
    fn from(row: FactsRow) -> Self {
        let (coach, coachee) = row.participants.into_pair();
        Self {
            session_id: row.session_id,
            title: row.title,
            starts_at: row.starts_at,
            duration_minutes: row.duration_minutes,
            meeting_url: contract::join_url(
                row.session_meeting_url.as_deref(),
                row.relationship_meeting_url.as_deref(),
            ),
            sequence: row.calendar_sequence,
            coach,
            coachee,
            recurrence: match (row.series_id, row.series_timezone, row.original_local) {
                (Some(series_id), Some(timezone), Some(original_local)) => {
                    Some(Recurrence { series_id, timezone, original_local })
                }
                _ => None,
            },
        }
    }
}

/// Session `id` as its mail and calendar entry show it: with its two people, and the meeting link
/// it is joined at (its own, else the relationship's). `None` when it is gone.
pub async fn facts(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<SessionFacts>, DbErr> {
    let row = FactsRow::find_by_statement(sql(
        format!("SELECT {FACTS_COLUMNS} FROM coaching_sessions s {FACTS_JOINS} WHERE s.id = $1"),
        [id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(Into::into))
}

/// The sessions of `person`'s relationships (while a member of their organizations) from `from`
/// on, soonest first, at most `limit`: what their calendar feed holds.
pub async fn facts_of_person(
    db: &DatabaseConnection,
    person: Uuid,
    from: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<SessionFacts>, DbErr> {
    let rows = FactsRow::find_by_statement(sql(
        format!(
            "SELECT {FACTS_COLUMNS} FROM coaching_sessions s {FACTS_JOINS}
             WHERE {} AND s.starts_at >= $2 ORDER BY s.starts_at, s.id LIMIT $3",
            own_relationship("$1")
        ),
        [person.into(), from.into(), (limit as i64).into()],
    ))
    .all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

async fn existing_facts(db: &impl ConnectionTrait, id: Uuid) -> Result<SessionFacts, DbErr> {
    facts(db, id).await?.ok_or(DbErr::RecordNotFound("session".to_owned()))
}

/// The reminders due now: each session of an active relationship starting within its
/// participant's chosen lead time (an hour or a day), for each participant who wants one, when
/// the session was scheduled before that time began (otherwise the mail that scheduled it was
/// reminder enough). Each comes with its recipient and its event key: a session moved later is
/// reminded of again.
pub async fn due_reminders(db: &DatabaseConnection) -> Result<Vec<(Uuid, String, SessionFacts)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Due {
        recipient_id: Uuid,
        #[sea_orm(nested)]
        facts: FactsRow,
    }
    let due = Due::find_by_statement(sql(
        format!(
            "SELECT u.id AS recipient_id, {FACTS_COLUMNS}
             FROM coaching_sessions s {FACTS_JOINS}
             JOIN users u ON u.id IN (r.coach_id, r.coachee_id)
             CROSS JOIN LATERAL (SELECT CASE u.session_reminder WHEN 'hour_before' THEN interval '1 hour'
                                                                WHEN 'day_before' THEN interval '1 day' END AS lead) l
             WHERE s.starts_at > now() AND s.starts_at <= now() + interval '1 day'
               AND s.starts_at <= now() + l.lead AND s.created_at < s.starts_at - l.lead
               AND r.ended_at IS NULL AND u.deactivated_at IS NULL AND {}",
            own_relationship("u.id")
        ),
        [],
    ))
    .all(db)
    .await?;
    Ok(due
        .into_iter()
        .map(|due| {
            let facts = SessionFacts::from(due.facts);
            let key = format!("reminder:{}:{}:{}", facts.session_id, due.recipient_id, facts.sequence);
            (due.recipient_id, key, facts)
        })
        .collect())
}

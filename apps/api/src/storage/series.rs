//! Series of sessions: the rhythm, and its sessions made with it in one transaction.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use contract::{CoachingSession, CoachingSessionUpdate, Series, SessionParts};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::entities::coaching_session;
use super::outbox::{self, Audience};
use super::people::{ParticipantsRow, participant_columns, participant_joins};
use super::{execute, sql};
use crate::domain::notices::{Announcer, Notice, SeriesFacts};
use crate::domain::series::{Rhythm, SeriesEnd};

/// What a series schedules: its rhythm and what each of its sessions is.
pub struct SeriesFields {
    pub rhythm: Rhythm,
    pub sessions: SessionParts,
}

/// Writes series `id` of relationship `relationship_id` as `rhythm` and `parts` say: a new one,
/// or an existing one changed (its calendar SEQUENCE raised).
async fn save(
    db: &impl ConnectionTrait,
    id: Uuid,
    relationship_id: Uuid,
    rhythm: &Rhythm,
    parts: &SessionParts,
) -> Result<(), DbErr> {
    let (occurrences, last_day) = match rhythm.end {
        SeriesEnd::After(count) => (Some(count as i32), None),
        SeriesEnd::On(day) => (None, Some(day)),
    };
    execute(
        db,
        "INSERT INTO session_series (id, coaching_relationship_id, timezone, first_day, local_time, every_weeks,
                                     occurrences, last_day, duration_minutes, title, meeting_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET first_day = EXCLUDED.first_day, local_time = EXCLUDED.local_time,
             occurrences = EXCLUDED.occurrences, last_day = EXCLUDED.last_day,
             duration_minutes = EXCLUDED.duration_minutes, title = EXCLUDED.title,
             meeting_url = EXCLUDED.meeting_url, calendar_sequence = session_series.calendar_sequence + 1",
        [
            id.into(),
            relationship_id.into(),
            rhythm.zone.name().into(),
            rhythm.first_day.into(),
            rhythm.local_time.into(),
            (rhythm.every_weeks as i32).into(),
            occurrences.into(),
            last_day.into(),
            parts.duration_minutes.into(),
            parts.title.clone().into(),
            parts.meeting_url.clone().into(),
        ],
    )
    .await
}

/// Schedules a series and all its sessions; the other participant hears of it by one mail with
/// one calendar entry (see `sessions::create`).
pub async fn create(
    db: &DatabaseConnection,
    relationship_id: Uuid,
    fields: SeriesFields,
    announce: Option<&Announcer>,
) -> Result<Series, DbErr> {
    let txn = db.begin().await?;
    let id = Uuid::new_v4();
    let (rhythm, parts) = (fields.rhythm, &fields.sessions);
    save(&txn, id, relationship_id, &rhythm, parts).await?;
    let planned = rhythm.occurrences();
    for occurrence in &planned {
        coaching_session::ActiveModel {
            id: Set(Uuid::new_v4()),
            coaching_relationship_id: Set(relationship_id),
            title: Set(parts.title.clone()),
            starts_at: Set(occurrence.starts_at),
            duration_minutes: Set(parts.duration_minutes),
            meeting_url: Set(parts.meeting_url.clone()),
            series_id: Set(Some(id)),
            occurrence_day: Set(Some(occurrence.day)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let last_ends =
        planned.last().map(|last| last.starts_at + TimeDelta::minutes(parts.duration_minutes.into()));
    if let Some(announcer) = announce.filter(|_| last_ends.is_some_and(|end| end > Utc::now())) {
        let facts = facts(&txn, id).await?;
        outbox::enqueue(&txn, relationship_id, Audience::BOTH, announcer.id, &Notice::SeriesScheduled(facts))
            .await?;
    }
    txn.commit().await?;
    get(db, id).await?.ok_or(DbErr::RecordNotInserted)
}

/// The series `id` as its mail and calendar entry show it, from what is stored: its rule, the
/// days it skips (no session any more), the meeting link its sessions are joined at.
async fn facts(db: &impl ConnectionTrait, id: Uuid) -> Result<SeriesFacts, DbErr> {
    let row = SeriesRow::find_by_statement(sql(
        format!(
            "SELECT x.*, {}, r.meeting_url AS relationship_meeting_url,
                    ARRAY(SELECT s.occurrence_day FROM coaching_sessions s WHERE s.series_id = x.id) AS days
             FROM session_series x
             JOIN coaching_relationships r ON r.id = x.coaching_relationship_id {}
             WHERE x.id = $1",
            participant_columns!(),
            participant_joins!()
        ),
        [id.into()],
    ))
    .one(db)
    .await?
    .ok_or(DbErr::RecordNotFound("series".to_owned()))?;
    let rhythm = row.rhythm.rhythm()?;
    let (coach, coachee) = row.participants.into_pair();
    let planned = rhythm.occurrences();
    let skipped = planned
        .iter()
        .filter(|occurrence| !row.days.contains(&occurrence.day))
        .map(|occurrence| occurrence.day.and_time(rhythm.local_time))
        .collect();
    Ok(SeriesFacts {
        series_id: id,
        title: row.title,
        timezone: rhythm.zone.name().to_owned(),
        first_local: rhythm.first_day.and_time(rhythm.local_time),
        first_starts_at: rhythm.instant(rhythm.first_day),
        duration_minutes: row.duration_minutes,
        rrule: rhythm.rrule(),
        every_weeks: rhythm.every_weeks,
        sessions: row.days.len(),
        skipped,
        meeting_url: contract::join_url(row.meeting_url.as_deref(), row.relationship_meeting_url.as_deref()),
        sequence: row.calendar_sequence,
        coach,
        coachee,
    })
}

/// The columns a [`RhythmRow`] reads from `session_series`.
const RHYTHM_COLUMNS: &str = "timezone, first_day, local_time, every_weeks, occurrences, last_day";

/// A series' rhythm as stored.
#[derive(FromQueryResult)]
struct RhythmRow {
    timezone: String,
    first_day: NaiveDate,
    local_time: NaiveTime,
    every_weeks: i32,
    occurrences: Option<i32>,
    last_day: Option<NaiveDate>,
}

#[derive(FromQueryResult)]
struct SeriesRow {
    #[sea_orm(nested)]
    rhythm: RhythmRow,
    duration_minutes: i32,
    title: Option<String>,
    meeting_url: Option<String>,
    calendar_sequence: i32,
    #[sea_orm(nested)]
    participants: ParticipantsRow,
    relationship_meeting_url: Option<String>,
    days: Vec<NaiveDate>,
}

impl RhythmRow {
    fn rhythm(&self) -> Result<Rhythm, DbErr> {
        let zone: Tz =
            self.timezone.parse().map_err(|_| DbErr::Custom(format!("unknown zone {}", self.timezone)))?;
        let end = match (self.occurrences, self.last_day) {
            (Some(count), _) => SeriesEnd::After(count as u32),
            (None, Some(day)) => SeriesEnd::On(day),
            (None, None) => return Err(DbErr::Custom("a series without an end".to_owned())),
        };
        Ok(Rhythm {
            first_day: self.first_day,
            local_time: self.local_time,
            zone,
            every_weeks: self.every_weeks as u32,
            end,
        })
    }
}

/// Moves session `session_id` of its series and every later one (skipped days stay skipped).
/// When it is not the first, the series is split: the old one ends the day before, the moved
/// sessions form a new series. The other participant gets one mail with both calendar entries.
/// `None` when the session is gone or belongs to no series.
pub async fn change_following(
    db: &DatabaseConnection,
    session_id: Uuid,
    change: CoachingSessionUpdate,
    announce: Option<&Announcer>,
) -> Result<Option<Series>, DbErr> {
    let txn = db.begin().await?;
    let Some(session) = coaching_session::Entity::find_by_id(session_id).lock_exclusive().one(&txn).await?
    else {
        return Ok(None);
    };
    let (Some(old_id), Some(from_day)) = (session.series_id, session.occurrence_day) else { return Ok(None) };
    let old = RhythmRow::find_by_statement(sql(
        format!("SELECT {RHYTHM_COLUMNS} FROM session_series WHERE id = $1 FOR UPDATE"),
        [old_id.into()],
    ))
    .one(&txn)
    .await?
    .ok_or(DbErr::RecordNotFound("series".to_owned()))?;
    let old_rhythm = old.rhythm()?;
    let starts_at_local = change.starts_at.with_timezone(&old_rhythm.zone).naive_local();
    let shift = starts_at_local.date() - from_day;
    let moved_days = |day: NaiveDate| day + shift;
    let end = match old_rhythm.end {
        SeriesEnd::On(last_day) => SeriesEnd::On(moved_days(last_day)),
        SeriesEnd::After(count) => {
            let before =
                old_rhythm.occurrences().iter().filter(|occurrence| occurrence.day < from_day).count();
            SeriesEnd::After(count - before as u32)
        }
    };
    let rhythm = Rhythm {
        first_day: starts_at_local.date(),
        local_time: starts_at_local.time(),
        zone: old_rhythm.zone,
        every_weeks: old_rhythm.every_weeks,
        end,
    };
    let split = from_day > old_rhythm.first_day;
    let new_id = if split { Uuid::new_v4() } else { old_id };
    if split {
        execute(
            &txn,
            "UPDATE session_series SET occurrences = NULL, last_day = $2, calendar_sequence = calendar_sequence + 1
             WHERE id = $1",
            [old_id.into(), (from_day - TimeDelta::days(1)).into()],
        )
        .await?;
    }
    let parts = &change.parts;
    save(&txn, new_id, session.coaching_relationship_id, &rhythm, parts).await?;
    let following = coaching_session::Entity::find()
        .filter(coaching_session::Column::SeriesId.eq(old_id))
        .filter(coaching_session::Column::OccurrenceDay.gte(from_day))
        .order_by_desc(coaching_session::Column::OccurrenceDay)
        .all(&txn)
        .await?;
    // Latest first: a day moved later never lands on a day a session still holds.
    let ordered: Vec<_> =
        if shift.num_days() > 0 { following } else { following.into_iter().rev().collect() };
    for moving in ordered {
        let day = moved_days(moving.occurrence_day.unwrap_or(from_day));
        execute(
            &txn,
            "UPDATE coaching_sessions SET series_id = $2, occurrence_day = $3, starts_at = $4, duration_minutes = $5,
                    title = $6, meeting_url = $7, calendar_sequence = calendar_sequence + 1
             WHERE id = $1",
            [
                moving.id.into(),
                new_id.into(),
                day.into(),
                rhythm.instant(day).into(),
                parts.duration_minutes.into(),
                parts.title.clone().into(),
                parts.meeting_url.clone().into(),
            ],
        )
        .await?;
    }
    if let Some(announcer) = announce {
        let before = if split { Some(Box::new(facts(&txn, old_id).await?)) } else { None };
        let notice = Notice::SeriesChanged { series: facts(&txn, new_id).await?, before };
        outbox::enqueue(&txn, session.coaching_relationship_id, Audience::BOTH, announcer.id, &notice)
            .await?;
    }
    txn.commit().await?;
    get(db, new_id).await
}

/// The series `id` with its sessions still to come (or under way).
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Series>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        coaching_relationship_id: Uuid,
        #[sea_orm(nested)]
        rhythm: RhythmRow,
        duration_minutes: i32,
        title: Option<String>,
        meeting_url: Option<String>,
        ended_at: Option<DateTime<Utc>>,
    }
    let Some(row) = Row::find_by_statement(sql(
        format!(
            "SELECT id, coaching_relationship_id, {RHYTHM_COLUMNS}, duration_minutes, title, meeting_url, ended_at
             FROM session_series WHERE id = $1"
        ),
        [id.into()],
    ))
    .one(db)
    .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    let upcoming: Vec<CoachingSession> = coaching_session::Entity::find()
        .filter(coaching_session::Column::SeriesId.eq(id))
        .filter(coaching_session::Column::StartsAt.gt(now - TimeDelta::days(1)))
        .order_by_asc(coaching_session::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(CoachingSession::from)
        .filter(|session| session.ends_at() > now)
        .collect();
    Ok(Some(Series {
        id: row.id,
        relationship_id: row.coaching_relationship_id,
        timezone: row.rhythm.timezone,
        first_day: row.rhythm.first_day,
        local_time: row.rhythm.local_time,
        every_weeks: row.rhythm.every_weeks as u32,
        occurrences: row.rhythm.occurrences.map(|count| count as u32),
        last_day: row.rhythm.last_day,
        duration_minutes: row.duration_minutes,
        title: row.title,
        meeting_url: row.meeting_url,
        ended_at: row.ended_at,
        upcoming,
    }))
}

/// Ends series `id`: its sessions still to come are deleted (those under way or past stay, with
/// what was written in them). Ending it again changes nothing.
pub async fn end(db: &DatabaseConnection, id: Uuid) -> Result<Option<Series>, DbErr> {
    let txn = db.begin().await?;
    execute(
        &txn,
        "UPDATE session_series SET ended_at = COALESCE(ended_at, now()) WHERE id = $1",
        [id.into()],
    )
    .await?;
    execute(&txn, "DELETE FROM coaching_sessions WHERE series_id = $1 AND starts_at > now()", [id.into()])
        .await?;
    txn.commit().await?;
    get(db, id).await
}

/// Ends every series of relationship `relationship_id` (as `end` does), with the relationship.
pub async fn end_all_of(db: &impl ConnectionTrait, relationship_id: Uuid) -> Result<(), DbErr> {
    execute(
        db,
        "WITH ended AS (UPDATE session_series SET ended_at = COALESCE(ended_at, now())
                        WHERE coaching_relationship_id = $1 RETURNING id)
         DELETE FROM coaching_sessions WHERE series_id IN (SELECT id FROM ended) AND starts_at > now()",
        [relationship_id.into()],
    )
    .await
}

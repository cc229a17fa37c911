//! Series of sessions: the rhythm, and its sessions made with it in one transaction.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use contract::{CoachingSession, Series};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

use super::entities::coaching_session;
use super::outbox::{self, Audience};
use super::{execute, sql};
use crate::domain::notices::{Announcer, Notice, Participant, SeriesFacts};
use crate::domain::series::{Rhythm, SeriesEnd};

/// What a series schedules: its rhythm and what each of its sessions is.
pub struct SeriesFields {
    pub rhythm: Rhythm,
    pub duration_minutes: i32,
    pub title: Option<String>,
    pub meeting_url: Option<String>,
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
    let rhythm = fields.rhythm;
    let (occurrences, last_day) = match rhythm.end {
        SeriesEnd::After(count) => (Some(count as i32), None),
        SeriesEnd::On(day) => (None, Some(day)),
    };
    execute(
        &txn,
        "INSERT INTO session_series (id, coaching_relationship_id, timezone, first_day, local_time, every_weeks,
                                     occurrences, last_day, duration_minutes, title, meeting_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        [
            id.into(),
            relationship_id.into(),
            rhythm.zone.name().into(),
            rhythm.first_day.into(),
            rhythm.local_time.into(),
            (rhythm.every_weeks as i32).into(),
            occurrences.into(),
            last_day.into(),
            fields.duration_minutes.into(),
            fields.title.clone().into(),
            fields.meeting_url.clone().into(),
        ],
    )
    .await?;
    let planned = rhythm.occurrences();
    for occurrence in &planned {
        coaching_session::ActiveModel {
            id: Set(Uuid::new_v4()),
            coaching_relationship_id: Set(relationship_id),
            title: Set(fields.title.clone()),
            starts_at: Set(occurrence.starts_at),
            duration_minutes: Set(fields.duration_minutes),
            meeting_url: Set(fields.meeting_url.clone()),
            series_id: Set(Some(id)),
            occurrence_day: Set(Some(occurrence.day)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let last_ends =
        planned.last().map(|last| last.starts_at + TimeDelta::minutes(fields.duration_minutes.into()));
    if let Some(announcer) = announce.filter(|_| last_ends.is_some_and(|end| end > Utc::now())) {
        let facts = facts(&txn, id, relationship_id, &fields, planned.len()).await?;
        outbox::enqueue(&txn, relationship_id, Audience::BOTH, announcer.id, &Notice::SeriesScheduled(facts))
            .await?;
    }
    txn.commit().await?;
    get(db, id).await?.ok_or(DbErr::RecordNotInserted)
}

/// The series as its mail and calendar entry show it.
async fn facts(
    db: &impl ConnectionTrait,
    id: Uuid,
    relationship_id: Uuid,
    fields: &SeriesFields,
    sessions: usize,
) -> Result<SeriesFacts, DbErr> {
    #[derive(FromQueryResult)]
    struct People {
        coach_id: Uuid,
        coach_name: String,
        coachee_id: Uuid,
        coachee_name: String,
        meeting_url: Option<String>,
    }
    let people = People::find_by_statement(sql(
        "SELECT c.id AS coach_id, btrim(c.first_name || ' ' || c.last_name) AS coach_name,
                e.id AS coachee_id, btrim(e.first_name || ' ' || e.last_name) AS coachee_name, r.meeting_url
         FROM coaching_relationships r JOIN users c ON c.id = r.coach_id JOIN users e ON e.id = r.coachee_id
         WHERE r.id = $1",
        [relationship_id.into()],
    ))
    .one(db)
    .await?
    .ok_or(DbErr::RecordNotFound("relationship".to_owned()))?;
    let rhythm = fields.rhythm;
    Ok(SeriesFacts {
        series_id: id,
        title: fields.title.clone(),
        timezone: rhythm.zone.name().to_owned(),
        first_local: rhythm.first_day.and_time(rhythm.local_time),
        first_starts_at: rhythm.instant(rhythm.first_day),
        duration_minutes: fields.duration_minutes,
        rrule: rhythm.rrule(),
        every_weeks: rhythm.every_weeks,
        sessions,
        meeting_url: contract::join_url(fields.meeting_url.as_deref(), people.meeting_url.as_deref()),
        sequence: 0,
        coach: Participant { id: people.coach_id, name: people.coach_name },
        coachee: Participant { id: people.coachee_id, name: people.coachee_name },
    })
}

/// The series `id` with its sessions still to come (or under way).
pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Series>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        coaching_relationship_id: Uuid,
        timezone: String,
        first_day: NaiveDate,
        local_time: NaiveTime,
        every_weeks: i32,
        occurrences: Option<i32>,
        last_day: Option<NaiveDate>,
        duration_minutes: i32,
        title: Option<String>,
        meeting_url: Option<String>,
        ended_at: Option<DateTime<Utc>>,
    }
    let Some(row) = Row::find_by_statement(sql(
        "SELECT id, coaching_relationship_id, timezone, first_day, local_time, every_weeks, occurrences,
                last_day, duration_minutes, title, meeting_url, ended_at
         FROM session_series WHERE id = $1",
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
        timezone: row.timezone,
        first_day: row.first_day,
        local_time: row.local_time,
        every_weeks: row.every_weeks as u32,
        occurrences: row.occurrences.map(|count| count as u32),
        last_day: row.last_day,
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

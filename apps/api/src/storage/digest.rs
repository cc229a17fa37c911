//! The weekly digest: who is due one now, and their week (sessions in it, open actions of theirs
//! due by its end, overdue ones too).

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use contract::{ActionStatusFilter, PageRequest};
use sea_orm::{DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::access::own_relationship;
use super::actions::{self, ActionNarrowing, ActionScope, DueKey};
use super::page::Keyset;
use super::people::{display_name, participant_joins};
use super::sql;
use crate::domain::notices::{Digest, DigestAction, DigestSession};

/// Sessions and actions one digest lists at most.
const DIGEST_ITEMS: u32 = 20;

/// When digests go out: from `hour` o'clock on ISO weekday `weekday` (1 = Monday), in each
/// person's own time zone.
#[derive(Debug, Clone, Copy)]
pub struct DigestTime {
    pub weekday: u32,
    pub hour: u32,
}

/// The digests due now, each with its recipient and event key (one digest per person and week).
pub async fn due(db: &DatabaseConnection, when: DigestTime) -> Result<Vec<(Uuid, String, Digest)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Person {
        id: Uuid,
        timezone: String,
        local_day: NaiveDate,
    }
    let people = Person::find_by_statement(sql(
        "SELECT u.id, u.timezone, (now() AT TIME ZONE u.timezone)::date AS local_day FROM users u
         WHERE u.weekly_digest AND u.deactivated_at IS NULL
           AND extract(isodow FROM now() AT TIME ZONE u.timezone) = $1
           AND extract(hour FROM now() AT TIME ZONE u.timezone) >= $2
           AND NOT EXISTS (SELECT 1 FROM outbox o
                           WHERE o.event_key = 'digest:' || u.id || ':' || (now() AT TIME ZONE u.timezone)::date)",
        [i32::try_from(when.weekday).unwrap_or_default().into(), i32::try_from(when.hour).unwrap_or_default().into()],
    ))
    .all(db)
    .await?;
    let mut due = Vec::with_capacity(people.len());
    for person in people {
        let zone: Tz = person.timezone.parse().unwrap_or(Tz::UTC);
        let digest = week_of(db, person.id, person.local_day, zone).await?;
        due.push((person.id, format!("digest:{}:{}", person.id, person.local_day), digest));
    }
    Ok(due)
}

/// `person`'s week from the start of `day` in `zone`.
async fn week_of(db: &DatabaseConnection, person: Uuid, day: NaiveDate, zone: Tz) -> Result<Digest, DbErr> {
    let end_day = day.checked_add_days(Days::new(7)).unwrap_or(day);
    let start = start_of(day, zone);
    let end = start_of(end_day, zone);
    #[derive(FromQueryResult)]
    struct Row {
        session_id: Uuid,
        title: Option<String>,
        starts_at: DateTime<Utc>,
        duration_minutes: i32,
        with: String,
    }
    let sessions = Row::find_by_statement(sql(
        format!(
            "SELECT s.id AS session_id, s.title, s.starts_at, s.duration_minutes,
                    CASE WHEN r.coach_id = $1 THEN {coachee} ELSE {coach} END AS with
             FROM coaching_relationships r
             JOIN coaching_sessions s ON s.coaching_relationship_id = r.id {joins}
             WHERE {} AND r.ended_at IS NULL AND s.starts_at >= $2 AND s.starts_at < $3
             ORDER BY s.starts_at, s.id LIMIT $4",
            own_relationship("$1"),
            coachee = display_name!("e"),
            coach = display_name!("c"),
            joins = participant_joins!(),
        ),
        [person.into(), start.into(), end.into(), i64::from(DIGEST_ITEMS).into()],
    ))
    .all(db)
    .await?;
    let first_page = PageRequest { limit: Some(DIGEST_ITEMS), cursor: None };
    let keyset = Keyset::<DueKey>::parse(&first_page).map_err(|invalid| DbErr::Custom(invalid.0))?;
    let narrowing = ActionNarrowing {
        mine: Some(person),
        statuses: Some(ActionStatusFilter::Open.statuses()),
        due_before: Some(end_day),
        ..ActionNarrowing::default()
    };
    let actions =
        actions::list_by_due_date(db, ActionScope::OwnRelationships(person), narrowing, &keyset).await?;
    Ok(Digest {
        week_of: day,
        sessions: sessions
            .into_iter()
            .map(|row| DigestSession {
                session_id: row.session_id,
                title: row.title,
                starts_at: row.starts_at,
                duration_minutes: row.duration_minutes,
                with: row.with,
            })
            .collect(),
        actions: actions
            .items
            .into_iter()
            .map(|action| DigestAction { action_id: action.id, body: action.body, due_on: action.due_on })
            .collect(),
    })
}

/// The first instant of `day` in `zone` (midnight, or the first time after a gap).
fn start_of(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight
        .and_local_timezone(zone)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |local| local.with_timezone(&Utc))
}

//! Demo data for development (`api seed`): two organizations, an admin, two coaches, three
//! coachees, their relationships, sessions in the past and future, and what was written in them.
//!
//! Deterministic and idempotent: every row has a fixed id (UUID v5 of a readable name) and is
//! inserted with ON CONFLICT DO NOTHING, so running it again changes nothing. Session dates are
//! relative to the day of the first run.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, TransactionTrait, TryInsertResult,
};
use uuid::Uuid;

use super::changed_rows;
use super::entities::{
    OrganizationRole, ProgressStatus, action, coaching_session, goal, membership, organization, relationship,
    session_goal, user,
};
use super::entries::EntryTable;
const NAMESPACE: Uuid = Uuid::from_u128(0x3b1c_9a57_5d2e_4f0b_9a61_c0ac_4e5f_2d10);

fn id(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

struct Person {
    email: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    timezone: &'static str,
    is_super_admin: bool,
}

const PEOPLE: [Person; 6] = [
    Person {
        email: "admin@example.com",
        first_name: "Alex",
        last_name: "Admin",
        timezone: "UTC",
        is_super_admin: true,
    },
    Person {
        email: "coach@example.com",
        first_name: "Casey",
        last_name: "Coach",
        timezone: "America/New_York",
        is_super_admin: false,
    },
    Person {
        email: "coach2@example.com",
        first_name: "Morgan",
        last_name: "Mentor",
        timezone: "Europe/London",
        is_super_admin: false,
    },
    Person {
        email: "coachee@example.com",
        first_name: "Jamie",
        last_name: "Rivera",
        timezone: "Europe/Berlin",
        is_super_admin: false,
    },
    Person {
        email: "coachee2@example.com",
        first_name: "Riley",
        last_name: "Chen",
        timezone: "Asia/Singapore",
        is_super_admin: false,
    },
    Person {
        email: "coachee3@example.com",
        first_name: "Sam",
        last_name: "Patel",
        timezone: "UTC",
        is_super_admin: false,
    },
];

const ORGANIZATIONS: [(&str, &str); 2] =
    [("acme-coaching", "Acme Coaching"), ("northwind-leadership", "Northwind Leadership")];

/// (organization slug, email, role)
const MEMBERSHIPS: [(&str, &str, OrganizationRole); 9] = [
    ("acme-coaching", "admin@example.com", OrganizationRole::Admin),
    ("acme-coaching", "coach@example.com", OrganizationRole::Member),
    ("acme-coaching", "coachee@example.com", OrganizationRole::Member),
    ("acme-coaching", "coachee2@example.com", OrganizationRole::Member),
    ("northwind-leadership", "admin@example.com", OrganizationRole::Admin),
    ("northwind-leadership", "coach2@example.com", OrganizationRole::Member),
    ("northwind-leadership", "coachee@example.com", OrganizationRole::Member),
    ("northwind-leadership", "coachee3@example.com", OrganizationRole::Member),
    ("northwind-leadership", "coach@example.com", OrganizationRole::Member),
];

/// (organization slug, coach, coachee)
const RELATIONSHIPS: [(&str, &str, &str); 4] = [
    ("acme-coaching", "coach@example.com", "coachee@example.com"),
    ("acme-coaching", "coach@example.com", "coachee2@example.com"),
    ("northwind-leadership", "coach2@example.com", "coachee3@example.com"),
    ("northwind-leadership", "coach2@example.com", "coachee@example.com"),
];

/// Days from the seeding day; negative ones are in the past and get content.
const SESSION_DAYS: [i64; 4] = [-14, -7, 7, 14];

/// The demo accounts the database holds, by email: their password is public.
pub async fn accounts_present(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    let ids: Vec<Uuid> = PEOPLE.iter().map(|person| id(person.email)).collect();
    let present = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    Ok(present.into_iter().map(|user| user.email).collect())
}

/// Adds the demo rows that are not there yet, every account with `password_hash`, in one
/// transaction; returns how many were added.
pub async fn insert(db: &DatabaseConnection, password_hash: &str, today: NaiveDate) -> Result<u64, DbErr> {
    let txn = db.begin().await?;
    let added = insert_all(&txn, password_hash, today).await?;
    txn.commit().await?;
    Ok(added)
}

async fn insert_all(txn: &DatabaseTransaction, password_hash: &str, today: NaiveDate) -> Result<u64, DbErr> {
    let mut added = 0;
    added += insert_missing(
        txn,
        PEOPLE.iter().map(|person| user::ActiveModel {
            id: Set(id(person.email)),
            email: Set(person.email.to_owned()),
            password_hash: Set(Some(password_hash.to_owned())),
            first_name: Set(person.first_name.to_owned()),
            last_name: Set(person.last_name.to_owned()),
            timezone: Set(person.timezone.to_owned()),
            is_super_admin: Set(person.is_super_admin),
            ..Default::default()
        }),
    )
    .await?;
    added += insert_missing(
        txn,
        ORGANIZATIONS.iter().map(|(slug, name)| organization::ActiveModel {
            id: Set(id(slug)),
            name: Set((*name).to_owned()),
            slug: Set((*slug).to_owned()),
            ..Default::default()
        }),
    )
    .await?;
    added += insert_missing(
        txn,
        MEMBERSHIPS.iter().map(|(slug, email, role)| membership::ActiveModel {
            organization_id: Set(id(slug)),
            user_id: Set(id(email)),
            role: Set(*role),
            ..Default::default()
        }),
    )
    .await?;

    for (index, (slug, coach, coachee)) in RELATIONSHIPS.iter().enumerate() {
        let relationship_id = id(&format!("relationship:{slug}:{coach}:{coachee}"));
        added += insert_missing(
            txn,
            [relationship::ActiveModel {
                id: Set(relationship_id),
                organization_id: Set(id(slug)),
                coach_id: Set(id(coach)),
                coachee_id: Set(id(coachee)),
                ..Default::default()
            }],
        )
        .await?;
        added += seed_relationship(txn, relationship_id, id(coach), id(coachee), index, today).await?;
    }
    Ok(added)
}

async fn seed_relationship(
    txn: &DatabaseTransaction,
    relationship_id: Uuid,
    coach_id: Uuid,
    coachee_id: Uuid,
    index: usize,
    today: NaiveDate,
) -> Result<u64, DbErr> {
    let name = |what: &str| id(&format!("{relationship_id}:{what}"));
    let mut added = 0;
    let goal_id = name("goal");
    added += insert_missing(
        txn,
        [goal::ActiveModel {
            id: Set(goal_id),
            coaching_relationship_id: Set(relationship_id),
            author_id: Set(coachee_id),
            title: Set([
                "Lead the quarterly planning",
                "Delegate more",
                "Speak up in meetings",
                "Grow the team",
            ][index % 4]
                .to_owned()),
            body: Set("What success looks like: clear priorities, agreed by the team.".to_owned()),
            status: Set(ProgressStatus::InProgress),
            target_date: Set(Some(today + Duration::days(60))),
            ..Default::default()
        }],
    )
    .await?;

    for day in SESSION_DAYS {
        let session_id = name(&format!("session:{day}"));
        let starts_at: DateTime<Utc> =
            (today + Duration::days(day)).and_hms_opt(15, 0, 0).unwrap_or_default().and_utc();
        added += insert_missing(
            txn,
            [coaching_session::ActiveModel {
                id: Set(session_id),
                coaching_relationship_id: Set(relationship_id),
                starts_at: Set(starts_at),
                duration_minutes: Set(if day % 2 == 0 { 60 } else { 45 }),
                ..Default::default()
            }],
        )
        .await?;
        if day > 0 {
            continue;
        }
        let entries = [
            (
                EntryTable::Note,
                "note:coach",
                coach_id,
                "Talked through the week's wins and what got in the way.",
            ),
            (
                EntryTable::Note,
                "note:coachee",
                coachee_id,
                "I want to try blocking two mornings a week for deep work.",
            ),
            (
                EntryTable::Agreement,
                "agreement",
                coachee_id,
                "Share the draft plan with the team before the next session.",
            ),
        ];
        for (table, what, author_id, body) in entries {
            added +=
                insert_entry(txn, table, name(&format!("{what}:{day}")), session_id, author_id, body).await?;
        }
        added += insert_missing(
            txn,
            [action::ActiveModel {
                id: Set(name(&format!("action:{day}"))),
                coaching_relationship_id: Set(relationship_id),
                coaching_session_id: Set(session_id),
                author_id: Set(coach_id),
                body: Set("Book a one-to-one with each direct report.".to_owned()),
                due_on: Set(Some(today + Duration::days(day + 7))),
                status: Set(if day == SESSION_DAYS[0] {
                    ProgressStatus::Completed
                } else {
                    ProgressStatus::InProgress
                }),
                ..Default::default()
            }],
        )
        .await?;
        added += insert_missing(
            txn,
            [session_goal::ActiveModel {
                coaching_session_id: Set(session_id),
                goal_id: Set(goal_id),
                ..Default::default()
            }],
        )
        .await?;
    }
    Ok(added)
}

/// Inserts the rows that are not there yet; returns how many were added.
async fn insert_missing<A, I>(txn: &DatabaseTransaction, models: I) -> Result<u64, DbErr>
where
    A: ActiveModelTrait + Send,
    I: IntoIterator<Item = A>,
{
    match A::Entity::insert_many(models).on_conflict_do_nothing().exec_without_returning(txn).await? {
        TryInsertResult::Inserted(count) => Ok(count),
        TryInsertResult::Empty | TryInsertResult::Conflicted => Ok(0),
    }
}

async fn insert_entry(
    txn: &DatabaseTransaction,
    table: EntryTable,
    entry_id: Uuid,
    session_id: Uuid,
    author_id: Uuid,
    body: &str,
) -> Result<u64, DbErr> {
    changed_rows(
        txn,
        format!(
            "INSERT INTO {} (id, coaching_session_id, author_id, body) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            table.name()
        ),
        [entry_id.into(), session_id.into(), author_id.into(), body.into()],
    )
    .await
}

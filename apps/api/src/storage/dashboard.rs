//! The dashboard in one read-only snapshot: who is looking, their relationships and sessions,
//! and what now (their next session, what is theirs to do soon, the goals in progress in their
//! relationships).

use chrono::{DateTime, Days, NaiveDate, Utc};
use contract::limits::MAX_DURATION_MINUTES;
use contract::{
    ActionStatusFilter, Dashboard, MAX_PAGE_LIMIT, NextSession, PageRequest, SessionFilter, SortOrder,
    WhatNow,
};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult};
use uuid::Uuid;

use super::access::own_relationship;
use super::actions::{self, ActionNarrowing, ActionScope, DueKey};
use super::entities::coaching_session;
use super::goals;
use super::page::Keyset;
use super::sessions::{self, SessionKey};
use super::{people, relationships, snapshot, sql};
use crate::domain::caller::Caller;

/// How many items each list of the dashboard holds.
pub const WHAT_NOW_ITEMS: u32 = 20;

/// The dashboard of `caller` at `now` (their day `today`), in one read-only snapshot: the
/// session lists continue from `upcoming` and `past`.
pub async fn read(
    db: &DatabaseConnection,
    caller: Caller,
    (now, today): (DateTime<Utc>, NaiveDate),
    upcoming: &Keyset<SessionKey>,
    past: &Keyset<SessionKey>,
) -> Result<Dashboard, DbErr> {
    let viewer = caller.viewer();
    let every_relationship = PageRequest { limit: Some(MAX_PAGE_LIMIT), cursor: None };
    let relationships = Keyset::parse(&every_relationship).map_err(|invalid| DbErr::Custom(invalid.0))?;
    let to_come = SessionFilter { from: Some(now), ..SessionFilter::default() };
    let gone = SessionFilter { to: Some(now), sort: Some(SortOrder::Desc), ..SessionFilter::default() };
    let txn = snapshot(db).await?;
    let dashboard = Dashboard {
        what_now: what_now_in(&txn, caller.id, today).await?,
        relationships: relationships::list_visible(&txn, viewer, None, &relationships).await?,
        upcoming: sessions::list(&txn, viewer, &to_come, upcoming).await?,
        past: sessions::list(&txn, viewer, &gone, past).await?,
        viewer: people::me(&txn, caller).await?,
    };
    txn.commit().await?;
    Ok(dashboard)
}

/// What now for `person`, whose day it is `today`.
pub async fn what_now(db: &DatabaseConnection, person: Uuid, today: NaiveDate) -> Result<WhatNow, DbErr> {
    let txn = snapshot(db).await?;
    let what_now = what_now_in(&txn, person, today).await?;
    txn.commit().await?;
    Ok(what_now)
}

async fn what_now_in(txn: &DatabaseTransaction, person: Uuid, today: NaiveDate) -> Result<WhatNow, DbErr> {
    #[derive(FromQueryResult)]
    struct Next {
        #[sea_orm(nested)]
        session: coaching_session::Model,
        agenda_topics: i64,
        relationship_meeting_url: Option<String>,
    }
    // Under way or to come: it ends after now, so it started at most the longest duration ago.
    // Each relationship's first such session from its own index, then the soonest of those.
    let next = Next::find_by_statement(sql(
        format!(
            "SELECT s.*, (SELECT COUNT(*) FROM agenda_topics t WHERE t.coaching_session_id = s.id) AS agenda_topics,
                    r.meeting_url AS relationship_meeting_url
             FROM coaching_relationships r CROSS JOIN LATERAL (
                SELECT * FROM coaching_sessions s
                WHERE s.coaching_relationship_id = r.id
                  AND s.starts_at > now() - $2 * interval '1 minute'
                  AND s.starts_at + s.duration_minutes * interval '1 minute' > now()
                ORDER BY s.starts_at, s.id LIMIT 1) s
             WHERE {} AND r.ended_at IS NULL
             ORDER BY s.starts_at, s.id LIMIT 1",
            own_relationship("$1")
        ),
        [person.into(), MAX_DURATION_MINUTES.into()],
    ))
    .one(txn)
    .await?;
    let first_page = PageRequest { limit: Some(WHAT_NOW_ITEMS), cursor: None };
    let keyset = Keyset::<DueKey>::parse(&first_page).map_err(|invalid| DbErr::Custom(invalid.0))?;
    let due_actions = actions::list_by_due_date(
        txn,
        ActionScope::OwnRelationships(person),
        ActionNarrowing {
            mine: Some(person),
            statuses: Some(ActionStatusFilter::Open.statuses()),
            due_before: today.checked_add_days(Days::new(7)),
            ..ActionNarrowing::default()
        },
        &keyset,
    )
    .await?;
    let goals_in_progress = goals::in_progress_of(txn, person, WHAT_NOW_ITEMS).await?;
    Ok(WhatNow {
        next_session: next.map(|next| NextSession {
            join_url: contract::join_url(
                next.session.meeting_url.as_deref(),
                next.relationship_meeting_url.as_deref(),
            ),
            session: next.session.into(),
            agenda_topics: next.agenda_topics,
        }),
        due_actions,
        goals_in_progress,
    })
}

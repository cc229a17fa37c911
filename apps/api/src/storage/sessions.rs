//! Coaching sessions.

use chrono::{DateTime, Utc};
use contract::{CoachingSession, Page, SessionFilter, SortOrder};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, IntoActiveModel, Value,
};
use uuid::Uuid;

use super::access::visible_relationship;
use super::entities::coaching_session;
use super::page::Keyset;
use super::sql;
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
    let mut values: Vec<Value> = vec![viewer.user_id.into(), viewer.is_super_admin.into()];
    let mut conditions = vec![visible_relationship()];
    let mut narrow = |condition: &str, value: Value| {
        values.push(value);
        conditions.push(condition.replace('?', &format!("${}", values.len())));
    };
    if let Some(relationship_id) = filter.relationship_id {
        narrow("s.coaching_relationship_id = ?", relationship_id.into());
    }
    if let Some(from) = filter.from {
        narrow("s.starts_at >= ?", from.into());
    }
    if let Some(to) = filter.to {
        narrow("s.starts_at < ?", to.into());
    }
    let descending = filter.sort == Some(SortOrder::Desc);
    let page = keyset.clauses("s.starts_at, s.id", descending, conditions, &mut values);
    let rows = coaching_session::Model::find_by_statement(sql(
        format!(
            "SELECT s.* FROM coaching_sessions s
             JOIN coaching_relationships r ON r.id = s.coaching_relationship_id
             WHERE {} {}",
            page.filter, page.order
        ),
        values,
    ))
    .all(db)
    .await?;
    let sessions = rows.into_iter().map(CoachingSession::from).collect();
    Ok(keyset.page(sessions, |session: &CoachingSession| (session.starts_at, session.id)))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<CoachingSession>, DbErr> {
    Ok(coaching_session::Entity::find_by_id(id).one(db).await?.map(Into::into))
}

pub async fn create(
    db: &DatabaseConnection,
    relationship_id: Uuid,
    starts_at: DateTime<Utc>,
    duration_minutes: i32,
) -> Result<CoachingSession, DbErr> {
    let session = coaching_session::ActiveModel {
        id: Set(Uuid::new_v4()),
        coaching_relationship_id: Set(relationship_id),
        starts_at: Set(starts_at),
        duration_minutes: Set(duration_minutes),
        ..Default::default()
    };
    Ok(session.insert(db).await?.into())
}

pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    starts_at: DateTime<Utc>,
    duration_minutes: i32,
) -> Result<Option<CoachingSession>, DbErr> {
    let Some(session) = coaching_session::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut session = session.into_active_model();
    session.starts_at = Set(starts_at);
    session.duration_minutes = Set(duration_minutes);
    Ok(Some(session.update(db).await?.into()))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    coaching_session::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

//! Coaching sessions.

use chrono::{DateTime, Utc};
use contract::{CoachingSession, Page, SessionFilter, SortOrder};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use uuid::Uuid;

use super::access::visible_relationship;
use super::entities::coaching_session;
use super::page::{Keyset, ListQuery};
use super::{delete_by_id, update_by_id};
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
        .only(visible_relationship())
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

/// When a session takes place and what it is about.
pub struct SessionFields {
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
}

pub async fn create(
    db: &DatabaseConnection,
    relationship_id: Uuid,
    fields: SessionFields,
) -> Result<CoachingSession, DbErr> {
    let session = coaching_session::ActiveModel {
        id: Set(Uuid::new_v4()),
        coaching_relationship_id: Set(relationship_id),
        title: Set(fields.title),
        starts_at: Set(fields.starts_at),
        duration_minutes: Set(fields.duration_minutes),
        ..Default::default()
    };
    Ok(session.insert(db).await?.into())
}

pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    fields: SessionFields,
) -> Result<Option<CoachingSession>, DbErr> {
    let updated = update_by_id::<coaching_session::Entity>(db, id, |session| {
        session.title = Set(fields.title);
        session.starts_at = Set(fields.starts_at);
        session.duration_minutes = Set(fields.duration_minutes);
    })
    .await?;
    Ok(updated.map(Into::into))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    delete_by_id::<coaching_session::Entity>(db, id).await
}

//! Coaching relationships, read with the people and organization they join.

use chrono::{DateTime, Utc};
use contract::{Page, Person, Relationship};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, Value,
};
use uuid::Uuid;

use super::access::{VIEWER_IS_ORGANIZATION_ADMIN, visible_relationship};
use super::entities::relationship;
use super::page::Keyset;
use super::sql;
use crate::domain::policy::{RelationshipGrant, Viewer};

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    organization_id: Uuid,
    organization_name: String,
    created_at: DateTime<Utc>,
    coach_id: Uuid,
    coach_first_name: String,
    coach_last_name: String,
    coach_email: String,
    coachee_id: Uuid,
    coachee_first_name: String,
    coachee_last_name: String,
    coachee_email: String,
    viewer_is_organization_admin: bool,
}

impl Row {
    /// The relationship as `viewer` sees it, with what they may do in it.
    fn into_relationship(self, viewer: Viewer) -> Relationship {
        let grant =
            RelationshipGrant::of(viewer, self.coach_id, self.coachee_id, self.viewer_is_organization_admin);
        let row = self;
        Relationship {
            id: row.id,
            organization_id: row.organization_id,
            organization_name: row.organization_name,
            coach: Person {
                id: row.coach_id,
                first_name: row.coach_first_name,
                last_name: row.coach_last_name,
                email: row.coach_email,
            },
            coachee: Person {
                id: row.coachee_id,
                first_name: row.coachee_first_name,
                last_name: row.coachee_last_name,
                email: row.coachee_email,
            },
            created_at: row.created_at,
            capabilities: grant.capabilities(),
        }
    }
}

/// The relationship columns with the people and organization they join; `$1` is the viewer.
fn select() -> String {
    format!(
        "SELECT r.id, r.organization_id, o.name AS organization_name, r.created_at,
            c.id AS coach_id, c.first_name AS coach_first_name, c.last_name AS coach_last_name,
            c.email AS coach_email,
            e.id AS coachee_id, e.first_name AS coachee_first_name, e.last_name AS coachee_last_name,
            e.email AS coachee_email,
            {VIEWER_IS_ORGANIZATION_ADMIN} AS viewer_is_organization_admin
        FROM coaching_relationships r
        JOIN organizations o ON o.id = r.organization_id
        JOIN users c ON c.id = r.coach_id
        JOIN users e ON e.id = r.coachee_id"
    )
}

/// Where a relationship stands in the list: by organization, coach's and coachee's last names,
/// then id.
pub type RelationshipKey = (String, String, String, Uuid);

/// A page of the relationships the viewer may see, optionally of one organization.
pub async fn list_visible(
    db: &DatabaseConnection,
    viewer: Viewer,
    organization_id: Option<Uuid>,
    keyset: &Keyset<RelationshipKey>,
) -> Result<Page<Relationship>, DbErr> {
    let mut values: Vec<Value> = vec![viewer.user_id.into(), viewer.is_super_admin.into()];
    let mut conditions = vec![visible_relationship()];
    if let Some(organization_id) = organization_id {
        values.push(organization_id.into());
        conditions.push("r.organization_id = $3".to_owned());
    }
    conditions.extend(keyset.condition("o.name, c.last_name, e.last_name, r.id", false, &mut values));
    let rows = Row::find_by_statement(sql(
        format!(
            "{} WHERE {} ORDER BY o.name, c.last_name, e.last_name, r.id {}",
            select(),
            conditions.join(" AND "),
            keyset.limit_clause()
        ),
        values,
    ))
    .all(db)
    .await?;
    let relationships = rows.into_iter().map(|row| row.into_relationship(viewer)).collect();
    Ok(keyset.page(relationships, |relationship: &Relationship| {
        (
            relationship.organization_name.clone(),
            relationship.coach.last_name.clone(),
            relationship.coachee.last_name.clone(),
            relationship.id,
        )
    }))
}

/// One relationship as `viewer` sees it; callers check first that they may see it.
pub async fn get(db: &impl ConnectionTrait, viewer: Viewer, id: Uuid) -> Result<Option<Relationship>, DbErr> {
    let statement = sql(format!("{} WHERE r.id = $2", select()), [viewer.user_id.into(), id.into()]);
    let row = Row::find_by_statement(statement).one(db).await?;
    Ok(row.map(|row| row.into_relationship(viewer)))
}

pub async fn create(
    db: &DatabaseConnection,
    viewer: Viewer,
    organization_id: Uuid,
    coach_id: Uuid,
    coachee_id: Uuid,
) -> Result<Relationship, DbErr> {
    let id = Uuid::new_v4();
    relationship::ActiveModel {
        id: Set(id),
        organization_id: Set(organization_id),
        coach_id: Set(coach_id),
        coachee_id: Set(coachee_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    get(db, viewer, id).await?.ok_or(DbErr::RecordNotInserted)
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    relationship::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

//! The facts about a member that decide whether an admin may hand them a password reset link.

use sea_orm::{DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::sql;
use crate::domain::policy::ResetTarget;

#[derive(FromQueryResult)]
struct Row {
    user_id: Uuid,
    is_super_admin: bool,
    unmanaged_memberships: i64,
    first_name: String,
    last_name: String,
}

/// A member who may get a reset link, as the policy sees them, and their name.
pub struct Candidate {
    pub target: ResetTarget,
    pub first_name: String,
    pub last_name: String,
}

/// `user_id` as a reset link candidate seen by `caller_id`, or `None` when they are not a member
/// of `organization_id`.
pub async fn candidate(
    db: &DatabaseConnection,
    caller_id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Candidate>, DbErr> {
    let row = Row::find_by_statement(sql(
        "SELECT u.id AS user_id, u.is_super_admin, u.first_name, u.last_name,
                (SELECT count(*) FROM organization_memberships m
                 WHERE m.user_id = u.id AND NOT EXISTS (
                     SELECT 1 FROM organization_memberships c
                     WHERE c.organization_id = m.organization_id AND c.user_id = $1 AND c.role = 'admin'
                 )) AS unmanaged_memberships
         FROM users u
         JOIN organization_memberships t ON t.user_id = u.id AND t.organization_id = $2
         WHERE u.id = $3",
        [caller_id.into(), organization_id.into(), user_id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| Candidate {
        target: ResetTarget {
            user_id: row.user_id,
            is_super_admin: row.is_super_admin,
            unmanaged_memberships: row.unmanaged_memberships.try_into().unwrap_or(u64::MAX),
        },
        first_name: row.first_name,
        last_name: row.last_name,
    }))
}

//! The facts about a member that decide whether an admin may hand them a password reset link:
//! read when the admin asks for the link, and again when it is used.

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

use super::sql;
use crate::domain::policy::{ResetTarget, Viewer};

/// The member's side of the rule, with `$1` the admin's id and `u` the member's row.
const TARGET_COLUMNS: &str = "u.id AS user_id, u.is_super_admin, u.first_name, u.last_name,
    (SELECT count(*) FROM organization_memberships m
     WHERE m.user_id = u.id AND NOT EXISTS (
         SELECT 1 FROM organization_memberships c
         WHERE c.organization_id = m.organization_id AND c.user_id = $1 AND c.role = 'admin'
     )) AS unmanaged_memberships,
    (SELECT count(*) FROM organization_memberships m
     WHERE m.user_id = u.id AND EXISTS (
         SELECT 1 FROM organization_memberships c
         WHERE c.organization_id = m.organization_id AND c.user_id = $1 AND c.role = 'admin'
     )) AS managed_memberships";

#[derive(FromQueryResult)]
struct TargetRow {
    user_id: Uuid,
    is_super_admin: bool,
    unmanaged_memberships: i64,
    managed_memberships: i64,
    first_name: String,
    last_name: String,
}

impl TargetRow {
    fn target(&self) -> ResetTarget {
        let count = |value: i64| u64::try_from(value).unwrap_or(u64::MAX);
        ResetTarget {
            user_id: self.user_id,
            is_super_admin: self.is_super_admin,
            unmanaged_memberships: count(self.unmanaged_memberships),
            managed_memberships: count(self.managed_memberships),
        }
    }
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
    db: &impl ConnectionTrait,
    caller_id: Uuid,
    organization_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Candidate>, DbErr> {
    let row = TargetRow::find_by_statement(sql(
        format!(
            "SELECT {TARGET_COLUMNS} FROM users u
             JOIN organization_memberships t ON t.user_id = u.id AND t.organization_id = $2
             WHERE u.id = $3"
        ),
        [caller_id.into(), organization_id.into(), user_id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| Candidate {
        target: row.target(),
        first_name: row.first_name,
        last_name: row.last_name,
    }))
}

/// The admin who minted a link for `user_id` and the member, as they stand now (when the link is
/// used); `None` when either account is gone or the admin's is deactivated.
pub async fn recheck(
    db: &impl ConnectionTrait,
    minter_id: Uuid,
    user_id: Uuid,
) -> Result<Option<(Viewer, ResetTarget)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Minter {
        is_super_admin: bool,
    }
    let minter = Minter::find_by_statement(sql(
        "SELECT is_super_admin FROM users WHERE id = $1 AND deactivated_at IS NULL",
        [minter_id.into()],
    ))
    .one(db)
    .await?;
    let Some(minter) = minter else { return Ok(None) };
    let target = TargetRow::find_by_statement(sql(
        format!("SELECT {TARGET_COLUMNS} FROM users u WHERE u.id = $2"),
        [minter_id.into(), user_id.into()],
    ))
    .one(db)
    .await?;
    Ok(target.map(|row| (Viewer { user_id: minter_id, is_super_admin: minter.is_super_admin }, row.target())))
}

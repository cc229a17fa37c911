//! Loads how the caller stands towards a relationship or organization, in one query, starting
//! from whatever the request names (a relationship, a session, a goal, an entry...).

use sea_orm::{DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::entries::EntryKind;
use super::sql;
use crate::auth::CurrentUser;
use crate::domain::policy::{OrganizationGrant, RelationshipGrant};

/// What a request names, from which its coaching relationship is found.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Relationship(Uuid),
    Session(Uuid),
    Goal(Uuid),
    Action(Uuid),
    Entry(EntryKind, Uuid),
}

impl Anchor {
    /// The noun used in "... not found".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Relationship(_) => "relationship",
            Self::Session(_) => "session",
            Self::Goal(_) => "goal",
            Self::Action(_) => "action",
            Self::Entry(kind, _) => kind.noun(),
        }
    }

    fn sql_source(self) -> String {
        const VIA_SESSION: &str = "JOIN coaching_sessions s ON s.id = x.coaching_session_id \
                                   JOIN coaching_relationships r ON r.id = s.coaching_relationship_id";
        match self {
            Self::Relationship(_) => "coaching_relationships r WHERE r.id = $1".to_owned(),
            Self::Session(_) => "coaching_sessions s JOIN coaching_relationships r \
                                 ON r.id = s.coaching_relationship_id WHERE s.id = $1"
                .to_owned(),
            Self::Goal(_) => "goals g JOIN coaching_relationships r \
                              ON r.id = g.coaching_relationship_id WHERE g.id = $1"
                .to_owned(),
            Self::Action(_) => format!("actions x {VIA_SESSION} WHERE x.id = $1"),
            Self::Entry(kind, _) => format!("{} x {VIA_SESSION} WHERE x.id = $1", kind.table()),
        }
    }

    fn id(self) -> Uuid {
        match self {
            Self::Relationship(id)
            | Self::Session(id)
            | Self::Goal(id)
            | Self::Action(id)
            | Self::Entry(_, id) => id,
        }
    }
}

/// The caller's standing towards the relationship behind `anchor`, with the relationship's id.
/// `None` when it does not exist or the caller may not see it.
pub async fn relationship(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    anchor: Anchor,
) -> Result<Option<(Uuid, RelationshipGrant)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        relationship_id: Uuid,
        coach_id: Uuid,
        coachee_id: Uuid,
        caller_is_organization_admin: bool,
    }
    let statement = sql(
        format!(
            "SELECT r.id AS relationship_id, r.coach_id, r.coachee_id,
                    EXISTS (SELECT 1 FROM organization_memberships m
                            WHERE m.organization_id = r.organization_id AND m.user_id = $2
                              AND m.role = 'admin') AS caller_is_organization_admin
             FROM {}",
            anchor.sql_source()
        ),
        [anchor.id().into(), caller.id().into()],
    );
    let Some(row) = Row::find_by_statement(statement).one(db).await? else {
        return Ok(None);
    };
    let grant = RelationshipGrant {
        is_coach: row.coach_id == caller.id(),
        is_coachee: row.coachee_id == caller.id(),
        is_organization_admin: row.caller_is_organization_admin,
        is_super_admin: caller.is_super_admin(),
    };
    Ok(grant.can_view().then_some((row.relationship_id, grant)))
}

/// The caller's standing towards an organization; `None` when it does not exist or is not
/// visible to them.
pub async fn organization(
    db: &DatabaseConnection,
    caller: &CurrentUser,
    organization_id: Uuid,
) -> Result<Option<OrganizationGrant>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        role: Option<String>,
    }
    let statement = sql(
        "SELECT (SELECT m.role::text FROM organization_memberships m
                 WHERE m.organization_id = o.id AND m.user_id = $2) AS role
         FROM organizations o WHERE o.id = $1",
        [organization_id.into(), caller.id().into()],
    );
    let Some(row) = Row::find_by_statement(statement).one(db).await? else {
        return Ok(None);
    };
    let grant = OrganizationGrant {
        is_member: row.role.is_some(),
        is_admin: row.role.as_deref() == Some("admin"),
        is_super_admin: caller.is_super_admin(),
    };
    Ok(grant.can_view().then_some(grant))
}

/// SQL condition (over `r`, a coaching_relationships row) true when the caller may see the
/// relationship; `$1` is the caller's id and `$2` whether they are a super admin.
pub const VISIBLE_RELATIONSHIP: &str = "($2 OR r.coach_id = $1 OR r.coachee_id = $1 OR EXISTS (
        SELECT 1 FROM organization_memberships m
        WHERE m.organization_id = r.organization_id AND m.user_id = $1 AND m.role = 'admin'))";

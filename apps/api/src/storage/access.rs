//! Loads how the caller stands towards a relationship or organization, in one query, starting
//! from whatever the request names (a relationship, a session, a goal, an entry...).

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::entries::EntryTable;
use super::page::Condition;
use super::people::parse_role;
use super::sql;
use crate::domain::policy::{OrganizationGrant, RelationshipFacts, RelationshipGrant, Viewer};

/// What a request names, from which its coaching relationship is found.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Relationship(Uuid),
    Session(Uuid),
    Series(Uuid),
    Goal(Uuid),
    Action(Uuid),
    AgendaTopic(Uuid),
    Entry(EntryTable, Uuid),
}

impl Anchor {
    /// The noun used in "... not found".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Relationship(_) => "relationship",
            Self::Session(_) => "session",
            Self::Series(_) => "series",
            Self::Goal(_) => "goal",
            Self::Action(_) => "action",
            Self::AgendaTopic(_) => "agenda topic",
            Self::Entry(table, _) => table.noun(),
        }
    }

    /// The SQL after `FROM` that finds the thing (its id the placeholder `id`) with its
    /// relationship as `r`, and `joins` after that.
    fn sql_source(self, id: &str, joins: &str) -> String {
        let in_relationship = |table: &str| {
            format!(
                "{table} x JOIN coaching_relationships r ON r.id = x.coaching_relationship_id {joins} WHERE x.id = {id}"
            )
        };
        let in_session = |table: &str| {
            format!(
                "{table} x JOIN coaching_sessions s ON s.id = x.coaching_session_id \
                 JOIN coaching_relationships r ON r.id = s.coaching_relationship_id {joins} WHERE x.id = {id}"
            )
        };
        match self {
            Self::Relationship(_) => format!("coaching_relationships r {joins} WHERE r.id = {id}"),
            Self::Session(_) => in_relationship("coaching_sessions"),
            Self::Series(_) => in_relationship("session_series"),
            Self::Goal(_) => in_relationship("goals"),
            Self::Action(_) => in_relationship("actions"),
            Self::AgendaTopic(_) => in_session("agenda_topics"),
            Self::Entry(table, _) => in_session(table.name()),
        }
    }

    fn id(self) -> Uuid {
        match self {
            Self::Relationship(id)
            | Self::Session(id)
            | Self::Series(id)
            | Self::Goal(id)
            | Self::Action(id)
            | Self::AgendaTopic(id)
            | Self::Entry(_, id) => id,
        }
    }
}

/// SQL expression: the viewer's role in the organization whose id is the column
/// `organization_id`, as text, NULL when they are not a member; `$1` is the viewer's id.
pub fn viewer_role_in(organization_id: &str) -> String {
    format!(
        "(SELECT m.role::text FROM organization_memberships m
            WHERE m.organization_id = {organization_id} AND m.user_id = $1)"
    )
}

/// SQL condition (over `r`) true when the viewer may see the relationship: the query-side form
/// of [`RelationshipGrant::can_view`] for lists. Its coach and coachee count only while they are
/// members of its organization. `viewer` and `is_super_admin` are the placeholders of the
/// viewer's id and of whether they are a super admin.
pub fn visible_relationship(viewer: &str, is_super_admin: &str) -> String {
    format!(
        "({is_super_admin} OR EXISTS (SELECT 1 FROM organization_memberships m
            WHERE m.organization_id = r.organization_id AND m.user_id = {viewer}
              AND (m.role = 'admin' OR r.coach_id = {viewer} OR r.coachee_id = {viewer})))"
    )
}

/// The condition, for a read's own statement, that the viewer may see the relationship behind
/// `anchor`, which therefore exists.
pub fn sees(viewer: Viewer, anchor: Anchor) -> Condition {
    Condition {
        sql: format!(
            "EXISTS (SELECT 1 FROM {} AND {})",
            anchor.sql_source("?1", ""),
            visible_relationship("?2", "?3")
        ),
        values: vec![anchor.id().into(), viewer.user_id.into(), viewer.is_super_admin.into()],
    }
}

/// SQL condition (over `r`): the relationship is the person `person`'s own (a placeholder, e.g.
/// `$1`), as its coach or coachee while a member of its organization.
pub fn own_relationship(person: &str) -> String {
    format!(
        "(r.coach_id = {person} OR r.coachee_id = {person}) AND EXISTS (SELECT 1 FROM organization_memberships m
            WHERE m.organization_id = r.organization_id AND m.user_id = {person})"
    )
}

/// The columns (over `r`, joined to [`VIEWER_MEMBERSHIP`]) a [`FactsRow`] reads.
pub const RELATIONSHIP_FACTS_COLUMNS: &str =
    "r.coach_id, r.coachee_id, r.ended_at IS NOT NULL AS is_ended, vm.role::text AS viewer_role";

/// The join (after `r`) of the viewer's membership in the relationship's organization, as `vm`;
/// `$1` is the viewer's id. A join, not a subquery per row: a list of relationships in one
/// organization finds the viewer's membership once.
pub const VIEWER_MEMBERSHIP: &str =
    "LEFT JOIN organization_memberships vm ON vm.organization_id = r.organization_id AND vm.user_id = $1";

/// The values of [`RELATIONSHIP_FACTS_COLUMNS`], read nested (`#[sea_orm(nested)]`) in a row.
#[derive(FromQueryResult)]
pub struct FactsRow {
    coach_id: Uuid,
    coachee_id: Uuid,
    is_ended: bool,
    viewer_role: Option<String>,
}

impl FactsRow {
    /// The viewer's standing towards the relationship.
    pub fn grant(&self, viewer: Viewer) -> Result<RelationshipGrant, DbErr> {
        let viewer_role = self.viewer_role.as_deref().map(parse_role).transpose()?;
        let Self { coach_id, coachee_id, is_ended, .. } = *self;
        Ok(RelationshipGrant::of(viewer, RelationshipFacts { coach_id, coachee_id, is_ended, viewer_role }))
    }
}

/// The viewer's standing towards the relationship behind `anchor`, with the relationship's id.
/// `None` when it does not exist, the viewer may not see it, or one of `checks` (further
/// conditions read in the same statement, e.g. that the viewer's login is still live) fails.
pub async fn relationship(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    anchor: Anchor,
    checks: &[Condition],
) -> Result<Option<(Uuid, RelationshipGrant)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        relationship_id: Uuid,
        #[sea_orm(nested)]
        facts: FactsRow,
    }
    let mut values = vec![viewer.user_id.into(), anchor.id().into()];
    let mut text = format!(
        "SELECT r.id AS relationship_id, {RELATIONSHIP_FACTS_COLUMNS} FROM {}",
        anchor.sql_source("$2", VIEWER_MEMBERSHIP)
    );
    for check in checks {
        text = format!("{text} AND {}", check.bind_into(&mut values));
    }
    let Some(row) = Row::find_by_statement(sql(text, values)).one(db).await? else {
        return Ok(None);
    };
    let grant = row.facts.grant(viewer)?;
    Ok(grant.can_view().then_some((row.relationship_id, grant)))
}

/// The viewer's standing towards an organization; `None` when it does not exist or is not
/// visible to them.
pub async fn organization(
    db: &DatabaseConnection,
    viewer: Viewer,
    organization_id: Uuid,
) -> Result<Option<OrganizationGrant>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        role: Option<String>,
    }
    let statement = sql(
        format!("SELECT {} AS role FROM organizations o WHERE o.id = $2", viewer_role_in("o.id")),
        [viewer.user_id.into(), organization_id.into()],
    );
    let Some(row) = Row::find_by_statement(statement).one(db).await? else {
        return Ok(None);
    };
    let role = row.role.as_deref().map(parse_role).transpose()?;
    let grant = OrganizationGrant::of(viewer, role);
    Ok(grant.can_view().then_some(grant))
}

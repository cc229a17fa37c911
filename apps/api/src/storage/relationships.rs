//! Coaching relationships, read with the people and organization they join.

use chrono::{DateTime, Utc};
use contract::{MAX_PAGE_LIMIT, Page, Person, Relationship, RelationshipSummary};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult,
    TransactionTrait,
};
use uuid::Uuid;

use super::access::{
    FactsRow, RELATIONSHIP_FACTS_COLUMNS, VIEWER_MEMBERSHIP, own_relationship, visible_relationship,
};
use super::entities::relationship;
use super::page::{Condition, Keyset, ListQuery};
use super::people::participant_joins;
use super::series;
use super::{execute, sql};
use crate::domain::policy::{RelationshipGrant, Viewer, shows_email};

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    organization_id: Uuid,
    organization_name: String,
    created_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    meeting_url: Option<String>,
    #[sea_orm(nested)]
    facts: FactsRow,
    coach_id: Uuid,
    coach_first_name: String,
    coach_last_name: String,
    coach_email: String,
    coachee_id: Uuid,
    coachee_first_name: String,
    coachee_last_name: String,
    coachee_email: String,
}

impl Row {
    /// The relationship as `viewer` sees it, with what they may do in it.
    fn into_relationship(self, viewer: Viewer) -> Result<Relationship, DbErr> {
        let grant = self.facts.grant(viewer)?;
        let person = |id: Uuid, first_name: String, last_name: String, email: String| Person {
            id,
            first_name,
            last_name,
            email: shows_email(viewer, grant.manages_organization(), id).then_some(email),
        };
        Ok(Relationship {
            id: self.id,
            organization_id: self.organization_id,
            organization_name: self.organization_name,
            coach: person(self.coach_id, self.coach_first_name, self.coach_last_name, self.coach_email),
            coachee: person(
                self.coachee_id,
                self.coachee_first_name,
                self.coachee_last_name,
                self.coachee_email,
            ),
            created_at: self.created_at,
            ended_at: self.ended_at,
            meeting_url: self.meeting_url,
            capabilities: grant.capabilities(),
        })
    }
}

/// The relationship columns with the people and organization they join; `$1` is the viewer.
fn select() -> String {
    format!(
        "SELECT r.id, r.organization_id, o.name AS organization_name, r.created_at, r.ended_at, r.meeting_url,
            {RELATIONSHIP_FACTS_COLUMNS},
            c.first_name AS coach_first_name, c.last_name AS coach_last_name, c.email AS coach_email,
            e.first_name AS coachee_first_name, e.last_name AS coachee_last_name,
            e.email AS coachee_email
        FROM coaching_relationships r
        JOIN organizations o ON o.id = r.organization_id
        JOIN users c ON c.id = r.coach_id
        JOIN users e ON e.id = r.coachee_id
        {VIEWER_MEMBERSHIP}"
    )
}

/// Where a relationship stands in the list: by organization, coach's and coachee's last names,
/// then id.
pub type RelationshipKey = (String, String, String, Uuid);

/// A page of the relationships the viewer may see, optionally of one organization.
pub async fn list_visible(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    organization_id: Option<Uuid>,
    keyset: &Keyset<RelationshipKey>,
) -> Result<Page<Relationship>, DbErr> {
    // Whether the viewer is a super admin is written into the statement, not bound: bound, it left
    // the planner no plan good for both, and PostgreSQL planned the statement anew on every call.
    let is_super_admin = if viewer.is_super_admin { "true" } else { "false" };
    let mut list = ListQuery::new(select(), "o.name, c.last_name, e.last_name, r.id")
        .bind(viewer.user_id)
        .only(visible_relationship("$1", is_super_admin));
    if let Some(organization_id) = organization_id {
        list = list.only_where("r.organization_id = ?", organization_id);
    }
    let relationship = |row: Row| row.into_relationship(viewer);
    keyset
        .read(db, list, relationship, |relationship: &Relationship| {
            (
                relationship.organization_name.clone(),
                relationship.coach.last_name.clone(),
                relationship.coachee.last_name.clone(),
                relationship.id,
            )
        })
        .await
}

/// The relationships `viewer` is the coach or the coachee of (while a member of the
/// organization), and `also` (one they may see: the caller checks it), as a page across them
/// names them: the first [`MAX_PAGE_LIMIT`] by the coach's then the coachee's name. Empty when one
/// of `checks` fails, which this statement carries.
pub async fn summaries(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    also: Option<Uuid>,
    checks: &[Condition],
) -> Result<Vec<RelationshipSummary>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        #[sea_orm(nested)]
        facts: FactsRow,
        coach_id: Uuid,
        coachee_id: Uuid,
        coach_first_name: String,
        coach_last_name: String,
        coachee_first_name: String,
        coachee_last_name: String,
    }
    let mut values = vec![viewer.user_id.into(), also.into()];
    let checked: Vec<String> = checks.iter().map(|check| check.bind_into(&mut values)).collect();
    let statement = sql(
        format!(
            "SELECT r.id, {RELATIONSHIP_FACTS_COLUMNS}, c.first_name AS coach_first_name, c.last_name AS coach_last_name,
                e.first_name AS coachee_first_name, e.last_name AS coachee_last_name
             FROM coaching_relationships r {} {VIEWER_MEMBERSHIP}
             WHERE ({} OR r.id = $2) {}
             ORDER BY c.last_name, c.first_name, e.last_name, e.first_name, r.id LIMIT {MAX_PAGE_LIMIT}",
            participant_joins!(),
            own_relationship("$1"),
            checked.iter().map(|check| format!("AND {check}")).collect::<String>(),
        ),
        values,
    );
    let rows = Row::find_by_statement(statement).all(db).await?;
    rows.into_iter()
        .map(|row| {
            let grant = row.facts.grant(viewer)?;
            let person = |id, first_name, last_name| Person { id, first_name, last_name, email: None };
            Ok(RelationshipSummary {
                id: row.id,
                coach: person(row.coach_id, row.coach_first_name, row.coach_last_name),
                coachee: person(row.coachee_id, row.coachee_first_name, row.coachee_last_name),
                capabilities: grant.capabilities(),
            })
        })
        .collect()
}

/// The relationship of session `session_id` as `viewer` sees it, with their standing in it, read
/// with `checks` (e.g. that the viewer's login is still live) in one statement. `None` when there
/// is no such session, the viewer may not see it, or a check fails.
pub async fn of_session(
    db: &impl ConnectionTrait,
    viewer: Viewer,
    session_id: Uuid,
    checks: &[Condition],
) -> Result<Option<(Relationship, RelationshipGrant)>, DbErr> {
    let mut values = vec![viewer.user_id.into(), session_id.into()];
    let checked: String =
        checks.iter().map(|check| format!(" AND {}", check.bind_into(&mut values))).collect();
    let statement = sql(
        format!(
            "{} WHERE r.id = (SELECT coaching_relationship_id FROM coaching_sessions WHERE id = $2){checked}",
            select()
        ),
        values,
    );
    let Some(row) = Row::find_by_statement(statement).one(db).await? else {
        return Ok(None);
    };
    let grant = row.facts.grant(viewer)?;
    Ok(grant
        .can_view()
        .then(|| row.into_relationship(viewer))
        .transpose()?
        .map(|relationship| (relationship, grant)))
}

/// One relationship as `viewer` sees it; callers check first that they may see it.
pub async fn get(db: &impl ConnectionTrait, viewer: Viewer, id: Uuid) -> Result<Option<Relationship>, DbErr> {
    let statement = sql(format!("{} WHERE r.id = $2", select()), [viewer.user_id.into(), id.into()]);
    let row = Row::find_by_statement(statement).one(db).await?;
    row.map(|row| row.into_relationship(viewer)).transpose()
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

/// Sets (or with `None` removes) the relationship's standing meeting link.
pub async fn set_meeting_link(
    db: &DatabaseConnection,
    viewer: Viewer,
    id: Uuid,
    meeting_url: Option<String>,
) -> Result<Option<Relationship>, DbErr> {
    execute(
        db,
        "UPDATE coaching_relationships SET meeting_url = $2 WHERE id = $1",
        [id.into(), meeting_url.into()],
    )
    .await?;
    get(db, viewer, id).await
}

/// Ends the relationship, keeping it and everything written in it as read-only history, and its
/// series with it (their sessions still to come go). Ending an ended relationship keeps its
/// first end date.
pub async fn end(db: &DatabaseConnection, viewer: Viewer, id: Uuid) -> Result<Option<Relationship>, DbErr> {
    let txn = db.begin().await?;
    execute(
        &txn,
        "UPDATE coaching_relationships SET ended_at = COALESCE(ended_at, now()) WHERE id = $1",
        [id.into()],
    )
    .await?;
    series::end_all_of(&txn, id).await?;
    txn.commit().await?;
    get(db, viewer, id).await
}

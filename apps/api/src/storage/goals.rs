//! Goals of a relationship and the sessions in which they were discussed.

use chrono::{DateTime, NaiveDate, Utc};
use contract::{Goal, Page, ProgressStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, TransactionTrait, Value,
};
use uuid::Uuid;

use super::entities::{goal, session_goal};
use super::page::{CreatedKey, Keyset, body_columns};
use super::{delete_by_id, sql, update_by_id};

pub struct GoalFields {
    pub title: String,
    pub body: String,
    pub target_date: Option<NaiveDate>,
    pub status: ProgressStatus,
}

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    coaching_relationship_id: Uuid,
    author_id: Uuid,
    title: String,
    body: String,
    truncated: bool,
    status: String,
    status_changed_at: DateTime<Utc>,
    target_date: Option<NaiveDate>,
    session_ids: Vec<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for Goal {
    type Error = DbErr;

    fn try_from(row: Row) -> Result<Self, DbErr> {
        let status = ProgressStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == row.status)
            .ok_or_else(|| DbErr::Type(format!("unknown progress status {:?}", row.status)))?;
        Ok(Self {
            id: row.id,
            relationship_id: row.coaching_relationship_id,
            author_id: row.author_id,
            title: row.title,
            body: row.body,
            truncated: row.truncated,
            status,
            status_changed_at: row.status_changed_at,
            target_date: row.target_date,
            session_ids: row.session_ids,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// Which goals to list.
#[derive(Debug, Clone, Copy)]
pub enum GoalsOf {
    Relationship(Uuid),
    Session(Uuid),
}

/// Goals matching `condition` (over `g`, its values already in `values`), in `order` (a page's,
/// see `Keyset::clauses`; none for one goal); their text `whole`, or (in lists) its start.
async fn find(
    db: &impl ConnectionTrait,
    condition: &str,
    values: Vec<Value>,
    order: &str,
    whole: bool,
) -> Result<Vec<Goal>, DbErr> {
    let rows = Row::find_by_statement(sql(
        format!(
            "SELECT g.id, g.coaching_relationship_id, g.author_id, g.title, {body},
                    g.status::text AS status, g.status_changed_at, g.target_date,
                    g.created_at, g.updated_at,
                    COALESCE(array_agg(sg.coaching_session_id ORDER BY sg.created_at)
                             FILTER (WHERE sg.coaching_session_id IS NOT NULL), '{{}}') AS session_ids
             FROM goals g LEFT JOIN coaching_session_goals sg ON sg.goal_id = g.id
             WHERE {condition}
             GROUP BY g.id {order}",
            body = body_columns("g.body", whole)
        ),
        values,
    ))
    .all(db)
    .await?;
    rows.into_iter().map(Goal::try_from).collect()
}

pub async fn list(
    db: &impl ConnectionTrait,
    which: GoalsOf,
    keyset: &Keyset<CreatedKey>,
) -> Result<Page<Goal>, DbErr> {
    let (condition, id) = match which {
        GoalsOf::Relationship(id) => ("g.coaching_relationship_id = $1", id),
        GoalsOf::Session(id) => {
            ("g.id IN (SELECT goal_id FROM coaching_session_goals WHERE coaching_session_id = $1)", id)
        }
    };
    let mut values: Vec<Value> = vec![id.into()];
    let page = keyset.clauses("g.created_at, g.id", false, vec![condition.to_owned()], &mut values);
    let goals = find(db, &page.filter, values, &page.order, false).await?;
    Ok(keyset.page(goals, |goal: &Goal| (goal.created_at, goal.id)))
}

pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Goal>, DbErr> {
    Ok(find(db, "g.id = $1", vec![id.into()], "", true).await?.into_iter().next())
}

/// Creates the goal and, with `session_id`, links it to that session, in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    relationship_id: Uuid,
    author_id: Uuid,
    fields: GoalFields,
    session_id: Option<Uuid>,
) -> Result<Goal, DbErr> {
    let id = Uuid::new_v4();
    let txn = db.begin().await?;
    goal::ActiveModel {
        id: Set(id),
        coaching_relationship_id: Set(relationship_id),
        author_id: Set(author_id),
        title: Set(fields.title),
        body: Set(fields.body),
        target_date: Set(fields.target_date),
        status: Set(fields.status.into()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(session_id) = session_id {
        link(&txn, id, session_id).await?;
    }
    txn.commit().await?;
    get(db, id).await?.ok_or(DbErr::RecordNotInserted)
}

pub async fn update(db: &DatabaseConnection, id: Uuid, fields: GoalFields) -> Result<Option<Goal>, DbErr> {
    change(db, id, |model| {
        model.title = Set(fields.title);
        model.body = Set(fields.body);
        model.target_date = Set(fields.target_date);
        model.status = Set(fields.status.into());
    })
    .await
}

pub async fn set_status(
    db: &DatabaseConnection,
    id: Uuid,
    status: ProgressStatus,
) -> Result<Option<Goal>, DbErr> {
    change(db, id, |model| model.status = Set(status.into())).await
}

/// The goal after `change` was saved to it, read again with its sessions; `None` when it is gone.
async fn change(
    db: &DatabaseConnection,
    id: Uuid,
    change: impl FnOnce(&mut goal::ActiveModel),
) -> Result<Option<Goal>, DbErr> {
    if update_by_id::<goal::Entity>(db, id, change).await?.is_none() {
        return Ok(None);
    }
    get(db, id).await
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    delete_by_id::<goal::Entity>(db, id).await
}

/// Records that the goal was discussed in the session; linking twice is harmless.
pub async fn link(db: &impl ConnectionTrait, goal_id: Uuid, session_id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(sql(
        "INSERT INTO coaching_session_goals (coaching_session_id, goal_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
        [session_id.into(), goal_id.into()],
    ))
    .await?;
    Ok(())
}

/// Whether there was a link to remove.
pub async fn unlink(db: &DatabaseConnection, goal_id: Uuid, session_id: Uuid) -> Result<bool, DbErr> {
    let result = session_goal::Entity::delete_by_id((session_id, goal_id)).exec(db).await?;
    Ok(result.rows_affected > 0)
}

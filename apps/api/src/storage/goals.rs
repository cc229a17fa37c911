//! Goals of a relationship and the sessions in which they were discussed.

use chrono::{DateTime, NaiveDate, Utc};
use contract::{Goal, GoalProgress, GoalStatusChange, GoalsOverview, Page, ProgressStatus, SessionMention};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult,
    TransactionTrait, Value,
};
use uuid::Uuid;

use super::access::{self, Anchor, own_relationship};
use super::entities::goal;
use super::page::{Condition, CreatedKey, Keyset, body_columns};
use super::{delete_by_id, people, relationships, snapshot, sql};
use crate::domain::caller::Caller;

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
    /// The linked actions done and of all but those it won't do, counted in one pass.
    progress: Vec<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A status's wire name, as the database reads it (`::text`), back as the status.
fn status_named(name: &str) -> Result<ProgressStatus, DbErr> {
    ProgressStatus::ALL
        .into_iter()
        .find(|status| status.as_str() == name)
        .ok_or_else(|| DbErr::Type(format!("unknown progress status {name:?}")))
}

impl TryFrom<Row> for Goal {
    type Error = DbErr;

    fn try_from(row: Row) -> Result<Self, DbErr> {
        let status = status_named(&row.status)?;
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
            progress: match row.progress[..] {
                [done, total] => GoalProgress { done, total },
                _ => return Err(DbErr::Type("a goal's progress is two counts".to_owned())),
            },
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
    let statement =
        sql(format!("SELECT {} FROM goals g WHERE {condition} {order}", columns(whole, LINKS)), values);
    let rows = Row::find_by_statement(statement).all(db).await?;
    rows.into_iter().map(Goal::try_from).collect()
}

/// The links of goals to sessions.
const LINKS: &str = "coaching_session_goals";

/// The columns of goal `g` that a [`Row`] reads, with its progress and its sessions as `links`
/// (SQL of rows of `coaching_session_goals`: a statement that changes them names them as it leaves
/// them, which its own reads do not see); its text `whole`, or (in lists) its start. Over a table
/// or a CTE alike (no grouping).
fn columns(whole: bool, links: &str) -> String {
    format!(
        "g.id, g.coaching_relationship_id, g.author_id, g.title, {body},
         g.status::text AS status, g.status_changed_at, g.target_date, g.created_at, g.updated_at,
         (SELECT COALESCE(array_agg(sg.coaching_session_id ORDER BY sg.created_at), '{{}}')
          FROM {links} sg WHERE sg.goal_id = g.id) AS session_ids,
         (SELECT ARRAY[COUNT(*) FILTER (WHERE a.status = 'completed'),
                       COUNT(*) FILTER (WHERE a.status <> 'wont_do')]
          FROM actions a WHERE a.goal_id = g.id) AS progress",
        body = body_columns("g.body", whole)
    )
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

/// The goals in progress in `person`'s own relationships, nearest target first (undated last).
pub async fn in_progress_of(db: &impl ConnectionTrait, person: Uuid, most: u32) -> Result<Vec<Goal>, DbErr> {
    let condition = format!(
        "g.status = 'in_progress' AND g.coaching_relationship_id IN (
             SELECT r.id FROM coaching_relationships r WHERE {} AND r.ended_at IS NULL)",
        own_relationship("$1")
    );
    let order = format!("ORDER BY g.target_date NULLS LAST, g.id LIMIT {most}");
    find(db, &condition, vec![person.into()], &order, false).await
}

pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Goal>, DbErr> {
    Ok(find(db, "g.id = $1", vec![id.into()], "", true).await?.into_iter().next())
}

/// Creates the goal (its history starting with its first status) and, with `session_id`, links
/// it to that session, in one transaction.
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
    record_status(&txn, id, author_id).await?;
    if let Some(session_id) = session_id {
        link(&txn, id, session_id).await?;
    }
    txn.commit().await?;
    get(db, id).await?.ok_or(DbErr::RecordNotInserted)
}

pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    changed_by: Uuid,
    fields: GoalFields,
) -> Result<Option<Goal>, DbErr> {
    let GoalFields { title, body, target_date, status } = fields;
    let set = "title = $3, body = $4, target_date = $5, status = $6::progress_status";
    change(
        db,
        id,
        changed_by,
        set,
        vec![title.into(), body.into(), target_date.into(), status.as_str().into()],
    )
    .await
}

pub async fn set_status(
    db: &DatabaseConnection,
    id: Uuid,
    changed_by: Uuid,
    status: ProgressStatus,
) -> Result<Option<Goal>, DbErr> {
    change(db, id, changed_by, "status = $3::progress_status", vec![status.as_str().into()]).await
}

/// The goal after `set` (SQL whose values, `$3` on, are `values`) was saved to it and a new
/// status recorded in its history, with its sessions, in one statement; `None` when it is gone.
async fn change(
    db: &DatabaseConnection,
    id: Uuid,
    changed_by: Uuid,
    set: &str,
    values: Vec<Value>,
) -> Result<Option<Goal>, DbErr> {
    let statement = sql(
        format!(
            "WITH g AS (UPDATE goals SET {set} WHERE id = $1 RETURNING *),
                  recorded AS ({})
             SELECT {} FROM g",
            status_recorded("g"),
            columns(true, LINKS)
        ),
        [vec![id.into(), changed_by.into()], values].concat(),
    );
    Row::find_by_statement(statement).one(db).await?.map(Goal::try_from).transpose()
}

/// Adds the goal's status to its history when it differs from the last one recorded.
async fn record_status(db: &impl ConnectionTrait, goal_id: Uuid, changed_by: Uuid) -> Result<(), DbErr> {
    let recorded = status_recorded("(SELECT * FROM goals WHERE id = $1) AS g");
    db.execute_raw(sql(recorded, [goal_id.into(), changed_by.into()])).await?;
    Ok(())
}

/// The `INSERT` that adds the status of the goals `g` of `source` to their history where it
/// differs from the last one recorded, as changed by `$2`.
fn status_recorded(source: &str) -> String {
    format!(
        "INSERT INTO goal_status_changes (goal_id, status, changed_by)
         SELECT g.id, g.status, $2 FROM {source}
         WHERE g.status IS DISTINCT FROM (
             SELECT h.status FROM goal_status_changes h WHERE h.goal_id = g.id
             ORDER BY h.changed_at DESC, h.id DESC LIMIT 1)"
    )
}

/// The goals page of a relationship: the caller, the relationship, the first page of its goals,
/// their status histories and the sessions where they came up, in one read-only snapshot (as
/// many statements whatever the number of goals). `None` when the caller may not see the
/// relationship or one of `checks` (read with the check of access) fails.
pub async fn overview(
    db: &DatabaseConnection,
    caller: Caller,
    checks: &[Condition],
    relationship_id: Uuid,
    keyset: &Keyset<CreatedKey>,
) -> Result<Option<GoalsOverview>, DbErr> {
    #[derive(FromQueryResult)]
    struct Change {
        goal_id: Uuid,
        status: String,
        changed_by: Option<Uuid>,
        changed_at: DateTime<Utc>,
    }
    #[derive(FromQueryResult)]
    struct Mention {
        id: Uuid,
        title: Option<String>,
        starts_at: DateTime<Utc>,
    }
    let viewer = caller.viewer();
    let txn = snapshot(db).await?;
    let anchor = Anchor::Relationship(relationship_id);
    if access::relationship(&txn, viewer, anchor, checks).await?.is_none() {
        return Ok(None);
    }
    let Some(relationship) = relationships::get(&txn, viewer, relationship_id).await? else {
        return Ok(None);
    };
    let goals = list(&txn, GoalsOf::Relationship(relationship_id), keyset).await?;
    let ids: Vec<Uuid> = goals.items.iter().map(|goal| goal.id).collect();
    let changes = Change::find_by_statement(sql(
        "SELECT goal_id, status::text AS status, changed_by, changed_at FROM goal_status_changes
         WHERE goal_id = ANY($1) ORDER BY changed_at, id",
        [Value::from(ids.clone())],
    ))
    .all(&txn)
    .await?;
    let mentions = Mention::find_by_statement(sql(
        "SELECT s.id, s.title, s.starts_at FROM coaching_sessions s
         WHERE s.id IN (SELECT coaching_session_id FROM coaching_session_goals WHERE goal_id = ANY($1))
         ORDER BY s.starts_at, s.id",
        [Value::from(ids)],
    ))
    .all(&txn)
    .await?;
    let me = people::me(&txn, caller).await?;
    txn.commit().await?;
    let history = changes
        .into_iter()
        .map(|change| {
            Ok(GoalStatusChange {
                goal_id: change.goal_id,
                status: status_named(&change.status)?,
                changed_by: change.changed_by,
                changed_at: change.changed_at,
            })
        })
        .collect::<Result<_, DbErr>>()?;
    let sessions = mentions
        .into_iter()
        .map(|mention| SessionMention { id: mention.id, title: mention.title, starts_at: mention.starts_at })
        .collect();
    Ok(Some(GoalsOverview { viewer: me, relationship, goals, history, sessions }))
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

#[derive(FromQueryResult)]
struct RelinkedRow {
    #[sea_orm(nested)]
    goal: Row,
    made: bool,
}

/// Links goal `goal_id` of relationship `relationship_id` to session `session_id` (linking twice
/// is harmless), in one statement with the goal read back and whether it was linked: not when the
/// session is not one of that relationship's. `None` when the goal is gone.
pub async fn link_to_session(
    db: &DatabaseConnection,
    (goal_id, relationship_id): (Uuid, Uuid),
    session_id: Uuid,
) -> Result<Option<(Goal, bool)>, DbErr> {
    relink(
        db,
        "linked AS (
             INSERT INTO coaching_session_goals (coaching_session_id, goal_id)
             SELECT s.id, $1 FROM coaching_sessions s WHERE s.id = $2 AND s.coaching_relationship_id = $3
             ON CONFLICT DO NOTHING RETURNING coaching_session_id, goal_id, created_at)",
        "(SELECT coaching_session_id, goal_id, created_at FROM coaching_session_goals
          UNION ALL SELECT * FROM linked)",
        "EXISTS (SELECT 1 FROM coaching_sessions s WHERE s.id = $2 AND s.coaching_relationship_id = $3)",
        [goal_id.into(), session_id.into(), relationship_id.into()].into(),
    )
    .await
}

/// Removes the link of the goal to the session, in one statement with the goal read back and
/// whether there was such a link. `None` when the goal is gone.
pub async fn unlink(
    db: &DatabaseConnection,
    goal_id: Uuid,
    session_id: Uuid,
) -> Result<Option<(Goal, bool)>, DbErr> {
    relink(
        db,
        "unlinked AS (
             DELETE FROM coaching_session_goals WHERE goal_id = $1 AND coaching_session_id = $2 RETURNING 1)",
        "(SELECT * FROM coaching_session_goals WHERE coaching_session_id <> $2)",
        "EXISTS (SELECT 1 FROM unlinked)",
        [goal_id.into(), session_id.into()].into(),
    )
    .await
}

/// Goal `$1` after the CTE `change`, its sessions `links`, and whether `made` (SQL) holds.
async fn relink(
    db: &DatabaseConnection,
    change: &str,
    links: &str,
    made: &str,
    values: Vec<Value>,
) -> Result<Option<(Goal, bool)>, DbErr> {
    let statement = sql(
        format!("WITH {change} SELECT {}, {made} AS made FROM goals g WHERE g.id = $1", columns(true, links)),
        values,
    );
    let Some(row) = RelinkedRow::find_by_statement(statement).one(db).await? else {
        return Ok(None);
    };
    Ok(Some((Goal::try_from(row.goal)?, row.made)))
}

//! Actions: agreed in a session, owned by the relationship, on its list until they are done.

use chrono::NaiveDate;
use contract::{Action, ActionAssignee, ActionStatusFilter, Page, ProgressStatus};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, SqlErr,
};
use uuid::Uuid;

use super::access::own_relationship;
use super::entities::action;
use super::outbox::{self, Audience};
use super::page::{Condition, CreatedKey, Groups, Keyset, ListQuery, SortKey, body_columns};
use super::throttle::{self, Quota};
use super::{delete_by_id, sql, update_by_id};
use crate::domain::notices::{ActionFacts, Announcer, Notice};
use crate::domain::throttle::RetryAfter;

/// An action as lists show it: the start of its text (see `body_columns`).
#[derive(FromQueryResult)]
struct Listed {
    #[sea_orm(nested)]
    action: action::Model,
    truncated: bool,
}

impl From<Listed> for Action {
    fn from(listed: Listed) -> Self {
        Self { truncated: listed.truncated, ..listed.action.into() }
    }
}

pub struct ActionFields {
    pub body: String,
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
    pub assignee: ActionAssignee,
    pub goal_id: Option<Uuid>,
}

/// Where an action stands in a list by due date: its due day (undated ones as the last day there
/// is, so they come last), then its id.
pub type DueKey = (NaiveDate, Uuid);

/// The day undated actions sort as, in SQL and in cursors alike.
const UNDATED: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid day");

/// Whose actions a relationship-wide list holds (its access checked already).
pub enum ActionScope {
    /// One relationship's.
    Relationship(Uuid),
    /// Those of every relationship where this person is the coach or the coachee, while a member
    /// of its organization.
    OwnRelationships(Uuid),
}

/// The narrowing of a list (each `None`: no narrowing).
#[derive(Default)]
pub struct ActionNarrowing {
    /// Assigned to this side (`Both` counts for either), or only to both.
    pub assignee: Option<ActionAssignee>,
    /// Only this person's own to do, as the coach or the coachee.
    pub mine: Option<Uuid>,
    pub statuses: Option<&'static [ProgressStatus]>,
    pub due_before: Option<NaiveDate>,
    pub due_after: Option<NaiveDate>,
    /// Only those agreed in sessions that started before this one.
    pub agreed_before_session: Option<Uuid>,
}

/// The columns of [`Listed`], read from actions as `x`.
fn listed_columns() -> String {
    action_columns(false)
}

/// The columns of an action `x` that a [`Listed`] reads, its body `whole` or cut short.
fn action_columns(whole: bool) -> String {
    format!(
        "x.id, x.coaching_relationship_id, x.coaching_session_id, x.author_id,
         x.assignee::text AS assignee, x.goal_id, {}, x.due_on, x.status::text AS status,
         x.status_changed_at, x.created_at, x.updated_at, x.due_key",
        body_columns("x.body", whole)
    )
}

/// The SQL before `WHERE` that reads actions as `x` (with their relationship `r`) into
/// [`Listed`].
fn listed_select() -> String {
    format!(
        "SELECT {} FROM actions x JOIN coaching_relationships r ON r.id = x.coaching_relationship_id",
        listed_columns()
    )
}

/// The sort key of lists by due date: `due_key` is the due day, undated ones as [`UNDATED`]
/// (a column the database keeps, indexed with the relationship and whether it is open).
const BY_DUE_DATE: &str = "x.due_key, x.id";

/// The actions agreed in session `session_id`, oldest first.
pub async fn list_in_session(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    narrowing: ActionNarrowing,
    keyset: &Keyset<CreatedKey>,
) -> Result<Page<Action>, DbErr> {
    let key_of = |action: &Action| (action.created_at, action.id);
    let list = ListQuery::new(listed_select(), "x.created_at, x.id");
    read_where(db, list, ("x.coaching_session_id = ?", session_id), narrowing, keyset, key_of).await
}

/// The actions of `scope`, soonest due first, undated last.
pub async fn list_by_due_date(
    db: &impl ConnectionTrait,
    scope: ActionScope,
    narrowing: ActionNarrowing,
    keyset: &Keyset<DueKey>,
) -> Result<Page<Action>, DbErr> {
    let key_of = |action: &Action| (action.due_on.unwrap_or(UNDATED), action.id);
    match scope {
        ActionScope::Relationship(id) => {
            let list = ListQuery::new(listed_select(), BY_DUE_DATE);
            read_where(db, list, ("x.coaching_relationship_id = ?", id), narrowing, keyset, key_of).await
        }
        // Each relationship's first actions from its own index (their keys alone: the index holds
        // what the narrowing reads), then the page among them, and the rows of that page.
        ActionScope::OwnRelationships(person) => {
            let one_relationship = "SELECT x.due_key, x.id FROM actions x";
            let list =
                ListQuery::new(one_relationship, BY_DUE_DATE).only("x.coaching_relationship_id = r.id");
            let groups = Groups {
                from: "coaching_relationships r",
                condition: &own_relationship("?"),
                value: person.into(),
                columns: "page.due_key, page.id",
                rows: &format!("SELECT {} FROM page JOIN actions x ON x.id = page.id", listed_columns()),
            };
            keyset
                .read_per_group(db, groups, narrowed(list, narrowing), |row: Listed| Ok(row.into()), key_of)
                .await
        }
    }
}

/// The page of `list` where `condition` (its `?` standing for the id) holds, narrowed.
async fn read_where<K: SortKey + Clone>(
    db: &impl ConnectionTrait,
    list: ListQuery,
    (condition, id): (&str, Uuid),
    narrowing: ActionNarrowing,
    keyset: &Keyset<K>,
    key_of: impl Fn(&Action) -> K,
) -> Result<Page<Action>, DbErr> {
    let list = narrowed(list.only_where(condition, id), narrowing);
    keyset.read(db, list, |row: Listed| Ok(row.into()), key_of).await
}

fn narrowed(mut list: ListQuery, narrowing: ActionNarrowing) -> ListQuery {
    if let Some(assignee) = narrowing.assignee {
        list = match assignee {
            ActionAssignee::Both => list.only("x.assignee = 'both'"),
            side => list.only_where("x.assignee::text IN (?, 'both')", side.as_str()),
        };
    }
    if let Some(person) = narrowing.mine {
        // Theirs is all but what is the other side's alone: one inequality, which the planner
        // expects most rows to pass, so it walks the due-date index in order and stops at the
        // page (an OR of both sides made it fetch every open action and sort them, 5x slower).
        list = list.only_where("? IN (r.coach_id, r.coachee_id)", person).only_where(
            "x.assignee <> (CASE WHEN r.coach_id = ? THEN 'coachee' ELSE 'coach' END)::action_assignee",
            person,
        );
    }
    if let Some(statuses) = narrowing.statuses {
        // `is_open` follows the relationship in the index: name it whenever the statuses allow,
        // and alone when it says it all (a redundant filter makes the planner expect few rows
        // and sort them instead of walking the index).
        let open = ActionStatusFilter::Open.statuses();
        let done = ActionStatusFilter::Done.statuses();
        if statuses.iter().all(|status| open.contains(status)) {
            list = list.only("x.is_open");
        } else if statuses.iter().all(|status| done.contains(status)) {
            list = list.only("NOT x.is_open");
        }
        if statuses != open && statuses != done {
            let names: Vec<String> = statuses.iter().map(|status| status.as_str().to_owned()).collect();
            list = list.only_where("x.status::text = ANY(?)", names);
        }
    }
    // Bounds on `due_key`, which the index holds (undated actions are due on the last day there
    // is, which a bound on the due day leaves out).
    if let Some(day) = narrowing.due_before {
        list = list.only_where("x.due_key <= ?", day);
    }
    if let Some(day) = narrowing.due_after {
        list = list.only_where("x.due_key >= ?", day);
    }
    if narrowing.due_before.is_some() || narrowing.due_after.is_some() {
        list = list.only_where("x.due_key < ?", UNDATED);
    }
    if let Some(session_id) = narrowing.agreed_before_session {
        list = list.only_where(
            "(SELECT starts_at FROM coaching_sessions WHERE id = x.coaching_session_id)
               < (SELECT starts_at FROM coaching_sessions WHERE id = ?)",
            session_id,
        );
    }
    list
}

/// The outbox `INSERT` that tells `audience` (SQL, see `outbox::notice_insert`) of action `id`
/// with `body`, due `due_on`, assigned to them by `announcer`; the action is the statement's CTE
/// `written`.
fn assigned(
    announcer: &Announcer,
    (id, body, due_on): (Uuid, String, Option<NaiveDate>),
    audience: [&str; 2],
) -> Result<Condition, DbErr> {
    let notice =
        Notice::ActionAssigned(ActionFacts { action_id: id, body, due_on, by: announcer.name.clone() });
    outbox::notice_insert(&notice, "(SELECT coaching_relationship_id FROM written)", audience, announcer.id)
}

/// Whether `error` is the database refusing a goal of another relationship (the composite
/// foreign key), as when an update names one.
pub fn is_foreign_goal(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(message))
        if message.contains("actions_goal_in_relationship_fkey"))
}

pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Action>, DbErr> {
    Ok(action::Entity::find_by_id(id).one(db).await?.map(Into::into))
}

/// A new action agreed in session `session_id` of relationship `relationship_id`, in one statement
/// that counts it against `quota` (`Err(RetryAfter)` when it is spent, and nothing is written) and
/// tells by mail those it is assigned to, unless `announce` is the author (see `sessions::create`).
/// A goal of another relationship fails the whole statement ([`is_foreign_goal`]), quota and all.
pub async fn create(
    db: &DatabaseConnection,
    relationship_id: Uuid,
    session_id: Uuid,
    author_id: Uuid,
    fields: ActionFields,
    announce: Option<&Announcer>,
    quota: &Quota,
) -> Result<Result<Action, RetryAfter>, DbErr> {
    let id = Uuid::new_v4();
    let ActionFields { body, due_on, status, assignee, goal_id } = fields;
    let mut writes = vec![Condition {
        sql: format!(
            "written AS (
                 INSERT INTO actions AS x (id, coaching_relationship_id, coaching_session_id, author_id, body,
                                           due_on, status, assignee, goal_id)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7::progress_status, ?8::action_assignee, ?9
                 WHERE EXISTS (SELECT 1 FROM charged)
                 RETURNING {}
             )",
            action_columns(true)
        ),
        values: vec![
            id.into(),
            relationship_id.into(),
            session_id.into(),
            author_id.into(),
            body.clone().into(),
            due_on.into(),
            status.as_str().into(),
            assignee.as_str().into(),
            goal_id.into(),
        ],
    }];
    let audience = Audience::assigned(assignee);
    if let Some(announcer) = announce.filter(|_| !audience.is_empty()) {
        let Condition { sql, values } = assigned(announcer, (id, body, due_on), audience.sql())?;
        writes.push(Condition { sql: format!("announced AS ({sql})"), values });
    }
    let created: Result<Listed, RetryAfter> = throttle::charged_write(db, quota, &writes).await?;
    Ok(created.map(Action::from))
}

/// Replaces every field, in one statement that also tells by mail those newly assigned to it
/// (see [`create`]); `None` when the action is gone.
pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    fields: ActionFields,
    announce: Option<&Announcer>,
) -> Result<Option<Action>, DbErr> {
    let ActionFields { body, due_on, status, assignee, goal_id } = fields;
    let mut values = vec![
        id.into(),
        body.clone().into(),
        due_on.into(),
        status.as_str().into(),
        assignee.as_str().into(),
        goal_id.into(),
    ];
    let mut announced = String::new();
    let audience = Audience::assigned(assignee);
    if let Some(announcer) = announce.filter(|_| !audience.is_empty()) {
        // Those assigned now who were not before.
        let [coach, coachee] = audience.sql();
        let newly = |now: &str, side: &str| {
            format!("{now} AND (SELECT previous_assignee FROM written) NOT IN ('{side}', 'both')")
        };
        let (coach, coachee) = (newly(coach, "coach"), newly(coachee, "coachee"));
        let insert = assigned(announcer, (id, body, due_on), [&coach, &coachee])?;
        announced = format!(", announced AS ({})", insert.bind_into(&mut values));
    }
    let statement = sql(
        format!(
            // The row as it was, locked first (the latest version when another change committed
            // meanwhile): whom it was assigned to, which RETURNING cannot say otherwise.
            "WITH written AS (
                 UPDATE actions AS x SET body = $2, due_on = $3, status = $4::progress_status,
                     assignee = $5::action_assignee, goal_id = $6
                 FROM (SELECT id, assignee FROM actions WHERE id = $1 FOR UPDATE) AS before
                 WHERE x.id = before.id RETURNING {}, before.assignee::text AS previous_assignee
             ){announced}
             SELECT * FROM written",
            action_columns(true)
        ),
        values,
    );
    Ok(Listed::find_by_statement(statement).one(db).await?.map(Action::from))
}

pub async fn set_status(
    db: &DatabaseConnection,
    id: Uuid,
    status: ProgressStatus,
) -> Result<Option<Action>, DbErr> {
    let updated = update_by_id::<action::Entity>(db, id, |model| model.status = Set(status.into())).await?;
    Ok(updated.map(Into::into))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    delete_by_id::<action::Entity>(db, id).await
}

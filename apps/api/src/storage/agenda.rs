//! Agenda topics of a session, in the order of discussion. Every change to a session's agenda
//! locks the session's row first, so two people reordering or adding at once take turns.

use chrono::{DateTime, Utc};
use contract::AgendaTopic;
use contract::limits::MAX_AGENDA_TOPICS;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, TransactionTrait, Value};
use uuid::Uuid;

use super::sql;
use crate::domain::policy::EntryReader;

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    coaching_session_id: Uuid,
    author_id: Uuid,
    body: String,
    position: i32,
    discussed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn into_topic(self, reader: EntryReader) -> AgendaTopic {
        AgendaTopic {
            id: self.id,
            session_id: self.coaching_session_id,
            author_id: self.author_id,
            body: self.body,
            position: self.position,
            discussed_at: self.discussed_at,
            capabilities: reader.capabilities(self.author_id),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const COLUMNS: &str =
    "id, coaching_session_id, author_id, body, position, discussed_at, created_at, updated_at";

/// Why an agenda change was refused (the caller may do it; the agenda does not allow it).
#[derive(Debug, PartialEq, Eq)]
pub enum AgendaRefusal {
    /// It already holds [`MAX_AGENDA_TOPICS`] topics (or would, for the next session).
    Full,
    /// A new order that does not name each of the session's topics exactly once.
    NotItsTopics,
    /// Carrying over needs a later session of the relationship.
    NoNextSession,
}

/// A session's topics in their order.
pub async fn list(
    db: &impl ConnectionTrait,
    reader: EntryReader,
    session_id: Uuid,
) -> Result<Vec<AgendaTopic>, DbErr> {
    let statement = sql(
        format!(
            "SELECT {COLUMNS} FROM agenda_topics WHERE coaching_session_id = $1 ORDER BY position, created_at"
        ),
        [session_id.into()],
    );
    let rows = Row::find_by_statement(statement).all(db).await?;
    Ok(rows.into_iter().map(|row| row.into_topic(reader)).collect())
}

pub async fn get(
    db: &DatabaseConnection,
    reader: EntryReader,
    id: Uuid,
) -> Result<Option<AgendaTopic>, DbErr> {
    let statement = sql(format!("SELECT {COLUMNS} FROM agenda_topics WHERE id = $1"), [id.into()]);
    Ok(Row::find_by_statement(statement).one(db).await?.map(|row| row.into_topic(reader)))
}

/// Adds a topic at the end of the session's agenda.
pub async fn add(
    db: &DatabaseConnection,
    reader: EntryReader,
    session_id: Uuid,
    body: String,
) -> Result<Result<AgendaTopic, AgendaRefusal>, DbErr> {
    let txn = db.begin().await?;
    lock_session(&txn, session_id).await?;
    let statement = sql(
        format!(
            "INSERT INTO agenda_topics (coaching_session_id, author_id, body, position)
             SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1 FROM agenda_topics
             WHERE coaching_session_id = $1 HAVING COUNT(*) < $4
             RETURNING {COLUMNS}"
        ),
        [session_id.into(), reader.user_id.into(), body.into(), cap().into()],
    );
    let added = Row::find_by_statement(statement).one(&txn).await?;
    txn.commit().await?;
    Ok(added.map(|row| row.into_topic(reader)).ok_or(AgendaRefusal::Full))
}

/// Rewrites a topic's text, when `reader` wrote it; `None` when it is gone or not theirs.
pub async fn rewrite(
    db: &DatabaseConnection,
    reader: EntryReader,
    id: Uuid,
    body: String,
) -> Result<Option<AgendaTopic>, DbErr> {
    update(db, reader, id, ("body = $2", body.into()), Some(reader.user_id)).await
}

/// Marks a topic discussed (now) or to be discussed again; `None` when it is gone.
pub async fn set_discussed(
    db: &DatabaseConnection,
    reader: EntryReader,
    id: Uuid,
    discussed: bool,
) -> Result<Option<AgendaTopic>, DbErr> {
    let set = "discussed_at = CASE WHEN $2 THEN COALESCE(discussed_at, now()) END";
    update(db, reader, id, (set, discussed.into()), None).await
}

/// Applies `set` (its SQL, whose one parameter is `$2`, and that value) to topic `id`, when
/// `author` (if named) wrote it; `None` when it is gone or not theirs.
async fn update(
    db: &DatabaseConnection,
    reader: EntryReader,
    id: Uuid,
    (set, value): (&str, Value),
    author: Option<Uuid>,
) -> Result<Option<AgendaTopic>, DbErr> {
    let only = if author.is_some() { "AND author_id = $3" } else { "" };
    let mut values = vec![id.into(), value];
    values.extend(author.map(Value::from));
    let statement =
        sql(format!("UPDATE agenda_topics SET {set} WHERE id = $1 {only} RETURNING {COLUMNS}"), values);
    Ok(Row::find_by_statement(statement).one(db).await?.map(|row| row.into_topic(reader)))
}

/// Deletes the topic, when `author_id` wrote it: whether it did.
pub async fn delete(db: &DatabaseConnection, id: Uuid, author_id: Uuid) -> Result<bool, DbErr> {
    let statement =
        sql("DELETE FROM agenda_topics WHERE id = $1 AND author_id = $2", [id.into(), author_id.into()]);
    Ok(db.execute_raw(statement).await?.rows_affected() == 1)
}

/// Puts the session's topics in the order of `topic_ids`, which must name each exactly once.
pub async fn reorder(
    db: &DatabaseConnection,
    reader: EntryReader,
    session_id: Uuid,
    topic_ids: &[Uuid],
) -> Result<Result<Vec<AgendaTopic>, AgendaRefusal>, DbErr> {
    let txn = db.begin().await?;
    lock_session(&txn, session_id).await?;
    let statement = sql(
        "UPDATE agenda_topics SET position = wanted.ordinality
         FROM unnest($2::uuid[]) WITH ORDINALITY AS wanted(id, ordinality)
         WHERE agenda_topics.id = wanted.id AND agenda_topics.coaching_session_id = $1",
        [session_id.into(), Value::from(topic_ids.to_vec())],
    );
    txn.execute_raw(statement).await?;
    let topics = list(&txn, reader, session_id).await?;
    // Another session's topic, a missing one or one named twice leaves the agenda in another
    // order than asked: dropping the transaction undoes the update.
    if !topics.iter().map(|topic| topic.id).eq(topic_ids.iter().copied()) {
        return Ok(Err(AgendaRefusal::NotItsTopics));
    }
    txn.commit().await?;
    Ok(Ok(topics))
}

/// Moves the topics of session `session_id` not yet discussed to the end of the relationship's
/// next session's agenda.
pub async fn carry_over(
    db: &DatabaseConnection,
    session_id: Uuid,
) -> Result<Result<(Uuid, Vec<Uuid>), AgendaRefusal>, DbErr> {
    #[derive(FromQueryResult)]
    struct Next {
        id: Uuid,
        topics: i64,
    }
    let txn = db.begin().await?;
    lock_session(&txn, session_id).await?;
    let statement = sql(
        "SELECT next.id, (SELECT COUNT(*) FROM agenda_topics t WHERE t.coaching_session_id = next.id) AS topics
         FROM coaching_sessions this
         JOIN coaching_sessions next ON next.coaching_relationship_id = this.coaching_relationship_id
          AND (next.starts_at, next.id) > (this.starts_at, this.id)
         WHERE this.id = $1
         ORDER BY next.starts_at, next.id LIMIT 1 FOR UPDATE OF next",
        [session_id.into()],
    );
    let Some(next) = Next::find_by_statement(statement).one(&txn).await? else {
        return Ok(Err(AgendaRefusal::NoNextSession));
    };
    let statement = sql(
        "WITH moving AS (SELECT id, row_number() OVER (ORDER BY position, created_at) AS rank
                         FROM agenda_topics WHERE coaching_session_id = $1 AND discussed_at IS NULL)
         UPDATE agenda_topics SET coaching_session_id = $2,
                position = (SELECT COALESCE(MAX(position), 0) FROM agenda_topics WHERE coaching_session_id = $2)
                           + moving.rank
         FROM moving WHERE agenda_topics.id = moving.id
         RETURNING agenda_topics.id, moving.rank",
        [session_id.into(), next.id.into()],
    );
    #[derive(FromQueryResult)]
    struct Moved {
        id: Uuid,
        rank: i64,
    }
    let mut moved = Moved::find_by_statement(statement).all(&txn).await?;
    if next.topics + moved.len() as i64 > cap() {
        // Dropping the transaction rolls the move back.
        return Ok(Err(AgendaRefusal::Full));
    }
    txn.commit().await?;
    moved.sort_by_key(|topic| topic.rank);
    Ok(Ok((next.id, moved.into_iter().map(|topic| topic.id).collect())))
}

fn cap() -> i64 {
    i64::try_from(MAX_AGENDA_TOPICS).expect("a small number")
}

async fn lock_session(db: &impl ConnectionTrait, session_id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(sql("SELECT 1 FROM coaching_sessions WHERE id = $1 FOR UPDATE", [session_id.into()]))
        .await?;
    Ok(())
}

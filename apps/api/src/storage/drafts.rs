//! Drafts of notes, one per author, session and note (none: a new note), kept as their author
//! types and read by nobody else.

use contract::NoteDraft;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

use super::sql;

/// Whose draft of what: `author_id`'s, in session `session_id`, of note `note_id` (a new one when
/// `None`).
#[derive(Debug, Clone, Copy)]
pub struct DraftKey {
    pub author_id: Uuid,
    pub session_id: Uuid,
    pub note_id: Option<Uuid>,
}

#[derive(FromQueryResult)]
struct Row {
    note_id: Option<Uuid>,
    body: String,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<Row> for NoteDraft {
    fn from(row: Row) -> Self {
        Self { note_id: row.note_id, body: row.body, updated_at: row.updated_at }
    }
}

/// `author_id`'s drafts in session `session_id`: at most one per note they wrote there and one
/// new note, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    author_id: Uuid,
    session_id: Uuid,
) -> Result<Vec<NoteDraft>, DbErr> {
    let rows = Row::find_by_statement(sql(
        "SELECT note_id, body, updated_at FROM note_drafts
         WHERE author_id = $1 AND coaching_session_id = $2 ORDER BY updated_at DESC",
        [author_id.into(), session_id.into()],
    ))
    .all(db)
    .await?;
    Ok(rows.into_iter().map(NoteDraft::from).collect())
}

/// Keeps `body` as the draft of `key`, replacing the one before.
pub async fn save(db: &impl ConnectionTrait, key: DraftKey, body: String) -> Result<NoteDraft, DbErr> {
    let row = Row::find_by_statement(sql(
        "INSERT INTO note_drafts (author_id, coaching_session_id, note_id, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (author_id, coaching_session_id, note_id)
         DO UPDATE SET body = EXCLUDED.body, updated_at = now()
         RETURNING note_id, body, updated_at",
        [key.author_id.into(), key.session_id.into(), key.note_id.into(), body.into()],
    ))
    .one(db)
    .await?;
    row.map(NoteDraft::from).ok_or(DbErr::RecordNotInserted)
}

/// Forgets the draft of `key`, if there is one (the note was saved, or the text cleared).
/// The CTE, in an entry's charged write ([`super::throttle::charged_write`]), that discards the
/// author's (`?2`) draft of a new note in the session (`?1`) once the note is `written`.
pub const DISCARD_NEW_NOTE_DRAFT: &str = "discarded AS (
    DELETE FROM note_drafts WHERE author_id = ?2 AND coaching_session_id = ?1 AND note_id IS NULL
      AND EXISTS (SELECT 1 FROM written)
)";

pub async fn discard(db: &impl ConnectionTrait, key: DraftKey) -> Result<(), DbErr> {
    db.execute_raw(sql(
        "DELETE FROM note_drafts
         WHERE author_id = $1 AND coaching_session_id = $2 AND note_id IS NOT DISTINCT FROM $3",
        [key.author_id.into(), key.session_id.into(), key.note_id.into()],
    ))
    .await?;
    Ok(())
}

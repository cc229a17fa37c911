//! Notes and agreements: the same shape (text written by a participant in a session) in two
//! tables, so one set of queries serves both.

use chrono::{DateTime, Utc};
use contract::{Entry, Page};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::page::{Condition, CreatedKey, Keyset, ListQuery, body_columns};
use super::throttle::{self, Quota};
use super::{drafts, sql};
use crate::domain::policy::EntryReader;
use crate::domain::throttle::RetryAfter;

/// Which of the two entry tables: notes or agreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryTable {
    Note,
    Agreement,
}

impl EntryTable {
    pub fn name(self) -> &'static str {
        match self {
            Self::Note => "notes",
            Self::Agreement => "agreements",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Agreement => "agreement",
        }
    }

    /// Only the rows of `list` that `reader` may read: the query-side form of
    /// [`EntryReader::reads`] (a private note only its author).
    fn readable_by(self, list: ListQuery, reader: EntryReader) -> ListQuery {
        match self {
            Self::Note => list.only_where("(NOT private OR author_id = ?)", reader.user_id),
            Self::Agreement => list,
        }
    }

    /// The column saying an entry is private (agreements never are).
    fn private_column(self) -> &'static str {
        match self {
            Self::Note => "private",
            Self::Agreement => "false AS private",
        }
    }
}

/// What became of an edit.
pub enum Edit {
    Saved(Entry),
    /// The entry was saved meanwhile from another version: here as it is now.
    Stale(Entry),
    Missing,
}

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    coaching_session_id: Uuid,
    author_id: Uuid,
    body: String,
    truncated: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i32,
    private: bool,
}

impl Row {
    /// The entry as `reader` is shown it, with what they may do to it.
    fn into_entry(self, reader: EntryReader) -> Entry {
        Entry {
            id: self.id,
            session_id: self.coaching_session_id,
            author_id: self.author_id,
            body: self.body,
            truncated: self.truncated,
            created_at: self.created_at,
            // The row's trigger moves updated_at on every later change; an insert sets both alike.
            edited: self.updated_at > self.created_at,
            updated_at: self.updated_at,
            version: self.version,
            private: self.private,
            capabilities: reader.capabilities(self.author_id),
        }
    }
}

/// The columns of an entry of `table`, its text whole or (in lists) its start.
fn columns(table: EntryTable, whole: bool) -> String {
    format!(
        "id, coaching_session_id, author_id, {}, created_at, updated_at, version, {}",
        body_columns("body", whole),
        table.private_column()
    )
}

pub async fn list(
    db: &impl ConnectionTrait,
    reader: EntryReader,
    table: EntryTable,
    session_id: Uuid,
    keyset: &Keyset<CreatedKey>,
) -> Result<Page<Entry>, DbErr> {
    let select = format!("SELECT {} FROM {}", columns(table, false), table.name());
    let list = table.readable_by(ListQuery::written_in_session(select, session_id), reader);
    let entry = |row: Row| Ok(row.into_entry(reader));
    keyset.read(db, list, entry, |entry: &Entry| (entry.created_at, entry.id)).await
}

pub async fn get(
    db: &DatabaseConnection,
    reader: EntryReader,
    table: EntryTable,
    id: Uuid,
) -> Result<Option<Entry>, DbErr> {
    let row = Row::find_by_statement(sql(
        format!("SELECT {} FROM {} WHERE id = $1", columns(table, true), table.name()),
        [id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.filter(|row| reader.reads(row.author_id, row.private)).map(|row| row.into_entry(reader)))
}

/// Writes a new entry, counted against `quota` in the same statement (nothing is written when it
/// is spent: how long to wait instead); a new note ends its author's draft of one in the session.
pub async fn create(
    db: &DatabaseConnection,
    reader: EntryReader,
    table: EntryTable,
    session_id: Uuid,
    body: String,
    private: bool,
    quota: &Quota,
) -> Result<Result<Entry, RetryAfter>, DbErr> {
    let mut values = vec![session_id.into(), reader.user_id.into(), body.into()];
    // Only notes have the column, and drafts; the caller refused private agreements already.
    let (private_column, private_value, draft_done) = match table {
        EntryTable::Note => {
            values.push(private.into());
            (", private", ", ?4", format!(", {}", drafts::DISCARD_NEW_NOTE_DRAFT))
        }
        EntryTable::Agreement => ("", "", String::new()),
    };
    let write = Condition {
        sql: format!(
            "written AS (
                 INSERT INTO {} (coaching_session_id, author_id, body{private_column})
                 SELECT ?1, ?2, ?3{private_value} WHERE EXISTS (SELECT 1 FROM charged) RETURNING {}
             ){draft_done}",
            table.name(),
            columns(table, true)
        ),
        values,
    };
    let written: Result<Row, RetryAfter> = throttle::charged_write(db, quota, &[write]).await?;
    Ok(written.map(|row| row.into_entry(reader)))
}

/// Saves `body` over the entry when it is still at `version` (the one the edit started from),
/// raising the version; one statement, so two edits of the same version cannot both pass.
pub async fn update(
    db: &DatabaseConnection,
    reader: EntryReader,
    table: EntryTable,
    id: Uuid,
    body: String,
    version: i32,
) -> Result<Edit, DbErr> {
    let row = Row::find_by_statement(sql(
        format!(
            "UPDATE {} SET body = $2, version = version + 1 WHERE id = $1 AND version = $3 RETURNING {}",
            table.name(),
            columns(table, true)
        ),
        [id.into(), body.into(), version.into()],
    ))
    .one(db)
    .await?;
    Ok(match row {
        Some(row) => Edit::Saved(row.into_entry(reader)),
        None => get(db, reader, table, id).await?.map_or(Edit::Missing, Edit::Stale),
    })
}

pub async fn delete(db: &DatabaseConnection, table: EntryTable, id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(sql(format!("DELETE FROM {} WHERE id = $1", table.name()), [id.into()])).await?;
    Ok(())
}

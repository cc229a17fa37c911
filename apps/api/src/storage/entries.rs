//! Notes and agreements: the same shape (text written by a participant in a session) in two
//! tables, so one set of queries serves both.

use chrono::{DateTime, Utc};
use contract::{Entry, Page};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::page::{CreatedKey, Keyset, ListQuery, body_columns};
use super::sql;
use crate::domain::policy::EntryReader;

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
            capabilities: reader.capabilities(self.author_id),
        }
    }
}

/// The columns of an entry, its text whole or (in lists) its start.
fn columns(whole: bool) -> String {
    format!("id, coaching_session_id, author_id, {}, created_at, updated_at", body_columns("body", whole))
}

pub async fn list(
    db: &impl ConnectionTrait,
    reader: EntryReader,
    table: EntryTable,
    session_id: Uuid,
    keyset: &Keyset<CreatedKey>,
) -> Result<Page<Entry>, DbErr> {
    let select = format!("SELECT {} FROM {}", columns(false), table.name());
    let list = ListQuery::written_in_session(select, session_id);
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
        format!("SELECT {} FROM {} WHERE id = $1", columns(true), table.name()),
        [id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| row.into_entry(reader)))
}

pub async fn create(
    db: &DatabaseConnection,
    reader: EntryReader,
    table: EntryTable,
    session_id: Uuid,
    body: String,
) -> Result<Entry, DbErr> {
    let row = Row::find_by_statement(sql(
        format!(
            "INSERT INTO {} (coaching_session_id, author_id, body) VALUES ($1, $2, $3) RETURNING {}",
            table.name(),
            columns(true)
        ),
        [session_id.into(), reader.user_id.into(), body.into()],
    ))
    .one(db)
    .await?;
    row.map(|row| row.into_entry(reader)).ok_or_else(|| DbErr::RecordNotInserted)
}

pub async fn update(
    db: &DatabaseConnection,
    reader: EntryReader,
    table: EntryTable,
    id: Uuid,
    body: String,
) -> Result<Option<Entry>, DbErr> {
    let row = Row::find_by_statement(sql(
        format!("UPDATE {} SET body = $2 WHERE id = $1 RETURNING {}", table.name(), columns(true)),
        [id.into(), body.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| row.into_entry(reader)))
}

pub async fn delete(db: &DatabaseConnection, table: EntryTable, id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(sql(format!("DELETE FROM {} WHERE id = $1", table.name()), [id.into()])).await?;
    Ok(())
}

//! The session workspace: everything a session page shows, read in one transaction.

use contract::SessionWorkspace;
use sea_orm::{AccessMode, DatabaseConnection, DbErr, IsolationLevel, TransactionTrait};
use uuid::Uuid;

use super::access::{self, Anchor};
use super::entries::{self, EntryTable};
use super::goals::{self, GoalsOf};
use super::page::{CreatedKey, Keyset};
use super::{actions, people, relationships, sessions};
use crate::domain::caller::Caller;
use crate::domain::policy::EntryReader;

/// The caller, the session with its relationship (and what the caller may do in it), and the
/// first page of its notes, agreements and actions and of the relationship's goals. `None` when
/// there is no such session or the caller may not see it.
pub async fn read(
    db: &DatabaseConnection,
    caller: Caller,
    session_id: Uuid,
    keyset: &Keyset<CreatedKey>,
) -> Result<Option<SessionWorkspace>, DbErr> {
    let viewer = caller.viewer();
    // One pooled connection for the whole page (concurrent page loads must not starve the pool),
    // and one read-only snapshot, so every list shows the same moment.
    let txn = db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?;
    let Some((relationship_id, grant)) =
        access::relationship(&txn, viewer, Anchor::Session(session_id)).await?
    else {
        return Ok(None);
    };
    let (Some(session), Some(relationship)) =
        (sessions::get(&txn, session_id).await?, relationships::get(&txn, viewer, relationship_id).await?)
    else {
        return Ok(None);
    };
    let reader = EntryReader { user_id: viewer.user_id, grant };
    let workspace = SessionWorkspace {
        session,
        relationship,
        notes: entries::list(&txn, reader, EntryTable::Note, session_id, keyset).await?,
        agreements: entries::list(&txn, reader, EntryTable::Agreement, session_id, keyset).await?,
        actions: actions::list(&txn, session_id, keyset).await?,
        goals: goals::list(&txn, GoalsOf::Relationship(relationship_id), keyset).await?,
        viewer: people::me(&txn, caller).await?,
    };
    txn.commit().await?;
    Ok(Some(workspace))
}

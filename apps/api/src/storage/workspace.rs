//! The session workspace: everything a session page shows, read in one transaction.

use contract::{ActionStatusFilter, SessionWorkspace};
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use super::actions::{ActionNarrowing, ActionScope, DueKey};
use super::entries::{self, EntryTable};
use super::goals::{self, GoalsOf};
use super::page::{Condition, CreatedKey, Keyset};
use super::{actions, agenda, drafts, people, relationships, sessions, snapshot};
use crate::domain::caller::Caller;
use crate::domain::policy::{Duty, EntryReader};

/// The caller, the session with its relationship (and what the caller may do in it), the first
/// page of its notes, agreements and actions, of the relationship's goals, and of the actions
/// still open from earlier sessions (soonest due first: what the session starts by reviewing),
/// and the caller's drafts there when they write in it.
/// `None` when there is no such session, the caller may not see it, or one of `checks` (read
/// with the check of access, e.g. that the caller's login is still live) fails.
pub async fn read(
    db: &DatabaseConnection,
    caller: Caller,
    checks: &[Condition],
    session_id: Uuid,
    keyset: &Keyset<CreatedKey>,
    review_keyset: &Keyset<DueKey>,
) -> Result<Option<SessionWorkspace>, DbErr> {
    let viewer = caller.viewer();
    // One pooled connection for the whole page (concurrent page loads must not starve the pool),
    // and one read-only snapshot, so every list shows the same moment.
    let txn = snapshot(db).await?;
    let Some((relationship, grant)) = relationships::of_session(&txn, viewer, session_id, checks).await?
    else {
        return Ok(None);
    };
    let Some(session) = sessions::get(&txn, session_id).await? else {
        return Ok(None);
    };
    let relationship_id = relationship.id;
    let reader = EntryReader { user_id: viewer.user_id, grant };
    let drafts = if grant.allows(Duty::WriteContent) {
        drafts::list(&txn, viewer.user_id, session_id).await?
    } else {
        Vec::new()
    };
    let workspace = SessionWorkspace {
        join_url: contract::join_url(session.meeting_url.as_deref(), relationship.meeting_url.as_deref()),
        session,
        relationship,
        agenda: agenda::list(&txn, reader, session_id).await?,
        notes: entries::list(&txn, reader, EntryTable::Note, session_id, keyset).await?,
        agreements: entries::list(&txn, reader, EntryTable::Agreement, session_id, keyset).await?,
        actions: actions::list_in_session(&txn, session_id, ActionNarrowing::default(), keyset).await?,
        open_from_earlier: actions::list_by_due_date(
            &txn,
            ActionScope::Relationship(relationship_id),
            ActionNarrowing {
                statuses: Some(ActionStatusFilter::Open.statuses()),
                agreed_before_session: Some(session_id),
                ..ActionNarrowing::default()
            },
            review_keyset,
        )
        .await?,
        goals: goals::list(&txn, GoalsOf::Relationship(relationship_id), keyset).await?,
        viewer: people::me(&txn, caller).await?,
        drafts,
    };
    txn.commit().await?;
    Ok(Some(workspace))
}

//! The Actions page: everything it shows, read in one transaction.

use contract::ActionsOverview;
use sea_orm::{DatabaseConnection, DbErr};

use super::access::{self, Anchor};
use super::actions::{self, ActionNarrowing, ActionScope, DueKey};
use super::page::{Condition, Keyset};
use super::{people, relationships, snapshot};
use crate::domain::caller::Caller;

/// Who is looking, the relationships they are in (and that of `scope`), and the page of
/// `scope`'s actions `narrowing` and `keyset` ask for. `None` when the caller may not see the
/// relationship of `scope`, or one of `checks` (e.g. that the caller's login is still live) fails:
/// they are read with the relationships, so a caller in none is `None` with them too.
pub async fn read(
    db: &DatabaseConnection,
    caller: Caller,
    checks: &[Condition],
    scope: ActionScope,
    narrowing: ActionNarrowing,
    keyset: &Keyset<DueKey>,
) -> Result<Option<ActionsOverview>, DbErr> {
    let viewer = caller.viewer();
    // One pooled connection and one read-only snapshot, as the session workspace.
    let txn = snapshot(db).await?;
    let asked_for = match scope {
        ActionScope::Relationship(id) => {
            if access::relationship(&txn, viewer, Anchor::Relationship(id), &[]).await?.is_none() {
                return Ok(None);
            }
            Some(id)
        }
        ActionScope::OwnRelationships(_) => None,
    };
    let relationships = relationships::summaries(&txn, viewer, asked_for, checks).await?;
    if relationships.is_empty() && !checks.is_empty() {
        return Ok(None);
    }
    let overview = ActionsOverview {
        actions: actions::list_by_due_date(&txn, scope, narrowing, keyset).await?,
        relationships,
        viewer: people::me(&txn, caller).await?,
    };
    txn.commit().await?;
    Ok(Some(overview))
}

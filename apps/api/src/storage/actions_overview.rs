//! The Actions page: everything it shows, read in one transaction.

use contract::{ActionsOverview, MAX_PAGE_LIMIT, PageRequest};
use sea_orm::{DatabaseConnection, DbErr};

use super::access::{self, Anchor};
use super::actions::{self, ActionNarrowing, ActionScope, DueKey};
use super::page::{Condition, Keyset};
use super::relationships::{self, RelationshipKey};
use super::{people, snapshot};
use crate::domain::caller::Caller;

/// Who is looking, the first page of the relationships they see, and the page of `scope`'s
/// actions `narrowing` and `keyset` ask for. `None` when the caller may not see the relationship
/// of `scope`, or one of `checks` (e.g. that the caller's login is still live) fails: they are
/// read with the list of relationships, so a caller who sees none is `None` with them too.
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
    let first = PageRequest { limit: Some(MAX_PAGE_LIMIT), cursor: None };
    let every_relationship = Keyset::<RelationshipKey>::parse(&first)
        .map_err(|invalid| DbErr::Custom(invalid.0))?
        .guarded(checks.to_vec());
    let relationships = relationships::list_visible(&txn, viewer, None, &every_relationship).await?;
    if !every_relationship.carried_guard() || (relationships.items.is_empty() && !checks.is_empty()) {
        return Ok(None);
    }
    if let ActionScope::Relationship(id) = scope
        && access::relationship(&txn, viewer, Anchor::Relationship(id), &[]).await?.is_none()
    {
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

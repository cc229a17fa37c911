//! The checks every endpoint starts with: may the caller see this, and may they do this to it.

use uuid::Uuid;

use crate::domain::caller::Caller;
use crate::domain::policy::{Duty, OrganizationGrant, RelationshipGrant};
use crate::domain::throttle::Bucket;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::access::{self, Anchor};

/// The caller's standing towards the relationship behind `anchor`, or 404 when they may not
/// see it: people outside a relationship cannot even learn that it exists.
pub async fn relationship_grant(
    state: &AppState,
    caller: &Caller,
    anchor: Anchor,
) -> ApiResult<(Uuid, RelationshipGrant)> {
    access::relationship(&state.db, caller.viewer(), anchor)
        .await?
        .ok_or_else(|| ApiError::not_found(anchor.noun()))
}

pub async fn organization_grant(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<OrganizationGrant> {
    access::organization(&state.db, caller.viewer(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))
}

/// Passes when the caller manages organization `id`: 404 when they may not see it, 403 saying
/// `refusal` when they see it but do not manage it.
pub async fn organization_manager(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    refusal: &str,
) -> ApiResult<()> {
    let grant = organization_grant(state, caller, id).await?;
    require(grant.can_manage(), refusal)
}

/// The relationship behind `anchor` when the caller may do `duty` there: 404 when they may not
/// see it, 403 when they see it but may not do this.
pub async fn permit(state: &AppState, caller: &Caller, anchor: Anchor, duty: Duty) -> ApiResult<Uuid> {
    let (relationship_id, grant) = relationship_grant(state, caller, anchor).await?;
    require(grant.allows(duty), grant.refusal(duty))?;
    Ok(relationship_id)
}

/// Counts one more thing written in the relationship against its write quota (429 past it).
/// Call it once the input checked out: refused input costs nothing.
pub async fn count_write(state: &AppState, relationship_id: Uuid) -> ApiResult<()> {
    // Writes are never given back: the quota bounds what a relationship holds over time.
    let _written = state.throttle.charge(Bucket::RelationshipWrites(relationship_id)).await?;
    Ok(())
}

/// 403 for people who see the thing but may not do this to it.
pub fn require(allowed: bool, reason: &str) -> ApiResult<()> {
    if allowed { Ok(()) } else { Err(ApiError::forbidden(reason)) }
}

//! The checks every endpoint starts with: may the caller see this, and may they do this to it.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use contract::PageRequest;
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use crate::domain::caller::Caller;
use crate::domain::notices::Announcer;
use crate::domain::policy::{Duty, OrganizationGrant, RelationshipGrant};
use crate::domain::throttle::Bucket;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::storage::access::{self, Anchor};
use crate::storage::page::{Keyset, SortKey};

/// A request by the signed-in `caller`: what every endpoint behind a login starts from, so the
/// checks below need no more than the one argument. Extracting it answers 401 without a login.
pub struct Access {
    pub state: AppState,
    pub caller: Caller,
}

impl FromRequestParts<AppState> for Access {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        Ok(Self { state: state.clone(), caller })
    }
}

impl Access {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The caller, when the others in a relationship are to hear of their changes by mail: not
    /// without a mail server.
    pub fn announcer(&self) -> Option<Announcer> {
        self.state.mailer.as_ref().map(|_| Announcer { id: self.caller.id, name: self.caller.full_name() })
    }

    /// The caller's standing towards the relationship behind `anchor`, or 404 when they may not
    /// see it: people outside a relationship cannot even learn that it exists.
    pub async fn relationship_grant(&self, anchor: Anchor) -> ApiResult<(Uuid, RelationshipGrant)> {
        access::relationship(self.db(), self.caller.viewer(), anchor)
            .await?
            .ok_or_else(|| ApiError::not_found(anchor.noun()))
    }

    /// What `read` finds in the relationship behind `anchor`, for someone who may see it.
    pub async fn read_in<T>(
        &self,
        anchor: Anchor,
        read: impl AsyncFnOnce(&DatabaseConnection) -> Result<T, DbErr>,
    ) -> ApiResult<Json<T>> {
        self.relationship_grant(anchor).await?;
        Ok(Json(read(self.db()).await?))
    }

    /// The relationship behind `anchor` when the caller may do `duty` there: 404 when they may
    /// not see it, 403 when they see it but may not do this.
    pub async fn permit(&self, anchor: Anchor, duty: Duty) -> ApiResult<Uuid> {
        let (relationship_id, grant) = self.relationship_grant(anchor).await?;
        require(grant.allows(duty), grant.refusal(duty))?;
        Ok(relationship_id)
    }

    /// Stores something new written in relationship `relationship_id`, once the caller was
    /// permitted and the input checked out (refused input costs nothing): it counts against the
    /// relationship's write quota (429 past it), then `store` writes it: 201.
    pub async fn create_in<T>(
        &self,
        relationship_id: Uuid,
        store: impl AsyncFnOnce(&DatabaseConnection) -> Result<T, DbErr>,
    ) -> ApiResult<(StatusCode, Json<T>)> {
        // Writes are never given back: the quota bounds what a relationship holds over time.
        let _written = self.state.throttle.charge(Bucket::RelationshipWrites(relationship_id)).await?;
        Ok((StatusCode::CREATED, Json(store(self.db()).await?)))
    }

    pub async fn organization_grant(&self, id: Uuid) -> ApiResult<OrganizationGrant> {
        access::organization(self.db(), self.caller.viewer(), id)
            .await?
            .ok_or_else(|| ApiError::not_found("organization"))
    }

    /// Passes when the caller manages organization `id`: 404 when they may not see it, 403 saying
    /// `refusal` when they see it but do not manage it.
    pub async fn organization_manager(&self, id: Uuid, refusal: &str) -> ApiResult<()> {
        let grant = self.organization_grant(id).await?;
        require(grant.can_manage(), refusal)
    }
}

/// A list's page request (`limit` and `cursor`), checked as it is extracted, in the handler's
/// argument order: a bad one is refused before anything is looked up.
impl<K: SortKey + Send> FromRequestParts<AppState> for Keyset<K> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Query(page) = Query::<PageRequest>::from_request_parts(parts, state).await?;
        Ok(Keyset::parse(&page)?)
    }
}

/// 403 for people who see the thing but may not do this to it.
pub fn require(allowed: bool, reason: &str) -> ApiResult<()> {
    if allowed { Ok(()) } else { Err(ApiError::forbidden(reason)) }
}

//! The one shape of the endpoints for a thing in a coaching relationship (the relationship, its
//! sessions and goals, a session's notes, agreements and actions) named by the `{id}` of its
//! path. Its handlers keep their own `#[utoipa::path]`, and take a [`Child`] in place of the
//! caller and the path; they say where the id leads (`Anchor::Goal`, …) and what may be done
//! there, and the checks run in the same order for all of them: 401 without a login, 400 for a
//! malformed id or body, 404 for people outside the relationship (they cannot even learn that it
//! exists), 403 for those in it who may not do this.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use super::guard::Access;
use crate::domain::policy::Duty;
use crate::error::{ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::storage::access::Anchor;

/// Where an id leads: `Anchor::Goal`, `Anchor::Session`, …
pub type ToAnchor = fn(Uuid) -> Anchor;

/// A request for the thing with the path's `{id}`.
#[derive(FromRequestParts)]
#[from_request(state(AppState))]
pub struct Child {
    pub access: Access,
    #[from_request(via(Path))]
    pub id: Uuid,
}

impl Child {
    pub fn db(&self) -> &DatabaseConnection {
        self.access.db()
    }

    /// What `read` finds, for someone who may see it.
    pub async fn read<T>(
        &self,
        anchor: ToAnchor,
        read: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> Result<Option<T>, DbErr>,
    ) -> ApiResult<Json<T>> {
        self.access.relationship_grant(anchor(self.id)).await?;
        Ok(Json(read(self.db(), self.id).await?.or_not_found(anchor(self.id).noun())?))
    }

    /// What it becomes through `change` (which checks its input first), for someone who may do
    /// `duty`.
    pub async fn change<T>(
        &self,
        anchor: ToAnchor,
        duty: Duty,
        change: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> ApiResult<Option<T>>,
    ) -> ApiResult<Json<T>> {
        self.access.permit(anchor(self.id), duty).await?;
        Ok(Json(change(self.db(), self.id).await?.or_not_found(anchor(self.id).noun())?))
    }

    /// Deletes it through `delete`, for someone who may do `duty`: 204.
    pub async fn delete(
        &self,
        anchor: ToAnchor,
        duty: Duty,
        delete: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> Result<(), DbErr>,
    ) -> ApiResult<StatusCode> {
        self.access.permit(anchor(self.id), duty).await?;
        delete(self.db(), self.id).await?;
        Ok(StatusCode::NO_CONTENT)
    }
}

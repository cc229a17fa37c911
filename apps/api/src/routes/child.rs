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

use super::guard::{Access, Login};
use crate::domain::policy::{Duty, RelationshipGrant};
use crate::error::{ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::storage::access::Anchor;

/// Where an id leads: `Anchor::Goal`, `Anchor::Session`, …
pub type ToAnchor = fn(Uuid) -> Anchor;

/// A request for the thing with the path's `{id}`. The login is checked in the statement that
/// checks access ([`Login::within`]): nothing of the caller is used before that.
#[derive(FromRequestParts)]
#[from_request(state(AppState))]
pub struct Child {
    login: Login,
    #[from_request(via(Path))]
    pub id: Uuid,
}

impl Child {
    /// The caller, checked, with their standing towards `anchor` (where the id leads) and that
    /// relationship's id: 401 when the login ended, 404 when they may not see it.
    pub async fn within(self, anchor: Anchor) -> ApiResult<(Access, Uuid, RelationshipGrant)> {
        self.login.within(anchor).await
    }

    /// The caller, when they may do `duty` at `anchor` (403 when they see it but may not).
    pub async fn permitted(self, anchor: Anchor, duty: Duty) -> ApiResult<Access> {
        Ok(self.login.permitted(anchor, duty).await?.0)
    }

    /// What `read` finds, for someone who may see it.
    pub async fn read<T>(
        self,
        anchor: ToAnchor,
        read: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> Result<Option<T>, DbErr>,
    ) -> ApiResult<Json<T>> {
        let id = self.id;
        let (access, _, _) = self.within(anchor(id)).await?;
        Ok(Json(read(access.db(), id).await?.or_not_found(anchor(id).noun())?))
    }

    /// What it becomes through `change` (which checks its input first), for someone who may do
    /// `duty`.
    pub async fn change<T>(
        self,
        anchor: ToAnchor,
        duty: Duty,
        change: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> ApiResult<Option<T>>,
    ) -> ApiResult<Json<T>> {
        let id = self.id;
        let access = self.permitted(anchor(id), duty).await?;
        Ok(Json(change(access.db(), id).await?.or_not_found(anchor(id).noun())?))
    }

    /// Deletes it through `delete`, for someone who may do `duty`: 204.
    pub async fn delete(
        self,
        anchor: ToAnchor,
        duty: Duty,
        delete: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> Result<(), DbErr>,
    ) -> ApiResult<StatusCode> {
        let id = self.id;
        let access = self.permitted(anchor(id), duty).await?;
        delete(access.db(), id).await?;
        Ok(StatusCode::NO_CONTENT)
    }
}

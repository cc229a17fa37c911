//! Accounts across the platform, for the super admins who manage them: listing, deactivating
//! (the person can no longer log in; what they wrote stays) and reactivating.

use axum::extract::State;
use contract::{ErrorBody, Page, PageRequest, UserAccount};
use uuid::Uuid;

use super::errors::WriteErrors;
use super::guard::require;
use crate::domain::caller::Caller;
use crate::domain::policy::{manages_accounts, may_deactivate};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::storage::page::Keyset;
use crate::storage::{credentials, people};

const SUPER_ADMINS_ONLY: &str = "only super admins manage accounts";

/// Every account on the platform, by name, a page at a time (super admins only).
#[utoipa::path(get, path = "/users", tag = "users", params(PageRequest),
    responses(
        (status = 200, body = Page<UserAccount>),
        (status = 403, description = "Only super admins list accounts", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<PageRequest>,
) -> ApiResult<Json<Page<UserAccount>>> {
    let keyset = Keyset::parse(&page)?;
    require(manages_accounts(caller.viewer()), SUPER_ADMINS_ONLY)?;
    Ok(Json(people::accounts(&state.db, &keyset).await?))
}

/// Deactivates an account (super admins, never their own): its logins end at once, and
/// it can log in or use links again only once reactivated. Deactivating twice changes nothing.
#[utoipa::path(post, path = "/users/{id}/deactivate", tag = "users",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = UserAccount),
        WriteErrors,
        (status = 409, description = "A super admin cannot deactivate their own account", body = ErrorBody),
    ))]
pub async fn deactivate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<UserAccount>> {
    let viewer = caller.viewer();
    require(manages_accounts(viewer), SUPER_ADMINS_ONLY)?;
    if !may_deactivate(viewer, id) {
        return Err(ApiError::conflict(
            "own_account",
            "you cannot deactivate your own account; another super admin can",
        ));
    }
    Ok(Json(credentials::deactivate(&state.db, id).await?.or_not_found("user")?))
}

/// Reactivates a deactivated account (super admins): its owner logs in with their password again.
#[utoipa::path(post, path = "/users/{id}/reactivate", tag = "users",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserAccount), WriteErrors))]
pub async fn reactivate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<UserAccount>> {
    require(manages_accounts(caller.viewer()), SUPER_ADMINS_ONLY)?;
    Ok(Json(people::set_deactivated(&state.db, id, false).await?.or_not_found("user")?))
}

/// Confirms an account's email address (super admins) when its owner cannot prove it by mail (an
/// account made through an invitation link handed over while the server sent no mail): the
/// super admin vouches that the address is the person's.
#[utoipa::path(post, path = "/users/{id}/confirm-email", tag = "users",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserAccount), WriteErrors))]
pub async fn confirm_email(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<UserAccount>> {
    require(manages_accounts(caller.viewer()), SUPER_ADMINS_ONLY)?;
    Ok(Json(people::set_email_verified(&state.db, id).await?.or_not_found("user")?))
}

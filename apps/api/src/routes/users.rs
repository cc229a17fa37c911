//! Accounts across the platform, for the super admins who manage them: listing, deactivating
//! (the person can no longer log in; what they wrote stays) and reactivating.

use contract::{ErrorBody, Page, PageRequest, UserAccount};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::errors::WriteErrors;
use super::guard::{Access, require};
use crate::domain::policy::{manages_accounts, may_deactivate};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::storage::credentials;
use crate::storage::page::Keyset;
use crate::storage::people::{self, AccountKey};

const SUPER_ADMINS_ONLY: &str = "only super admins manage accounts";

/// Every account on the platform, by name, a page at a time (super admins only).
#[utoipa::path(get, path = "/users", tag = "users", params(PageRequest),
    responses(
        (status = 200, body = Page<UserAccount>),
        (status = 403, description = "Only super admins list accounts", body = ErrorBody),
    ))]
pub async fn list(access: Access, keyset: Keyset<AccountKey>) -> ApiResult<Json<Page<UserAccount>>> {
    require(manages_accounts(access.caller.viewer()), SUPER_ADMINS_ONLY)?;
    Ok(Json(people::accounts(access.db(), &keyset).await?))
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
pub async fn deactivate(access: Access, Path(id): Path<Uuid>) -> ApiResult<Json<UserAccount>> {
    change_account(&access, id, async |db, id| {
        if !may_deactivate(access.caller.viewer(), id) {
            return Err(ApiError::conflict(
                "own_account",
                "you cannot deactivate your own account; another super admin can",
            ));
        }
        Ok(credentials::deactivate(db, id).await?)
    })
    .await
}

/// Reactivates a deactivated account (super admins): its owner logs in with their password again.
#[utoipa::path(post, path = "/users/{id}/reactivate", tag = "users",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserAccount), WriteErrors))]
pub async fn reactivate(access: Access, Path(id): Path<Uuid>) -> ApiResult<Json<UserAccount>> {
    change_account(&access, id, async |db, id| Ok(people::set_deactivated(db, id, false).await?)).await
}

/// Confirms an account's email address (super admins) when its owner cannot prove it by mail (an
/// account made through an invitation link handed over while the server sent no mail): the
/// super admin vouches that the address is the person's.
#[utoipa::path(post, path = "/users/{id}/confirm-email", tag = "users",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = UserAccount), WriteErrors))]
pub async fn confirm_email(access: Access, Path(id): Path<Uuid>) -> ApiResult<Json<UserAccount>> {
    change_account(&access, id, async |db, id| Ok(people::set_email_verified(db, id).await?)).await
}

/// Account `id` as `change` leaves it, for a super admin (403 for anyone else); 404 when there is
/// no such account.
async fn change_account(
    access: &Access,
    id: Uuid,
    change: impl AsyncFnOnce(&DatabaseConnection, Uuid) -> ApiResult<Option<UserAccount>>,
) -> ApiResult<Json<UserAccount>> {
    require(manages_accounts(access.caller.viewer()), SUPER_ADMINS_ONLY)?;
    Ok(Json(change(access.db(), id).await?.or_not_found("user")?))
}

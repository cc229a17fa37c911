//! Organizations and their members.

use axum::http::StatusCode;
use chrono::Utc;
use contract::{
    ACCOUNT_PASSWORD_PATH, ErrorBody, Member, Organization, OrganizationInput, Page, PageRequest,
    PasswordResetLink, RoleChange,
};
use uuid::Uuid;

use super::account::in_background;
use super::errors::{DeleteErrors, LastAdmin, ReadErrors, SlugTaken, ThrottledErrors, WriteErrors};
use super::guard::{Access, require};
use crate::auth::secret_token;
use crate::domain::throttle::Bucket;
use crate::domain::{policy, validate};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::mail::letters;
use crate::storage::one_time_links::{self, LinkPurpose};
use crate::storage::organizations::OrganizationKey;
use crate::storage::page::Keyset;
use crate::storage::people::{self, MemberKey, MembershipChange};
use crate::storage::{organizations, password_resets};

/// Organizations you belong to (all of them for a super admin), each with what you may do in it,
/// by name, a page at a time.
#[utoipa::path(get, path = "/organizations", tag = "organizations", params(PageRequest),
    responses((status = 200, body = Page<Organization>)))]
pub async fn list(access: Access, keyset: Keyset<OrganizationKey>) -> ApiResult<Json<Page<Organization>>> {
    Ok(Json(organizations::list_visible(access.db(), access.caller.viewer(), &keyset).await?))
}

/// Creates an organization (super admins only).
#[utoipa::path(post, path = "/organizations", tag = "organizations", request_body = OrganizationInput,
    responses(
        (status = 201, body = Organization),
        (status = 403, body = ErrorBody),
        SlugTaken,
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    access: Access,
    Json(input): Json<OrganizationInput>,
) -> ApiResult<(StatusCode, Json<Organization>)> {
    require(access.caller.is_super_admin, "only super admins create organizations")?;
    let (name, slug) = name_and_slug(&input)?;
    let organization =
        organizations::create(access.db(), access.caller.viewer(), name, slug).await.map_err(slug_taken)?;
    Ok((StatusCode::CREATED, Json(organization)))
}

#[utoipa::path(get, path = "/organizations/{id}", tag = "organizations",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Organization), ReadErrors))]
pub async fn get(access: Access, Path(id): Path<Uuid>) -> ApiResult<Json<Organization>> {
    access.organization_grant(id).await?;
    let organization = organizations::get(access.db(), access.caller.viewer(), id).await?;
    Ok(Json(organization.or_not_found("organization")?))
}

/// Renames an organization (its admins).
#[utoipa::path(put, path = "/organizations/{id}", tag = "organizations",
    params(("id" = Uuid, Path)), request_body = OrganizationInput,
    responses(
        (status = 200, body = Organization),
        WriteErrors,
        SlugTaken,
    ))]
pub async fn update(
    access: Access,
    Path(id): Path<Uuid>,
    Json(input): Json<OrganizationInput>,
) -> ApiResult<Json<Organization>> {
    access.organization_manager(id, "only the organization's admins change it").await?;
    let (name, slug) = name_and_slug(&input)?;
    let organization = organizations::update(access.db(), access.caller.viewer(), id, name, slug)
        .await
        .map_err(slug_taken)?;
    Ok(Json(organization.or_not_found("organization")?))
}

/// Deletes an organization with its relationships and sessions (super admins only).
#[utoipa::path(delete, path = "/organizations/{id}", tag = "organizations",
    params(("id" = Uuid, Path)),
    responses((status = 204), DeleteErrors))]
pub async fn delete(access: Access, Path(id): Path<Uuid>) -> ApiResult<StatusCode> {
    let grant = access.organization_grant(id).await?;
    require(grant.can_delete(), "only super admins delete organizations")?;
    organizations::delete(access.db(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization's members by name, a page at a time. Emails show only to the organization's
/// admins, super admins and each member's own entry; everyone else gets `email: null`.
#[utoipa::path(get, path = "/organizations/{id}/members", tag = "organizations",
    params(("id" = Uuid, Path), PageRequest),
    responses((status = 200, body = Page<Member>), ReadErrors))]
pub async fn members(
    access: Access,
    Path(id): Path<Uuid>,
    keyset: Keyset<MemberKey>,
) -> ApiResult<Json<Page<Member>>> {
    let grant = access.organization_grant(id).await?;
    Ok(Json(people::members(access.db(), access.caller.viewer(), grant, id, &keyset).await?))
}

/// Changes a member's role (organization admins). The last admin cannot step down.
#[utoipa::path(put, path = "/organizations/{id}/members/{user_id}", tag = "organizations",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)), request_body = RoleChange,
    responses(
        (status = 200, body = Member),
        WriteErrors,
        LastAdmin,
    ))]
pub async fn change_role(
    access: Access,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
    Json(input): Json<RoleChange>,
) -> ApiResult<Json<Member>> {
    access.organization_manager(id, "only the organization's admins change roles").await?;
    match people::change_membership(access.db(), id, user_id, Some(input.role)).await? {
        MembershipChange::Done(Some(member)) => Ok(Json(member)),
        MembershipChange::Done(None) | MembershipChange::NotAMember => Err(ApiError::not_found("member")),
        MembershipChange::LastAdmin => Err(last_admin()),
    }
}

/// Removes a member (organization admins). The last admin cannot be removed.
#[utoipa::path(delete, path = "/organizations/{id}/members/{user_id}", tag = "organizations",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses(
        (status = 204),
        DeleteErrors,
        LastAdmin,
    ))]
pub async fn remove_member(access: Access, Path((id, user_id)): Path<(Uuid, Uuid)>) -> ApiResult<StatusCode> {
    access.organization_manager(id, "only the organization's admins remove members").await?;
    match people::change_membership(access.db(), id, user_id, None).await? {
        MembershipChange::Done(_) => Ok(StatusCode::NO_CONTENT),
        MembershipChange::NotAMember => Err(ApiError::not_found("member")),
        MembershipChange::LastAdmin => Err(last_admin()),
    }
}

/// Makes a one-time link for a member to choose a new password (organization admins), valid for
/// an hour. The link is in this answer only, for the admin to hand over privately (it is not
/// mailed: the admin is the one who knows the member needs it); the member is told by mail that
/// one was made. Refused for super admins, for the caller themself, and for someone who is also a
/// member of an organization the caller does not manage. A member has one such link at a time
/// (a new one replaces it), and it is void once any membership of the member's or the admin's
/// changes, or when, as it is used, the same rule no longer allows it.
#[utoipa::path(post, path = "/organizations/{id}/members/{user_id}/password-reset", tag = "organizations",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 201, body = PasswordResetLink), WriteErrors, ThrottledErrors))]
pub async fn password_reset_link(
    access: Access,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<(StatusCode, Json<PasswordResetLink>)> {
    access.organization_manager(id, "only the organization's admins make password reset links").await?;
    let candidate = password_resets::candidate(access.db(), access.caller.id, id, user_id)
        .await?
        .or_not_found("member")?;
    if let Some(reason) = policy::reset_link_refusal(access.caller.viewer(), candidate.target) {
        return Err(ApiError::forbidden(reason));
    }
    let _mail_quota = match &access.state.mailer {
        Some(_) => {
            access
                .state
                .throttle
                .charge_all([Bucket::MailOrganization(id), Bucket::MailSender(access.caller.id)])
                .await?
        }
        None => Vec::new(),
    };
    let purpose = LinkPurpose::ResetPassword;
    let (token, digest) = secret_token::mint();
    let member = one_time_links::create_by_admin(access.db(), &digest, user_id, access.caller.id, purpose)
        .await?
        .or_not_found("member")?;
    let lifetime = purpose.lifetime();
    if let Some(mailer) = access.state.mailer.clone() {
        let organization = organizations::get(access.db(), access.caller.viewer(), id)
            .await?
            .or_not_found("organization")?;
        let letter = letters::reset_link_made(
            &member.first_name,
            &organization.name,
            &access.caller.full_name(),
            lifetime,
        );
        in_background("a reset link notice", async move { Ok(mailer.send(&member.email, letter).await?) });
    }
    let link = PasswordResetLink {
        link_path: format!("{ACCOUNT_PASSWORD_PATH}/{token}"),
        expires_at: Utc::now() + lifetime,
        first_name: candidate.first_name,
        last_name: candidate.last_name,
    };
    Ok((StatusCode::CREATED, Json(link)))
}

fn last_admin() -> ApiError {
    ApiError::conflict(
        "last_admin",
        "an organization needs at least one admin; make someone else admin first",
    )
}

fn name_and_slug(input: &OrganizationInput) -> ApiResult<(String, String)> {
    let name = validate::text("name", &input.name, validate::MAX_NAME_CHARS)?;
    let slug = match &input.slug {
        Some(slug) => validate::slug(slug)?,
        None => validate::slug_from_name(&name)?,
    };
    Ok((name, slug))
}

fn slug_taken(error: sea_orm::DbErr) -> ApiError {
    ApiError::from(error).on_conflict("slug_taken", "another organization already uses this slug")
}

//! Invitations: organization admins invite an email with a role and hand over the link; its
//! holder joins, as a new account (choosing their own name and password) or as the invited
//! account signed in. Nobody sets another person's password.

use axum::http::StatusCode;
use contract::{
    ErrorBody, INVITATION_PATH, Invitation, InvitationCreated, InvitationLink, JoinAsNewAccount,
    NewInvitation, Page, PageRequest,
};
use uuid::Uuid;

use super::account::{Link, LinkToken, chosen_password_hash, link_gone};
use super::errors::{DeleteErrors, InvitationGone, MailErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::Access;
use crate::auth::secret_token;
use crate::domain::throttle::Bucket;
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::mail::letters;
use crate::storage::invitations::InvitationKey;
use crate::storage::invitations::{self, Acceptance, Newcomer};
use crate::storage::one_time_links::LINK_LIFETIME;
use crate::storage::organizations;
use crate::storage::page::Keyset;

/// 403 unless the caller manages the organization (404 when they cannot see it).
async fn require_manager(access: &Access, organization_id: Uuid) -> ApiResult<()> {
    access.organization_manager(organization_id, "only the organization's admins manage invitations").await
}

/// Invites an email with a role (organization admins). The answer is the same whether or not
/// the email has an account. With a mailer the link is emailed to the invited address and the
/// answer leaves it out; without, the answer is the only place the link appears: hand it over
/// privately (an account made through such a link stays unverified until its owner proves the
/// address). A mail that fails to go out revokes the invitation again (502/503 `mail_failed`).
/// Mails count against the organization's and the admin's mail quotas (429).
#[utoipa::path(post, path = "/organizations/{id}/invitations", tag = "invitations",
    params(("id" = Uuid, Path)), request_body = NewInvitation,
    responses((status = 201, body = InvitationCreated), WriteErrors, MailErrors, ThrottledErrors))]
pub async fn create(
    access: Access,
    Path(id): Path<Uuid>,
    Json(input): Json<NewInvitation>,
) -> ApiResult<(StatusCode, Json<InvitationCreated>)> {
    require_manager(&access, id).await?;
    let email = validate::email("email", &input.email)?;
    if access.state.mailer.is_some() {
        let _quota = access
            .state
            .throttle
            .charge_all([Bucket::MailOrganization(id), Bucket::MailSender(access.caller.id)])
            .await?;
    }
    let (token, digest) = secret_token::mint();
    let invitation = invitations::create(
        access.db(),
        id,
        &email,
        input.role,
        &digest,
        LINK_LIFETIME,
        access.state.mailer.is_some(),
    )
    .await?;
    let link_path = format!("{INVITATION_PATH}/{token}");
    let Some(mailer) = &access.state.mailer else {
        return Ok((StatusCode::CREATED, Json(InvitationCreated { invitation, link_path: Some(link_path) })));
    };
    let organization =
        organizations::get(access.db(), access.caller.viewer(), id).await?.or_not_found("organization")?;
    let letter = letters::invitation(
        &organization.name,
        &access.caller.full_name(),
        &mailer.web_link(&link_path),
        LINK_LIFETIME,
    );
    if let Err(error) = mailer.send(&invitation.email, letter).await {
        invitations::revoke(access.db(), id, invitation.invitation_id).await?;
        return Err(error.into());
    }
    Ok((StatusCode::CREATED, Json(InvitationCreated { invitation, link_path: None })))
}

/// The organization's pending invitations by email, a page at a time (organization admins).
#[utoipa::path(get, path = "/organizations/{id}/invitations", tag = "invitations",
    params(("id" = Uuid, Path), PageRequest),
    responses((status = 200, body = Page<Invitation>), ReadErrors, (status = 403, body = ErrorBody)))]
pub async fn list(
    access: Access,
    Path(id): Path<Uuid>,
    keyset: Keyset<InvitationKey>,
) -> ApiResult<Json<Page<Invitation>>> {
    require_manager(&access, id).await?;
    Ok(Json(invitations::pending(access.db(), id, &keyset).await?))
}

/// Revokes a pending invitation (organization admins): its link stops working.
#[utoipa::path(delete, path = "/organizations/{id}/invitations/{invitation_id}", tag = "invitations",
    params(("id" = Uuid, Path), ("invitation_id" = Uuid, Path)),
    responses((status = 204), DeleteErrors))]
pub async fn revoke(access: Access, Path((id, invitation_id)): Path<(Uuid, Uuid)>) -> ApiResult<StatusCode> {
    require_manager(&access, id).await?;
    if invitations::revoke(access.db(), id, invitation_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("invitation"))
    }
}

/// What an invitation link offers, while it is usable.
#[utoipa::path(get, path = "/invitations/{token}", tag = "invitations", security(()),
    params(LinkToken),
    responses(
        (status = 200, body = InvitationLink),
        InvitationGone,
    ))]
pub async fn offer(link: Link) -> ApiResult<Json<InvitationLink>> {
    let offer = invitations::offer(link.db(), &link.digest()).await?.ok_or_else(link_gone)?;
    Ok(Json(offer))
}

/// Joins through the link as a new account, with the name and password its owner chooses. When
/// the email has an account already, nothing changes and the link stays usable (its owner signs
/// in and accepts), yet the answer is the same: the link's holder may be the admin who made it,
/// and learns from it nothing about who has an account here.
#[utoipa::path(post, path = "/invitations/{token}", tag = "invitations", security(()),
    params(LinkToken),
    request_body = JoinAsNewAccount,
    responses(
        (status = 204, description = "If the email had no account, it has one now, with this password and \
            the membership: log in. If it had one, nothing changed: sign in with it and accept"),
        InvitationGone,
        (status = 422, description = "A field is invalid, or the password too weak; the message says why",
            body = ErrorBody),
    ))]
pub async fn join_as_new_account(link: Link, Json(input): Json<JoinAsNewAccount>) -> ApiResult<StatusCode> {
    let digest = link.digest();
    let offer = invitations::offer(link.db(), &digest).await?.ok_or_else(link_gone)?;
    let first_name = validate::text("first_name", &input.first_name, validate::MAX_NAME_CHARS)?;
    let last_name = validate::optional_text("last_name", &input.last_name, validate::MAX_NAME_CHARS)?;
    let timezone = validate::timezone(input.timezone.as_deref().unwrap_or("UTC"))?;
    let password_hash =
        chosen_password_hash(&input.password, &[&offer.email, &first_name, &last_name]).await?;
    let newcomer = Newcomer {
        password_hash: &password_hash,
        first_name: &first_name,
        last_name: &last_name,
        timezone: &timezone,
    };
    match invitations::join_as_new_account(link.db(), &digest, newcomer).await? {
        Acceptance::Gone => Err(link_gone()),
        // The email has an account: the same answer, and the link stays usable for its owner.
        Acceptance::Joined | Acceptance::OtherAccount => Ok(StatusCode::NO_CONTENT),
    }
}

/// Accepts the invitation as the signed-in account, which must be the invited email's.
#[utoipa::path(post, path = "/invitations/{token}/accept", tag = "invitations",
    params(LinkToken),
    responses(
        (status = 204, description = "Membership added"),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Signed in as another account than the invited one", body = ErrorBody),
        InvitationGone,
    ))]
pub async fn accept(access: Access, Path(link): Path<LinkToken>) -> ApiResult<StatusCode> {
    match invitations::accept(access.db(), &link.digest(), access.caller.id, &access.caller.email).await? {
        Acceptance::Joined => Ok(StatusCode::NO_CONTENT),
        Acceptance::Gone => Err(link_gone()),
        Acceptance::OtherAccount => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong_account",
            "this invitation is for another account: sign out and sign in as the invited email",
        )),
    }
}

//! An organization's members, for its admins: invite by email (the page shows the link to hand
//! over, once), see and revoke pending invitations, change roles, remove.

use askama::Template;
use axum::extract::Query;
use contract::{
    Invitation, InvitationCreated, Me, Member, NewInvitation, Organization, OrganizationRole, PageRequest,
    PasswordResetLink, RoleChange,
};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{VisitorForm, VisitorPage};
use super::forms::{ListQuery, NoFields, after_form, form_failure};
use super::view::{BackLink, Listing, render};
use crate::error::{PageError, PageResult};
use crate::layout::Layout;
use crate::page_context::PageContext;

pub struct MemberRow {
    pub user_id: Uuid,
    pub name: String,
    /// Always given to the admins this page is for; the api hides it from other members.
    pub email: String,
    /// Whether the member proved to read mail there (not yet for an account made through a link
    /// an admin handed over).
    pub email_verified: bool,
    pub is_admin: bool,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    layout: Layout,
    organization_id: Uuid,
    organization: String,
    /// The admin looking: no reset link for themself (they change their password instead).
    me_id: Uuid,
    members: Listing<MemberRow>,
    /// Pending invitations: the first page.
    invitations: Listing<Invitation>,
}

/// The link back from a page about one of the organization's members or invitations.
pub(super) fn back_to_members(organization_id: Uuid) -> BackLink {
    BackLink::new(format!("/organizations/{organization_id}/members"), "Members")
}

#[derive(Template)]
#[template(path = "password_reset_link.html")]
struct PasswordResetLinkPage {
    layout: Layout,
    back: BackLink,
    name: String,
    link: PasswordResetLink,
}

#[derive(Template)]
#[template(path = "invitation_created.html")]
struct InvitationCreatedPage {
    layout: Layout,
    back: BackLink,
    created: InvitationCreated,
}

pub async fn page(
    VisitorPage { api, ids: organization_id, context }: VisitorPage<Uuid>,
    Query(list): Query<ListQuery>,
) -> PageResult {
    let here = format!("/organizations/{organization_id}/members");
    let page = list.page();
    let invitations_path = format!("/organizations/{organization_id}/invitations");
    let (me, organization, members) = tokio::try_join!(
        api.get::<Me>("/me"),
        api.get::<Organization>(format!("/organizations/{organization_id}")),
        api.page::<Member>(&here, &[], &page),
    )
    .map_err(|failure| PageError::from_api(failure, &here))?;
    if !organization.capabilities.manage_members {
        return Err(PageError::Forbidden("Only the organization's admins manage its members.".to_owned()));
    }
    let invitations = api
        .page::<Invitation>(&invitations_path, &[], &PageRequest::default())
        .await
        .map_err(|failure| PageError::from_api(failure, &here))?;
    let page = MembersPage {
        layout: context.layout(format!("Members of {}", organization.name), Some(&me)),
        organization_id,
        organization: organization.name,
        me_id: me.user.id,
        members: Listing::new(members, &here, |member| MemberRow {
            user_id: member.user_id,
            name: format!("{} {}", member.first_name, member.last_name),
            email: member.email.unwrap_or_default(),
            email_verified: member.email_verified,
            is_admin: member.role == OrganizationRole::Admin,
        }),
        invitations: Listing::first_page(invitations),
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct InviteForm {
    email: String,
    role: String,
}

fn parse_role(raw: &str) -> Option<OrganizationRole> {
    match raw {
        "admin" => Some(OrganizationRole::Admin),
        "member" => Some(OrganizationRole::Member),
        _ => None,
    }
}

/// Invites, then shows the link right away: the api gives it only in this answer.
pub async fn invite(
    context: PageContext,
    VisitorForm { api, ids: organization_id, form }: VisitorForm<Uuid, InviteForm>,
) -> PageResult {
    let back = format!("/organizations/{organization_id}/members");
    let role = parse_role(&form.role).ok_or_else(|| PageError::refused(&back, "Choose a role."))?;
    let path = format!("/organizations/{organization_id}/invitations");
    let body = NewInvitation { email: form.email, role };
    let (me, created) =
        tokio::try_join!(api.get::<Me>("/me"), api.send::<_, InvitationCreated>(Method::POST, &path, &body),)
            .map_err(|failure| form_failure(failure, &back))?;
    show_invitation_created(context, &me, organization_id, created)
}

/// What an invitation just created answers, for whoever made it (here, or with a new organization).
pub(super) fn show_invitation_created(
    context: PageContext,
    me: &Me,
    organization_id: Uuid,
    created: InvitationCreated,
) -> PageResult {
    let page = InvitationCreatedPage {
        layout: context.layout("Invitation created", Some(me)),
        back: back_to_members(organization_id),
        created,
    };
    render(context, &page)
}

pub async fn revoke_invitation(
    VisitorForm { api, ids: (organization_id, invitation_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let back = format!("/organizations/{organization_id}/members");
    let path = format!("/organizations/{organization_id}/invitations/{invitation_id}");
    let outcome = api.call(Method::DELETE, &path).await;
    after_form(outcome, &back, "Invitation revoked; its link no longer works.")
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    VisitorForm { api, ids: (organization_id, user_id), form }: VisitorForm<(Uuid, Uuid), RoleForm>,
) -> PageResult {
    let back = format!("/organizations/{organization_id}/members");
    let role = parse_role(&form.role).ok_or_else(|| PageError::refused(&back, "Choose a role."))?;
    let path = format!("{back}/{user_id}");
    let outcome = api.send_only(Method::PUT, &path, &RoleChange { role }).await;
    after_form(outcome, &back, "Role changed.")
}

pub async fn remove(
    VisitorForm { api, ids: (organization_id, user_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let back = format!("/organizations/{organization_id}/members");
    let outcome = api.call(Method::DELETE, &format!("{back}/{user_id}")).await;
    after_form(outcome, &back, "Member removed.")
}

/// Makes a password reset link for a member and shows it, once, to hand over.
pub async fn reset_link(
    context: PageContext,
    VisitorForm { api, ids: (organization_id, user_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let back = format!("/organizations/{organization_id}/members");
    let path = format!("{back}/{user_id}/password-reset");
    let (me, link) =
        tokio::try_join!(api.get::<Me>("/me"), api.make::<PasswordResetLink>(Method::POST, &path),)
            .map_err(|failure| form_failure(failure, &back))?;
    let page = PasswordResetLinkPage {
        layout: context.layout("Password reset link", Some(&me)),
        back: back_to_members(organization_id),
        name: format!("{} {}", link.first_name, link.last_name),
        link,
    };
    render(context, &page)
}

//! An organization's members, for its admins: add by email (creating the account when new),
//! change roles, remove.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use contract::{Me, Member, NewMember, Organization, OrganizationRole, RoleChange};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::{Layout, NoFields, after_form, render};
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath};
use crate::session::{Flash, PageContext, Visitor, redirect};

pub struct MemberRow {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    layout: Layout,
    organization_id: Uuid,
    organization: String,
    members: Vec<MemberRow>,
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    context: PageContext,
    PagePath(organization_id): PagePath<Uuid>,
) -> Result<Response, PageError> {
    let here = format!("/organizations/{organization_id}/members");
    let token = visitor.token.as_str();
    let (me, organization, members) = tokio::try_join!(
        state.api.get::<Me>(token, "/me"),
        state.api.get::<Organization>(token, format!("/organizations/{organization_id}")),
        state.api.get::<Vec<Member>>(token, &here),
    )
    .map_err(|failure| PageError::from_api(failure, &here))?;
    let is_admin = me.user.is_super_admin
        || me
            .memberships
            .iter()
            .any(|m| m.organization_id == organization_id && m.role == OrganizationRole::Admin);
    if !is_admin {
        return Err(PageError::Forbidden("Only the organization's admins manage its members.".to_owned()));
    }
    let page = MembersPage {
        layout: Layout::new(format!("Members of {}", organization.name), &context, Some(&me)),
        organization_id,
        organization: organization.name,
        members: members
            .into_iter()
            .map(|member| MemberRow {
                user_id: member.user_id,
                name: format!("{} {}", member.first_name, member.last_name),
                email: member.email,
                is_admin: member.role == OrganizationRole::Admin,
            })
            .collect(),
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct AddForm {
    email: String,
    role: String,
    first_name: Option<String>,
    last_name: Option<String>,
    password: Option<String>,
}

fn parse_role(raw: &str) -> Option<OrganizationRole> {
    match raw {
        "admin" => Some(OrganizationRole::Admin),
        "member" => Some(OrganizationRole::Member),
        _ => None,
    }
}

/// Blank optional fields mean "not given".
fn given(field: Option<String>) -> Option<String> {
    field.filter(|value| !value.trim().is_empty())
}

pub async fn add(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath(organization_id): PagePath<Uuid>,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<Response, PageError> {
    let back = format!("/organizations/{organization_id}/members");
    let Some(role) = parse_role(&form.role) else {
        return Ok(redirect(&back, Some(Flash::error("Choose a role.")), state.secure_cookies));
    };
    let body = NewMember {
        email: form.email,
        role,
        first_name: given(form.first_name),
        last_name: given(form.last_name),
        password: given(form.password),
        timezone: None,
    };
    let outcome = state.api.send::<_, Member>(Method::POST, &visitor.token, &back, &body).await;
    after_form(outcome.map(drop), &back, "Member added.", state.secure_cookies)
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((organization_id, user_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, PageError> {
    let back = format!("/organizations/{organization_id}/members");
    let Some(role) = parse_role(&form.role) else {
        return Ok(redirect(&back, Some(Flash::error("Choose a role.")), state.secure_cookies));
    };
    let path = format!("{back}/{user_id}");
    let outcome = state.api.send::<_, Member>(Method::PUT, &visitor.token, &path, &RoleChange { role }).await;
    after_form(outcome.map(drop), &back, "Role changed.", state.secure_cookies)
}

pub async fn remove(
    State(state): State<AppState>,
    visitor: Visitor,
    PagePath((organization_id, user_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let back = format!("/organizations/{organization_id}/members");
    let outcome = state.api.call(Method::DELETE, &visitor.token, &format!("{back}/{user_id}")).await;
    after_form(outcome, &back, "Member removed.", state.secure_cookies)
}

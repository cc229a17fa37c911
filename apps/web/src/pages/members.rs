//! An organization's members, for its admins: add by email (the name and password create the
//! account only when the email has none; the answer does not say which), change roles, remove.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use contract::{Me, Member, MemberAdded, NewMember, Organization, OrganizationRole, PageRequest, RoleChange};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{NoFields, after_form};
use super::view::render;
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath, urlencode};
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

pub struct MemberRow {
    pub user_id: Uuid,
    pub name: String,
    /// Always given to the admins this page is for; the api hides it from other members.
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
    /// Link to the next page of members.
    next_page: Option<String>,
}

/// Where the list of members continues: the api's cursor, carried in the URL.
#[derive(Deserialize)]
pub struct MembersQuery {
    cursor: Option<String>,
}

pub async fn page(
    State(api): State<Api>,
    visitor: Visitor,
    context: PageContext,
    PagePath(organization_id): PagePath<Uuid>,
    Query(query): Query<MembersQuery>,
) -> Result<Response, PageError> {
    let here = format!("/organizations/{organization_id}/members");
    let token = visitor.api_token.as_str();
    let page = PageRequest { limit: None, cursor: query.cursor };
    let (me, organization, members) = tokio::try_join!(
        api.get::<Me>(token, "/me"),
        api.get::<Organization>(token, format!("/organizations/{organization_id}")),
        api.page::<Member>(token, &here, &[], &page),
    )
    .map_err(|failure| PageError::from_api(failure, &here))?;
    if !organization.capabilities.manage_members {
        return Err(PageError::Forbidden("Only the organization's admins manage its members.".to_owned()));
    }
    let page = MembersPage {
        layout: context.layout(format!("Members of {}", organization.name), Some(&me)),
        organization_id,
        organization: organization.name,
        next_page: members.next_cursor.map(|cursor| format!("{here}?cursor={}", urlencode(&cursor))),
        members: members
            .items
            .into_iter()
            .map(|member| MemberRow {
                user_id: member.user_id,
                name: format!("{} {}", member.first_name, member.last_name),
                email: member.email.unwrap_or_default(),
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
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(organization_id): PagePath<Uuid>,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<Response, PageError> {
    let back = format!("/organizations/{organization_id}/members");
    let role = parse_role(&form.role).ok_or_else(|| PageError::refused(&back, "Choose a role."))?;
    let body = NewMember {
        email: form.email,
        role,
        first_name: given(form.first_name),
        last_name: given(form.last_name),
        password: given(form.password),
        timezone: None,
    };
    let outcome = api.send::<_, MemberAdded>(Method::POST, &visitor.api_token, &back, &body).await;
    after_form(outcome.map(drop), &back, "Member added.")
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((organization_id, user_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, PageError> {
    let back = format!("/organizations/{organization_id}/members");
    let role = parse_role(&form.role).ok_or_else(|| PageError::refused(&back, "Choose a role."))?;
    let path = format!("{back}/{user_id}");
    let outcome = api.send::<_, Member>(Method::PUT, &visitor.api_token, &path, &RoleChange { role }).await;
    after_form(outcome.map(drop), &back, "Role changed.")
}

pub async fn remove(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath((organization_id, user_id)): PagePath<(Uuid, Uuid)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let back = format!("/organizations/{organization_id}/members");
    let outcome = api.call(Method::DELETE, &visitor.api_token, &format!("{back}/{user_id}")).await;
    after_form(outcome, &back, "Member removed.")
}

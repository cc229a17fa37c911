//! The platform's organizations, for super admins: all of them a page at a time, and a new one
//! created together with the invitation of its first admin.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use contract::limits::{MAX_EMAIL_BYTES, MAX_NAME_CHARS};
use contract::{
    InvitationCreated, Me, NewInvitation, Organization, OrganizationInput, OrganizationRole, PageRequest,
};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::ListQuery;
use super::members::show_invitation_created;
use super::view::{Listing, render_with_status};
use crate::api_client::{Api, ApiFailure};
use crate::csrf::CsrfForm;
use crate::error::{PageError, PageResult};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

const HERE: &str = "/admin/organizations";

#[derive(Template)]
#[template(path = "organizations.html")]
struct OrganizationsPage {
    layout: Layout,
    organizations: Listing<OrganizationRow>,
    /// What the new-organization form holds: empty, or what was refused.
    form: NewOrganizationForm,
    /// Why the form was refused, next to the field at fault.
    error: Option<FieldError>,
    max_name_chars: usize,
    max_email_bytes: usize,
}

impl OrganizationsPage {
    /// Why the form's `field` was refused, if it was.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error.as_ref().filter(|error| error.field == field).map(|error| error.message.as_str())
    }
}

pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    /// `12 Nov 2026`, in the viewer's time zone.
    pub created: String,
}

#[derive(Default, Deserialize)]
pub struct NewOrganizationForm {
    name: String,
    admin_email: String,
}

/// A refusal of one field of the form.
struct FieldError {
    /// The form field's name, e.g. `admin_email`.
    field: &'static str,
    message: String,
}

impl FieldError {
    /// The api's reason, after the field's label so it is clear which one to correct.
    fn new(field: &'static str, label: &str, reason: &str) -> Self {
        Self { field, message: format!("{label}: {reason}") }
    }
}

pub async fn page(Visitor(api): Visitor, context: PageContext, Query(list): Query<ListQuery>) -> PageResult {
    show(&api, context, list.page(), NewOrganizationForm::default(), None).await
}

/// Creates the organization, then invites its first admin and shows the invitation as the
/// members page does (the link to hand over, or that it was emailed). When the invitation fails
/// the organization goes again, so the form can be corrected and sent as it was.
pub async fn create(
    Visitor(api): Visitor,
    context: PageContext,
    CsrfForm(form): CsrfForm<NewOrganizationForm>,
) -> PageResult {
    let input = OrganizationInput { name: form.name.clone(), slug: None };
    let organization = match api.send::<_, Organization>(Method::POST, "/organizations", &input).await {
        Ok(organization) => organization,
        Err(ApiFailure::Rejected(reason)) => {
            let error = FieldError::new("name", "Name", &reason);
            return show(&api, context, PageRequest::default(), form, Some(error)).await;
        }
        Err(failure) => return Err(PageError::from_api(failure, HERE)),
    };
    let invitations = format!("/organizations/{}/invitations", organization.id);
    let invitation = NewInvitation { email: form.admin_email.clone(), role: OrganizationRole::Admin };
    let (me, invited) = tokio::join!(
        api.get::<Me>("/me"),
        api.send::<_, InvitationCreated>(Method::POST, &invitations, &invitation),
    );
    match invited {
        Ok(created) => {
            let me = me.map_err(|failure| PageError::from_api(failure, HERE))?;
            show_invitation_created(context, &me, organization.id, created)
        }
        Err(failure) => {
            // No organization is left without its first admin: undo it, then say why.
            let path = format!("/organizations/{}", organization.id);
            let undone = api.call(Method::DELETE, &path).await;
            match (failure, undone) {
                (ApiFailure::Rejected(reason), Ok(())) => {
                    let error = FieldError::new("admin_email", "First admin's email", &reason);
                    show(&api, context, PageRequest::default(), form, Some(error)).await
                }
                (failure, _) => Err(PageError::from_api(failure, HERE)),
            }
        }
    }
}

/// The page, with the form as given and, when it was refused, why (422).
async fn show(
    api: &Api,
    context: PageContext,
    page: PageRequest,
    form: NewOrganizationForm,
    error: Option<FieldError>,
) -> PageResult {
    let (me, organizations) =
        tokio::try_join!(api.get::<Me>("/me"), api.page::<Organization>("/organizations", &[], &page),)
            .map_err(|failure| PageError::from_api(failure, HERE))?;
    if !me.user.is_super_admin {
        return Err(PageError::Forbidden(
            "Only super admins manage the platform's organizations.".to_owned(),
        ));
    }
    let zone = format::zone(&me.user.timezone);
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = OrganizationsPage {
        layout: context.layout("Organizations", Some(&me)),
        organizations: Listing::new(organizations, HERE, |organization| OrganizationRow {
            id: organization.id,
            created: format::day(organization.created_at, zone),
            name: organization.name,
            slug: organization.slug,
        }),
        form,
        error,
        max_name_chars: MAX_NAME_CHARS,
        max_email_bytes: MAX_EMAIL_BYTES,
    };
    render_with_status(context, status, &page)
}

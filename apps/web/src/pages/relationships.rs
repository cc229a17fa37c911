//! An organization's pairings of coaches with coachees, for its admins: pair two members, end a
//! pairing (it stays as read-only history), see them all a page at a time.

use askama::Template;
use axum::extract::Query;
use contract::{MAX_PAGE_LIMIT, Me, Member, NewRelationship, Organization, PageRequest, Relationship};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{VisitorForm, VisitorPage};
use super::forms::{ListQuery, NoFields, after_form};
use super::members::back_to_members;
use super::view::{BackLink, Listing, full_name, render};
use crate::error::{PageError, PageResult};
use crate::format;
use crate::layout::Layout;

pub struct PairingRow {
    pub id: Uuid,
    pub coach: String,
    pub coachee: String,
    /// `12 Nov 2026`, in the viewer's time zone.
    pub since: String,
    /// The day it ended; `None` while active.
    pub ended: Option<String>,
    /// The api lets the viewer end it (admins, while it is active).
    pub can_end: bool,
}

pub struct MemberChoice {
    pub user_id: Uuid,
    /// Name and email: two members may share a name.
    pub label: String,
}

#[derive(Template)]
#[template(path = "relationships.html")]
struct RelationshipsPage {
    layout: Layout,
    back: BackLink,
    organization_id: Uuid,
    organization: String,
    /// Active pairings first, then ended ones.
    pairings: Listing<PairingRow>,
    members: Vec<MemberChoice>,
    /// More members exist than the form offers, which holds this many.
    more_members: bool,
    members_shown: u32,
}

fn pairings_path(organization_id: Uuid) -> String {
    format!("/organizations/{organization_id}/relationships")
}

pub async fn page(
    VisitorPage { api, ids: organization_id, context }: VisitorPage<Uuid>,
    Query(list): Query<ListQuery>,
) -> PageResult {
    let here = pairings_path(organization_id);
    let filters = [("organization_id", organization_id.to_string())];
    let page = list.page();
    // Anyone may be coach or coachee: the form offers every member, from the largest page.
    let all_members = PageRequest { limit: Some(MAX_PAGE_LIMIT), cursor: None };
    let members_path = format!("/organizations/{organization_id}/members");
    let (me, organization, relationships, members) = tokio::try_join!(
        api.get::<Me>("/me"),
        api.get::<Organization>(format!("/organizations/{organization_id}")),
        api.page::<Relationship>("/relationships", &filters, &page),
        api.page::<Member>(&members_path, &[], &all_members),
    )
    .map_err(|failure| PageError::from_api(failure, &here))?;
    if !organization.capabilities.manage_members {
        return Err(PageError::Forbidden("Only the organization's admins manage its pairings.".to_owned()));
    }
    let zone = format::zone(&me.user.timezone);
    let mut pairings = Listing::new(relationships, &here, |relationship| PairingRow {
        id: relationship.id,
        coach: full_name(&relationship.coach),
        coachee: full_name(&relationship.coachee),
        since: format::day(relationship.created_at, zone),
        ended: relationship.ended_at.map(|ended_at| format::day(ended_at, zone)),
        can_end: relationship.capabilities.manage_relationship && relationship.ended_at.is_none(),
    });
    // Stable: each group keeps the api's order by names.
    pairings.rows.sort_by_key(|pairing| pairing.ended.is_some());
    let page = RelationshipsPage {
        layout: context.layout(format!("Pairings in {}", organization.name), Some(&me)),
        back: back_to_members(organization_id),
        organization_id,
        organization: organization.name,
        pairings,
        more_members: members.next_cursor.is_some(),
        members: members
            .items
            .into_iter()
            .map(|member| MemberChoice {
                user_id: member.user_id,
                label: match member.email {
                    Some(email) => format!("{} {} ({email})", member.first_name, member.last_name),
                    None => format!("{} {}", member.first_name, member.last_name),
                },
            })
            .collect(),
        members_shown: MAX_PAGE_LIMIT,
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct PairForm {
    coach_id: String,
    coachee_id: String,
}

/// Pairs a coach with a coachee; the api checks both are members and not already paired.
pub async fn pair(
    VisitorForm { api, ids: organization_id, form }: VisitorForm<Uuid, PairForm>,
) -> PageResult {
    let back = pairings_path(organization_id);
    let coach_id = form.coach_id.parse::<Uuid>().map_err(|_| PageError::refused(&back, "Choose a coach."))?;
    let coachee_id =
        form.coachee_id.parse::<Uuid>().map_err(|_| PageError::refused(&back, "Choose a coachee."))?;
    let body = NewRelationship { organization_id, coach_id, coachee_id };
    let outcome = api.send_only(Method::POST, "/relationships", &body).await;
    after_form(outcome, &back, "Paired.")
}

/// Ends a pairing: the api keeps it, with everything written in it, as read-only history.
pub async fn end(
    VisitorForm { api, ids: (organization_id, relationship_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let back = pairings_path(organization_id);
    let path = format!("/relationships/{relationship_id}/end");
    let outcome = api.call(Method::POST, &path).await;
    after_form(outcome, &back, "Pairing ended. Its sessions and notes stay readable; nothing new is added.")
}

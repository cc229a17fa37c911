//! The home page: your organizations, relationships and sessions; coaches schedule from here.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Duration, Utc};
use contract::{CoachingSession, Me, NewCoachingSession, OrganizationRole, Relationship};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{SessionTimeFields, form_failure};
use super::view::{full_name, render};
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::PageError;
use crate::flash::{Flash, redirect};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub role: &'static str,
    /// The api lets the viewer manage this organization's members.
    pub manage_members: bool,
}

pub struct RelationshipRow {
    pub id: Uuid,
    /// "Jamie Rivera" when you are in it, "Casey Coach → Jamie Rivera" otherwise.
    pub people: String,
    pub organization: String,
}

pub struct SessionRow {
    pub id: Uuid,
    pub when: String,
    pub people: String,
    pub duration_minutes: i32,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    first_name: String,
    timezone: String,
    organizations: Vec<OrganizationRow>,
    as_coach: Vec<RelationshipRow>,
    as_coachee: Vec<RelationshipRow>,
    as_admin: Vec<RelationshipRow>,
    /// Relationships the api lets the viewer schedule sessions in.
    schedulable: Vec<RelationshipRow>,
    upcoming: Vec<SessionRow>,
    past: Vec<SessionRow>,
    default_date: String,
    default_time: String,
}

pub async fn dashboard(
    State(api): State<Api>,
    visitor: Visitor,
    context: PageContext,
) -> Result<Response, PageError> {
    let token = visitor.api_token.as_str();
    let (me, relationships, sessions) = tokio::try_join!(
        api.get::<Me>(token, "/me"),
        api.get::<Vec<Relationship>>(token, "/relationships"),
        api.get::<Vec<CoachingSession>>(token, "/sessions"),
    )
    .map_err(|failure| PageError::from_api(failure, "/"))?;

    let zone = format::zone(&me.user.timezone);
    let row = |relationship: &Relationship| RelationshipRow {
        id: relationship.id,
        people: if relationship.coach.id == me.user.id {
            full_name(&relationship.coachee)
        } else if relationship.coachee.id == me.user.id {
            full_name(&relationship.coach)
        } else {
            format!("{} → {}", full_name(&relationship.coach), full_name(&relationship.coachee))
        },
        organization: relationship.organization_name.clone(),
    };
    let rows_where =
        |keep: &dyn Fn(&Relationship) -> bool| relationships.iter().filter(|r| keep(r)).map(row).collect();
    let as_coach = rows_where(&|r| r.coach.id == me.user.id);
    let as_coachee = rows_where(&|r| r.coachee.id == me.user.id);
    let as_admin = rows_where(&|r| r.coach.id != me.user.id && r.coachee.id != me.user.id);
    let schedulable = rows_where(&|r| r.capabilities.manage_sessions);

    let session_row = |session: &CoachingSession| SessionRow {
        id: session.id,
        when: format::date_time(session.starts_at, zone),
        people: relationships
            .iter()
            .find(|relationship| relationship.id == session.relationship_id)
            .map(|relationship| row(relationship).people)
            .unwrap_or_default(),
        duration_minutes: session.duration_minutes,
    };
    let now = Utc::now();
    let upcoming = sessions.iter().filter(|s| s.starts_at >= now).map(session_row).collect();
    let past = sessions.iter().rev().filter(|s| s.starts_at < now).take(20).map(session_row).collect();

    // A sensible default for the scheduling form: a week from today, 10:00 local time.
    let (default_date, _) = format::inputs(now + Duration::days(7), zone);
    let page = DashboardPage {
        layout: context.layout("Dashboard", Some(&me)),
        first_name: me.user.first_name.clone(),
        timezone: zone.name().to_owned(),
        organizations: me
            .memberships
            .iter()
            .map(|membership| OrganizationRow {
                id: membership.organization_id,
                name: membership.organization_name.clone(),
                role: if membership.role == OrganizationRole::Admin { "admin" } else { "member" },
                manage_members: membership.capabilities.manage_members,
            })
            .collect(),
        as_coach,
        as_coachee,
        as_admin,
        schedulable,
        upcoming,
        past,
        default_date,
        default_time: "10:00".to_owned(),
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    relationship_id: String,
    #[serde(flatten)]
    when: SessionTimeFields,
}

/// Schedules a session (the api decides who may) and opens it.
pub async fn schedule(
    State(api): State<Api>,
    visitor: Visitor,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<Response, PageError> {
    const BACK: &str = "/#schedule";
    let me = api
        .get::<Me>(&visitor.api_token, "/me")
        .await
        .map_err(|failure| PageError::from_api(failure, "/"))?;
    let relationship_id = form
        .relationship_id
        .parse::<Uuid>()
        .map_err(|_| PageError::refused(BACK, "Choose who the session is with."))?;
    let (starts_at, duration_minutes) =
        form.when.read(&me.user.timezone).map_err(|message| PageError::refused(BACK, message))?;
    let body = NewCoachingSession { relationship_id, starts_at, duration_minutes };
    let session = api
        .send::<_, CoachingSession>(Method::POST, &visitor.api_token, "/sessions", &body)
        .await
        .map_err(|failure| form_failure(failure, BACK))?;
    Ok(redirect(&format!("/sessions/{}", session.id), Some(Flash::notice("Session scheduled."))))
}

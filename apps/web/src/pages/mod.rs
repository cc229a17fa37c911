//! The pages, one module per screen. GET handlers gather what they need from the api (in
//! parallel where they can) and render a template; POST handlers call the api and redirect
//! back with a flash message (post/redirect/get), so every form works without JavaScript.

mod auth;
mod dashboard;
mod health;
mod members;
mod session;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use contract::{Me, OrganizationRole, Person};
use serde::Deserialize;
use uuid::Uuid;

use crate::api_client::ApiFailure;
use crate::app::AppState;
use crate::error::PageError;
use crate::format;
use crate::session::{Flash, PageContext, redirect};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/", get(dashboard::dashboard))
        .route("/sessions", post(dashboard::schedule))
        .route("/sessions/{session_id}", get(session::page))
        .route("/sessions/{session_id}/reschedule", post(session::reschedule))
        .route("/sessions/{session_id}/delete", post(session::delete))
        .route("/sessions/{session_id}/actions", post(session::add_action))
        .route("/sessions/{session_id}/actions/{action_id}/status", post(session::action_status))
        .route("/sessions/{session_id}/actions/{action_id}/delete", post(session::delete_action))
        .route("/sessions/{session_id}/goals", post(session::add_goal))
        .route("/sessions/{session_id}/goals/{goal_id}/status", post(session::goal_status))
        .route("/sessions/{session_id}/goals/{goal_id}/link", post(session::link_goal))
        // Notes and agreements: `{kind}` is `notes` or `agreements`; the static routes above win.
        .route("/sessions/{session_id}/{kind}", post(session::add_entry))
        .route("/sessions/{session_id}/{kind}/{entry_id}", post(session::save_entry))
        .route("/sessions/{session_id}/{kind}/{entry_id}/delete", post(session::delete_entry))
        .route("/organizations/{organization_id}/members", get(members::page).post(members::add))
        .route("/organizations/{organization_id}/members/{user_id}/role", post(members::change_role))
        .route("/organizations/{organization_id}/members/{user_id}/remove", post(members::remove))
}

/// What the shared layout (`base.html`) shows around every page.
pub struct Layout {
    pub title: String,
    pub user_name: Option<String>,
    /// Organizations whose members page the viewer may open.
    pub admin_of: Vec<OrganizationLink>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
}

pub struct OrganizationLink {
    pub id: Uuid,
    pub name: String,
}

impl Layout {
    /// For pages shown without a session (login, errors).
    pub fn anonymous(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            user_name: None,
            admin_of: Vec::new(),
            csrf_token: String::new(),
            flash: None,
        }
    }

    pub fn new(title: impl Into<String>, context: &PageContext, me: Option<&Me>) -> Self {
        Self {
            title: title.into(),
            user_name: me.map(|me| format!("{} {}", me.user.first_name, me.user.last_name)),
            admin_of: me
                .map(|me| {
                    me.memberships
                        .iter()
                        .filter(|membership| {
                            membership.role == OrganizationRole::Admin || me.user.is_super_admin
                        })
                        .map(|membership| OrganizationLink {
                            id: membership.organization_id,
                            name: membership.organization_name.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            csrf_token: context.csrf_token.clone(),
            flash: context.flash.clone(),
        }
    }
}

/// Renders a page with the cookies its context needs.
pub fn render(context: PageContext, template: &impl Template) -> Result<Response, PageError> {
    let html = template.render().map_err(|error| PageError::Internal(error.to_string()))?;
    Ok(context.respond(StatusCode::OK, html))
}

pub fn full_name(person: &Person) -> String {
    format!("{} {}", person.first_name, person.last_name)
}

/// A form with nothing but its CSRF token (delete buttons, log out).
#[derive(Deserialize)]
pub struct NoFields {}

/// When and how long: the fields the schedule and reschedule forms share.
#[derive(Deserialize)]
pub struct SessionTimeFields {
    date: String,
    time: String,
    duration_minutes: String,
}

impl SessionTimeFields {
    /// The start (the date and time read in `timezone`) and the length, or what to tell the visitor.
    pub fn read(&self, timezone: &str) -> Result<(DateTime<Utc>, i32), &'static str> {
        let starts_at = format::from_inputs(&self.date, &self.time, format::zone(timezone))
            .ok_or("Give a valid date and time.")?;
        let duration_minutes =
            self.duration_minutes.trim().parse::<i32>().map_err(|_| "Give the duration in minutes.")?;
        Ok((starts_at, duration_minutes))
    }
}

/// After a form: back to `back` with a notice, or with what the api refused or forbade. Other
/// failures (session ended, nothing there, api down) become their own pages.
pub fn after_form(
    outcome: Result<(), ApiFailure>,
    back: &str,
    done: &str,
    secure: bool,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(redirect(back, Some(Flash::notice(done)), secure)),
        Err(ApiFailure::Rejected(reason) | ApiFailure::Forbidden(reason)) => {
            Ok(redirect(back, Some(Flash::error(reason)), secure))
        }
        Err(other) => Err(PageError::from_api(other, back.split('#').next().unwrap_or("/"))),
    }
}

//! The pages, one module per screen. GET handlers gather what they need from the api (in
//! parallel where they can) and render a template; POST handlers call the api and redirect
//! back with a flash message (post/redirect/get), so every form works without JavaScript.

mod account;
mod actions;
mod calendar_feed;
mod dashboard;
mod extract;
mod forms;
mod goals;
pub mod health;
mod invitations;
mod links;
mod login;
mod mail_stop;
mod members;
mod organizations;
mod profile;
mod relationships;
mod series;
mod session;
mod users;
mod view;

use axum::Router;
use axum::routing::{get, post};

use contract::{CALENDAR_FEED_PATH, MAIL_STOP_PATH};

use self::links::PasswordLinkKind;
use crate::api_client::Api;

pub fn routes() -> Router<Api> {
    Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(health::ready))
        .route("/login", get(login::login_page).post(login::login))
        .route("/logout", post(login::logout))
        .route("/account/password", get(account::change_password_page).post(account::change_password))
        .route(
            account::FORGOT_PASSWORD_PATH,
            get(account::forgot_password_page).post(account::forgot_password),
        )
        .route("/account/password/{token}", links::page_and_form(PasswordLinkKind::ChoosePassword))
        .route("/account", get(profile::page).post(profile::save))
        .route("/account/mail", post(profile::save_mail))
        .route("/account/calendar", post(calendar_feed::make))
        .route("/account/calendar/stop", post(calendar_feed::stop))
        // `{file}`: `<token>.ics` (a route cannot split a segment; the handler does). Calendar
        // servers fetch it without login or `Origin`: a GET, which the `Origin` check lets through.
        .route(&format!("{CALENDAR_FEED_PATH}/{{file}}"), get(calendar_feed::feed))
        .route("/account/email", get(profile::change_email_page).post(profile::change_email))
        .route("/account/email/{token}", get(profile::confirm_email_page).post(profile::confirm_email))
        .route("/account/email-revert/{token}", links::page_and_form(PasswordLinkKind::EmailRevert))
        .route("/admin/users", get(users::page))
        // `{change}`: `deactivate`, `reactivate` or `confirm-email`.
        .route("/admin/users/{user_id}/{change}", post(users::change))
        .route("/", get(dashboard::dashboard))
        .route("/sessions", post(dashboard::schedule))
        .route("/actions", get(actions::page))
        .route("/actions/{action_id}/edit", post(actions::edit))
        .route("/actions/{action_id}/status", post(actions::change_status))
        .route("/sessions/{session_id}", get(session::page))
        .route("/sessions/{session_id}/reschedule", post(session::reschedule))
        .route("/sessions/{session_id}/delete", post(session::delete))
        .route("/sessions/{session_id}/calendar.ics", get(session::calendar))
        .route("/series/{series_id}/end", post(series::end))
        .route("/sessions/{session_id}/actions", post(session::add_action))
        .route("/sessions/{session_id}/actions/{action_id}/edit", post(session::edit_action))
        .route("/sessions/{session_id}/agenda", post(session::agenda::add))
        .route("/sessions/{session_id}/agenda/carry-over", post(session::agenda::carry_over))
        .route("/sessions/{session_id}/agenda/{topic_id}/move", post(session::agenda::move_topic))
        .route("/sessions/{session_id}/agenda/{topic_id}/discussed", post(session::agenda::set_discussed))
        .route("/sessions/{session_id}/agenda/{topic_id}/delete", post(session::agenda::delete))
        .route("/sessions/{session_id}/goals", post(session::add_goal))
        .route("/sessions/{session_id}/goals/{goal_id}/link", post(session::link_goal))
        .route("/sessions/{session_id}/goals/{goal_id}/unlink", post(session::unlink_goal))
        .route("/sessions/{session_id}/drafts", post(session::writing::save_draft))
        // An item of one of the page's lists, `{list}` being `notes`, `agreements`, `actions` or
        // `goals` (each handler takes those it serves); the static routes above win.
        .route("/sessions/{session_id}/{list}", post(session::writing::add_entry))
        .route(
            "/sessions/{session_id}/{list}/{id}",
            get(session::item_page).post(session::writing::save_entry),
        )
        .route("/sessions/{session_id}/{list}/{id}/delete", post(session::delete_item))
        .route("/sessions/{session_id}/{list}/{id}/status", post(session::change_status))
        .route("/organizations/{organization_id}/members", get(members::page))
        .route("/organizations/{organization_id}/invitations", post(members::invite))
        .route(
            "/organizations/{organization_id}/invitations/{invitation_id}/revoke",
            post(members::revoke_invitation),
        )
        .route("/invitations/{token}", get(invitations::page).post(invitations::join))
        .route("/invitations/{token}/accept", post(invitations::accept))
        .route("/organizations/{organization_id}/members/{user_id}/role", post(members::change_role))
        .route("/organizations/{organization_id}/members/{user_id}/remove", post(members::remove))
        .route("/organizations/{organization_id}/members/{user_id}/password-reset", post(members::reset_link))
        .route(
            "/organizations/{organization_id}/relationships",
            get(relationships::page).post(relationships::pair),
        )
        .route(
            "/organizations/{organization_id}/relationships/{relationship_id}/end",
            post(relationships::end),
        )
        .route("/admin/organizations", get(organizations::page).post(organizations::create))
        .route("/relationships/{relationship_id}/meeting-link", post(session::set_meeting_link))
        .route("/relationships/{relationship_id}/goals", get(goals::page))
        .route("/relationships/{relationship_id}/goals/{goal_id}/edit", post(goals::edit))
}

/// The pages mail programs post to from their own servers, with no `Origin` of ours: the stop link
/// of every notification (RFC 8058 one-click unsubscribe, see `mail_stop`). `app` serves them
/// outside the `Origin` check.
pub fn one_click_routes() -> Router<Api> {
    Router::new().route(&format!("{MAIL_STOP_PATH}/{{mail_id}}"), get(mail_stop::page).post(mail_stop::stop))
}

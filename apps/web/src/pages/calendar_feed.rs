//! Each person's private calendar feed: the account page's buttons that make (or replace) and stop
//! its address, and the address itself, `CALENDAR_FEED_PATH/<token>.ics`, which Google, Outlook and
//! Apple fetch from their own servers, without cookies: the token is the key, here as at the api.

use axum::extract::State;
use axum::response::IntoResponse;
use contract::NewCalendarFeed;
use reqwest::Method;

use super::extract::LinkToken;
use super::forms::{NoFields, after_form, form_failure};
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath, PageResult};
use crate::flash::{Flash, redirect};
use crate::origin::PublicOrigin;
use crate::visitor::Visitor;

/// The account page's calendar section, where its buttons come back to.
const CALENDAR_SECTION: &str = "/account#calendar";

/// Where the api keeps the visitor's feed.
pub const FEED_SETTINGS_API: &str = "/account/calendar-feed";

/// Where the api serves each feed, by its token.
const FEEDS_API: &str = "/calendar-feeds";

/// Makes the visitor a new feed address (the one they had stops working) and shows it this once,
/// in the flash message (an `HttpOnly` cookie that the next page clears): the api keeps only its
/// digest, and the token never goes into a URL the web redirects to, where logs and history keep it.
pub async fn make(
    Visitor(api): Visitor,
    PublicOrigin(origin): PublicOrigin,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> PageResult {
    let made = api.make::<NewCalendarFeed>(Method::POST, FEED_SETTINGS_API).await;
    let NewCalendarFeed { path } = made.map_err(|failure| form_failure(failure, CALENDAR_SECTION))?;
    // The address comes last, so no punctuation sticks to it when it is copied.
    let shown_once =
        format!("Copy this address now: it is shown only once. Your calendar address: {origin}{path}");
    Ok(redirect(CALENDAR_SECTION, Some(Flash::notice(shown_once))))
}

/// Stops the visitor's feed: its address finds nothing from now on.
pub async fn stop(Visitor(api): Visitor, CsrfForm(NoFields {}): CsrfForm<NoFields>) -> PageResult {
    let outcome = api.call(Method::DELETE, FEED_SETTINGS_API).await;
    after_form(outcome, CALENDAR_SECTION, "Calendar feed stopped: its address no longer works.")
}

/// The feed at `<token>.ics`: the api's iCalendar file, asked for without any login. Any other
/// name is no feed, and never reaches the api.
pub async fn feed(State(api): State<Api>, PagePath(file): PagePath<String>) -> PageResult {
    let LinkToken(token) = file.strip_suffix(".ics").and_then(LinkToken::parse).ok_or(PageError::NotFound)?;
    let feed = api.download(&format!("{FEEDS_API}/{token}")).await;
    // Were the api to ask for a login, the way back would be the account page, never this
    // address: the token stays out of the login page's `?next=`.
    feed.map(IntoResponse::into_response).map_err(|failure| PageError::from_api(failure, CALENDAR_SECTION))
}

//! The page behind the stop link in every notification mail (`MAIL_STOP_PATH/<mail id>`): a button
//! that stops the kind of mail it came in, and the same stop as mail programs post it themselves
//! (RFC 8058 one-click unsubscribe). No login needed: the mail's id is the proof.

use askama::Template;
use axum::extract::State;
use contract::{MAIL_STOP_PATH, MailStopped};
use reqwest::Method;
use uuid::Uuid;

use super::view::render;
use crate::api_client::{Api, ApiFailure};
use crate::error::{PageError, PagePath, PageResult};
use crate::layout::Layout;
use crate::page_context::PageContext;

/// The api forgets sent mail after 30 days, and with it what its link stops.
const NO_LONGER_VALID: &str = "This link is no longer valid (links work for 30 days). \
     You can choose which mail you get under Account → Mail.";

#[derive(Template)]
#[template(path = "mail_stop.html")]
struct MailStopPage {
    layout: Layout,
    action: String,
    /// Once stopped: what the visitor no longer gets, e.g. "the weekly digest".
    stopped: Option<&'static str>,
}

/// Only asks. Opening the link changes nothing, since mail scanners open links too; the visitor's
/// press (or their mail program's one-click post) does.
pub async fn page(context: PageContext, PagePath(mail_id): PagePath<Uuid>) -> PageResult {
    let page = MailStopPage {
        layout: context.layout("Stop this kind of mail?", None),
        action: format!("{MAIL_STOP_PATH}/{mail_id}"),
        stopped: None,
    };
    render(context, &page)
}

/// Stops the kind of mail that mail `mail_id` was, posted by the page's button or by a mail
/// program from its own servers: no cookies, no CSRF token, no `Origin` of ours, and a body
/// (`List-Unsubscribe=One-Click`, form-encoded or multipart) that adds nothing to the post itself,
/// so it is not read (its size is bounded all the same, as every request's is: `app::LIMITS`).
/// Taking it without login, token or `Origin` check is safe: it changes nothing but the mail
/// settings of the mail's own recipient, the unguessable id that only their mail holds authorizes
/// exactly that, and stopping twice is the same as once, so a forged or repeated post gains nothing.
pub async fn stop(
    State(api): State<Api>,
    context: PageContext,
    PagePath(mail_id): PagePath<Uuid>,
) -> PageResult {
    let action = format!("{MAIL_STOP_PATH}/{mail_id}");
    let MailStopped { kind } =
        api.make(Method::POST, &format!("/mail/{mail_id}/stop")).await.map_err(|failure| match failure {
            ApiFailure::NotFound => PageError::UnknownLink(NO_LONGER_VALID),
            other => PageError::from_api(other, &action),
        })?;
    let page = MailStopPage {
        layout: context.layout("Mail stopped", None),
        action,
        stopped: Some(kind.described()),
    };
    render(context, &page)
}

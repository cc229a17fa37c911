//! Opening an invitation link: a new person chooses their name and password (no login: the link
//! is the proof); an existing account accepts after signing in as the invited email. The page
//! offers both, as it cannot tell (and must not: its reader may be the admin who made the link).

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use contract::limits::MIN_PASSWORD_CHARS;
use contract::{INVITATION_PATH, InvitationLink, JoinAsNewAccount};
use reqwest::Method;
use serde::Deserialize;

use super::extract::{LinkForm, LinkToken};
use super::forms::{NewPassword, NoFields, after_form_to};
use super::view::render;
use crate::api_client::Api;
use crate::cookies;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PageResult, urlencode};
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    layout: Layout,
    action: String,
    offer: InvitationLink,
    signed_in: bool,
    login_href: String,
    min_password_chars: usize,
}

pub async fn page(
    State(api): State<Api>,
    headers: HeaderMap,
    context: PageContext,
    LinkToken(token): LinkToken,
) -> PageResult {
    let action = format!("{INVITATION_PATH}/{token}");
    let offer =
        api.get::<InvitationLink>(&action).await.map_err(|failure| PageError::from_api(failure, &action))?;
    let page = InvitationPage {
        layout: context.layout(format!("Join {}", offer.organization_name), None),
        login_href: format!("/login?next={}", urlencode(&action)),
        signed_in: cookies::login_token(&headers).is_some(),
        action,
        offer,
        min_password_chars: MIN_PASSWORD_CHARS,
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct JoinForm {
    first_name: String,
    last_name: String,
    #[serde(flatten)]
    password: NewPassword,
}

pub async fn join(LinkForm { api, token, form }: LinkForm<JoinForm>) -> PageResult {
    let back = format!("{INVITATION_PATH}/{token}");
    let body = JoinAsNewAccount {
        password: form.password.read(&back)?,
        first_name: form.first_name,
        last_name: form.last_name,
        timezone: None,
    };
    // The api answers the same whether or not the email had an account, and so does this page.
    let outcome = api.send_only(Method::POST, &back, &body).await;
    after_form_to(
        outcome,
        &back,
        "/login",
        "Your account is ready if this address had none: log in with the password you chose. \
         (If it had an account already, nothing changed: log in with that account's password, then open \
         the invitation link again to accept.)",
    )
}

pub async fn accept(
    Visitor(api): Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(_): CsrfForm<NoFields>,
) -> PageResult {
    let back = format!("{INVITATION_PATH}/{token}");
    let outcome = api.call(Method::POST, &format!("{back}/accept")).await;
    after_form_to(outcome, &back, "/", "Invitation accepted.")
}

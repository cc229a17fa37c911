//! One-time links: the token in their URL, and the one page of the two kinds that set a password
//! (choosing one, and taking an account back after an email change). No login needed: the link is
//! the proof.

use askama::Template;
use axum::extract::State;
use axum::routing::{MethodRouter, get};
use contract::limits::MIN_PASSWORD_CHARS;
use contract::{
    ACCOUNT_EMAIL_REVERT_PATH, ACCOUNT_PASSWORD_PATH, EmailRevertLink, PasswordLink, UsePasswordLink,
};
use reqwest::Method;

use super::extract::{LinkForm, LinkToken};
use super::forms::{NewPassword, after_form_to};
use super::view::render;
use crate::api_client::Api;
use crate::error::{PageError, PageResult};
use crate::layout::Layout;
use crate::page_context::PageContext;

/// The links that set a password; each kind has its page at its own address.
#[derive(Clone, Copy)]
pub enum PasswordLinkKind {
    /// Choosing a password: the link `api admin create` prints, an admin's reset link, or the one
    /// mailed after "forgot password".
    ChoosePassword,
    /// Taking an account back: mailed to its old address after its email changed.
    EmailRevert,
}

impl PasswordLinkKind {
    /// The link's page, and where the api keeps it.
    fn paths(self, token: &str) -> (String, String) {
        let (page, api) = match self {
            Self::ChoosePassword => (ACCOUNT_PASSWORD_PATH, "/account/password-links"),
            Self::EmailRevert => (ACCOUNT_EMAIL_REVERT_PATH, "/account/email-reverts"),
        };
        (format!("{page}/{token}"), format!("{api}/{token}"))
    }

    /// What the login page says once the password is set.
    fn done(self) -> &'static str {
        match self {
            Self::ChoosePassword => "Your password is set. Log in with it.",
            Self::EmailRevert => {
                "Your account is back at this address, with your new password. Everyone else was signed out."
            }
        }
    }
}

/// The page of `kind` and the form on it, for the route of its address (`…/{token}`).
pub fn page_and_form(kind: PasswordLinkKind) -> MethodRouter<Api> {
    get(move |State(api): State<Api>, context: PageContext, LinkToken(token): LinkToken| {
        page(kind, api, context, token)
    })
    .post(move |LinkForm { api, token, form }: LinkForm<NewPassword>| set_password(kind, api, token, form))
}

#[derive(Template)]
#[template(path = "password_link.html")]
struct PasswordLinkPage {
    layout: Layout,
    action: String,
    /// The account's address once the password is set (what the visitor logs in with).
    email: String,
    /// For an email revert: the address someone moved the account to.
    moved_to: Option<String>,
    min_password_chars: usize,
}

/// What the link is for, as the api says; a used or expired link is the "gone" page.
async fn page(kind: PasswordLinkKind, api: Api, context: PageContext, token: String) -> PageResult {
    let (action, api_path) = kind.paths(&token);
    let (email, moved_to, title) = match kind {
        PasswordLinkKind::ChoosePassword => {
            api.get::<PasswordLink>(&api_path).await.map(|link| (link.email, None, "Choose your password"))
        }
        PasswordLinkKind::EmailRevert => api
            .get::<EmailRevertLink>(&api_path)
            .await
            .map(|link| (link.restored_email, Some(link.current_email), "Take your account back")),
    }
    .map_err(|failure| PageError::from_api(failure, &action))?;
    let page = PasswordLinkPage {
        layout: context.layout(title, None),
        action,
        email,
        moved_to,
        min_password_chars: MIN_PASSWORD_CHARS,
    };
    render(context, &page)
}

/// Sets the password chosen on the link's page, then on to log in with it.
async fn set_password(kind: PasswordLinkKind, api: Api, token: String, chosen: NewPassword) -> PageResult {
    let (back, api_path) = kind.paths(&token);
    let body = UsePasswordLink { password: chosen.read(&back)? };
    let outcome = api.send_only(Method::POST, &api_path, &body).await;
    after_form_to(outcome, &back, "/login", kind.done())
}

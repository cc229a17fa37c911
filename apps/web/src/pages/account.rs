//! The visitor's own account: choosing a password through a one-time link (no login needed:
//! the link is the proof), asking for such a link by mail, and changing one's password while
//! logged in.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use contract::limits::MIN_PASSWORD_CHARS;
use contract::{ACCOUNT_PASSWORD_PATH, ChangePassword, ForgotPassword, PasswordLink, UsePasswordLink};
use reqwest::Method;
use serde::Deserialize;

use super::forms::{NewPassword, after_form, form_failure};
use super::view::render;
use crate::api_client::{Api, ApiFailure};
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath};
use crate::flash::{Flash, redirect};
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::{Visitor, me};

#[derive(Template)]
#[template(path = "choose_password.html")]
struct ChoosePasswordPage {
    layout: Layout,
    action: String,
    link: PasswordLink,
    min_password_chars: usize,
}

/// The token from a link's URL. Only hex digits ever make one: anything else (a `/` decoded from
/// `%2F` above all) never reaches the api's path.
pub(super) fn link_token(raw: String) -> Result<String, PageError> {
    let well_formed = (1..=64).contains(&raw.len()) && raw.bytes().all(|byte| byte.is_ascii_hexdigit());
    if well_formed { Ok(raw) } else { Err(PageError::NotFound) }
}

fn api_link_path(token: &str) -> String {
    format!("/account/password-links/{token}")
}

pub async fn choose_password_page(
    State(api): State<Api>,
    context: PageContext,
    PagePath(token): PagePath<String>,
) -> Result<Response, PageError> {
    let token = link_token(token)?;
    let action = format!("{ACCOUNT_PASSWORD_PATH}/{token}");
    let link = api
        .get::<PasswordLink>(api_link_path(&token))
        .await
        .map_err(|failure| PageError::from_api(failure, &action))?;
    let page = ChoosePasswordPage {
        layout: context.layout("Choose your password", None),
        action,
        link,
        min_password_chars: MIN_PASSWORD_CHARS,
    };
    render(context, &page)
}

pub async fn choose_password(
    State(api): State<Api>,
    PagePath(token): PagePath<String>,
    CsrfForm(chosen): CsrfForm<NewPassword>,
) -> Result<Response, PageError> {
    let token = link_token(token)?;
    let back = format!("{ACCOUNT_PASSWORD_PATH}/{token}");
    let body = UsePasswordLink { password: chosen.read(&back)? };
    match api.send_only(Method::POST, &api_link_path(&token), &body).await {
        Ok(()) => Ok(redirect("/login", Some(Flash::notice("Your password is set. Log in with it.")))),
        Err(failure) => Err(form_failure(failure, &back)),
    }
}

#[derive(Template)]
#[template(path = "change_password.html")]
struct ChangePasswordPage {
    layout: Layout,
    action: &'static str,
    min_password_chars: usize,
}

pub async fn change_password_page(
    Visitor(api): Visitor,
    context: PageContext,
) -> Result<Response, PageError> {
    let me = me(&api, ACCOUNT_PASSWORD_PATH).await?;
    let page = ChangePasswordPage {
        layout: context.layout("Change password", Some(&me)),
        action: ACCOUNT_PASSWORD_PATH,
        min_password_chars: MIN_PASSWORD_CHARS,
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct ChangePasswordForm {
    current_password: String,
    new_password: String,
    confirmation: String,
}

pub async fn change_password(
    Visitor(api): Visitor,
    CsrfForm(form): CsrfForm<ChangePasswordForm>,
) -> Result<Response, PageError> {
    if form.new_password != form.confirmation {
        return Err(PageError::refused(
            ACCOUNT_PASSWORD_PATH,
            "The two new passwords differ; type the same one twice.",
        ));
    }
    let body = ChangePassword { current_password: form.current_password, new_password: form.new_password };
    let outcome = api.send_only(Method::POST, "/account/password", &body).await;
    after_form(
        outcome,
        ACCOUNT_PASSWORD_PATH,
        "Your password is changed. Your other browsers were logged out.",
    )
}

/// The page that asks for a password reset link by mail, linked from the login page.
pub const FORGOT_PASSWORD_PATH: &str = "/account/password/forgot";

#[derive(Template)]
#[template(path = "forgot_password.html")]
struct ForgotPasswordPage {
    layout: Layout,
    action: &'static str,
}

pub async fn forgot_password_page(context: PageContext) -> Result<Response, PageError> {
    let page =
        ForgotPasswordPage { layout: context.layout("Forgot password", None), action: FORGOT_PASSWORD_PATH };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct ForgotPasswordForm {
    email: String,
}

/// Asks the api to mail a reset link. The answer is the same whether or not the account exists.
pub async fn forgot_password(
    State(api): State<Api>,
    CsrfForm(form): CsrfForm<ForgotPasswordForm>,
) -> Result<Response, PageError> {
    let body = ForgotPassword { email: form.email };
    match api.send_only(Method::POST, "/account/password-reset", &body).await {
        Ok(()) => Ok(redirect(
            FORGOT_PASSWORD_PATH,
            Some(Flash::notice("If an account exists for that email, a link is on its way.")),
        )),
        // The api sends no mail (or is down): only an admin's reset link helps then.
        Err(ApiFailure::Unavailable) => Err(PageError::refused(
            FORGOT_PASSWORD_PATH,
            "Password reset by email is not available on this server: ask an organization admin for a reset link.",
        )),
        Err(failure) => Err(form_failure(failure, FORGOT_PASSWORD_PATH)),
    }
}

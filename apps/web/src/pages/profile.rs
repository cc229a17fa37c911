//! The visitor's profile: name and time zone (every time on the site is shown in it), and moving
//! the account to another email address, confirmed through a link mailed to that address (and
//! undone through the link mailed to the old one).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono_tz::TZ_VARIANTS;
use contract::limits::MIN_PASSWORD_CHARS;
use contract::{
    ACCOUNT_EMAIL_PATH, ACCOUNT_EMAIL_REVERT_PATH, ChangeEmail, EmailRevertLink, ProfileInput,
    UsePasswordLink, User,
};
use reqwest::Method;
use serde::Deserialize;

use super::account::link_token;
use super::forms::{NewPassword, NoFields, after_form, form_failure};
use super::view::render;
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath};
use crate::flash::{Flash, redirect};
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::{Visitor, me};

const PROFILE_PATH: &str = "/account";

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    layout: Layout,
    user: User,
    /// Every IANA time zone name, for the `<select>`.
    zones: Vec<&'static str>,
}

pub async fn page(Visitor(api): Visitor, context: PageContext) -> Result<Response, PageError> {
    let me = me(&api, PROFILE_PATH).await?;
    let page = ProfilePage {
        layout: context.layout("Your account", Some(&me)),
        user: me.user,
        zones: TZ_VARIANTS.iter().map(|zone| zone.name()).collect(),
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct ProfileForm {
    first_name: String,
    last_name: String,
    timezone: String,
}

pub async fn save(
    Visitor(api): Visitor,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> Result<Response, PageError> {
    let body =
        ProfileInput { first_name: form.first_name, last_name: form.last_name, timezone: form.timezone };
    let outcome = api.send_only(Method::PUT, "/account/profile", &body).await;
    after_form(outcome, PROFILE_PATH, "Your profile is saved.")
}

#[derive(Template)]
#[template(path = "change_email.html")]
struct ChangeEmailPage {
    layout: Layout,
    action: &'static str,
    email: String,
}

pub async fn change_email_page(Visitor(api): Visitor, context: PageContext) -> Result<Response, PageError> {
    let me = me(&api, ACCOUNT_EMAIL_PATH).await?;
    let page = ChangeEmailPage {
        layout: context.layout("Change email", Some(&me)),
        action: ACCOUNT_EMAIL_PATH,
        email: me.user.email,
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct ChangeEmailForm {
    new_email: String,
    current_password: String,
}

pub async fn change_email(
    Visitor(api): Visitor,
    CsrfForm(form): CsrfForm<ChangeEmailForm>,
) -> Result<Response, PageError> {
    let done = format!(
        "We sent a link to {}. Your email changes when you open it (within 24 hours).",
        form.new_email.trim()
    );
    let body = ChangeEmail { new_email: form.new_email, current_password: form.current_password };
    let outcome = api.send_only(Method::POST, ACCOUNT_EMAIL_PATH, &body).await;
    after_form(outcome, ACCOUNT_EMAIL_PATH, &done)
}

#[derive(Template)]
#[template(path = "confirm_email.html")]
struct ConfirmEmailPage {
    layout: Layout,
    action: String,
}

/// The page a confirmation link opens: only a button. Opening the link changes nothing, since
/// mail scanners open links too; the visitor's press does.
pub async fn confirm_email_page(
    context: PageContext,
    PagePath(token): PagePath<String>,
) -> Result<Response, PageError> {
    let token = link_token(token)?;
    let page = ConfirmEmailPage {
        layout: context.layout("Confirm your new email", None),
        action: format!("{ACCOUNT_EMAIL_PATH}/{token}"),
    };
    render(context, &page)
}

pub async fn confirm_email(
    State(api): State<Api>,
    PagePath(token): PagePath<String>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let token = link_token(token)?;
    let path = format!("{ACCOUNT_EMAIL_PATH}/{token}");
    // The link is the proof: no login needed.
    match api.call(Method::POST, &path).await {
        Ok(()) => {
            Ok(redirect("/login", Some(Flash::notice("Your email is changed. Log in with the new one."))))
        }
        Err(failure) => Err(form_failure(failure, &path)),
    }
}

/// The page of the link mailed to an account's old address after its email changed: it shows
/// what moves back, and asks for the new password that comes with it.
#[derive(Template)]
#[template(path = "email_revert.html")]
struct EmailRevertPage {
    layout: Layout,
    action: String,
    link: EmailRevertLink,
    min_password_chars: usize,
}

fn email_revert_paths(token: &str) -> (String, String) {
    (format!("{ACCOUNT_EMAIL_REVERT_PATH}/{token}"), format!("/account/email-reverts/{token}"))
}

pub async fn email_revert_page(
    State(api): State<Api>,
    context: PageContext,
    PagePath(token): PagePath<String>,
) -> Result<Response, PageError> {
    let token = link_token(token)?;
    let (action, api_path) = email_revert_paths(&token);
    let link = api
        .get::<EmailRevertLink>(&api_path)
        .await
        .map_err(|failure| PageError::from_api(failure, &action))?;
    let page = EmailRevertPage {
        layout: context.layout("Take your account back", None),
        action,
        link,
        min_password_chars: MIN_PASSWORD_CHARS,
    };
    render(context, &page)
}

pub async fn revert_email(
    State(api): State<Api>,
    PagePath(token): PagePath<String>,
    CsrfForm(chosen): CsrfForm<NewPassword>,
) -> Result<Response, PageError> {
    let token = link_token(token)?;
    let (back, api_path) = email_revert_paths(&token);
    let body = UsePasswordLink { password: chosen.read(&back)? };
    match api.send_only(Method::POST, &api_path, &body).await {
        Ok(()) => Ok(redirect(
            "/login",
            Some(Flash::notice(
                "Your account is back at this address, with your new password. Everyone else was signed out.",
            )),
        )),
        Err(failure) => Err(form_failure(failure, &back)),
    }
}

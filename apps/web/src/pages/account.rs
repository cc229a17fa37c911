//! The visitor's own account: asking for a link to choose a new password by mail (`links` serves
//! the link's page), and changing one's password while logged in.

use askama::Template;
use axum::extract::State;
use contract::limits::MIN_PASSWORD_CHARS;
use contract::{ACCOUNT_PASSWORD_PATH, ChangePassword, ForgotPassword};
use reqwest::Method;
use serde::Deserialize;

use super::forms::after_form;
use super::view::{own_account_page, render};
use crate::api_client::{Api, ApiFailure};
use crate::csrf::CsrfForm;
use crate::error::{PageError, PageResult};
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

#[derive(Template)]
#[template(path = "change_password.html")]
struct ChangePasswordPage {
    layout: Layout,
    action: &'static str,
    min_password_chars: usize,
}

pub async fn change_password_page(Visitor(api): Visitor, context: PageContext) -> PageResult {
    own_account_page(&api, context, ACCOUNT_PASSWORD_PATH, "Change password", |layout, _| {
        ChangePasswordPage { layout, action: ACCOUNT_PASSWORD_PATH, min_password_chars: MIN_PASSWORD_CHARS }
    })
    .await
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
) -> PageResult {
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

pub async fn forgot_password_page(context: PageContext) -> PageResult {
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
) -> PageResult {
    let body = ForgotPassword { email: form.email };
    match api.send_only(Method::POST, "/account/password-reset", &body).await {
        // The api sends no mail (or is down): only an admin's reset link helps then.
        Err(ApiFailure::Unavailable) => Err(PageError::refused(
            FORGOT_PASSWORD_PATH,
            "Password reset by email is not available on this server: ask an organization admin for a reset link.",
        )),
        outcome => after_form(
            outcome,
            FORGOT_PASSWORD_PATH,
            "If an account exists for that email, a link is on its way.",
        ),
    }
}

//! Logging in and out.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use cookie::SameSite;
use reqwest::Method;
use serde::Deserialize;

use super::{Layout, NoFields, render};
use crate::api_client::ApiFailure;
use crate::app::AppState;
use crate::csrf::CsrfForm;
use crate::error::{PageError, urlencode};
use crate::session::{
    Flash, PageContext, SESSION_COOKIE, append_cookie, cookie, read_cookie, redirect, removal, safe_next,
};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    next: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_page(
    context: PageContext,
    Query(query): Query<LoginQuery>,
) -> Result<Response, PageError> {
    let page =
        LoginPage { layout: Layout::new("Log in", &context, None), next: safe_next(query.next.as_deref()) };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    match state.api.login(form.email.trim(), &form.password).await {
        Ok((token, _me)) => {
            let mut response = redirect(&next, None, state.secure_cookies);
            append_cookie(
                response.headers_mut(),
                cookie(SESSION_COOKIE, token, state.secure_cookies, SameSite::Lax),
            );
            Ok(response)
        }
        Err(ApiFailure::Rejected(reason)) => Ok(redirect(
            &format!("/login?next={}", urlencode(&next)),
            Some(Flash::error(reason)),
            state.secure_cookies,
        )),
        Err(other) => Err(PageError::from_api(other, "/login")),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Response {
    if let Some(token) = read_cookie(&headers, SESSION_COOKIE) {
        // Ending the api session is best effort: the cookie goes either way.
        let _ = state.api.call(Method::POST, &token, "/logout").await;
    }
    let mut response = redirect("/login", Some(Flash::notice("You are logged out.")), state.secure_cookies);
    append_cookie(response.headers_mut(), removal(SESSION_COOKIE, state.secure_cookies));
    response
}

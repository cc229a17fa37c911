//! Logging in and out: the login cookie holds the api session token the api gave at login.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use cookie::SameSite;
use reqwest::Method;
use serde::Deserialize;

use super::forms::NoFields;
use super::view::render;
use crate::api_client::{Api, ApiFailure};
use crate::cookies;
use crate::csrf::CsrfForm;
use crate::error::{PageError, urlencode};
use crate::flash::{Flash, redirect};
use crate::layout::Layout;
use crate::page_context::PageContext;

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
    let page = LoginPage { layout: context.layout("Log in", None), next: safe_next(query.next.as_deref()) };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(api): State<Api>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    match api.login(form.email.trim(), &form.password).await {
        Ok(api_token) => {
            let mut response = redirect(&next, None);
            cookies::append(response.headers_mut(), cookies::build(cookies::LOGIN, api_token, SameSite::Lax));
            Ok(response)
        }
        Err(ApiFailure::Rejected(reason)) => {
            Ok(redirect(&format!("/login?next={}", urlencode(&next)), Some(Flash::error(reason))))
        }
        Err(other) => Err(PageError::from_api(other, "/login")),
    }
}

pub async fn logout(State(api): State<Api>, headers: HeaderMap, CsrfForm(_): CsrfForm<NoFields>) -> Response {
    if let Some(api_token) = cookies::read(&headers, cookies::LOGIN) {
        // Ending the api session is best effort: the cookie goes either way.
        let _ = api.call(Method::POST, &api_token, "/logout").await;
    }
    let mut response = redirect("/login", Some(Flash::notice("You are logged out.")));
    cookies::append(response.headers_mut(), cookies::removal(cookies::LOGIN));
    response
}

/// `next` as a path on this site, or `/`: never an open redirect to somewhere else.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/sessions/1?tab=notes")), "/sessions/1?tab=notes");
        for hostile in ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)"] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile}");
        }
        assert_eq!(safe_next(None), "/");
    }
}

//! Logging in and out: the login cookie holds the api login token the api gave at login.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cookie::SameSite;
use percent_encoding::percent_decode_str;
use reqwest::Method;
use serde::Deserialize;

use super::forms::NoFields;
use super::view::{html_of, render};
use crate::api_client::{Api, ApiFailure};
use crate::cookies;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PageResult, urlencode, with_retry_after};
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

pub async fn login_page(context: PageContext, Query(query): Query<LoginQuery>) -> PageResult {
    let page = LoginPage { layout: context.layout("Log in", None), next: safe_next(query.next.as_deref()) };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// Signs in through the api, which throttles failed attempts per browser address and per account
/// (or per device, for a browser that signed in to the account before: its `device` cookie).
pub async fn login(
    State(api): State<Api>,
    headers: HeaderMap,
    context: PageContext,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> PageResult {
    let next = safe_next(form.next.as_deref());
    let device = cookies::read_token(&headers, cookies::DEVICE);
    match api.login(form.email.trim(), &form.password, device.as_deref()).await {
        Ok(tokens) => {
            // The new login replaces the old one, which must not stay usable.
            end_api_login(&api, &headers).await;
            let mut response = redirect(&next, None);
            let headers = response.headers_mut();
            cookies::append(headers, cookies::build(cookies::LOGIN, tokens.login, SameSite::Lax));
            if let Some(device) = tokens.device {
                cookies::append(headers, cookies::remembered(cookies::DEVICE, device, cookies::DEVICE_DAYS));
            }
            // From now on forms carry the login-bound token (see `csrf`).
            cookies::append(headers, cookies::removal(cookies::CSRF));
            Ok(response)
        }
        // Wrong credentials, or right ones of a deactivated account: the login form says which.
        Err(ApiFailure::Rejected(reason) | ApiFailure::Forbidden(reason)) => {
            Ok(redirect(&format!("/login?next={}", urlencode(&next)), Some(Flash::error(reason))))
        }
        Err(ApiFailure::Throttled { retry_after_seconds }) => throttled(context, next, retry_after_seconds),
        Err(other) => Err(PageError::from_api(other, "/login")),
    }
}

/// The login form again (429), saying when the next attempt may pass.
fn throttled(context: PageContext, next: String, retry_after_seconds: u64) -> PageResult {
    let mut layout = context.layout("Log in", None);
    let wait = format!("Too many sign-in attempts. Try again in {retry_after_seconds} seconds.");
    layout.flash = Some(Flash::error(wait));
    let html = html_of(&LoginPage { layout, next })?;
    Ok(with_retry_after(context.respond(StatusCode::TOO_MANY_REQUESTS, html), retry_after_seconds))
}

pub async fn logout(State(api): State<Api>, headers: HeaderMap, CsrfForm(_): CsrfForm<NoFields>) -> Response {
    end_api_login(&api, &headers).await;
    let mut response = redirect("/login", Some(Flash::notice("You are logged out.")));
    cookies::append(response.headers_mut(), cookies::removal(cookies::LOGIN));
    response
}

/// Ends the api login of the login cookie `headers` carry, if any. Best effort: the cookie is
/// replaced or removed either way.
async fn end_api_login(api: &Api, headers: &HeaderMap) {
    if let Some(token) = cookies::login_token(headers) {
        let _ = api.as_login(token).call(Method::POST, "/logout").await;
    }
}

/// `next` as a path on this site, or `/`: never an open redirect to somewhere else. Browsers
/// drop tabs and newlines, read `\` as `/` and may decode escapes before resolving a `Location`,
/// so the rules hold for the percent-decoded text too: one leading `/`, then no `//`, no `\`
/// and no control characters anywhere.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if stays_here(path)
                && percent_decode_str(path).decode_utf8().is_ok_and(|decoded| stays_here(&decoded)) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn stays_here(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        for own in ["/", "/sessions/1?tab=notes", "/sessions?from=2026-01-01T00%3A00%3A00Z", "/a/b#notes"] {
            assert_eq!(safe_next(Some(own)), own);
        }
        // Known open-redirect bypasses, as `next` arrives after the query string was decoded.
        let hostile = [
            "https://evil.example",
            "http:/evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\u{0}/evil.example",
            "/%09/evil.example",
            "/%0A/evil.example",
            "/%0d/evil.example",
            "%2F%2Fevil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%FF/invalid-utf8",
            "javascript:alert(1)",
            " /evil",
            "evil.example",
            "",
        ];
        for path in hostile {
            assert_eq!(safe_next(Some(path)), "/", "{path:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}

//! Pages for things that went wrong, and how api failures become them. Nobody sees a stack trace
//! or someone else's data: missing and forbidden look the same (404) unless the person may see
//! the thing. A form to correct is no error page: it goes back where it came from, saying why.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use service_kit::server::Refusal;

use crate::api_client::ApiFailure;
use crate::cookies;
use crate::flash::{Flash, redirect};
use crate::layout::Layout;

/// What a page's handler answers: the page, a redirect, or the page of what went wrong.
pub type PageResult = Result<Response, PageError>;

#[derive(Debug)]
pub enum PageError {
    /// Not logged in, or the api login expired: log in, then come back to `next`.
    LoginRequired {
        next: String,
    },
    /// A form the visitor must correct (or the api refused): back to `back`, saying why.
    Refused {
        back: String,
        message: String,
    },
    NotFound,
    /// A mailed link that names nothing (any more); the message says so and what to do instead.
    UnknownLink(&'static str),
    /// A one-time link that cannot be used (any more); the message says so.
    Gone(String),
    Forbidden(String),
    /// The api is down or not ready.
    Unavailable,
    /// A form came without its CSRF token (or with another one).
    CsrfRejected,
    BadRequest(String),
    /// A form larger than the server accepts.
    TooLarge,
    /// A request the server turned away before any page saw it (too slow, too many at once).
    TurnedAway(Refusal),
    /// Too many attempts: the next may pass after this many seconds (429 with `Retry-After`).
    TooManyAttempts {
        retry_after_seconds: u64,
    },
    Internal(String),
}

impl PageError {
    pub fn refused(back: &str, message: impl Into<String>) -> Self {
        Self::Refused { back: back.to_owned(), message: message.into() }
    }

    pub fn from_api(failure: ApiFailure, here: &str) -> Self {
        match failure {
            ApiFailure::Unauthenticated => Self::LoginRequired { next: here.to_owned() },
            ApiFailure::NotFound => Self::NotFound,
            ApiFailure::Forbidden(message) => Self::Forbidden(message),
            ApiFailure::Gone(message) => Self::Gone(message),
            ApiFailure::Rejected(message) => Self::BadRequest(message),
            ApiFailure::Unavailable => Self::Unavailable,
            ApiFailure::Throttled { retry_after_seconds } => Self::TooManyAttempts { retry_after_seconds },
            ApiFailure::Unexpected(message) => Self::Internal(message),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, heading, message) = match self {
            Self::LoginRequired { next } => {
                let location = format!("/login?next={}", urlencode(&next));
                let mut response = redirect(&location, None);
                cookies::append(response.headers_mut(), cookies::removal(cookies::LOGIN));
                return response;
            }
            Self::Refused { back, message } => return redirect(&back, Some(Flash::error(message))),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "This page does not exist, or you do not have access to it.".to_owned(),
            ),
            Self::UnknownLink(message) => (StatusCode::NOT_FOUND, "Link no longer valid", message.to_owned()),
            Self::Gone(message) => (StatusCode::GONE, "Link no longer valid", message),
            Self::Forbidden(message) => (StatusCode::FORBIDDEN, "Not allowed", message),
            Self::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Temporarily unavailable",
                "The coaching service is not reachable right now. Please try again in a minute.".to_owned(),
            ),
            Self::CsrfRejected => (
                StatusCode::FORBIDDEN,
                "Form expired",
                "This form could not be verified. Go back, reload the page and try again.".to_owned(),
            ),
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, "Something is missing", message),
            Self::TooLarge | Self::TurnedAway(Refusal::TooLarge) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Too much text",
                "This form is larger than the site accepts. Go back, shorten the text and try again."
                    .to_owned(),
            ),
            Self::TurnedAway(refusal) => {
                let heading = match refusal {
                    Refusal::TooSlow => "Too slow",
                    _ => "Busy",
                };
                let message = refusal.message();
                let sentence = format!("{}{}.", message[..1].to_uppercase(), &message[1..]);
                (refusal.status(), heading, sentence)
            }
            Self::TooManyAttempts { retry_after_seconds } => {
                let page = ErrorPage {
                    layout: Layout::anonymous("Too many attempts"),
                    heading: "Too many attempts",
                    message: too_many_attempts(retry_after_seconds),
                };
                let html = page.render().unwrap_or_else(|_| page.message.clone());
                return with_retry_after(
                    (StatusCode::TOO_MANY_REQUESTS, Html(html)).into_response(),
                    retry_after_seconds,
                );
            }
            Self::Internal(cause) => {
                tracing::error!(%cause, "page failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong", "Please try again.".to_owned())
            }
        };
        let page = ErrorPage { layout: Layout::anonymous(heading), heading, message };
        let html = page.render().unwrap_or_else(|_| heading.to_owned());
        (status, Html(html)).into_response()
    }
}

pub fn too_many_attempts(retry_after_seconds: u64) -> String {
    format!("Too many attempts. Try again in {retry_after_seconds} seconds.")
}

/// `response` with the `Retry-After` header a 429 carries.
pub fn with_retry_after(mut response: Response, retry_after_seconds: u64) -> Response {
    response.headers_mut().insert(axum::http::header::RETRY_AFTER, retry_after_seconds.into());
    response
}

pub fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("", value)]).map(|encoded| encoded[1..].to_owned()).unwrap_or_default()
}

impl From<axum::extract::rejection::PathRejection> for PageError {
    /// A malformed id in a URL names nothing: the same page as a missing thing.
    fn from(_: axum::extract::rejection::PathRejection) -> Self {
        Self::NotFound
    }
}

/// Path parameters; malformed ones answer the "not found" page.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(PageError))]
pub struct PagePath<T>(pub T);

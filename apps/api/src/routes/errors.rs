//! The error answers endpoints share, so no OpenAPI description repeats the same tuples: the
//! sets below are named by what an endpoint does, and [`CommonErrors`] adds to every operation
//! the answers its shape allows (a body, parameters, a login).

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, Modify, PartialSchema};

const NOT_VISIBLE: (u16, &str) = (404, "Not found, or not visible to you");
const FORBIDDEN: (u16, &str) = (403, "Visible to you, but you may not do this");
const INVALID: (u16, &str) = (422, "The input breaks a rule; the message says which");
const MALFORMED: (u16, &str) =
    (400, "A path or query parameter of the wrong type, or a body that is not well-formed JSON");
const NOT_LOGGED_IN: (u16, &str) = (401, "Not logged in, or the login ended");
const TOO_LARGE: (u16, &str) = (413, "The body is larger than the api accepts");
const NOT_JSON: (u16, &str) = (415, "The body is not `application/json`");
const DATABASE_DOWN: (u16, &str) = (503, "The database is not reachable; try again shortly");
const TIMED_OUT: (u16, &str) =
    (408, "The request took longer than the server allows (REQUEST_TIMEOUT_SECONDS)");
const THROTTLED: (u16, &str) = (
    429,
    "Too many attempts (logins at this account or from this address, mails, entries in one \
     relationship); `Retry-After` says how many seconds to wait",
);
const MAIL_REFUSED: (u16, &str) = (502, "The mail server refused the message (`mail_failed`)");
const MAIL_UNAVAILABLE: (u16, &str) = (
    503,
    "No mail could be sent: this server sends none (`mail_not_configured`), or its mail server is \
     unreachable for now (`mail_failed`)",
);
/// Paths whose operations never touch the database (liveness must not depend on it).
const WITHOUT_DATABASE: &[&str] = &["/health"];

/// Declares named sets of error answers: each a unit struct whose OpenAPI responses are its
/// answers (`(status, description)`), every one with an `ErrorBody`.
macro_rules! error_sets {
    ($($(#[doc = $doc:literal])* $name:ident => [$($answer:expr),+];)+) => {$(
        $(#[doc = $doc])*
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                error_bodies(&[$($answer),+])
            }
        }
    )+};
}

error_sets! {
    /// Reading one thing or a list below it.
    ReadErrors => [NOT_VISIBLE];
    /// Creating or changing something.
    WriteErrors => [FORBIDDEN, NOT_VISIBLE, INVALID];
    /// Deleting something.
    DeleteErrors => [FORBIDDEN, NOT_VISIBLE];
    /// Sending a mail before answering.
    MailErrors => [MAIL_REFUSED, MAIL_UNAVAILABLE];
    /// Using a one-time link (not an invitation's) that may be gone.
    LinkGone => [(410, "The link was used, has expired or never existed")];
    /// Using an invitation's link, which may also have been revoked.
    InvitationGone => [(410, "The link was used, revoked, has expired or never existed")];
    /// Naming an organization with a slug another one may have.
    SlugTaken => [(409, "The slug is taken")];
    /// Changing a membership that may be the organization's last admin's.
    LastAdmin => [(409, "It would leave the organization without an admin")];
    /// Choosing a password, which the password policy may refuse.
    WeakPassword => [(422, "The password is too short or too easy to guess; the message says why")];
}

/// Throttled: logins per account and per address, mails per organization and sender, entries
/// per relationship.
pub struct ThrottledErrors;

impl IntoResponses for ThrottledErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let retry_after = HeaderBuilder::new()
            .schema(<u64 as PartialSchema>::schema())
            .description(Some("Seconds until the next attempt may pass"))
            .build();
        let (status, description) = THROTTLED;
        let response = error_body(description).header("Retry-After", retry_after).build();
        BTreeMap::from([(status.to_string(), RefOr::T(response))])
    }
}

/// The answers every operation can give by its shape, so clients and generated tests know them:
/// 400/413/415/422 where it reads a body, 400/422 where it reads parameters, 404 where the path
/// names something, 401 where a login is required, 503 where it reads the database, and 408 (the
/// server's request timeout, without a body) everywhere. Must run after the routes are
/// registered; an operation's own description of a status wins.
pub struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let operations =
                [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let mut answers = Vec::new();
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let in_query =
                    parameters.iter().any(|parameter| parameter.parameter_in == ParameterIn::Query);
                if operation.request_body.is_some() {
                    answers.extend([MALFORMED, TOO_LARGE, NOT_JSON, INVALID]);
                } else if in_query {
                    answers.extend([MALFORMED, INVALID]);
                }
                if path.contains('{') {
                    answers.extend([MALFORMED, NOT_VISIBLE]);
                }
                if requires_login(operation) {
                    answers.push(NOT_LOGGED_IN);
                }
                if !WITHOUT_DATABASE.contains(&path.as_str()) {
                    answers.push(DATABASE_DOWN);
                }
                let timeout = ResponseBuilder::new().description(TIMED_OUT.1).build();
                let timeout = (TIMED_OUT.0.to_string(), RefOr::T(timeout));
                for (status, response) in error_bodies(&answers).into_iter().chain([timeout]) {
                    operation.responses.responses.entry(status).or_insert(response);
                }
            }
        }
    }
}

/// Operations inherit the document's login requirement unless they declare `security(())`.
fn requires_login(operation: &Operation) -> bool {
    operation
        .security
        .as_ref()
        .is_none_or(|alternatives| !alternatives.contains(&SecurityRequirement::default()))
}

fn error_bodies(answers: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    answers
        .iter()
        .map(|&(status, description)| (status.to_string(), RefOr::T(error_body(description).build())))
        .collect()
}

/// An answer with an `ErrorBody`.
fn error_body(description: &str) -> ResponseBuilder {
    let body = Content::new(Some(Ref::from_schema_name("ErrorBody")));
    ResponseBuilder::new().description(description).content("application/json", body)
}

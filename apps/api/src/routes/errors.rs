//! The error answers endpoints share, named by what the endpoint does, so each OpenAPI
//! description lists its success response and one of these instead of the same tuples again.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder};

const NOT_VISIBLE: (u16, &str) = (404, "Not found, or not visible to you");
const FORBIDDEN: (u16, &str) = (403, "Visible to you, but you may not do this");
const INVALID: (u16, &str) = (422, "The input breaks a rule; the message says which");

/// Reading one thing or a list below it.
pub struct ReadErrors;
/// Creating or changing something.
pub struct WriteErrors;
/// Deleting something.
pub struct DeleteErrors;

impl IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        error_bodies(&[NOT_VISIBLE])
    }
}

impl IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        error_bodies(&[FORBIDDEN, NOT_VISIBLE, INVALID])
    }
}

impl IntoResponses for DeleteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        error_bodies(&[FORBIDDEN, NOT_VISIBLE])
    }
}

fn error_bodies(answers: &[(u16, &str)]) -> BTreeMap<String, RefOr<Response>> {
    answers
        .iter()
        .map(|&(status, description)| {
            let body = Content::new(Some(Ref::from_schema_name("ErrorBody")));
            let response = ResponseBuilder::new().description(description).content("application/json", body);
            (status.to_string(), RefOr::T(response.build()))
        })
        .collect()
}

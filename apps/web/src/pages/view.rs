//! Turning a page's data into HTML.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use contract::Person;

use crate::error::PageError;
use crate::page_context::PageContext;

/// Renders a page with the cookies its context needs.
pub fn render(context: PageContext, template: &impl Template) -> Result<Response, PageError> {
    render_with_status(context, StatusCode::OK, template)
}

/// As [`render`], answering `status` (e.g. 422 for a form shown again with what to correct).
pub fn render_with_status(
    context: PageContext,
    status: StatusCode,
    template: &impl Template,
) -> Result<Response, PageError> {
    let html = template.render().map_err(|error| PageError::Internal(error.to_string()))?;
    Ok(context.respond(status, html))
}

pub fn full_name(person: &Person) -> String {
    format!("{} {}", person.first_name, person.last_name)
}

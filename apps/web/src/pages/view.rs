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

/// The link to the page of a list at `path` after this one, when the api says there is one
/// (templates/next_page.html shows it).
pub fn next_page(path: &str, next_cursor: Option<String>) -> Option<String> {
    next_cursor.map(|cursor| format!("{path}?cursor={}", crate::error::urlencode(&cursor)))
}

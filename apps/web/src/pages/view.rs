//! Turning a page's data into HTML.

use std::sync::atomic::{AtomicUsize, Ordering};

use askama::Template;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use contract::{CoachingSession, Me, Page, Person};

use crate::api_client::Api;
use crate::error::{PageError, PageResult, urlencode};
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::me;

/// Renders a page with the cookies its context needs.
pub fn render(context: PageContext, template: &impl Template) -> PageResult {
    render_with_status(context, StatusCode::OK, template)
}

/// As [`render`], answering `status` (e.g. 422 for a form shown again with what to correct).
pub fn render_with_status(context: PageContext, status: StatusCode, template: &impl Template) -> PageResult {
    Ok(context.respond(status, html_of(template)?))
}

/// The size every page's buffer starts at: the largest page rendered so far, up to
/// [`MOST_PRESIZED_BYTES`]. A page then renders into one allocation, not into a buffer that
/// grows (and is copied) several times from the template's guess.
static PRESIZED_BYTES: AtomicUsize = AtomicUsize::new(0);
const MOST_PRESIZED_BYTES: usize = 1 << 20;

/// The HTML of `template`.
pub fn html_of<T: Template>(template: &T) -> Result<String, PageError> {
    let mut html = String::with_capacity(PRESIZED_BYTES.load(Ordering::Relaxed).max(T::SIZE_HINT));
    template.render_into(&mut html).map_err(|error| PageError::Internal(error.to_string()))?;
    PRESIZED_BYTES.fetch_max(html.len().min(MOST_PRESIZED_BYTES), Ordering::Relaxed);
    Ok(html)
}

/// The "← …" link above a page's heading, to the page it belongs under. base.html shows it for
/// every page whose template has a `back` field.
pub struct BackLink {
    pub href: String,
    pub label: &'static str,
}

impl BackLink {
    pub fn new(href: impl Into<String>, label: &'static str) -> Self {
        Self { href: href.into(), label }
    }
}

/// A page of the visitor's own account, at `here`: who they are is asked first (an ended login
/// comes back to `here`), then `page` makes the page from its layout and them.
pub async fn own_account_page<T: Template>(
    api: &Api,
    context: PageContext,
    here: &str,
    title: &str,
    page: impl FnOnce(Layout, Me) -> T,
) -> PageResult {
    let me = me(api, here).await?;
    let page = page(context.layout(title, Some(&me)), me);
    render(context, &page)
}

/// How a page offers to join a session that has a meeting link: the Join button while it is
/// joinable, before that the line saying when it will be (templates/join.html).
#[derive(Debug, PartialEq, Eq)]
pub enum Joining {
    /// Joinable now, at this link.
    Open(String),
    /// Not yet: it opens `JOIN_OPENS_BEFORE` the start.
    NotYet,
}

impl Joining {
    /// For `session`, joined at `join_url`, at `now`; nothing without a link or once it ended.
    pub fn of(session: &CoachingSession, join_url: Option<String>, now: DateTime<Utc>) -> Option<Self> {
        let link = join_url?;
        if session.is_joinable_at(now) {
            Some(Self::Open(link))
        } else {
            (now < session.starts_at).then_some(Self::NotYet)
        }
    }
}

pub fn full_name(person: &Person) -> String {
    format!("{} {}", person.first_name, person.last_name)
}

/// One page of a list as a page shows it: its rows, and the link to the next page when the api
/// says there is one (templates/lists.html's cards show both).
pub struct Listing<R> {
    pub rows: Vec<R>,
    pub next_page: Option<String>,
}

impl<R> Listing<R> {
    /// `page` of the list at `path` (the page showing it), each item made a row by `row`.
    pub fn new<T>(page: Page<T>, path: &str, row: impl FnMut(T) -> R) -> Self {
        let next_page = page.next_cursor.map(|cursor| format!("{path}?cursor={}", urlencode(&cursor)));
        Self { rows: page.items.into_iter().map(row).collect(), next_page }
    }

    /// The first page only, without a link to more: a list shown beside the page's main one.
    pub fn first_page(page: Page<R>) -> Self {
        Self { rows: page.items, next_page: None }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use uuid::Uuid;

    use super::*;

    const LINK: &str = "https://meet.example.com/a";

    #[test]
    fn the_join_button_shows_from_ten_minutes_before_the_start_until_the_end() {
        let now = Utc::now();
        let joining = |starts_in: TimeDelta, link: Option<&str>| {
            let session = CoachingSession {
                id: Uuid::nil(),
                relationship_id: Uuid::nil(),
                title: None,
                starts_at: now + starts_in,
                duration_minutes: 60,
                meeting_url: None,
                series_id: None,
                created_at: now,
                updated_at: now,
            };
            Joining::of(&session, link.map(str::to_owned), now)
        };
        let open = Some(Joining::Open(LINK.to_owned()));
        assert_eq!(joining(TimeDelta::hours(2), Some(LINK)), Some(Joining::NotYet));
        assert_eq!(joining(TimeDelta::minutes(10), Some(LINK)), open);
        assert_eq!(joining(TimeDelta::minutes(-59), Some(LINK)), open);
        assert_eq!(joining(TimeDelta::minutes(-60), Some(LINK)), None, "it ended");
        assert_eq!(joining(TimeDelta::minutes(5), None), None, "no link");
    }
}

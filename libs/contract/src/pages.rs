//! Lists a page at a time: what a client asks for and what it gets back.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// Items a list answers when the request gives no `limit`: what a page shows at once. With long
/// texts cut to [`LIST_PREVIEW_CHARS`] in lists, it bounds what a page of a session costs.
pub const DEFAULT_PAGE_LIMIT: u32 = 20;
/// The most items one page of a list may hold.
pub const MAX_PAGE_LIMIT: u32 = 200;
/// Lists carry the first this many characters of a long text (`truncated: true`); the item's own
/// endpoint (`GET /notes/{id}`, …) answers it whole.
pub const LIST_PREVIEW_CHARS: usize = 1000;
/// The most a session's workspace (and the web's session page built from it) weighs, whatever the
/// session holds: four lists of a default page each, texts cut to [`LIST_PREVIEW_CHARS`] (at most
/// ~6 bytes a character once escaped), names and titles bounded. The tests fill a session with
/// the longest texts allowed and hold both answers to it.
pub const SESSION_PAGE_BUDGET_BYTES: usize = 1024 * 1024;

/// Which page of a list to answer: every list endpoint takes these query parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageRequest {
    /// Most items to answer, 1 to 200; 20 when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; the first page when omitted.
    #[serde(default)]
    pub cursor: Option<String>,
}

/// How long the first page of each list in a composite answer (a session's workspace) may be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FirstPages {
    /// Most items of each list, 1 to 200; 20 when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

impl From<FirstPages> for PageRequest {
    fn from(first: FirstPages) -> Self {
        Self { limit: first.limit, cursor: None }
    }
}

/// One page of a list, in the list's stable order (keyset pagination: rows added or removed
/// elsewhere in the list never shift a page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` (with the same filters) for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

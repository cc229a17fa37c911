//! The body of every error answer, and the codes clients act on.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The `error` of an answer about a mail the mail server did not take (502, or 503 when trying
/// again later may work): the web tells the person who asked instead of showing an outage.
pub const MAIL_FAILED: &str = "mail_failed";

/// Body of every 4xx/5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    /// Stable, machine-readable code such as `not_found` or `validation_failed`.
    pub error: String,
    /// What went wrong, for people.
    pub message: String,
}

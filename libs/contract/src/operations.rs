//! What the platform's probes read.

use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Answer of `/health` and `/ready`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HealthStatus {
    /// `ok` or `ready`.
    pub status: String,
    /// The platform release the answering process runs, e.g. `0.2.0`.
    pub version: String,
}

impl HealthStatus {
    /// `status`, answered by a process of release `version`.
    pub fn new(status: &str, version: &str) -> Self {
        Self { status: status.to_owned(), version: version.to_owned() }
    }
}

//! The HTTP API's request and response bodies, shared by the `api` (which serves them) and the
//! `web` front end (which calls it), so both sides agree at compile time.
//!
//! Timestamps are RFC 3339 in UTC; dates are `YYYY-MM-DD`; ids are UUIDs.

mod accounts;
mod agenda;
mod drafts;
mod entries;
mod errors;
pub mod limits;
mod mail_settings;
mod operations;
mod organizations;
mod pages;
mod progress;
mod relationships;
mod series;
mod sessions;

pub use accounts::*;
pub use agenda::*;
pub use drafts::*;
pub use entries::*;
pub use errors::*;
pub use mail_settings::*;
pub use operations::*;
pub use organizations::*;
pub use pages::*;
pub use progress::*;
pub use relationships::*;
pub use series::*;
pub use sessions::*;

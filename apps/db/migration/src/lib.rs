//! The platform schema (`service_kit::database::DEFAULT_SCHEMA` unless configured) as SeaORM
//! migrations.
//!
//! Each migration is a folder of plain SQL (`sql/<name>/up.sql` and `down.sql`) embedded in the
//! binary, so containers can migrate without cargo or the source tree. The [`Runner`] applies the
//! pending ones in one transaction (with their bookkeeping rows: all or none), serialises
//! concurrent migrators with a PostgreSQL advisory lock, and refuses to continue when an applied
//! migration's file has changed since (checksums ignore line endings).

mod catalog;
pub mod cli;
mod runner;

pub use catalog::{MIGRATIONS, SqlMigration};
pub use runner::{MigrationError, MigrationState, Runner, StatusRow};

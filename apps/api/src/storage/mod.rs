//! Everything that talks to PostgreSQL. The layers above call these functions and never build
//! SQL; a transaction is begun and committed within one function here.
//!
//! Writes to single tables go through SeaORM entities; reads that join tables or check access
//! are plain SQL mapped with `FromQueryResult`, one round trip each. Enum columns are read as
//! `::text` because the driver cannot decode a custom PostgreSQL enum into a string.

pub mod access;
pub mod actions;
pub mod credentials;
pub mod demo_data;
pub mod entities;
pub mod entries;
pub mod goals;
pub mod invitations;
pub mod login_devices;
pub mod logins;
pub mod one_time_links;
pub mod organizations;
pub mod page;
pub mod password_resets;
pub mod people;
pub mod relationships;
pub mod sessions;
pub mod throttle;
pub mod workspace;

use sea_orm::{DbBackend, Statement, Value};

fn sql(text: impl Into<String>, values: impl IntoIterator<Item = Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, text.into(), values)
}

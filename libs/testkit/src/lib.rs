//! What black-box tests need to run the platform for real: a throw-away PostgreSQL cluster
//! ([`postgres`]), the real binaries as child processes ([`Service`], [`workspace_binary`]), and
//! the api prepared and started the one way both the api's and the web's tests use
//! ([`migrate_and_seed`], [`start_api`], [`start_api_with`] for extra settings such as `SMTP_URL`),
//! a real mail catcher ([`mail::MailCatcher`]), and hand-written HTTP for what clients will not
//! send ([`RawConnection`]).

mod binaries;
pub mod mail;
mod platform;
mod postgres;
mod raw_http;
mod service;

pub use binaries::workspace_binary;
pub use platform::{api_command, api_env, migrate, migrate_and_seed, start_api, start_api_with};
pub use postgres::{Database, Plan, Postgres, TestCa, postgres};
pub use raw_http::{RawConnection, allow_open_files, post_head};
pub use service::{Service, free_port};

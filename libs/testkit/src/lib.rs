//! What black-box tests need to run the platform for real: a throw-away PostgreSQL cluster
//! ([`postgres`]) and the real binaries as child processes ([`Service`], [`workspace_binary`]).

mod binaries;
mod postgres;
mod service;

pub use binaries::workspace_binary;
pub use postgres::{Database, Postgres, postgres};
pub use service::{Service, free_port};

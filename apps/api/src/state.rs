//! What every request handler shares: the database pool, how logins behave, the throttle, and
//! the mailer when there is one.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::config::Config;
use crate::mail::Mailer;
use crate::storage::logins::{LoginLifetime, RecentLogins};
use crate::throttle::Throttle;

/// A handle on [`Shared`], which axum clones for every request: one reference count, where
/// cloning each field (the pool, the throttle, the mailer) cost a quarter of an empty request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub db: DatabaseConnection,
    pub logins: LoginSettings,
    pub throttle: Throttle,
    /// `None` without SMTP_URL: links are then shown to an admin to hand over.
    pub mailer: Option<Mailer>,
    /// The address people open the web at (PUBLIC_WEB_ORIGIN), for links in what the api hands
    /// out; `None` when it is not known.
    pub web_origin: Option<Arc<str>>,
}

pub struct LoginSettings {
    pub lifetime: LoginLifetime,
    pub secure_cookies: bool,
    pub recent: RecentLogins,
}

/// A pool that connects lazily: the api starts (and answers `/health`) while the database is
/// still coming up, and `/ready` reports when it is reachable.
pub async fn database(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(&config.database_url);
    options
        .max_connections(config.db_max_connections)
        .min_connections(config.db_min_connections)
        .acquire_timeout(Duration::from_secs(config.db_acquire_timeout_seconds))
        .connect_timeout(Duration::from_secs(5))
        .set_schema_search_path(config.database_schema.clone())
        // Ping only connections that sat idle (where a dropped connection hides), not every checkout:
        // a ping per query would double the round trips.
        .test_before_acquire_if_idle_for(Duration::from_secs(10))
        .connect_lazy(true)
        .sqlx_logging(false);
    // With connect_lazy this only parses the URL; no connection is made yet.
    Database::connect(options).await.context("DATABASE_URL is not a valid PostgreSQL URL")
}

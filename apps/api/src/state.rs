//! What every request handler shares: the database pool, how login sessions behave and how many
//! login attempts may pass, and the mailer when there is one.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use service_kit::rate_limit::{KeyedLimiter, RetryAfter};

use crate::config::Config;
use crate::mail::Mailer;

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub login_sessions: Arc<LoginSessionSettings>,
    pub login_limits: LoginLimits,
    /// `None` without SMTP_URL: links are then shown to an admin to hand over.
    pub mailer: Option<Mailer>,
}

pub struct LoginSessionSettings {
    pub expiry: Duration,
    pub secure_cookies: bool,
}

/// Login attempts allowed per account (its lower-cased email) and per client address.
#[derive(Clone)]
pub struct LoginLimits {
    per_account: Arc<KeyedLimiter<String>>,
    per_address: Arc<KeyedLimiter<IpAddr>>,
}

impl LoginLimits {
    /// Call it inside the async runtime (the limiters forget idle keys in the background).
    pub fn start(config: &Config) -> Self {
        Self {
            per_account: KeyedLimiter::start(config.login_account_rate()),
            per_address: config.login_address_limit.start(),
        }
    }

    /// Counts a login attempt for `email` from `client`. The address goes first, so one address
    /// trying many accounts is stopped without using up those accounts' own allowance.
    pub fn check(&self, email: &str, client: IpAddr) -> Result<(), RetryAfter> {
        self.per_address.check(&client)?;
        // No account's email is longer; a longer key only costs memory.
        let account: String = email.chars().take(contract::limits::MAX_EMAIL_BYTES).collect();
        self.per_account.check(&account)
    }
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

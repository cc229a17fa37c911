//! The platform's own processes for black-box tests: the `api` binary run as a command
//! (migrate, seed) or as a server against a test database. The api's and the web's tests both
//! start it through here, so they prepare a database the same way.

use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Context, bail};

use crate::service::Service;

/// Runs `api <args>` against `database_url` with an otherwise empty environment.
pub fn api_command(api_binary: &Path, database_url: &str, args: &[&str]) -> anyhow::Result<Output> {
    Command::new(api_binary)
        .args(args)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .output()
        .with_context(|| format!("cannot run {}", api_binary.display()))
}

/// Runs `api <args>` and fails with its error output unless it succeeds.
fn api_command_succeeds(api_binary: &Path, database_url: &str, args: &[&str]) -> anyhow::Result<()> {
    let output = api_command(api_binary, database_url, args)?;
    if !output.status.success() {
        bail!("api {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}

/// Applies every migration.
pub fn migrate(api_binary: &Path, database_url: &str) -> anyhow::Result<()> {
    api_command_succeeds(api_binary, database_url, &["migrate", "up"])
}

/// Migrates, then loads the demo data: a development database as `npm start` prepares it.
pub fn migrate_and_seed(api_binary: &Path, database_url: &str) -> anyhow::Result<()> {
    migrate(api_binary, database_url)?;
    api_command_succeeds(api_binary, database_url, &["seed"])
}

/// The environment the api serves `database_url` with on `port` (local address, quiet logs, and
/// login and reset-mail limits no test's fixtures reach: the limits' own tests set tight ones).
pub fn api_env(database_url: &str, port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("DATABASE_URL", database_url.to_owned()),
        ("API_HOST", "127.0.0.1".to_owned()),
        ("API_PORT", port.to_string()),
        ("LOG_LEVEL", "warn".to_owned()),
        ("LOGIN_ACCOUNT_BURST", "10000".to_owned()),
        ("LOGIN_ADDRESS_BURST", "10000".to_owned()),
        ("RESET_MAIL_ACCOUNT_BURST", "10000".to_owned()),
        ("RESET_MAIL_ADDRESS_BURST", "10000".to_owned()),
    ]
}

/// The api serving `database_url` on a free port, healthy.
pub async fn start_api(api_binary: &Path, database_url: &str) -> anyhow::Result<Service> {
    start_api_with(api_binary, database_url, &[]).await
}

/// [`start_api`] with `extra_env` on top of (and overriding) [`api_env`].
pub async fn start_api_with(
    api_binary: &Path,
    database_url: &str,
    extra_env: &[(&'static str, String)],
) -> anyhow::Result<Service> {
    Service::start_on_free_port(api_binary, |port| {
        let mut env = api_env(database_url, port);
        env.extend(extra_env.iter().cloned());
        env
    })
    .await
}

//! `api seed`: loads the demo data (`storage::demo_data`) for development, and the production
//! guard that refuses a database holding it. Every demo account's password is `password`.

use anyhow::Context;
use chrono::Utc;

use crate::auth::password;
use crate::config::Config;
use crate::storage::demo_data;

pub const DEMO_PASSWORD: &str = "password";

/// How long a production start waits for its database before it gives up checking for demo data.
const DATABASE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Refuses to serve while the database holds any demo account: their password is public (it is
/// printed above and in the docs). Production calls it before it listens.
pub async fn refuse_demo_accounts(config: &Config) -> anyhow::Result<()> {
    let db = crate::state::database(config).await?;
    let deadline = tokio::time::Instant::now() + DATABASE_WAIT;
    let present = loop {
        match demo_data::accounts_present(&db).await {
            Ok(present) => break present,
            // Waiting does not mend a TLS setting.
            Err(error) if let Some(hint) = service_kit::database::explain_tls_failure(&error.to_string()) => {
                anyhow::bail!("cannot connect to the database: {error}; {hint}")
            }
            Err(error) if tokio::time::Instant::now() < deadline => {
                tracing::warn!(%error, "waiting for the database to check it holds no demo accounts");
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            }
            Err(error) => return Err(error).context("cannot check the database for demo accounts"),
        }
    };
    if present.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "RUNTIME_ENV=production refuses to start: this database holds the demo accounts ({}), whose \
         password is public. It was loaded with the demo data, which is for development only; give \
         production a database of its own (docs/production.md), or, for an evaluation install, set \
         ALLOW_DEMO_ACCOUNTS=true",
        present.join(", ")
    )
}

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let db = crate::state::database(config).await?;
    let password_hash =
        password::hash(DEMO_PASSWORD.to_owned()).await.map_err(|error| anyhow::anyhow!(error.message))?;
    let added = demo_data::insert(&db, &password_hash, Utc::now().date_naive()).await?;
    if added == 0 {
        println!("demo data already present: nothing to add");
    } else {
        println!("added {added} rows of demo data");
    }
    println!(
        "demo logins (password \"{DEMO_PASSWORD}\"): admin@example.com, coach@example.com, coachee@example.com"
    );
    Ok(())
}

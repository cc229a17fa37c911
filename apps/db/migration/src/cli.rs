//! The `migrate` commands, shared by the `migration` binary (what `sea-orm-cli migrate` runs) and
//! `api migrate` (what containers run), so both behave the same.

use std::time::Duration;

use anyhow::bail;
use clap::Subcommand;
use sea_orm::{ConnectOptions, Database};
use service_kit::database::{explain_tls_failure, redact_database_url};

use crate::{MigrationState, Runner};

#[derive(Debug, Clone, Subcommand)]
pub enum MigrateCommand {
    /// Apply pending migrations: all of them, or the next N.
    Up {
        #[arg(short = 'n', long = "num")]
        num: Option<usize>,
    },
    /// Roll back the last N applied migrations (drops their tables and data).
    Down {
        #[arg(short = 'n', long = "num", default_value_t = 1)]
        num: usize,
        /// Confirm that data in the rolled-back tables may be lost.
        #[arg(long)]
        yes: bool,
    },
    /// List every migration: applied (and whether its file still matches) or pending.
    Status,
    /// Drop the whole schema, then apply every migration (deletes all data).
    Fresh {
        /// Confirm that all data in the schema will be deleted.
        #[arg(long)]
        yes: bool,
    },
    /// Roll back every applied migration (deletes all data).
    Reset {
        #[arg(long)]
        yes: bool,
    },
    /// Roll back every applied migration, then apply them all again (deletes all data).
    Refresh {
        #[arg(long)]
        yes: bool,
    },
}

impl MigrateCommand {
    fn name(&self) -> &'static str {
        match self {
            Self::Up { .. } => "up",
            Self::Down { .. } => "down",
            Self::Status => "status",
            Self::Fresh { .. } => "fresh",
            Self::Reset { .. } => "reset",
            Self::Refresh { .. } => "refresh",
        }
    }

    /// `Some(confirmed)` for commands that destroy data, `None` for the safe ones.
    fn destroys_data(&self) -> Option<bool> {
        match self {
            Self::Up { .. } | Self::Status => None,
            Self::Down { yes, .. } | Self::Fresh { yes } | Self::Reset { yes } | Self::Refresh { yes } => {
                Some(*yes)
            }
        }
    }
}

/// Connects, runs one command and prints its outcome. Errors carry a message meant for people.
pub async fn run(
    database_url: &str,
    schema: &str,
    command: MigrateCommand,
    production: bool,
) -> anyhow::Result<()> {
    match command.destroys_data() {
        Some(_) if production => {
            bail!("refusing `migrate {}` with RUNTIME_ENV=production: it deletes data", command.name())
        }
        Some(false) => bail!("`migrate {}` deletes data; run it again with --yes to confirm", command.name()),
        _ => {}
    }

    let mut options = ConnectOptions::new(database_url);
    options
        .max_connections(2)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await.map_err(|error| {
        let cause = error.to_string();
        let hint = explain_tls_failure(&cause).map(|hint| format!("; {hint}")).unwrap_or_default();
        anyhow::anyhow!(
            "cannot connect to the database at {}: {cause}{hint}",
            redact_database_url(database_url)
        )
    })?;
    let runner = Runner::new(db, schema)?;

    match command {
        MigrateCommand::Up { num } => {
            let applied = runner.up(num).await?;
            if applied.is_empty() {
                println!("database is up to date");
            }
        }
        MigrateCommand::Down { num, .. } => report_rolled_back(runner.down(num).await?),
        MigrateCommand::Status => {
            let rows = runner.status().await?;
            print_status(&rows);
            if let Some(row) = rows
                .iter()
                .find(|row| matches!(row.state, MigrationState::Applied { checksum_matches: false, .. }))
            {
                bail!("applied migration {} no longer matches its file", row.name);
            }
        }
        MigrateCommand::Fresh { .. } => {
            runner.fresh().await?;
        }
        MigrateCommand::Reset { .. } => report_rolled_back(runner.down(usize::MAX).await?),
        MigrateCommand::Refresh { .. } => {
            report_rolled_back(runner.down(usize::MAX).await?);
            runner.up(None).await?;
        }
    }
    Ok(())
}

fn report_rolled_back(names: Vec<String>) {
    if names.is_empty() {
        println!("nothing to roll back");
    }
}

fn print_status(rows: &[crate::StatusRow]) {
    let width = rows.iter().map(|row| row.name.len()).max().unwrap_or(9).max(9);
    println!("{:<width$}  {:<8}  {:<19}  checksum", "migration", "state", "applied at (UTC)");
    for row in rows {
        let (state, applied_at, checksum) = match &row.state {
            MigrationState::Pending => ("pending", String::new(), "-"),
            MigrationState::Applied { applied_at, checksum_matches } => {
                ("applied", format_unix(*applied_at), if *checksum_matches { "ok" } else { "CHANGED" })
            }
            MigrationState::Unknown { applied_at } => ("unknown", format_unix(*applied_at), "-"),
        };
        println!("{:<width$}  {state:<8}  {applied_at:<19}  {checksum}", row.name);
    }
}

fn format_unix(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|time| time.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

//! The `api` command line: serve (the default), migrate, seed, admin, healthcheck.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;
use clap::{CommandFactory, Parser, Subcommand};
use migration::cli::MigrateCommand;

use crate::admin::{self, AdminCommand};
use crate::app;
use crate::config::Config;
use crate::seed;

#[derive(Debug, Parser)]
#[command(name = "api", version, about = "The coaching platform's HTTP API")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server (what `api` does without a command).
    Serve,
    /// Apply, roll back or inspect database migrations.
    Migrate {
        #[command(subcommand)]
        command: MigrateCommand,
    },
    /// Load the demo data (development only; running it again changes nothing).
    Seed,
    /// Manage accounts from the server's shell (e.g. the first admin of a new installation).
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Exit 0 when the server answers /health on METRICS_PORT, or API_PORT without it (the
    /// container healthcheck).
    Healthcheck,
    /// Print the settings this binary reads from its environment, as JSON (for `nx sync`).
    #[command(hide = true)]
    EnvContract,
}

pub fn main() -> ExitCode {
    service_kit::run_main(|| run(Cli::parse()))
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config.resolve().map_err(anyhow::Error::msg)?;
    let async_runtime = || service_kit::async_runtime().map_err(anyhow::Error::msg);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Healthcheck => {
            let port = config.metrics.metrics_port.unwrap_or(config.port);
            service_kit::probe_health(port, Duration::from_secs(3)).map_err(anyhow::Error::msg)
        }
        Command::Serve => {
            let runtime = async_runtime()?;
            config.service.init_logging().map_err(anyhow::Error::msg)?;
            runtime.block_on(async {
                if config.service.runtime_env.is_production() && !config.allow_demo_accounts {
                    seed::refuse_demo_accounts(&config).await?;
                }
                app::serve(config).await
            })
        }
        Command::Migrate { command } => async_runtime()?.block_on(migration::cli::run(
            &config.database_url,
            &config.database_schema,
            command,
            config.service.runtime_env.is_production(),
        )),
        Command::Seed => {
            if config.service.runtime_env.is_production() {
                bail!(
                    "refusing to seed with RUNTIME_ENV=production: demo accounts have a well-known password"
                );
            }
            async_runtime()?.block_on(seed::run(&config))
        }
        Command::Admin { command } => async_runtime()?.block_on(admin::run(&config, command)),
        Command::EnvContract => {
            println!(
                "{}",
                service_kit::env_contract::env_contract_json(&Cli::command(), crate::config::CONTRACT_FACTS)
            );
            Ok(())
        }
    }
}

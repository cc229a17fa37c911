//! The `api` command line: serve (the default), migrate, seed, admin, outbox, healthcheck.

use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;
use migration::cli::MigrateCommand;
use service_kit::cli::{ServerCli, ServerCommand};
use service_kit::env_contract::ContractFacts;

use crate::admin::{self, AdminCommand};
use crate::app;
use crate::config::Config;
use crate::outbox::{self, OutboxCommand};
use crate::seed;

type Cli = ServerCli<Config, Command>;

impl ServerCommand for Command {
    const NAME: &str = "api";
    const ABOUT: &str = "The coaching platform's HTTP API";
    const CONTRACT_FACTS: ContractFacts = crate::config::CONTRACT_FACTS;
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
    /// Look at the mail outbox, and send dead mail again once what stopped it is fixed.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// Exit 0 when the server answers /health on METRICS_PORT, or API_PORT without it (the
    /// container healthcheck).
    Healthcheck,
    /// Print the settings this binary reads from its environment, as JSON (for `nx sync`).
    #[command(hide = true)]
    EnvContract,
}

pub fn main() -> ExitCode {
    service_kit::run_main(|| run(Cli::parse_args()))
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let config = cli.config.resolve().map_err(anyhow::Error::msg)?;
    let async_runtime = || service_kit::async_runtime().map_err(anyhow::Error::msg);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Healthcheck => config.server.probe_health(config.port).map_err(anyhow::Error::msg),
        Command::Serve => {
            let runtime = async_runtime()?;
            let _logs = config.server.service.init_logging().map_err(anyhow::Error::msg)?;
            runtime.block_on(async {
                if config.server.is_production() && !config.allow_demo_accounts {
                    seed::refuse_demo_accounts(&config).await?;
                }
                app::serve(config).await
            })
        }
        Command::Migrate { command } => async_runtime()?.block_on(migration::cli::run(
            &config.database_url,
            &config.database_schema,
            command,
            config.server.is_production(),
        )),
        Command::Seed => {
            if config.server.is_production() {
                bail!(
                    "refusing to seed with RUNTIME_ENV=production: demo accounts have a well-known password"
                );
            }
            async_runtime()?.block_on(seed::run(&config))
        }
        Command::Admin { command } => async_runtime()?.block_on(admin::run(&config, command)),
        Command::Outbox { command } => async_runtime()?.block_on(outbox::run(&config, command)),
        Command::EnvContract => {
            println!("{}", Cli::env_contract_json());
            Ok(())
        }
    }
}

//! The `web` command: serve the pages, or probe a running server (the container healthcheck).

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};
use service_kit::env_contract::{ContractFacts, env_contract_json};

use web::Config;

#[derive(Debug, Parser)]
#[command(name = "web", version, about = "The coaching platform's web front end")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web pages (what `web` does without a command).
    Serve,
    /// Exit 0 when the server answers /health on METRICS_PORT, or WEB_PORT without it (the
    /// container healthcheck).
    Healthcheck,
    /// Print the settings this binary reads from its environment, as JSON (for `nx sync`).
    #[command(hide = true)]
    EnvContract,
}

/// The web needs nothing production must set, and reads no secret.
const CONTRACT_FACTS: ContractFacts = ContractFacts { required_in_production: &[], secret_files: &[] };

fn main() -> ExitCode {
    service_kit::run_main(|| {
        let cli = Cli::parse();
        match cli.command.unwrap_or(Command::Serve) {
            Command::Healthcheck => {
                let port = cli.config.metrics.metrics_port.unwrap_or(cli.config.port);
                service_kit::probe_health(port, Duration::from_secs(3)).map_err(anyhow::Error::msg)
            }
            Command::Serve => serve(cli.config),
            Command::EnvContract => {
                println!("{}", env_contract_json(&Cli::command(), CONTRACT_FACTS));
                Ok(())
            }
        }
    })
}

fn serve(config: Config) -> anyhow::Result<()> {
    config.validate().map_err(anyhow::Error::msg)?;
    let runtime = service_kit::async_runtime().map_err(anyhow::Error::msg)?;
    config.service.init_logging().map_err(anyhow::Error::msg)?;
    runtime.block_on(web::serve(config))
}

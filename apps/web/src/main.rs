//! The `web` command: serve the pages, or probe a running server (the container healthcheck).

use std::process::ExitCode;

use clap::Subcommand;
use service_kit::cli::{ServerCli, ServerCommand};
use service_kit::env_contract::ContractFacts;

use web::Config;

type Cli = ServerCli<Config, Command>;

impl ServerCommand for Command {
    const NAME: &str = "web";
    const ABOUT: &str = "The coaching platform's web front end";
    /// The web needs nothing production must set, and reads no secret.
    const CONTRACT_FACTS: ContractFacts = ContractFacts { required_in_production: &[], secret_files: &[] };
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

fn main() -> ExitCode {
    service_kit::run_main(|| {
        let cli = Cli::parse_args();
        match cli.command.unwrap_or(Command::Serve) {
            Command::Healthcheck => {
                cli.config.server.probe_health(cli.config.port).map_err(anyhow::Error::msg)
            }
            Command::Serve => serve(cli.config),
            Command::EnvContract => {
                println!("{}", Cli::env_contract_json());
                Ok(())
            }
        }
    })
}

fn serve(config: Config) -> anyhow::Result<()> {
    config.validate().map_err(anyhow::Error::msg)?;
    let runtime = service_kit::async_runtime().map_err(anyhow::Error::msg)?;
    let _logs = config.server.service.init_logging().map_err(anyhow::Error::msg)?;
    runtime.block_on(web::serve(config))
}

//! The `web` command: serve the pages, or probe a running server (the container healthcheck).

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};

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
    /// Exit 0 when the server on WEB_PORT answers /health (the container healthcheck).
    Healthcheck,
}

fn main() -> ExitCode {
    service_kit::unset_empty_env_vars();
    let cli = Cli::parse();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Healthcheck => {
            service_kit::probe_health(cli.config.port, Duration::from_secs(3)).map_err(anyhow::Error::msg)
        }
        Command::Serve => serve(cli.config),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    config.validate().map_err(anyhow::Error::msg)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    config.service.init_logging().map_err(anyhow::Error::msg)?;
    runtime.block_on(web::serve(config))
}

//! What the server binaries' command lines share: settings read from flags or the environment,
//! then an optional command (none: serve), and the settings every server reads the same way.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::Router;
use axum::handler::Handler;
use axum::routing::get;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use tokio::net::TcpListener;

use crate::env_contract::ContractFacts;
use crate::metrics::MetricsSettings;
use crate::server::{AppLimits, ServerLimits};
use crate::{RuntimeEnv, ServiceSettings};

/// A server binary's commands, and what the binary says about itself: its name and description
/// (`--help`, `--version`) and what clap cannot say about its settings (`env-contract`).
pub trait ServerCommand: Subcommand {
    const NAME: &'static str;
    const ABOUT: &'static str;
    const CONTRACT_FACTS: ContractFacts;
}

/// A server binary's command line: its `Config`, then its `Command`.
#[derive(Debug, Parser)]
#[command(version)]
pub struct ServerCli<Config: Args, Command: ServerCommand> {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl<Config: Args, Command: ServerCommand> ServerCli<Config, Command> {
    /// The whole command line, named after the binary.
    pub fn command_line() -> clap::Command {
        <Self as CommandFactory>::command().name(Command::NAME).about(Command::ABOUT)
    }

    /// Parses the process's arguments; on an error or `--help`, prints it and exits.
    pub fn parse_args() -> Self {
        Self::from_arg_matches(&Self::command_line().get_matches()).unwrap_or_else(|error| error.exit())
    }

    /// The settings `Config` reads from the environment, as `<binary> env-contract` prints them.
    pub fn env_contract_json() -> String {
        crate::env_contract::env_contract_json(&Self::command_line(), Command::CONTRACT_FACTS)
    }
}

/// The settings every server reads the same way, after its own: what it allows its clients, its
/// operations port, where it runs and how it logs.
#[derive(Debug, Clone, Args)]
pub struct ServerSettings {
    #[command(flatten)]
    pub limits: ServerLimits,

    #[command(flatten)]
    pub metrics: MetricsSettings,

    #[command(flatten)]
    pub service: ServiceSettings,
}

impl ServerSettings {
    pub fn runtime_env(&self) -> RuntimeEnv {
        self.service.runtime_env
    }

    pub fn is_production(&self) -> bool {
        self.service.runtime_env.is_production()
    }

    /// The container healthcheck: `GET /health` on the operations port, or on `port` (the
    /// server's own) without one.
    pub fn probe_health(&self, port: u16) -> Result<(), String> {
        crate::probe_health(self.metrics.metrics_port.unwrap_or(port), Duration::from_secs(3))
    }

    /// Starts the operations port when there is one (see [`MetricsSettings::start`]), then
    /// listens on `host:port`; [`Listening::serve`] serves the app there.
    pub async fn listen(
        &self,
        host: IpAddr,
        port: u16,
        probes: Router,
        sample: impl Fn() + Send + Sync + 'static,
        app: AppLimits,
    ) -> Result<Listening, String> {
        self.metrics.start(host, sample, probes, &self.limits, app).await?;
        let (listener, address) = crate::listen(host, port).await?;
        Ok(Listening { listener, address, limits: self.limits.clone(), app })
    }
}

/// A server bound to its port, not serving yet.
pub struct Listening {
    listener: TcpListener,
    pub address: SocketAddr,
    limits: ServerLimits,
    app: AppLimits,
}

impl Listening {
    /// Serves `router` until the process is asked to stop (see [`crate::server::serve`]).
    pub async fn serve(self, router: Router) {
        crate::server::serve(self.listener, router, &self.limits, self.app).await;
    }
}

/// The probes an orchestrator calls: `/health` (the process answers) and `/ready` (what it
/// depends on answers too), for [`ServerSettings::listen`]'s operations port.
pub fn probes<State, Health, HealthArgs, Ready, ReadyArgs>(
    health: Health,
    ready: Ready,
    state: State,
) -> Router
where
    State: Clone + Send + Sync + 'static,
    Health: Handler<HealthArgs, State>,
    HealthArgs: 'static,
    Ready: Handler<ReadyArgs, State>,
    ReadyArgs: 'static,
{
    Router::new().route("/health", get(health)).route("/ready", get(ready)).with_state(state)
}

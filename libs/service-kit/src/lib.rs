//! Plumbing shared by the platform's binaries (api, web, migration), so each behaves the same
//! way towards operators: how environment variables are read, how logs look, how the process
//! stops, how a container checks that it is healthy, and how the database is addressed
//! ([`database`]); and how they serve HTTP: with limits ([`server`], [`body_limit`],
//! [`client_share`]) and knowing the client's address ([`client_address`]); and how they are
//! observed: request ids ([`request_id`]) and Prometheus metrics ([`metrics`]) — limits and
//! observation met by every request on one path ([`request_path`]); and how each describes its
//! settings to the tools that deploy it ([`env_contract`]); and what the servers' command lines
//! and start-up share ([`cli`]).

mod body_limit;
pub mod cli;
pub mod client_address;
pub mod client_share;
pub mod database;
pub mod env_contract;
pub mod metrics;
pub mod request_id;
mod request_path;
pub mod server;

use std::io::{IsTerminal, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::time::Duration;

use clap::{Args, ValueEnum};
use tracing_subscriber::EnvFilter;

/// The platform's release, which every binary of the workspace carries (`[workspace.package]` in
/// Cargo.toml, set by `nx release`): shown in the web's footer, answered by `/health` and `/ready`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Removes environment variables that are set but empty, so they count as unset and the
/// documented defaults apply. Compose passes `VAR=` for every unset `${VAR}` it interpolates.
///
/// Call it first thing in `main`, before any thread exists.
#[allow(unsafe_code)]
pub fn unset_empty_env_vars() {
    let empty: Vec<_> =
        std::env::vars_os().filter(|(_, value)| value.is_empty()).map(|(name, _)| name).collect();
    for name in empty {
        // SAFETY: called at the start of a synchronous `main`, before the async runtime or any
        // other thread starts, so nothing reads the environment concurrently.
        unsafe { std::env::remove_var(name) };
    }
}

/// The body of every binary's `main`: clears empty variables (so they count as unset), runs
/// `command` and turns its outcome into the exit code, printing the error's whole chain.
pub fn run_main<E: std::fmt::Display>(command: impl FnOnce() -> Result<(), E>) -> std::process::ExitCode {
    unset_empty_env_vars();
    match command() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The multi-threaded async runtime the servers and database commands run on.
pub fn async_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the async runtime: {error}"))
}

/// Where the process runs; production turns on secure cookies and refuses unsafe settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuntimeEnv {
    Development,
    Production,
}

impl RuntimeEnv {
    pub fn is_production(self) -> bool {
        self == Self::Production
    }
}

/// The settings every platform server reads the same way: where it runs and how it logs.
#[derive(Debug, Clone, Args)]
pub struct ServiceSettings {
    /// `production` turns on Secure cookies and the checks production needs (no default passwords).
    #[arg(long, env = "RUNTIME_ENV", value_name = "RUNTIME_ENV", value_enum, default_value = "development")]
    pub runtime_env: RuntimeEnv,

    /// Log filter: a level (`error`, `warn`, `info`, `debug`, `trace`) or directives like `api=debug`;
    /// `info,service_kit=debug` adds a line for every request (at `info`, only those worth a look).
    #[arg(long, env = "LOG_LEVEL", value_name = "LOG_LEVEL", default_value = "info")]
    pub log_level: String,

    /// Log line format. Unset: `json` when RUNTIME_ENV is `production` (for log collectors), else `text`.
    #[arg(long, env = "LOG_FORMAT", value_name = "LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
}

impl ServiceSettings {
    /// Installs the global tracing subscriber. LOG_LEVEL is an `EnvFilter` directive such as
    /// `info` or `api=debug,tower_http=info`. Keep what it returns until the process ends.
    pub fn init_logging(&self) -> Result<LogWriter, String> {
        let level = &self.log_level;
        let filter =
            EnvFilter::try_new(level).map_err(|error| format!("invalid LOG_LEVEL {level:?}: {error}"))?;
        // Lines are formatted where they happen and written by a thread of their own, all those
        // queued meanwhile in one write: one write per request's line cost a fifth of an empty
        // request. A full queue makes logging wait rather than lose lines.
        let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
            .lossy(false)
            .finish(std::io::BufWriter::new(std::io::stdout()));
        // Colours only on a terminal: in a file or a log collector they are noise.
        let builder = tracing_subscriber::fmt()
            .with_writer(writer)
            .with_env_filter(filter)
            .with_target(true)
            .with_ansi(std::io::stdout().is_terminal());
        let production_default =
            if self.runtime_env.is_production() { LogFormat::Json } else { LogFormat::Text };
        match self.log_format.unwrap_or(production_default) {
            LogFormat::Text => builder.try_init(),
            // The request's fields once, under `span`: the list of every open span would repeat
            // them on each line (a request has one span).
            LogFormat::Json => builder.json().flatten_event(true).with_span_list(false).try_init(),
        }
        .map_err(|error| error.to_string())?;
        Ok(guard)
    }
}

/// The log's writing thread: dropping it writes out the lines still queued.
pub type LogWriter = tracing_appender::non_blocking::WorkerGuard;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Whether `host` (a name or an address, as a URL holds it) is this machine's loopback: traffic to
/// it never leaves the machine.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare == "localhost" || bare.parse::<IpAddr>().is_ok_and(|address| address.is_loopback())
}

/// Listens on `host:port`; a failure says which address and the likely cause.
pub async fn listen(host: IpAddr, port: u16) -> Result<(tokio::net::TcpListener, SocketAddr), String> {
    let address = SocketAddr::from((host, port));
    let listener = tokio::net::TcpListener::bind(address).await.map_err(|error| {
        format!("cannot listen on {address} (is another process using the port?): {error}")
    })?;
    Ok((listener, address))
}

/// Resolves when the process is asked to stop (Ctrl-C, or SIGTERM from Docker/Kubernetes).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown requested, finishing in-flight requests");
}

/// `GET /health` on the local port (the operations port when there is one): the container
/// healthcheck, with no curl in the image.
/// Returns whether the service answered 200 within the timeout.
pub fn probe_health(port: u16, timeout: Duration) -> Result<(), String> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, timeout)
        .map_err(|error| format!("cannot connect to {address}: {error}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|error| error.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|error| error.to_string())?;
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .map_err(|error| format!("cannot send the request: {error}"))?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).map_err(|error| format!("no answer from {address}: {error}"))?;
    match &head[9..12] {
        b"200" => Ok(()),
        status => Err(format!("/health answered {}", String::from_utf8_lossy(status))),
    }
}

//! Migration CLI with the argument shape `sea-orm-cli migrate` passes
//! (`cargo run --manifest-path migration/Cargo.toml -- up -n 1 -u <url> -s <schema>`),
//! so `sea-orm-cli migrate up -s <schema>` works from `apps/db`.

use std::process::ExitCode;

use clap::Parser;
use migration::cli::{MigrateCommand, run};
use service_kit::RuntimeEnv;
use service_kit::database::{DEFAULT_DATABASE_URL, DEFAULT_SCHEMA};

#[derive(Debug, Parser)]
#[command(about = "Apply, roll back and inspect the platform's database migrations")]
struct Args {
    /// PostgreSQL connection URL.
    #[arg(short = 'u', long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    /// Schema that holds the tables.
    #[arg(short = 's', long, env = "DATABASE_SCHEMA", default_value = DEFAULT_SCHEMA, global = true)]
    database_schema: String,
    /// Accepted for sea-orm-cli compatibility; progress is always printed.
    #[arg(short = 'v', long, global = true)]
    verbose: bool,
    /// `production` refuses every command that deletes data.
    #[arg(long, env = "RUNTIME_ENV", value_enum, default_value = "development", global = true)]
    runtime_env: RuntimeEnv,
    #[command(subcommand)]
    command: Option<MigrateCommand>,
}

fn main() -> ExitCode {
    service_kit::unset_empty_env_vars();
    let args = Args::parse();
    let command = args.command.unwrap_or(MigrateCommand::Up { num: None });
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| {
            runtime.block_on(run(
                &args.database_url,
                &args.database_schema,
                command,
                args.runtime_env.is_production(),
            ))
        });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

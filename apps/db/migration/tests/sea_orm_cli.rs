//! The `migration` binary takes the arguments `sea-orm-cli migrate` passes to it
//! (`cargo run --manifest-path ./migration/Cargo.toml -- <command> [-n N] [-u URL] [-s SCHEMA] [-v]`),
//! so `sea-orm-cli migrate up -s <schema>` works from `apps/db`.

use std::process::{Command, Output};

use service_kit::database::DEFAULT_SCHEMA;
use testkit::postgres;

fn migration(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migration")).args(args).env_clear().output().expect("migration runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn runs_with_the_arguments_sea_orm_cli_passes() {
    let database = postgres().create_database().expect("database");
    let url = database.url.as_str();

    let first = migration(&["up", "-n", "1", "-u", url, "-s", DEFAULT_SCHEMA, "-v"]);
    assert!(first.status.success(), "{}", text(&first));
    let rest = migration(&["up", "-u", url, "-s", DEFAULT_SCHEMA]);
    assert!(rest.status.success(), "{}", text(&rest));
    let status = migration(&["status", "-u", url, "-s", DEFAULT_SCHEMA]);
    assert_eq!(text(&status).matches(" ok\n").count(), migration::MIGRATIONS.len(), "{}", text(&status));

    // `sea-orm-cli migrate down` passes `-n 1`; rolling back deletes data, so it needs --yes.
    let refused = migration(&["down", "-n", "1", "-u", url, "-s", DEFAULT_SCHEMA]);
    assert!(!refused.status.success() && text(&refused).contains("--yes"), "{}", text(&refused));
}

#[test]
fn the_schema_flag_chooses_where_tables_go() {
    let database = postgres().create_database().expect("database");
    let output = migration(&["up", "-u", &database.url, "-s", "coaching_copy"]);
    assert!(output.status.success(), "{}", text(&output));
    let tables = postgres()
        .query(&database.name, "SELECT count(*) FROM pg_tables WHERE schemaname = 'coaching_copy'")
        .expect("sql");
    assert_eq!(tables, expected_tables(), "the platform tables and the bookkeeping table");
    let rejected = migration(&["up", "-u", &database.url, "-s", "Robert'); DROP TABLE x;--"]);
    assert!(
        !rejected.status.success() && text(&rejected).contains("invalid schema name"),
        "{}",
        text(&rejected)
    );
}

#[test]
fn an_unreachable_database_is_named_without_its_password() {
    let port = testkit::free_port();
    let url = format!("postgres://refactor:s3cret@127.0.0.1:{port}/nowhere");
    let output = migration(&["status", "-u", &url]);
    assert!(!output.status.success());
    let said = text(&output);
    assert!(said.contains("cannot connect to the database") && said.contains("refactor:***@"), "{said}");
    assert!(!said.contains("s3cret"), "{said}");
}

/// The tables `schema.dbml` declares, plus the migrations' bookkeeping table.
fn expected_tables() -> String {
    let schema = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.dbml"));
    (schema.lines().filter(|line| line.starts_with("Table ")).count() + 1).to_string()
}

//! `api migrate`: the embedded migrations, applied safely.

use std::process::Command;

use service_kit::database::DEFAULT_SCHEMA;
use testkit::postgres;

use crate::support::{API_BINARY, api_command, stderr, stdout};

/// The names of the embedded migrations, in order: the catalog is their one home.
fn migration_names() -> Vec<&'static str> {
    migration::MIGRATIONS.iter().map(|migration| migration.name).collect()
}

#[tokio::test]
async fn five_migrators_at_once_apply_each_migration_exactly_once() {
    let database = postgres().create_database().expect("database");
    let children: Vec<_> = (0..5)
        .map(|_| {
            Command::new(API_BINARY)
                .args(["migrate", "up"])
                .env_clear()
                .env("DATABASE_URL", &database.url)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("migrator starts")
        })
        .collect();
    let outputs: Vec<_> =
        children.into_iter().map(|child| child.wait_with_output().expect("migrator ends")).collect();
    for output in &outputs {
        assert!(output.status.success(), "a migrator failed: {}", stderr(output));
    }
    let printed: String = outputs.iter().map(stdout).collect();
    let names = migration_names();
    for migration in &names {
        assert_eq!(printed.matches(&format!("applied {migration}")).count(), 1, "{migration}:\n{printed}");
    }
    let rows = database.sql("SELECT version FROM seaql_migrations ORDER BY version").expect("sql");
    assert_eq!(rows, names.join("\n"));
}

#[tokio::test]
async fn up_down_up_round_trip_and_status() {
    let database = postgres().create_database().expect("database");
    let run = |args: &[&str]| api_command(&database.url, args);
    let tables = || {
        database
            .sql(&format!("SELECT count(*) FROM pg_tables WHERE schemaname = '{DEFAULT_SCHEMA}'"))
            .expect("sql")
    };

    let count = migration_names().len();
    let all = count.to_string();
    let status = run(&["migrate", "status"]);
    assert!(status.status.success(), "{}", stderr(&status));
    assert_eq!(stdout(&status).matches("pending").count(), count, "{}", stdout(&status));

    assert!(run(&["migrate", "up", "-n", "1"]).status.success());
    assert!(stdout(&run(&["migrate", "status"])).contains("applied"));
    assert!(run(&["migrate", "up"]).status.success());
    assert_eq!(tables(), expected_tables(), "the platform tables and the bookkeeping table");

    let refused = run(&["migrate", "down", "-n", &all]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));
    assert_eq!(tables(), expected_tables(), "a refused rollback changes nothing");

    let down = run(&["migrate", "down", "-n", &all, "--yes"]);
    assert!(down.status.success(), "{}", stderr(&down));
    assert_eq!(tables(), "1", "only the bookkeeping table is left");
    assert!(run(&["migrate", "up"]).status.success());
    assert_eq!(tables(), expected_tables());
    let status = stdout(&run(&["migrate", "status"]));
    assert_eq!(status.matches(" ok").count(), count, "{status}");
}

#[tokio::test]
async fn an_edited_applied_migration_stops_status_and_up_with_its_file_name() {
    let database = postgres().create_database().expect("database");
    assert!(api_command(&database.url, &["migrate", "up"]).status.success());
    // The file on disk is what the binary embeds; changing the recorded checksum is the same
    // mismatch seen from the other side, without editing the source tree.
    database
        .sql(&format!(
            "UPDATE seaql_migrations SET checksum = 'edited' WHERE version = '{}'",
            migration_names()[0]
        ))
        .expect("sql");
    for args in [&["migrate", "status"][..], &["migrate", "up"][..]] {
        let output = api_command(&database.url, args);
        assert!(!output.status.success(), "{args:?} should fail");
        let expected_file = format!("apps/db/migration/sql/{}/up.sql", migration_names()[0]);
        let said = format!("{}{}", stdout(&output), stderr(&output));
        assert!(
            said.contains(migration_names()[0])
                && (said.contains("CHANGED") || said.contains(&expected_file)),
            "{said}"
        );
    }
}

#[tokio::test]
async fn a_failing_migration_rolls_back_every_migration_of_its_run() {
    let database = postgres().create_database().expect("database");
    // A table the second migration wants to create already exists: it must fail, and the first
    // one, applied in the same run, must not stay behind either.
    database
        .sql(&format!("CREATE SCHEMA {DEFAULT_SCHEMA}; CREATE TABLE {DEFAULT_SCHEMA}.goals (id int)"))
        .expect("sql");
    let output = api_command(&database.url, &["migrate", "up"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains(migration_names()[1]), "{}", stderr(&output));
    assert!(!stdout(&output).contains("applied"), "nothing is reported applied: {}", stdout(&output));
    let applied = database.sql("SELECT count(*) FROM seaql_migrations").expect("sql");
    assert_eq!(applied, "0", "no bookkeeping row of the failed run");
    let tables = database
        .sql(&format!("SELECT count(*) FROM pg_tables WHERE schemaname = '{DEFAULT_SCHEMA}'"))
        .expect("sql");
    assert_eq!(tables, "2", "only the bookkeeping table and the one that was there before");
}

#[tokio::test]
async fn fresh_refuses_without_yes_and_in_production() {
    let database = postgres().create_database().expect("database");
    let refused = api_command(&database.url, &["migrate", "fresh"]);
    assert!(!refused.status.success() && stderr(&refused).contains("--yes"), "{}", stderr(&refused));
    let production = Command::new(API_BINARY)
        .args(["migrate", "fresh", "--yes"])
        .env_clear()
        .env("DATABASE_URL", database.url.replace("postgres@", "postgres:a-real-secret@"))
        .env("RUNTIME_ENV", "production")
        .output()
        .expect("api runs");
    assert!(!production.status.success());
    assert!(stderr(&production).contains("RUNTIME_ENV=production"), "{}", stderr(&production));
    let fresh = api_command(&database.url, &["migrate", "fresh", "--yes"]);
    assert!(fresh.status.success(), "{}", stderr(&fresh));
}

/// The tables `schema.dbml` declares, plus the migrations' bookkeeping table.
/// The api's application role reads and writes rows, nothing more: the migrator's bookkeeping is
/// not its to read or rewrite (the default privileges would give it that table too), and it cannot
/// make anyone a super admin by DML alone (issue 21).
#[tokio::test]
async fn the_application_role_cannot_touch_the_bookkeeping_nor_make_a_super_admin() {
    let database = postgres().create_database().expect("database");
    let app = format!("app_{}", database.name);
    // What apps/db/initdb/sql/application-role.sql grants, for this test's migrator (the superuser).
    database
        .sql(&format!(
            "CREATE ROLE {app};
             ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO {app};
             ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}"
        ))
        .expect("an application role");
    testkit::migrate_and_seed(std::path::Path::new(API_BINARY), &database.url).expect("migrate and seed");
    let privilege = |table: &str, what: &str| {
        database.sql(&format!("SELECT has_table_privilege('{app}', '{table}', '{what}')")).expect("sql")
    };
    assert_eq!(privilege("users", "UPDATE"), "t", "rows are the application's");
    for what in ["SELECT", "INSERT", "UPDATE", "DELETE"] {
        assert_eq!(privilege("seaql_migrations", what), "f", "{what} on the bookkeeping");
    }
    let as_app = |sql: &str| database.sql(&format!("SET ROLE {app}; {sql}"));
    let promoted = as_app("UPDATE users SET is_super_admin = true WHERE email = 'coach@example.com'");
    assert!(promoted.unwrap_err().to_string().contains("only the schema owner makes super admins"));
    let created = as_app(
        "INSERT INTO users (email, first_name, last_name, is_super_admin) VALUES ('x@example.com', 'X', 'Y', true)",
    );
    assert!(created.unwrap_err().to_string().contains("only the schema owner makes super admins"));
    as_app("UPDATE users SET first_name = 'Still' WHERE email = 'coach@example.com'")
        .expect("other columns are writable");
    as_app("UPDATE users SET is_super_admin = false WHERE email = 'admin@example.com'")
        .expect("stepping down is allowed");
}

fn expected_tables() -> String {
    let schema = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../db/schema.dbml"));
    (schema.lines().filter(|line| line.starts_with("Table ")).count() + 1).to_string()
}

//! TLS to PostgreSQL (issue 21, point 3), against a server that takes TLS connections only, with
//! a certificate from a CA made up for the test: `sslmode=verify-full` with that CA connects, for
//! migrations and the server alike; another CA, or no TLS, is refused, and the message names the
//! setting to check.

use std::path::Path;

use testkit::{Postgres, TestCa, start_api};

use crate::support::{API_BINARY, api_command, stderr};

#[tokio::test]
async fn verify_full_connects_and_a_wrong_ca_is_refused_naming_the_setting() {
    let ca = TestCa::new("the database's CA").expect("a CA");
    let stranger = TestCa::new("someone else's CA").expect("another CA");
    let cluster = Postgres::start_tls_only(&ca).expect("a TLS-only PostgreSQL");
    cluster.query("postgres", "CREATE DATABASE tls_test").expect("a database");
    let folder = std::env::temp_dir().join(format!("api-tls-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder");
    let (right, wrong) = (folder.join("ca.crt"), folder.join("stranger.crt"));
    std::fs::write(&right, ca.certificate_pem()).expect("the CA file");
    std::fs::write(&wrong, stranger.certificate_pem()).expect("the other CA file");
    let url = |query: &str| format!("postgres://postgres@127.0.0.1:{}/tls_test?{query}", cluster.port());
    let verified = |ca_file: &Path| url(&format!("sslmode=verify-full&sslrootcert={}", ca_file.display()));

    let migrated = api_command(&verified(&right), &["migrate", "up"]);
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    let api = start_api(Path::new(API_BINARY), &verified(&right)).await.expect("the api starts");
    let ready = reqwest::get(format!("{}/ready", api.base_url)).await.expect("the api answers");
    assert_eq!(ready.status(), 200, "the api reaches the database over verified TLS");

    let refused = api_command(&verified(&wrong), &["migrate", "status"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("sslrootcert in DATABASE_URL"), "{}", stderr(&refused));

    let cleartext = api_command(&url("sslmode=disable"), &["migrate", "status"]);
    assert!(!cleartext.status.success(), "the server takes no connection without TLS");
    std::fs::remove_dir_all(&folder).ok();
}

#[tokio::test]
async fn production_refuses_a_database_elsewhere_without_verified_tls() {
    let url = "postgres://refactor_app:a-long-random-secret@db.internal.example:5432/refactor_platform";
    let run = |extra: &[(&str, &str)]| {
        let mut command = std::process::Command::new(API_BINARY);
        command
            .args(["migrate", "status"])
            .env_clear()
            .env("DATABASE_URL", url)
            .env("RUNTIME_ENV", "production");
        command.envs(extra.iter().copied());
        command.output().expect("the api runs")
    };
    let refused = run(&[]);
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert!(
        message.contains("sslmode=verify-full") && message.contains("DATABASE_REQUIRE_VERIFIED_TLS"),
        "{message}"
    );
    assert!(!message.contains("a-long-random-secret"), "{message}");
    // The documented opt-out goes on to connect (and fails only for want of that host).
    let opted_out = run(&[("DATABASE_REQUIRE_VERIFIED_TLS", "false")]);
    assert!(!stderr(&opted_out).contains("sslmode=verify-full"), "{}", stderr(&opted_out));
}

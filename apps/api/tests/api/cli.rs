//! The binary's configuration and its operational commands.

use std::process::Command;

use serde_json::json;
use testkit::postgres;

use crate::support::{API_BINARY, DEMO_PASSWORD, TestApi, stderr, stdout};

#[tokio::test]
async fn production_refuses_to_start_with_a_default_database_password() {
    for url in [
        "postgres://refactor:password@127.0.0.1:1/x",
        "postgres://refactor_app:app_password@127.0.0.1:1/x",
        "postgres://refactor@127.0.0.1:1/x",
    ] {
        let output = Command::new(API_BINARY)
            .env_clear()
            .env("RUNTIME_ENV", "production")
            .env("DATABASE_URL", url)
            .output()
            .expect("api runs");
        assert!(!output.status.success(), "started with {url}");
        assert!(stderr(&output).contains("RUNTIME_ENV=production"), "{}", stderr(&output));
    }
}

#[tokio::test]
async fn empty_variables_count_as_unset() {
    let database = postgres().create_database().expect("database");
    let output = Command::new(API_BINARY)
        .args(["migrate", "status"])
        .env_clear()
        .env("DATABASE_URL", &database.url)
        .env("RUNTIME_ENV", "")
        .env("LOG_LEVEL", "")
        .env("API_PORT", "")
        .env("DATABASE_SCHEMA", "")
        .output()
        .expect("api runs");
    assert!(output.status.success(), "{}", stderr(&output));
}

#[tokio::test]
async fn invalid_configuration_is_explained() {
    for (variable, value, mentions) in [
        ("API_PORT", "eighty", "API_PORT"),
        ("RUNTIME_ENV", "staging", "RUNTIME_ENV"),
        ("SESSION_EXPIRY_SECONDS", "5", "SESSION_EXPIRY_SECONDS"),
        ("ALLOWED_ORIGINS", "localhost:8080", "ALLOWED_ORIGINS"),
    ] {
        let output = Command::new(API_BINARY).env_clear().env(variable, value).output().expect("api runs");
        assert!(!output.status.success(), "{variable}={value} was accepted");
        assert!(stderr(&output).contains(mentions), "{variable}: {}", stderr(&output));
    }
}

#[tokio::test]
async fn seeding_twice_changes_nothing_and_the_demo_logins_work() {
    let api = TestApi::start_seeded().await;
    let snapshot = || {
        api.sql(
            "SELECT md5(string_agg(t, ',' ORDER BY t)) FROM (
               SELECT id::text || updated_at::text AS t FROM users
               UNION ALL SELECT id::text || updated_at::text FROM organizations
               UNION ALL SELECT organization_id::text || user_id::text || updated_at::text FROM organization_memberships
               UNION ALL SELECT id::text || updated_at::text FROM coaching_relationships
               UNION ALL SELECT id::text || updated_at::text FROM coaching_sessions
               UNION ALL SELECT id::text || updated_at::text FROM notes
               UNION ALL SELECT id::text || updated_at::text FROM agreements
               UNION ALL SELECT id::text || updated_at::text FROM actions
               UNION ALL SELECT id::text || updated_at::text FROM goals
               UNION ALL SELECT coaching_session_id::text || goal_id::text FROM coaching_session_goals) rows",
        )
    };
    let counts = || {
        api.sql(
            "SELECT (SELECT count(*) FROM organizations) || ' ' ||
                    (SELECT count(*) FROM users) || ' ' ||
                    (SELECT count(*) FROM coaching_relationships) || ' ' ||
                    (SELECT count(*) FROM coaching_sessions WHERE starts_at < now()) || ' ' ||
                    (SELECT count(*) FROM coaching_sessions WHERE starts_at > now())",
        )
    };
    assert_eq!(counts(), "2 6 4 8 8", "organizations, users, relationships, past and future sessions");
    let before = snapshot();
    let again = api.cli(&["seed"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stdout(&again).contains("nothing to add"), "{}", stdout(&again));
    assert_eq!(snapshot(), before, "the second seed changed rows");

    for email in ["admin@example.com", "coach@example.com", "coachee@example.com"] {
        api.login(email, DEMO_PASSWORD).await.get("/me").await.expect(200);
    }
    let coachee = api.login("coachee@example.com", DEMO_PASSWORD).await;
    let sessions = coachee.get("/sessions").await.expect(200);
    let session = sessions["items"][0]["id"].as_str().expect("session id");
    let notes = coachee.get(&format!("/notes?session_id={session}")).await.expect(200);
    assert!(!notes["items"].as_array().expect("notes").is_empty(), "past sessions come with notes");
    coachee.post("/logout", json!({})).await.expect(204);
}

#[tokio::test]
async fn seed_refuses_in_production() {
    let output = Command::new(API_BINARY)
        .arg("seed")
        .env_clear()
        .env("RUNTIME_ENV", "production")
        .env("DATABASE_URL", "postgres://refactor:a-real-secret@127.0.0.1:1/x")
        .output()
        .expect("api runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("refusing to seed"), "{}", stderr(&output));
}

#[tokio::test]
async fn healthcheck_reports_whether_the_server_answers() {
    let api = TestApi::start().await;
    let probe = |port: u16| {
        Command::new(API_BINARY)
            .arg("healthcheck")
            .env_clear()
            .env("API_PORT", port.to_string())
            .output()
            .expect("runs")
    };
    assert!(probe(api.server.port).status.success());
    let nobody = testkit::free_port();
    let failed = probe(nobody);
    assert!(!failed.status.success());
    assert!(stderr(&failed).contains("cannot connect"), "{}", stderr(&failed));
}

//! The smaller defences of issue 21: mail quotas, strict addresses, answers that do not wait for
//! mail, links and invitations purged after expiry, a login's absolute lifetime, no demo accounts
//! in production, and a control character in a login's email named as such.

use std::path::Path;
use std::time::Duration;

use serde_json::json;
use testkit::{migrate_and_seed, postgres, start_api_with};

use crate::support::{API_BINARY, DEMO_PASSWORD, TestApi, mail_env};

/// One admin's mails are capped (50 at once, then one every 2 minutes), so an admin account
/// cannot turn the platform into a spam cannon; beyond it, 429 with the wait.
#[tokio::test]
async fn an_admin_sends_at_most_their_quota_of_mails() {
    let (api, _mail) = TestApi::start_seeded_with_mail().await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let organization = admin.create("/organizations", json!({ "name": "Busy Org" })).await;
    let invitations = format!("/organizations/{organization}/invitations");
    for n in 0..50 {
        admin
            .post(&invitations, json!({ "email": format!("person{n}@example.test"), "role": "member" }))
            .await
            .expect(201);
    }
    let refused =
        admin.post(&invitations, json!({ "email": "one.more@example.test", "role": "member" })).await;
    assert!(refused.headers.contains_key("retry-after"), "{}", refused.body);
    assert!(
        refused.body["message"].as_str().is_some_and(|message| message.starts_with("too many mails sent"))
    );
    refused.expect_error(429, "too_many_attempts");
}

/// Only a plain address is one: no display names, brackets or comments that a mail library might
/// read as another recipient.
#[tokio::test]
async fn addresses_are_parsed_strictly_and_a_control_character_in_a_login_is_named() {
    let api = TestApi::start_seeded().await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let organization = api.sql("SELECT id FROM organizations WHERE slug = 'acme-coaching'");
    for sneaky in [
        "a<b@evil.example>",
        "Casey <casey@example.com>",
        "\"x y\"@example.com",
        "a@example.com, b@evil.example",
    ] {
        let reply = admin
            .post(
                &format!("/organizations/{organization}/invitations"),
                json!({ "email": sneaky, "role": "member" }),
            )
            .await;
        let message = reply.expect_error_message(422, "validation_failed");
        assert!(message.starts_with("email: "), "{sneaky}: {message}");
    }
    let reply = api
        .anonymous()
        .post("/login", json!({ "email": "coach\u{0}@example.com", "password": DEMO_PASSWORD }))
        .await;
    assert_eq!(reply.body["message"], "email must not contain control characters", "{}", reply.body);
    reply.expect_error(422, "validation_failed");
}

/// A mail server that takes connections and never answers, so that any request waiting for a
/// mail to go out would wait for its whole send timeout (15 s).
async fn silent_mail_server() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("smtp://{}?tls=none", listener.local_addr().expect("an address"));
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((connection, _)) = listener.accept().await {
            open.push(connection);
        }
    });
    (url, held)
}

/// Whether an account exists must not show in the answer of "forgot password" or of an email
/// change, nor in how long it takes: both answer before any mail is even started.
#[tokio::test]
async fn forgot_password_and_email_changes_answer_before_any_mail_goes_out() {
    let (smtp_url, _server) = silent_mail_server().await;
    let api = TestApi::start_seeded_with(&mail_env(&smtp_url)).await;
    let answer_within = Duration::from_secs(5);
    let anonymous = api.anonymous();
    for email in ["coach@example.com", "nobody@example.com"] {
        let asked = anonymous.post("/account/password-reset", json!({ "email": email }));
        let reply =
            tokio::time::timeout(answer_within, asked).await.expect("answered without waiting for mail");
        assert_eq!(reply.status.as_u16(), 202, "{email}");
    }
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    for new_email in ["coachee@example.com", "free.address@example.com"] {
        let asked = coach
            .post("/account/email", json!({ "new_email": new_email, "current_password": DEMO_PASSWORD }));
        let reply =
            tokio::time::timeout(answer_within, asked).await.expect("answered without waiting for mail");
        assert_eq!(reply.status.as_u16(), 202, "{new_email}");
    }
}

/// Expired links and invitations are deleted (the api sweeps at start and every 10 minutes).
#[tokio::test]
async fn expired_links_and_invitations_are_purged() {
    let api = TestApi::start_seeded().await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let organization = api.sql("SELECT id FROM organizations WHERE slug = 'acme-coaching'");
    admin
        .post(
            &format!("/organizations/{organization}/invitations"),
            json!({ "email": "late@example.com", "role": "member" }),
        )
        .await
        .expect(201);
    api.insert_password_link("coach@example.com");
    api.sql("UPDATE one_time_links SET expires_at = now() - interval '1 second'");
    api.sql("UPDATE invitations SET expires_at = now() - interval '1 second'");
    let _another = start_api_with(Path::new(API_BINARY), &api.database.url, &[]).await.expect("a second api");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while api.sql("SELECT count(*) FROM one_time_links") != "0"
        || api.sql("SELECT count(*) FROM invitations") != "0"
    {
        assert!(tokio::time::Instant::now() < deadline, "expired rows were not purged");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// However active, a login ends SESSION_MAX_LIFETIME_SECONDS after it began.
#[tokio::test]
async fn a_login_ends_at_its_maximum_lifetime_however_active() {
    let api = TestApi::start_seeded_with(&[("SESSION_MAX_LIFETIME_SECONDS", "3600".to_owned())]).await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    coach.get("/me").await.expect(200);
    api.sql("UPDATE auth_sessions SET created_at = now() - interval '59 minutes'");
    coach.get("/me").await.expect(200);
    api.sql("UPDATE auth_sessions SET created_at = now() - interval '61 minutes'");
    coach.get("/me").await.expect_error(401, "session_expired");
}

/// Production refuses to serve a database that holds the demo accounts (their password is public),
/// unless an evaluation install says it knows.
#[tokio::test]
async fn production_refuses_to_start_while_the_demo_accounts_exist() {
    let database = postgres().create_database().expect("test database");
    migrate_and_seed(Path::new(API_BINARY), &database.url).expect("migrate and seed");
    // Production wants a real password in its URL; the test cluster trusts local connections anyway.
    let role = format!("prod_{}", database.name);
    postgres()
        .query("postgres", &format!("CREATE ROLE {role} LOGIN SUPERUSER PASSWORD 'a-long-random-secret'"))
        .expect("a role");
    let url = database.url.replacen("postgres@", &format!("{role}:a-long-random-secret@"), 1);
    let serve = |extra: &[(&str, &str)]| {
        let mut command = std::process::Command::new(API_BINARY);
        command
            .env_clear()
            .env("DATABASE_URL", &url)
            .env("RUNTIME_ENV", "production")
            .env("API_HOST", "127.0.0.1")
            .env("API_PORT", testkit::free_port().to_string())
            .env("ALLOWED_ORIGINS", "https://coaching.example.com")
            .envs(extra.iter().copied());
        command
    };
    let refused = serve(&[]).output().expect("the api runs");
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("demo accounts") && message.contains("coach@example.com"), "{message}");
    assert!(message.contains("ALLOW_DEMO_ACCOUNTS"), "{message}");
    // Told, it starts (and is stopped by the test).
    let mut started = serve(&[("ALLOW_DEMO_ACCOUNTS", "true")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the api starts");
    std::thread::sleep(Duration::from_secs(2));
    assert!(started.try_wait().expect("a status").is_none(), "it serves");
    started.kill().ok();
    started.wait().ok();
}

/// What one relationship holds grows only so fast (issue 21, point 6): past its write quota a new
/// entry waits, with the time to wait; reading is never held back.
#[tokio::test]
async fn a_relationship_s_write_quota_holds_back_new_entries() {
    let api = TestApi::start_seeded().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    let session = api.sql(
        "SELECT s.id FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id
         JOIN users u ON u.id = r.coach_id WHERE u.email = 'coach@example.com' ORDER BY s.starts_at LIMIT 1",
    );
    let relationship =
        api.sql(&format!("SELECT coaching_relationship_id FROM coaching_sessions WHERE id = '{session}'"));
    coach.post("/notes", json!({ "session_id": session, "body": "one more note" })).await.expect(201);
    // As if 500 entries had just been written.
    api.sql(&format!(
        "UPDATE throttle_buckets SET full_at = now() + interval '500 minutes' WHERE key = 'relationship-writes:{relationship}'"
    ));
    for (path, body) in [
        ("/notes", json!({ "session_id": session, "body": "too much" })),
        ("/actions", json!({ "session_id": session, "body": "too much" })),
        ("/goals", json!({ "relationship_id": relationship, "title": "too much" })),
    ] {
        let refused = coach.post(path, body).await;
        assert!(refused.headers.contains_key("retry-after"), "{path}");
        assert!(
            refused.body["message"].as_str().is_some_and(|message| message.starts_with("too many entries")),
            "{}",
            refused.body
        );
        refused.expect_error(429, "too_many_attempts");
    }
    for table in ["notes", "actions"] {
        assert_eq!(api.sql(&format!("SELECT count(*) FROM {table} WHERE body = 'too much'")), "0", "{table}");
    }
    coach.get(&format!("/sessions/{session}/workspace")).await.expect(200);
}

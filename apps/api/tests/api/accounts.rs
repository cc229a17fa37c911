//! Accounts without an admin-chosen password: `api admin create`, one-time links to choose a
//! password, and changing one's own password.

use std::process::Output;

use serde_json::{Value, json};

use crate::support::{Client, DEMO_PASSWORD, TestApi, stderr, stdout};

const STRONG: &str = "violet kettle orbits quietly 1984";
const STRONGER: &str = "marble heron scribbles at dawn 77";

/// The token of the link `api admin create` printed.
fn printed_token(output: &Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    let out = stdout(output);
    let link =
        out.lines().find(|line| line.contains("/account/password/")).unwrap_or_else(|| panic!("{out}"));
    assert!(link.starts_with("http://localhost:8080/account/password/"), "{link}");
    link.rsplit('/').next().expect("a token").to_owned()
}

fn link(token: &str) -> String {
    format!("/account/password-links/{token}")
}

#[tokio::test]
async fn admin_create_prints_a_link_that_sets_the_password_once() {
    let api = TestApi::start().await;
    let token = printed_token(&api.cli(&[
        "admin",
        "create",
        "--email",
        "Ada@Example.com",
        "--name",
        "Ada King Lovelace",
        "--super-admin",
    ]));
    assert_eq!(api.login_status("ada@example.com", "").await, 401, "no password yet: no login");
    let anonymous = api.anonymous();
    let shown = anonymous.get(&link(&token)).await.expect(200);
    assert_eq!(
        shown,
        json!({ "email": "ada@example.com", "first_name": "Ada King", "last_name": "Lovelace" })
    );

    let weak = anonymous.post(&link(&token), json!({ "password": "lovelace1234" })).await;
    assert_eq!(weak.status, 422, "{}", weak.body);
    let message = weak.body["message"].as_str().expect("a message");
    assert!(message.starts_with("password is too easy to guess."), "{message}");
    anonymous
        .post(&link(&token), json!({ "password": "short" }))
        .await
        .expect_error(422, "validation_failed");

    anonymous.post(&link(&token), json!({ "password": STRONG })).await.expect(204);
    anonymous.post(&link(&token), json!({ "password": STRONGER })).await.expect_error(410, "link_gone");
    anonymous.get(&link(&token)).await.expect_error(410, "link_gone");

    let ada = api.login("ada@example.com", STRONG).await;
    let me = ada.get("/me").await.expect(200);
    assert_eq!((&me["first_name"], &me["is_super_admin"]), (&json!("Ada King"), &json!(true)), "{me}");
    assert_eq!(api.login_status("ada@example.com", STRONGER).await, 401);
}

#[tokio::test]
async fn admin_create_never_takes_a_password_and_validates_its_input() {
    let api = TestApi::start().await;
    let with_password =
        api.cli(&["admin", "create", "--email", "a@example.com", "--name", "A B", "--password", STRONG]);
    assert!(!with_password.status.success());
    assert!(stderr(&with_password).contains("--password"), "{}", stderr(&with_password));
    let bad_email = api.cli(&["admin", "create", "--email", "not-an-email", "--name", "A B"]);
    assert!(!bad_email.status.success());
    assert!(stderr(&bad_email).contains("--email"), "{}", stderr(&bad_email));
    let blank_name = api.cli(&["admin", "create", "--email", "a@example.com", "--name", " "]);
    assert!(stderr(&blank_name).contains("--name"), "{}", stderr(&blank_name));
    assert_eq!(api.sql("SELECT count(*) FROM users"), "0");
}

#[tokio::test]
async fn admin_create_refuses_an_existing_account_and_changes_nothing() {
    let api = TestApi::start_seeded().await;
    let elsewhere = api.login("coach@example.com", DEMO_PASSWORD).await;
    let links_before = api.sql("SELECT count(*) FROM one_time_links");
    let output = api.cli(&["admin", "create", "--email", "coach@example.com", "--name", "Someone Else"]);
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("coach@example.com already has an account; nothing changed"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("Forgot your password?"),
        "says what to do instead: {}",
        stderr(&output)
    );
    assert!(!stdout(&output).contains("/account/password/"), "no takeover link: {}", stdout(&output));
    assert_eq!(api.sql("SELECT count(*) FROM one_time_links"), links_before);
    elsewhere.get("/me").await.expect(200);
    assert_eq!(api.login_status("coach@example.com", DEMO_PASSWORD).await, 200);
}

#[tokio::test]
async fn expired_unknown_and_superseded_links_are_gone() {
    let api = TestApi::start().await;
    let older = printed_token(&api.cli(&["admin", "create", "--email", "b@example.com", "--name", "B C"]));
    let newer = api.insert_password_link("b@example.com");
    let anonymous = api.anonymous();
    anonymous.get(&link(&"0".repeat(64))).await.expect_error(410, "link_gone");
    anonymous.get("/account/password-links/not-a-token").await.expect_error(400, "invalid_path");

    api.sql("UPDATE one_time_links SET expires_at = now() - interval '1 second'");
    for token in [&older, &newer] {
        anonymous.get(&link(token)).await.expect_error(410, "link_gone");
        anonymous.post(&link(token), json!({ "password": STRONG })).await.expect_error(410, "link_gone");
    }

    let (first, second) =
        (api.insert_password_link("b@example.com"), api.insert_password_link("b@example.com"));
    anonymous.post(&link(&second), json!({ "password": STRONG })).await.expect(204);
    anonymous.get(&link(&first)).await.expect_error(410, "link_gone");
    assert_eq!(
        api.sql("SELECT count(*) FROM one_time_links WHERE id IN ('{first}', '{second}')"),
        "0",
        "stored hashed"
    );
}

async fn change(client: &Client, current: &str, new: &str) -> (u16, Value) {
    let reply =
        client.post("/account/password", json!({ "current_password": current, "new_password": new })).await;
    (reply.status.as_u16(), reply.body)
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one_and_ends_the_other_logins() {
    let api = TestApi::start_seeded().await;
    let here = api.login("coachee@example.com", DEMO_PASSWORD).await;
    let elsewhere = api.login("coachee@example.com", DEMO_PASSWORD).await;

    let (status, body) = change(&here, "wrong password", STRONG).await;
    assert_eq!((status, &body["error"]), (403, &json!("wrong_password")), "{body}");
    let (status, body) = change(&here, DEMO_PASSWORD, "coachee@example.com").await;
    assert_eq!(status, 422, "{body}");
    assert!(body["message"].as_str().unwrap().starts_with("new_password is too easy to guess."), "{body}");
    elsewhere.get("/me").await.expect(200);

    assert_eq!(change(&here, DEMO_PASSWORD, STRONG).await.0, 204);
    here.get("/me").await.expect(200);
    elsewhere.get("/me").await.expect_error(401, "session_expired");
    assert_eq!(api.login_status("coachee@example.com", DEMO_PASSWORD).await, 401);
    assert_eq!(api.login_status("coachee@example.com", STRONG).await, 200);
    assert_eq!(change(&api.anonymous(), STRONG, STRONGER).await.0, 401);
}

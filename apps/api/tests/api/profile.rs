//! A person's profile (name, time zone, email changed through the new address) and super admins deactivating and reactivating accounts.

use serde_json::json;
use testkit::mail::MailCatcher;

use crate::support::{Client, DEMO_PASSWORD, PERSON_PASSWORD, Reply, TestApi, World};

const DEACTIVATED: &str = "This account is deactivated. Ask your administrator to reactivate it.";

#[tokio::test]
async fn a_person_changes_their_name_and_time_zone_and_a_bad_zone_is_refused_naming_the_field() {
    let w = World::build().await;
    let profile = json!({ "first_name": " Grace ", "last_name": "Hopper", "timezone": "America/New_York" });
    let saved = w.coach.put("/account/profile", profile).await.expect(200);
    assert_eq!(
        (&saved["first_name"], &saved["last_name"], &saved["timezone"]),
        (&json!("Grace"), &json!("Hopper"), &json!("America/New_York"))
    );
    assert_eq!(w.coach.get("/account/profile").await.expect(200), saved);
    assert_eq!(w.coach.get("/me").await.expect(200)["timezone"], "America/New_York");

    for (body, field) in [
        (json!({ "first_name": "Grace", "last_name": "", "timezone": "Mars/Olympus" }), "timezone"),
        (json!({ "first_name": " ", "last_name": "", "timezone": "UTC" }), "first_name"),
        (json!({ "first_name": "x".repeat(101), "last_name": "", "timezone": "UTC" }), "first_name"),
        (json!({ "first_name": "Grace", "last_name": "y".repeat(101), "timezone": "UTC" }), "last_name"),
    ] {
        let refused = w.coach.put("/account/profile", body).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        let message = refused.body["message"].as_str().expect("a message");
        assert!(message.starts_with(field), "{message}");
    }
    assert_eq!(
        w.coach.get("/me").await.expect(200)["timezone"],
        "America/New_York",
        "refusals change nothing"
    );
}

#[tokio::test]
async fn a_deactivated_account_is_logged_out_at_once_and_refused_until_reactivated() {
    let w = World::build().await;
    let coach_email = "coach@matrix.test";
    let deactivate = format!("/users/{}/deactivate", w.coach_id);
    w.coach.get("/me").await.expect(200);
    let before = format!("/account/password-links/{}", w.api.insert_password_link(coach_email));

    let account = w.super_admin.post(&deactivate, json!({})).await.expect(200);
    assert_eq!(account["email"], coach_email);
    assert!(account["deactivated_at"].is_string(), "{account}");
    w.coach.get("/me").await.expect_error(401, "session_expired");
    assert_eq!(
        w.api.sql(&format!("SELECT count(*) FROM auth_sessions WHERE user_id = '{}'", w.coach_id)),
        "0"
    );

    // The right password learns that the account is deactivated; a wrong one learns nothing.
    let anonymous = w.api.anonymous();
    let right = json!({ "email": coach_email, "password": PERSON_PASSWORD });
    let message = anonymous.post("/login", right).await.expect_error_message(403, "account_deactivated");
    assert_eq!(message, DEACTIVATED);
    let wrong = json!({ "email": coach_email, "password": "not the password at all" });
    anonymous.post("/login", wrong).await.expect_error(401, "invalid_credentials");

    // Links made before are retired with the deactivation; one made since is refused with the
    // same message as a login.
    anonymous.get(&before).await.expect_error(410, "link_gone");
    let link = format!("/account/password-links/{}", w.api.insert_password_link(coach_email));
    anonymous.get(&link).await.expect_error(403, "account_deactivated");
    anonymous
        .post(&link, json!({ "password": "a brand new passphrase 42" }))
        .await
        .expect_error(403, "account_deactivated");

    // Deactivating again changes nothing; the account list shows it.
    let again = w.super_admin.post(&deactivate, json!({})).await.expect(200);
    assert_eq!(again["deactivated_at"], account["deactivated_at"]);
    let listed = w.super_admin.get("/users?limit=200").await.expect(200);
    let listed =
        listed["items"].as_array().expect("items").iter().find(|user| user["email"] == coach_email).cloned();
    assert_eq!(listed, Some(account));

    let reactivated =
        w.super_admin.post(&format!("/users/{}/reactivate", w.coach_id), json!({})).await.expect(200);
    assert!(reactivated["deactivated_at"].is_null(), "{reactivated}");
    let coach = w.api.login(coach_email, PERSON_PASSWORD).await;
    coach.get("/me").await.expect(200);
    // Links retired by a deactivation stay retired; a new one works once the account is back.
    for retired in [&before, &link] {
        anonymous.get(retired).await.expect_error(410, "link_gone");
    }
    let after = format!("/account/password-links/{}", w.api.insert_password_link(coach_email));
    anonymous.get(&after).await.expect(200);
}

#[tokio::test]
async fn a_login_of_a_deactivated_account_is_refused_even_if_it_outlived_the_deactivation() {
    let w = World::build().await;
    // As if a login raced the deactivation and was created just after.
    w.api.sql(&format!("UPDATE users SET deactivated_at = now() WHERE id = '{}'", w.coachee_id));
    w.coachee.get("/me").await.expect_error(401, "session_expired");
}

#[tokio::test]
async fn a_super_admin_cannot_deactivate_themself_and_unknown_accounts_are_not_found() {
    let w = World::build().await;
    let me = w.super_admin.get("/me").await.expect(200);
    let own = format!("/users/{}/deactivate", me["id"].as_str().expect("id"));
    w.super_admin.post(&own, json!({})).await.expect_error(409, "own_account");
    w.super_admin.get("/me").await.expect(200);
    let nobody = "00000000-0000-4000-8000-000000000000";
    for action in ["deactivate", "reactivate"] {
        w.super_admin
            .post(&format!("/users/{nobody}/{action}"), json!({}))
            .await
            .expect_error(404, "not_found");
    }
}

#[tokio::test]
async fn the_account_list_pages_by_name() {
    let w = World::build().await;
    let first = w.super_admin.get("/users?limit=2").await.expect(200);
    assert_eq!(first["items"].as_array().expect("items").len(), 2);
    let cursor = first["next_cursor"].as_str().expect("more accounts follow");
    let second = w.super_admin.get(&format!("/users?limit=2&cursor={cursor}")).await.expect(200);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    w.super_admin.get("/users?limit=0").await.expect_error(422, "validation_failed");
}

/// The api path that uses the confirmation link mailed to `address`.
async fn confirmation_link(mail: &MailCatcher, address: &str) -> String {
    let message = mail.message_to(address).await;
    let link = message.links()[0].to_owned();
    assert!(link.starts_with("http://localhost:8080/account/email/"), "{link}");
    format!("/account/email/{}", link.rsplit('/').next().expect("a token"))
}

#[tokio::test]
async fn an_email_changes_only_through_the_link_mailed_to_the_new_address() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    ask_email_change(&coach, "coach.new@example.com", "not my password")
        .await
        .expect_error(403, "wrong_password");
    let refused = ask_email_change(&coach, "nope", DEMO_PASSWORD).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body["message"].as_str().expect("a message").starts_with("new_email"),
        "{}",
        refused.body
    );
    ask_email_change(&coach, "Coach@Example.com", DEMO_PASSWORD).await.expect_error(422, "validation_failed");

    ask_email_change(&coach, "Coach.New@Example.com", DEMO_PASSWORD).await.expect(202);
    let link = confirmation_link(&mail, "coach.new@example.com").await;
    assert!(mail.messages_to("coach@example.com").await.is_empty(), "the old address gets nothing");
    assert_eq!(
        coach.get("/me").await.expect(200)["email"],
        "coach@example.com",
        "nothing changes before the link"
    );

    let anonymous = api.anonymous();
    let deactivated = |on: bool| {
        let value = if on { "now()" } else { "NULL" };
        api.sql(&format!("UPDATE users SET deactivated_at = {value} WHERE email = 'coach@example.com'"))
    };
    deactivated(true);
    anonymous.post(&link, json!({})).await.expect_error(403, "account_deactivated");
    deactivated(false);
    anonymous.post(&link, json!({})).await.expect(204);
    anonymous.post(&link, json!({})).await.expect_error(410, "link_gone");
    assert_eq!(api.login_status("coach.new@example.com", DEMO_PASSWORD).await, 200);
    assert_eq!(
        api.login_status("coach@example.com", DEMO_PASSWORD).await,
        401,
        "the old email no longer logs in"
    );
}

#[tokio::test]
async fn an_address_another_account_has_gets_no_mail_and_a_taken_one_is_refused_at_the_link() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    // Taken: the same answer as for a free address, and nothing is sent.
    ask_email_change(&coach, "coachee@example.com", DEMO_PASSWORD).await.expect(202);
    assert!(mail.messages_to("coachee@example.com").await.is_empty());

    // Taken between the request and the link: refused naming the field, and nothing changes.
    ask_email_change(&coach, "later@example.com", DEMO_PASSWORD).await.expect(202);
    let link = confirmation_link(&mail, "later@example.com").await;
    api.sql("UPDATE users SET email = 'later@example.com' WHERE email = 'coachee@example.com'");
    let message = api.anonymous().post(&link, json!({})).await.expect_error_message(409, "email_taken");
    assert!(message.starts_with("email"), "{message}");
    assert_eq!(coach.get("/me").await.expect(200)["email"], "coach@example.com");
}

#[tokio::test]
async fn without_mail_an_email_change_is_refused_saying_why() {
    let api = TestApi::start_seeded().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    let message = ask_email_change(&coach, "coach.new@example.com", DEMO_PASSWORD)
        .await
        .expect_error_message(503, "mail_not_configured");
    assert!(message.contains("mail"), "{message}");
}

/// The api path that uses the password link mailed to `address` (a "forgot password" mail).
async fn reset_link(mail: &MailCatcher, address: &str) -> String {
    let message = mail.message_to(address).await;
    let link = message.links()[0].to_owned();
    assert!(link.starts_with("http://localhost:8080/account/password/"), "{link}");
    format!("/account/password-links/{}", link.rsplit('/').next().expect("a token"))
}

const RECOVERED: &str = "the owner's own new passphrase 91";
const THIEF: &str = "a thief chose this passphrase 66";

/// The reproduced takeover (issue 21, point 4): someone signed in as the owner asked to move the
/// account to their own address; the owner then reset the password, yet the pending link still
/// moved the account. Setting a password now retires every pending link of the account.
#[tokio::test]
async fn a_pending_email_change_dies_when_the_owner_resets_the_password() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let thief = api.login("coach@example.com", DEMO_PASSWORD).await;
    ask_email_change(&thief, "thief@evil.example", DEMO_PASSWORD).await.expect(202);
    let pending = confirmation_link(&mail, "thief@evil.example").await;

    api.anonymous()
        .post("/account/password-reset", json!({ "email": "coach@example.com" }))
        .await
        .expect(202);
    let reset = reset_link(&mail, "coach@example.com").await;
    api.anonymous().post(&reset, json!({ "password": RECOVERED })).await.expect(204);

    api.anonymous().post(&pending, json!({})).await.expect_error(410, "link_gone");
    assert_eq!(api.login_status("coach@example.com", RECOVERED).await, 200, "the account stays the owner's");
    assert_eq!(api.login_status("thief@evil.example", RECOVERED).await, 401);
}

/// When the email changes, the old address is told, with a link that moves the account back and
/// sets a new password; the link outlives what the new address's holder does next.
#[tokio::test]
async fn the_old_address_is_told_and_takes_the_account_back() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let thief = api.login("coach@example.com", DEMO_PASSWORD).await;
    ask_email_change(&thief, "thief@evil.example", DEMO_PASSWORD).await.expect(202);
    api.anonymous().post(&confirmation_link(&mail, "thief@evil.example").await, json!({})).await.expect(204);

    let notice = mail.message_to("coach@example.com").await;
    assert!(notice.text.contains("thief@evil.example"), "{}", notice.text);
    let link = notice.links()[0].to_owned();
    assert!(link.starts_with("http://localhost:8080/account/email-revert/"), "{link}");
    let revert = format!("/account/email-reverts/{}", link.rsplit('/').next().expect("a token"));

    // The thief resets the password through the new address: the way back still works.
    api.anonymous()
        .post("/account/password-reset", json!({ "email": "thief@evil.example" }))
        .await
        .expect(202);
    api.anonymous()
        .post(&reset_link(&mail, "thief@evil.example").await, json!({ "password": THIEF }))
        .await
        .expect(204);
    let thief = api.login("thief@evil.example", THIEF).await;

    let anonymous = api.anonymous();
    let shown = anonymous.get(&revert).await.expect(200);
    assert_eq!(
        shown,
        json!({ "current_email": "thief@evil.example", "restored_email": "coach@example.com" })
    );
    anonymous
        .post(&revert, json!({ "password": "coach@example.com" }))
        .await
        .expect_error(422, "validation_failed");
    anonymous.post(&revert, json!({ "password": RECOVERED })).await.expect(204);
    anonymous.post(&revert, json!({ "password": RECOVERED })).await.expect_error(410, "link_gone");

    thief.get("/me").await.expect_error(401, "session_expired");
    assert_eq!(api.login_status("thief@evil.example", THIEF).await, 401);
    assert_eq!(api.login_status("coach@example.com", THIEF).await, 401);
    assert_eq!(api.login_status("coach@example.com", RECOVERED).await, 200);
}

/// Asks, as `client`, to move their account to `new_email`.
async fn ask_email_change(client: &Client, new_email: &str, current_password: &str) -> Reply {
    let body = json!({ "new_email": new_email, "current_password": current_password });
    client.post("/account/email", body).await
}

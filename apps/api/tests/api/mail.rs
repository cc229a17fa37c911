//! Mail through a real SMTP server (Mailpit): emailed invitations, "forgot password" links, and
//! the reset links admins hand over when there is no mail.

use serde_json::{Value, json};
use testkit::mail::MailCatcher;

use crate::support::{DEMO_PASSWORD, MAIL_FROM, TestApi, mail_env};

const STRONG: &str = "violet kettle orbits quietly 1984";
const STRONGER: &str = "marble heron scribbles at dawn 77";
/// Where the tests' api says the web is (the default ALLOWED_ORIGINS).
const WEB_ORIGIN: &str = "http://localhost:8080";

/// The path of the one link in a mail, checked to point at the web.
fn link_path(message: &testkit::mail::Message) -> String {
    let links = message.links();
    assert_eq!(links.len(), 1, "one link in: {}", message.text);
    links[0].strip_prefix(WEB_ORIGIN).unwrap_or_else(|| panic!("a link to the web: {}", links[0])).to_owned()
}

/// The token at the end of a web link path.
fn token(path: &str) -> &str {
    path.rsplit('/').next().expect("a token")
}

#[tokio::test]
async fn an_invitation_is_emailed_and_its_answer_leaves_the_link_out() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let organization = admin.create("/organizations", json!({ "name": "Mailed Org" })).await;
    let invitation = json!({ "email": "New.Person@Example.test", "role": "member" });
    let created =
        admin.post(&format!("/organizations/{organization}/invitations"), invitation).await.expect(201);
    assert!(created.get("link_path").is_none(), "the link goes only to the invited address: {created}");

    let message = mail.message_to("new.person@example.test").await;
    assert_eq!(message.from, MAIL_FROM);
    assert!(!message.subject.contains("Mailed Org"), "no chosen name in a subject: {}", message.subject);
    assert!(message.text.contains("\u{201c}Mailed Org\u{201d}"), "the name quoted: {}", message.text);
    assert!(message.text.contains("for 7 days"), "{}", message.text);
    let path = link_path(&message);
    assert!(path.starts_with("/invitations/"), "{path}");
    let join = json!({ "first_name": "New", "last_name": "Person", "password": STRONG });
    api.anonymous().post(&path, join).await.expect(204);
    assert_eq!(api.login_status("new.person@example.test", STRONG).await, 200);
    assert_eq!(
        api.sql("SELECT email_verified FROM users WHERE email = 'new.person@example.test'"),
        "t",
        "a mailed link proves the address"
    );
}

#[tokio::test]
async fn a_mail_that_cannot_be_sent_leaves_no_invitation_pending() {
    let closed_port = testkit::free_port();
    let api = TestApi::start_seeded_with(&mail_env(&format!("smtp://127.0.0.1:{closed_port}"))).await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let organization = admin.create("/organizations", json!({ "name": "No Mail Org" })).await;
    let invitations = format!("/organizations/{organization}/invitations");
    let reply = admin.post(&invitations, json!({ "email": "x@example.test", "role": "member" })).await;
    let message = reply.body["message"].as_str().unwrap_or_default().to_owned();
    reply.expect_error(503, "mail_failed");
    // What the mail server said goes to the log, never to the client.
    assert!(!message.contains(&closed_port.to_string()) && !message.contains("127.0.0.1"), "{message}");
    assert!(message.contains("try again later"), "{message}");
    assert_eq!(admin.get(&invitations).await.expect(200)["items"], json!([]));
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_mailed_link_that_ends_other_logins() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let elsewhere = api.login("coach@example.com", DEMO_PASSWORD).await;
    elsewhere.get("/me").await.expect(200);
    let anonymous = api.anonymous();

    // An unknown email and a deactivated account get the same answer, and no mail; asked first,
    // so their mail (if one were sent) would be out before the known account's mail arrives.
    api.sql("UPDATE users SET deactivated_at = now() WHERE email = 'coachee2@example.com'");
    let deactivated =
        anonymous.post("/account/password-reset", json!({ "email": "coachee2@example.com" })).await;
    let unknown = anonymous.post("/account/password-reset", json!({ "email": "nobody@example.com" })).await;
    let known = anonymous.post("/account/password-reset", json!({ "email": " Coach@Example.com " })).await;
    assert_eq!((deactivated.status.as_u16(), &deactivated.body), (202, &Value::Null));
    assert_eq!((unknown.status.as_u16(), &unknown.body), (202, &Value::Null));
    assert_eq!((known.status.as_u16(), &known.body), (202, &Value::Null));
    let message = mail.message_to("coach@example.com").await;
    assert!(mail.messages_to("nobody@example.com").await.is_empty(), "no mail for an unknown email");
    assert!(mail.messages_to("coachee2@example.com").await.is_empty(), "none for a deactivated account");
    assert!(message.text.contains("for 1 hour"), "{}", message.text);
    let path = link_path(&message);
    assert!(path.starts_with("/account/password/"), "{path}");

    let api_link = format!("/account/password-links/{}", token(&path));
    assert_eq!(anonymous.get(&api_link).await.expect(200)["email"], "coach@example.com");
    anonymous.post(&api_link, json!({ "password": STRONG })).await.expect(204);
    elsewhere.get("/me").await.expect_error(401, "session_expired");
    anonymous.post(&api_link, json!({ "password": STRONGER })).await.expect_error(410, "link_gone");
    assert_eq!(api.login_status("coach@example.com", DEMO_PASSWORD).await, 401);
    assert_eq!(api.login_status("coach@example.com", STRONG).await, 200);
}

#[tokio::test]
async fn without_mail_forgot_password_says_to_ask_an_admin_and_reveals_nothing() {
    let api = TestApi::start_seeded().await;
    for email in ["coach@example.com", "nobody@example.com"] {
        let reply = api.anonymous().post("/account/password-reset", json!({ "email": email })).await;
        assert!(reply.body["message"].as_str().is_some_and(|message| message.contains("organization admin")));
        reply.expect_error(503, "mail_not_configured");
    }
    let reply = api.anonymous().post("/account/password-reset", json!({ "email": "not an email" })).await;
    reply.expect_error(503, "mail_not_configured");
}

#[tokio::test]
async fn forgot_password_validates_the_email_and_has_its_own_stricter_limit() {
    let mail = MailCatcher::start().await;
    let mut env = mail_env(&mail.smtp_url());
    env.extend([
        ("RESET_MAIL_ACCOUNT_BURST", "2".to_owned()),
        ("RESET_MAIL_ACCOUNT_INTERVAL_SECONDS", "600".to_owned()),
        ("LOGIN_ACCOUNT_BURST", "2".to_owned()),
        ("LOGIN_ACCOUNT_INTERVAL_SECONDS", "600".to_owned()),
    ]);
    let api = TestApi::start_seeded_with(&env).await;
    let anonymous = api.anonymous();
    let reply = anonymous.post("/account/password-reset", json!({ "email": "not an email" })).await;
    assert!(
        reply.body["message"].as_str().is_some_and(|message| message.contains("email")),
        "{}",
        reply.body
    );
    reply.expect_error(422, "validation_failed");

    let ask = || anonymous.post("/account/password-reset", json!({ "email": "coachee@example.com" }));
    ask().await.expect(202);
    ask().await.expect(202);
    let throttled = ask().await;
    assert!(throttled.headers.contains_key("retry-after"));
    throttled.expect_error(429, "too_many_attempts");
    // Guesses at the password do not use up the reset mail, nor the other way round.
    for _ in 0..2 {
        let guess = json!({ "email": "coach@example.com", "password": "not the password" });
        anonymous.post("/login", guess).await.expect_error(401, "invalid_credentials");
    }
    anonymous.post("/account/password-reset", json!({ "email": "coach@example.com" })).await.expect(202);
    let owner = json!({ "email": "coachee@example.com", "password": DEMO_PASSWORD });
    anonymous.post("/login", owner).await.expect(200);
}

//! The account page (name, time zone) and the super admins' users page.

use crate::support::{PASSWORD, Stack};

const DEACTIVATED: &str = "This account is deactivated. Ask your administrator to reactivate it.";

#[tokio::test]
async fn the_profile_page_saves_the_time_zone_and_times_follow_it() {
    let stack = Stack::start().await;
    let browser = stack.logged_in("coach@example.com").await;
    let session = browser.first_session().await;
    let session_id = session.trim_start_matches("/sessions/");
    stack
        .database
        .sql(&format!(
            "UPDATE coaching_sessions SET starts_at = '2030-01-15T10:00:00Z' WHERE id = '{session_id}'"
        ))
        .expect("sql");
    assert!(browser.get(&session).await.body.contains("Tue 15 Jan 2030, 05:00"), "New York time at first");

    let form = browser.get("/account").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("<option value=\"America/New_York\" selected>"), "{}", form.body);
    assert!(form.body.contains("<option value=\"Pacific/Chatham\">"), "every IANA zone is offered");
    let bad = [("first_name", "Coach"), ("last_name", "Person"), ("timezone", "Mars/Olympus")];
    let refused = browser.submit(&form, "/account", &bad).await;
    assert_eq!((refused.status.as_u16(), refused.location()), (303, "/account"));
    assert!(browser.get("/account").await.body.contains("timezone &#34;Mars/Olympus&#34; is not"));

    let fields = [("first_name", "Cora"), ("last_name", "Coach"), ("timezone", "Asia/Tokyo")];
    let saved = browser.submit(&form, "/account", &fields).await;
    assert_eq!((saved.status.as_u16(), saved.location()), (303, "/account"));
    let page = browser.get("/account").await;
    assert!(page.body.contains("Your profile is saved."), "{}", page.body);
    assert!(page.body.contains("<option value=\"Asia/Tokyo\" selected>"));
    assert!(page.body.contains("value=\"Cora\""));
    assert!(browser.get(&session).await.body.contains("Tue 15 Jan 2030, 19:00"), "now Tokyo time");
}

#[tokio::test]
async fn a_super_admin_deactivates_and_reactivates_an_account_from_the_users_page() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    assert_eq!(coach.get("/admin/users").await.status, 403, "only super admins");

    let admin = stack.logged_in("admin@example.com").await;
    let page = admin.get("/admin/users").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("coach@example.com"), "{}", page.body);
    let coach_id = stack.database.sql("SELECT id FROM users WHERE email = 'coach@example.com'").expect("sql");
    let admin_id = stack.database.sql("SELECT id FROM users WHERE email = 'admin@example.com'").expect("sql");
    assert!(!page.body.contains(&format!("/admin/users/{admin_id}/deactivate")), "not one's own account");

    let deactivate = format!("/admin/users/{coach_id}/deactivate");
    assert_eq!(admin.post(&deactivate, &[]).await.status, 403, "CSRF");
    let done = admin.submit(&page, &deactivate, &[]).await;
    assert_eq!((done.status.as_u16(), done.location()), (303, "/admin/users"));
    let page = admin.get("/admin/users").await;
    assert!(page.body.contains("Account deactivated"), "{}", page.body);
    assert!(page.body.contains(&format!("/admin/users/{coach_id}/reactivate")));

    assert_eq!(coach.get("/").await.status, 303, "the coach is logged out at once");
    let refused = stack.browser();
    assert!(refused.login("coach@example.com", PASSWORD, "/").await.location().starts_with("/login"));
    let login_page = refused.get("/login").await;
    assert!(login_page.body.contains(DEACTIVATED), "{}", login_page.body);

    admin.submit(&page, &format!("/admin/users/{coach_id}/reactivate"), &[]).await;
    assert!(admin.get("/admin/users").await.body.contains("Account reactivated"));
    assert_eq!(stack.browser().login("coach@example.com", PASSWORD, "/").await.location(), "/");
}

#[tokio::test]
async fn an_email_changes_when_the_button_behind_the_mailed_link_is_pressed() {
    let (stack, mail) = Stack::start_with_mail().await;
    let email_of_coach =
        || stack.database.sql("SELECT email FROM users WHERE first_name = 'Casey'").expect("sql");
    let before = email_of_coach();
    let browser = stack.logged_in("coach@example.com").await;
    assert!(browser.get("/account").await.body.contains("href=\"/account/email\""));
    let form = browser.get("/account/email").await;
    assert_eq!(form.status, 200);
    let fields = [("new_email", "casey@new.example"), ("current_password", PASSWORD)];
    let asked = browser.submit(&form, "/account/email", &fields).await;
    assert_eq!((asked.status.as_u16(), asked.location()), (303, "/account/email"));
    assert!(browser.get("/account/email").await.body.contains("We sent a link to casey@new.example"));

    let link = mail.message_to("casey@new.example").await.links()[0].to_owned();
    let path = link.trim_start_matches("http://localhost:8080").to_owned();
    let holder = stack.browser();
    let confirm = holder.get(&path).await;
    assert_eq!(confirm.status, 200);
    assert_eq!(email_of_coach(), before, "opening the link (as a mail scanner would) changes nothing");
    let done = holder.submit(&confirm, &path, &[]).await;
    assert_eq!((done.status.as_u16(), done.location()), (303, "/login"));
    assert_eq!(email_of_coach(), "casey@new.example");
    assert_eq!(holder.submit(&confirm, &path, &[]).await.status, 410, "the link works once");
    assert_eq!(stack.browser().login("casey@new.example", PASSWORD, "/").await.location(), "/");

    // The old address is told, and its link moves the account back with a new password.
    let link = mail.message_to(&before).await.links()[0].to_owned();
    let path = link.trim_start_matches("http://localhost:8080").to_owned();
    assert!(path.starts_with("/account/email-revert/"), "{path}");
    let owner = stack.browser();
    let revert = owner.get(&path).await;
    assert_eq!(revert.status, 200);
    assert!(revert.body.contains("casey@new.example") && revert.body.contains(&before), "{}", revert.body);
    let strong = "an owner's brand new passphrase 12";
    let done = owner.submit(&revert, &path, &[("password", strong), ("confirmation", strong)]).await;
    assert_eq!((done.status.as_u16(), done.location()), (303, "/login"));
    assert_eq!(email_of_coach(), before);
    assert_eq!(browser.get("/").await.status, 303, "everyone signed in was signed out");
    assert_eq!(stack.browser().login(&before, strong, "/").await.location(), "/");
}

//! Choosing a password through a one-time link, and changing one's own.

use testkit::{api_command, workspace_binary};

use crate::support::{PASSWORD, Stack};

const STRONG: &str = "violet kettle orbits quietly 1984";

/// The path of the link `api admin create` prints for `email`.
fn link_for(stack: &Stack, email: &str) -> String {
    let api = workspace_binary("api").expect("api binary");
    let output = api_command(
        &api,
        &stack.database.url,
        &["admin", "create", "--email", email, "--name", "Ada Lovelace"],
    )
    .expect("api runs");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let url = printed
        .lines()
        .find(|line| line.contains("/account/password/"))
        .unwrap_or_else(|| panic!("{printed}"));
    url.trim_start_matches("http://localhost:8080").to_owned()
}

#[tokio::test]
async fn a_new_person_chooses_their_password_through_the_link_once() {
    let stack = Stack::start().await;
    let link = link_for(&stack, "ada@example.com");
    let browser = stack.browser();
    let form = browser.get(&link).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Choose your password") && form.body.contains("ada@example.com"),
        "{}",
        form.body
    );
    assert!(!form.body.contains("first_name"), "a link sets a password, nothing else");

    assert_eq!(
        browser.post(&link, &[("password", STRONG), ("confirmation", STRONG)]).await.status,
        403,
        "CSRF"
    );
    let differ = browser.submit(&form, &link, &[("password", STRONG), ("confirmation", "other")]).await;
    assert_eq!((differ.status.as_u16(), differ.location()), (303, link.as_str()));
    assert!(browser.get(&link).await.body.contains("The two passwords differ"));
    let weak = [("password", "password1234"), ("confirmation", "password1234")];
    browser.submit(&form, &link, &weak).await;
    assert!(browser.get(&link).await.body.contains("password is too easy to guess."));

    let set = browser.submit(&form, &link, &[("password", STRONG), ("confirmation", STRONG)]).await;
    assert_eq!((set.status.as_u16(), set.location()), (303, "/login"));
    let again = browser.get(&link).await;
    assert_eq!(again.status, 410);
    assert!(again.body.contains("already used or has expired"), "{}", again.body);
    assert_eq!(browser.login("ada@example.com", STRONG, "/").await.location(), "/");
    assert!(browser.get("/").await.body.contains("Ada Lovelace"));

    browser.assert_not_found(&["/account/password/not-a-token", "/account/password/%2E%2E%2Fme"]).await;
}

#[tokio::test]
async fn a_signed_in_person_changes_their_password_and_other_browsers_are_logged_out() {
    let stack = Stack::start().await;
    let other_browser = stack.logged_in("coachee@example.com").await;
    let browser = stack.logged_in("coachee@example.com").await;
    let dashboard = browser.get("/").await;
    assert!(dashboard.body.contains("href=\"/account\""), "the layout links to the account page");
    let form = browser.get("/account/password").await;
    assert_eq!(form.status, 200);

    let wrong = [("current_password", "not it"), ("new_password", STRONG), ("confirmation", STRONG)];
    let refused = browser.submit(&form, "/account/password", &wrong).await;
    assert_eq!((refused.status.as_u16(), refused.location()), (303, "/account/password"));
    assert!(browser.get("/account/password").await.body.contains("current_password is wrong"));
    assert_eq!(other_browser.get("/").await.status, 200);

    let right = [("current_password", PASSWORD), ("new_password", STRONG), ("confirmation", STRONG)];
    browser.submit(&form, "/account/password", &right).await;
    assert!(browser.get("/account/password").await.body.contains("Your password is changed"));
    assert_eq!(browser.get("/").await.status, 200, "this browser stays logged in");
    assert_eq!(other_browser.get("/").await.status, 303, "the other one is logged out");
    assert_eq!(stack.browser().login("coachee@example.com", STRONG, "/").await.location(), "/");

    let anonymous = stack.browser().get("/account/password").await;
    assert_eq!(anonymous.location(), "/login?next=%2Faccount%2Fpassword");
}

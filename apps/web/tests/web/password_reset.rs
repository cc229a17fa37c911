//! Forgotten passwords: the link mailed from the forgot-password page, and the reset links admins
//! make on the members page to hand over.

use crate::support::{Browser, Page, Stack};

const STRONG: &str = "violet kettle orbits quietly 1984";
const FORGOT: &str = "/account/password/forgot";
const ON_ITS_WAY: &str = "If an account exists for that email, a link is on its way.";

/// Asks for a reset link for `email` through the forgot-password page; returns the page after.
async fn ask_for_link(browser: &Browser, email: &str) -> Page {
    let form = browser.get(FORGOT).await;
    assert_eq!(form.status, 200);
    let asked = browser.submit(&form, FORGOT, &[("email", email)]).await;
    assert_eq!((asked.status.as_u16(), asked.location()), (303, FORGOT));
    browser.get(FORGOT).await
}

/// Chooses `password` on the choose-password page at `path`; the answer redirects to log in.
async fn choose(browser: &Browser, path: &str, password: &str) {
    let form = browser.get(path).await;
    assert!(form.body.contains("Choose your password"), "{}", form.body);
    let set = browser.submit(&form, path, &[("password", password), ("confirmation", password)]).await;
    assert_eq!((set.status.as_u16(), set.location()), (303, "/login"));
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_mailed_link() {
    let (stack, mail) = Stack::start_with_mail().await;
    let other_browser = stack.logged_in("coachee@example.com").await;
    let browser = stack.browser();
    assert!(browser.get("/login").await.body.contains(&format!("href=\"{FORGOT}\"")), "login links to it");
    assert_eq!(browser.post(FORGOT, &[("email", "coachee@example.com")]).await.status, 403, "CSRF");

    let unknown = ask_for_link(&browser, "nobody@example.com").await;
    let known = ask_for_link(&browser, "coachee@example.com").await;
    for page in [&unknown, &known] {
        assert!(page.body.contains(ON_ITS_WAY), "the same answer either way: {}", page.body);
    }
    let message = mail.message_to("coachee@example.com").await;
    let link = message.links()[0];
    let path = &link[link.find("/account/password/").unwrap_or_else(|| panic!("{link}"))..];
    choose(&browser, path, STRONG).await;
    assert_eq!(browser.get(path).await.status, 410, "the link works once");
    assert_eq!(other_browser.get("/").await.status, 303, "the other browser is logged out");
    assert_eq!(stack.browser().login("coachee@example.com", STRONG, "/").await.location(), "/");
    assert!(mail.messages_to("nobody@example.com").await.is_empty());
}

#[tokio::test]
async fn without_mail_the_forgot_page_sends_people_to_an_admin() {
    let stack = Stack::start().await;
    let page = ask_for_link(&stack.browser(), "coachee@example.com").await;
    assert!(page.body.contains("ask an organization admin for a reset link"), "{}", page.body);
    assert!(!page.body.contains(ON_ITS_WAY));
}

#[tokio::test]
async fn an_admin_makes_a_reset_link_for_a_member_to_hand_over() {
    let stack = Stack::start().await;
    let sql = |query: &str| stack.database.sql(query).expect("sql");
    let acme = sql("SELECT id FROM organizations WHERE slug = 'acme-coaching'");
    let members = format!("/organizations/{acme}/members");
    let member_id = sql("SELECT id FROM users WHERE email = 'coachee2@example.com'");
    let admin = stack.logged_in("admin@example.com").await;
    let page = admin.get(&members).await;
    let reset = format!("{members}/{member_id}/password-reset");
    assert!(page.body.contains(&format!("action=\"{reset}\"")), "a reset button per member: {}", page.body);
    let admin_id = sql("SELECT id FROM users WHERE email = 'admin@example.com'");
    assert!(!page.body.contains(&format!("{admin_id}/password-reset")), "none for oneself");

    let shown = admin.submit(&page, &reset, &[]).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(shown.body.contains("Hand this to <strong>Riley Chen</strong>"), "{}", shown.body);
    let path = format!("/account/password/{}", shown.value_after("href=\"/account/password/"));
    let member = stack.browser();
    choose(&member, &path, STRONG).await;
    assert_eq!(member.login("coachee2@example.com", STRONG, "/").await.location(), "/");

    // coachee@example.com is also in Northwind, which this admin (promoted in Acme only) does not run.
    sql("UPDATE organization_memberships SET role = 'admin'
         WHERE organization_id = (SELECT id FROM organizations WHERE slug = 'acme-coaching')
           AND user_id = (SELECT id FROM users WHERE email = 'coach@example.com')");
    let acme_admin = stack.logged_in("coach@example.com").await;
    let page = acme_admin.get(&members).await;
    let coachee = sql("SELECT id FROM users WHERE email = 'coachee@example.com'");
    let refused = acme_admin.submit(&page, &format!("{members}/{coachee}/password-reset"), &[]).await;
    assert_eq!((refused.status.as_u16(), refused.location()), (303, members.as_str()));
    assert!(acme_admin.get(&members).await.body.contains("an organization you do not manage"));
}

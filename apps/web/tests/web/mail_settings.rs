//! Which mail a person gets: the Mail section of the account page, and the stop link in every
//! notification, pressed on its page or posted by a mail program in one click (RFC 8058).

use contract::{MAIL_SETTINGS_PATH, MAIL_STOP_PATH};
use testkit::mail::MailCatcher;
use uuid::Uuid;

use crate::meeting_links::schedule_in;
use crate::support::{Browser, Page, Stack};

const SCHEDULING_STOPPED: &str = "You will no longer get mail about sessions scheduled, moved or cancelled.";
const NO_LONGER_VALID: &str = "This link is no longer valid (links work for 30 days)";

/// Whether the account page's checkbox `name` is ticked.
fn ticked(page: &Page, name: &str) -> bool {
    let tag = page.body.split(&format!("name=\"{name}\"")).nth(1).and_then(|rest| rest.split('>').next());
    tag.unwrap_or_else(|| panic!("no checkbox {name}:\n{}", page.body)).contains("checked")
}

/// What the account page's Mail section shows: scheduling, actions, the reminder chosen, digest.
fn mail_shown(page: &Page) -> (bool, bool, String, bool) {
    let select =
        page.body.split("name=\"session_reminder\"").nth(1).and_then(|rest| rest.split("</select>").next());
    let reminder = select
        .and_then(|options| options.split("<option value=\"").find(|option| option.contains("\" selected>")))
        .and_then(|option| option.split('"').next())
        .unwrap_or_else(|| panic!("no reminder chosen:\n{}", page.body));
    (ticked(page, "scheduling"), ticked(page, "actions"), reminder.to_owned(), ticked(page, "weekly_digest"))
}

/// Whether `browser`'s visitor gets mail about sessions scheduled, moved or cancelled, as their
/// account page says.
async fn gets_scheduling_mail(browser: &Browser) -> bool {
    ticked(&browser.get("/account").await, "scheduling")
}

/// The coach schedules a session, which mails the coachee: the coachee, logged in, and the path of
/// the stop link in that mail.
async fn coachee_told_of_a_session(stack: &Stack, mail: &MailCatcher) -> (Browser, String) {
    let coach = stack.logged_in("coach@example.com").await;
    let session = schedule_in(&coach, 3 * 24 * 60, "").await;
    let coachee = coach.get(&session).await.coachee_email();
    // Other mail (a reminder of a demo session) may come first.
    let scheduled = loop {
        let message = mail.message_to(coachee).await;
        if message.subject.starts_with("Session scheduled") {
            break message;
        }
    };
    let link = scheduled.links().into_iter().find(|link| link.contains(MAIL_STOP_PATH)).expect("a stop link");
    let path = link[link.find(MAIL_STOP_PATH).expect("the stop path")..].to_owned();
    (stack.logged_in(coachee).await, path)
}

#[tokio::test]
async fn the_account_page_shows_the_mail_settings_and_saves_them() {
    let stack = Stack::start().await;
    let browser = stack.logged_in("coachee@example.com").await;
    let page = browser.get("/account").await;
    assert!(page.body.contains("id=\"mail\""), "{}", page.body);
    assert_eq!(mail_shown(&page), (true, true, "day_before".to_owned(), false), "the defaults");

    let fields = [("actions", "on"), ("session_reminder", "hour_before"), ("weekly_digest", "on")];
    assert_eq!(browser.post("/account/mail", &fields).await.status, 403, "CSRF");
    let saved = browser.submit(&page, "/account/mail", &fields).await;
    assert_eq!((saved.status.as_u16(), saved.location()), (303, MAIL_SETTINGS_PATH));
    let page = browser.get("/account").await;
    assert!(page.body.contains("Mail settings saved."), "{}", page.body);
    assert_eq!(mail_shown(&page), (false, true, "hour_before".to_owned(), true));
    let saved = browser.submit(&page, "/account/mail", &[("session_reminder", "off")]).await;
    assert_eq!(saved.location(), MAIL_SETTINGS_PATH);
    assert_eq!(mail_shown(&browser.get("/account").await), (false, false, "off".to_owned(), false));
}

#[tokio::test]
async fn the_stop_link_asks_first_and_its_button_stops_that_kind_of_mail() {
    let (stack, mail) = Stack::start_with_mail().await;
    let (coachee, path) = coachee_told_of_a_session(&stack, &mail).await;
    let holder = stack.browser();
    let page = holder.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Stop this kind of mail?"), "{}", page.body);
    assert!(page.body.contains(&format!("<form method=\"post\" action=\"{path}\"")), "{}", page.body);
    assert!(
        gets_scheduling_mail(&coachee).await,
        "opening the link (as a mail scanner would) changes nothing"
    );

    let stopped = holder.post(&path, &[]).await;
    assert_eq!(stopped.status, 200);
    assert!(stopped.body.contains(SCHEDULING_STOPPED), "{}", stopped.body);
    let turn_back_on = format!("href=\"{MAIL_SETTINGS_PATH}\"");
    assert!(stopped.body.contains(&turn_back_on), "where to turn it back on");
    assert!(!gets_scheduling_mail(&coachee).await);
}

#[tokio::test]
async fn a_mail_programs_one_click_post_stops_that_kind_of_mail() {
    let (stack, mail) = Stack::start_with_mail().await;
    let (coachee, path) = coachee_told_of_a_session(&stack, &mail).await;
    // As RFC 8058 has mail programs post it, from their own servers: no cookie, no CSRF token.
    let one_click = [("List-Unsubscribe", "One-Click")];
    let too_large = "x".repeat(300 * 1024);
    let refused = stack.browser().post(&path, &[("List-Unsubscribe", too_large.as_str())]).await;
    assert_eq!(refused.status, 413, "bodies are bounded here too");
    assert!(gets_scheduling_mail(&coachee).await);

    let stopped = stack.browser().post(&path, &one_click).await;
    assert_eq!(stopped.status, 200, "{}", stopped.body);
    assert!(stopped.body.contains(SCHEDULING_STOPPED), "{}", stopped.body);
    assert!(!gets_scheduling_mail(&coachee).await);
    let again = stack.browser().post_from("https://mail.example", &path, &one_click).await;
    assert_eq!(again.status, 200, "another site's Origin, and stopping twice, are fine: {}", again.body);
    assert!(!gets_scheduling_mail(&coachee).await);
}

#[tokio::test]
async fn a_stop_link_naming_no_mail_is_no_longer_valid() {
    let stack = Stack::start().await;
    let unknown = stack.browser().post(&format!("{MAIL_STOP_PATH}/{}", Uuid::new_v4()), &[]).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains(NO_LONGER_VALID), "{}", unknown.body);
    let malformed = format!("{MAIL_STOP_PATH}/not-a-mail");
    assert_eq!(stack.browser().post(&malformed, &[]).await.status, 404);
    stack.browser().assert_not_found(&[&malformed]).await;
}

//! The private calendar feed: its address made, replaced and stopped on the account page, shown
//! once, and fetched as calendar servers fetch it, from their own servers without any cookie.

use chrono::Utc;
use contract::CALENDAR_FEED_PATH;

use crate::meeting_links::schedule_in;
use crate::support::{Browser, Page, Stack, start_web};

const SECTION: &str = "/account#calendar";
const MAKE_BUTTON: &str = ">Make a calendar address</button>";
const SHOWN_ONCE: &str = "Copy this address now: it is shown only once.";
const ADDRESS_SHOWN: &str = "Your calendar address: ";

/// The account page's Calendar feed section.
fn calendar_section(page: &Page) -> &str {
    let start =
        page.body.find("id=\"calendar\"").unwrap_or_else(|| panic!("no calendar section:\n{}", page.body));
    page.body[start..].split("</section>").next().unwrap_or_default()
}

/// Presses the section's button posting to `action`, which comes back to the section; the account
/// page then.
async fn press(browser: &Browser, action: &str) -> Page {
    let page = browser.get("/account").await;
    let pressed = browser.submit(&page, action, &[]).await;
    assert_eq!((pressed.status.as_u16(), pressed.location()), (303, SECTION), "{}", pressed.body);
    browser.get("/account").await
}

/// Makes `browser`'s visitor a (new) address: the account page showing it, and the address's path
/// on the web, checked to be shown in full, at the web's own origin.
async fn make_address(stack: &Stack, browser: &Browser) -> (Page, String) {
    let shown = press(browser, "/account/calendar").await;
    assert!(shown.body.contains(SHOWN_ONCE), "{}", shown.body);
    let address = shown.body.split(ADDRESS_SHOWN).nth(1).and_then(|rest| rest.split('<').next());
    let address = address.unwrap_or_else(|| panic!("no address shown:\n{}", shown.body));
    let path = address.strip_prefix(stack.web.base_url.as_str()).unwrap_or_else(|| panic!("{address}"));
    let path = path.to_owned();
    let token =
        path.strip_prefix(&format!("{CALENDAR_FEED_PATH}/")).and_then(|file| file.strip_suffix(".ics"));
    let well_formed = |token: &str| token.len() == 64 && token.bytes().all(|byte| byte.is_ascii_hexdigit());
    assert!(token.is_some_and(well_formed), "{path}");
    (shown, path)
}

/// The feed at `path` as a calendar server fetches it: a client without cookies.
async fn fetch(stack: &Stack, path: &str) -> Page {
    stack.browser().get(path).await
}

/// The calendar entry's UID of the session at `session` (`/sessions/<id>`).
fn uid_of(session: &str) -> String {
    format!("UID:session-{}@coaching-platform", session.trim_start_matches("/sessions/"))
}

#[tokio::test]
async fn a_made_address_is_shown_once_and_calendars_fetch_the_persons_sessions_there() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let session = schedule_in(&coach, 3 * 24 * 60, "").await;
    let page = coach.get("/account").await;
    let section = calendar_section(&page);
    assert!(section.contains(MAKE_BUTTON) && !section.contains("Made on"), "{section}");
    assert!(section.contains("From URL") && section.contains("never your notes"), "{section}");
    assert_eq!(coach.post("/account/calendar", &[]).await.status, 403, "CSRF");
    let csrf_token = page.csrf_token();
    let from_elsewhere = coach
        .post_from("https://elsewhere.example", "/account/calendar", &[("csrf_token", &csrf_token)])
        .await;
    assert_eq!(from_elsewhere.status, 403, "another site's Origin");

    let (shown, path) = make_address(&stack, &coach).await;
    let today = Utc::now().with_timezone(&chrono_tz::America::New_York).format("%-d %b %Y");
    assert!(calendar_section(&shown).contains(&format!("Made on {today}.")), "in the coach's zone");
    let again = coach.get("/account").await;
    assert!(!again.body.contains(SHOWN_ONCE) && !again.body.contains(&path), "shown only once");
    let section = calendar_section(&again);
    assert!(section.contains(">Make a new address</button>") && section.contains(">Stop the feed</button>"));
    assert!(!section.contains(MAKE_BUTTON), "{section}");

    let feed = fetch(&stack, &path).await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    let content_type = feed.headers.get("content-type").and_then(|value| value.to_str().ok());
    assert_eq!(content_type, Some("text/calendar; charset=utf-8"));
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"), "{}", feed.body);
    assert!(feed.body.contains(&uid_of(&session)), "the coach's new session:\n{}", feed.body);
    let others = stack.logged_in("coachee3@example.com").await.first_session().await;
    assert!(!feed.body.contains(&uid_of(&others)), "not a session of coach2 and coachee3");
}

#[tokio::test]
async fn a_new_address_ends_the_old_one() {
    let stack = Stack::start().await;
    let coachee = stack.logged_in("coachee@example.com").await;
    let (_, old) = make_address(&stack, &coachee).await;
    assert_eq!(fetch(&stack, &old).await.status, 200);

    let (_, new) = make_address(&stack, &coachee).await;
    assert_ne!(new, old);
    assert_eq!(fetch(&stack, &old).await.status, 404);
    assert_eq!(fetch(&stack, &new).await.status, 200);
}

#[tokio::test]
async fn stopping_the_feed_ends_its_address_and_offers_to_make_one_again() {
    let stack = Stack::start().await;
    let coachee = stack.logged_in("coachee@example.com").await;
    let (_, path) = make_address(&stack, &coachee).await;

    let stopped = press(&coachee, "/account/calendar/stop").await;
    assert!(stopped.body.contains("Calendar feed stopped"), "{}", stopped.body);
    let section = calendar_section(&stopped);
    assert!(section.contains(MAKE_BUTTON) && !section.contains("Made on"), "{section}");
    let gone = fetch(&stack, &path).await;
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("Not found"), "the web's page: {}", gone.body);
}

#[tokio::test]
async fn an_address_naming_no_feed_is_not_found_and_a_malformed_one_never_reaches_the_api() {
    let stack = Stack::start().await;
    let unknown = format!("{CALENDAR_FEED_PATH}/{}.ics", "ab".repeat(32));
    assert_eq!(fetch(&stack, &unknown).await.status, 404);

    // A web whose api does not answer: a malformed address that reached it would be "unavailable".
    let orphan = start_web(&format!("http://127.0.0.1:{}", testkit::free_port()), &[]).await;
    let malformed = [
        format!("{CALENDAR_FEED_PATH}/not-hex.ics"),
        format!("{CALENDAR_FEED_PATH}/{}.ics", "a".repeat(65)),
        format!("{CALENDAR_FEED_PATH}/abc"),
        format!("{CALENDAR_FEED_PATH}/.ics"),
    ];
    let malformed: Vec<&str> = malformed.iter().map(String::as_str).collect();
    Browser::new(&orphan.base_url).assert_not_found(&malformed).await;
}

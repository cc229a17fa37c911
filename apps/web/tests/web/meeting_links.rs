//! Joining sessions: the coach's standing meeting link for a relationship and a session's own,
//! the Join button from ten minutes before the start (session page and dashboard), and the
//! calendar file that adds a session to one's calendar.

use chrono::{Duration, Utc};
use chrono_tz::Tz;

use crate::support::{Browser, Page, Stack};

const STANDING_LINK: &str = "https://meet.example.com/casey-weekly";
const OWN_LINK: &str = "https://zoom.example.com/j/4242";

/// The demo coach's time zone, in which the schedule and reschedule forms take times.
const COACH_ZONE: Tz = chrono_tz::America::New_York;

/// The forms' date and time `minutes` from now in the coach's zone: to the minute, so a start a
/// little less than `minutes` ahead.
fn start_in(minutes: i64) -> (String, String) {
    let local = (Utc::now() + Duration::minutes(minutes)).with_timezone(&COACH_ZONE);
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

/// Sends the coach's dashboard's schedule form: an hour starting `minutes` from now, joined at its
/// own `meeting_url` (blank: none), in the first relationship; the answer.
async fn schedule(coach: &Browser, minutes: i64, meeting_url: &str) -> Page {
    let dashboard = coach.get("/").await;
    let relationship = dashboard.value_after("<option value=\"");
    let (date, time) = start_in(minutes);
    let fields = [
        ("relationship_id", relationship.as_str()),
        ("date", &date),
        ("time", &time),
        ("duration_minutes", "60"),
        ("meeting_url", meeting_url),
    ];
    coach.submit(&dashboard, "/sessions", &fields).await
}

/// As [`schedule`]; the new session's path.
pub async fn schedule_in(coach: &Browser, minutes: i64, meeting_url: &str) -> String {
    let scheduled = schedule(coach, minutes, meeting_url).await;
    assert!(scheduled.location().starts_with("/sessions/"), "{:?}", scheduled.location());
    scheduled.location().to_owned()
}

/// Sends `link` as the standing meeting link of the relationship of `session`, as the form on its
/// page does (whether or not the page offers it to `browser`); the answer.
async fn post_standing_link(browser: &Browser, session: &str, link: &str) -> Page {
    let page = browser.get(session).await;
    let meeting_link = page.first_link("/relationships/").replace("/goals", "/meeting-link");
    let session_id = session.trim_start_matches("/sessions/");
    browser.submit(&page, &meeting_link, &[("session_id", session_id), ("meeting_url", link)]).await
}

/// Moves nothing but the meeting link of `session`, through its reschedule form.
async fn set_own_link(coach: &Browser, session: &str, link: &str) -> Page {
    let page = coach.get(session).await;
    let value = |field: &str| field_value(&page, &format!("reschedule-{field}"));
    let (date, time, duration) = (value("date"), value("time"), value("duration"));
    let fields =
        [("date", date.as_str()), ("time", &time), ("duration_minutes", &duration), ("meeting_url", link)];
    coach.submit(&page, &format!("{session}/reschedule"), &fields).await
}

/// The value the page's input `id` holds.
fn field_value(page: &Page, id: &str) -> String {
    let input = page.body.split(&format!("id=\"{id}\"")).nth(1).and_then(|rest| rest.split('>').next());
    let value =
        input.and_then(|input| input.split("value=\"").nth(1)).and_then(|rest| rest.split('"').next());
    value.unwrap_or_else(|| panic!("no value in input {id}")).to_owned()
}

/// Where the Join button in `html` leads, checked to open a new tab that cannot reach back to
/// this page; `None` without a Join button.
fn join_link(html: &str) -> Option<String> {
    let end = html.find(">Join the session</a>")?;
    let tag = &html[html[..end].rfind("<a ")?..end];
    assert!(tag.contains("target=\"_blank\"") && tag.contains("rel=\"noopener noreferrer\""), "{tag}");
    Some(tag.split("href=\"").nth(1)?.split('"').next()?.to_owned())
}

/// The "What now" card of `browser`'s dashboard.
async fn what_now(browser: &Browser) -> String {
    let dashboard = browser.get("/").await;
    let card = dashboard.card_with("what-now", "What now");
    card.split("</section>").next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_coach_sets_the_relationships_link_and_both_join_there_from_ten_minutes_before() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let session = schedule_in(&coach, 5, "").await;
    let page = coach.get(&session).await;
    assert_eq!(join_link(&page.body), None, "no link yet");
    assert!(!page.body.contains("Join opens"), "nothing to join, nothing to wait for");
    assert!(page.body.contains(">Meeting link for all sessions with "), "the coach's form");

    let saved = post_standing_link(&coach, &session, STANDING_LINK).await;
    assert_eq!(saved.location(), format!("{session}#meeting-link"));
    let page = coach.get(&session).await;
    assert!(page.body.contains("Meeting link saved for all sessions with "), "{}", page.body);
    assert_eq!(field_value(&page, "relationship-meeting-url"), STANDING_LINK, "the form holds it");
    assert_eq!(join_link(&page.body).as_deref(), Some(STANDING_LINK));
    assert_eq!(join_link(&what_now(&coach).await).as_deref(), Some(STANDING_LINK));

    // The coachee joins at the same link; they may not change it, and are offered no form to.
    let coachee = stack.logged_in(page.coachee_email()).await;
    let seen = coachee.get(&session).await;
    assert_eq!(join_link(&seen.body).as_deref(), Some(STANDING_LINK));
    assert_eq!(join_link(&what_now(&coachee).await).as_deref(), Some(STANDING_LINK));
    assert!(!seen.body.contains("Meeting link for all sessions") && !seen.body.contains("/meeting-link\""));
    let refused = post_standing_link(&coachee, &session, "https://elsewhere.example/x").await;
    assert_eq!(refused.location(), format!("{session}#meeting-link"));
    assert!(!coachee.get(&session).await.flash("error").is_empty());
    let stored =
        stack.database.sql("SELECT meeting_url FROM coaching_relationships WHERE meeting_url IS NOT NULL");
    assert_eq!(stored.expect("sql"), STANDING_LINK, "unchanged");
}

#[tokio::test]
async fn a_sessions_own_link_goes_first_and_joining_waits_for_ten_minutes_before_the_start() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let later = schedule_in(&coach, 120, "").await;
    post_standing_link(&coach, &later, STANDING_LINK).await;
    let page = coach.get(&later).await;
    assert_eq!(join_link(&page.body), None, "two hours ahead");
    assert!(page.body.contains("Join opens 10 minutes before the start."), "{}", page.body);

    // Scheduled with a link of its own, a session is joined there, not at the relationship's.
    let soon = schedule_in(&coach, 5, OWN_LINK).await;
    let page = coach.get(&soon).await;
    assert_eq!(field_value(&page, "reschedule-meeting-url"), OWN_LINK, "the reschedule form holds it");
    assert_eq!(join_link(&page.body).as_deref(), Some(OWN_LINK));
    assert_eq!(join_link(&what_now(&coach).await).as_deref(), Some(OWN_LINK));

    // Without its own link again, it is joined at the relationship's; without that, nowhere.
    assert_eq!(set_own_link(&coach, &soon, " ").await.location(), soon);
    assert_eq!(join_link(&coach.get(&soon).await.body).as_deref(), Some(STANDING_LINK));
    let removed = post_standing_link(&coach, &soon, "").await;
    assert_eq!(removed.location(), format!("{soon}#meeting-link"));
    let page = coach.get(&soon).await;
    assert!(page.body.contains("Meeting link removed."), "{}", page.body);
    assert!(join_link(&page.body).is_none() && !page.body.contains("Join opens"));
}

#[tokio::test]
async fn a_link_that_is_no_https_link_comes_back_with_the_apis_reason_and_changes_nothing() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let session = schedule_in(&coach, 5, "").await;
    let count = |sql: &str| stack.database.sql(sql).expect("sql");
    let links_stored = || {
        count(
            "SELECT (SELECT count(meeting_url) FROM coaching_sessions) + (SELECT count(meeting_url) FROM coaching_relationships)",
        )
    };
    let sessions = count("SELECT count(*) FROM coaching_sessions");

    // The api's reason names the field and says what a link must be.
    let names_the_field = |page: Page| {
        let reason = page.flash("error").to_owned();
        assert!(reason.starts_with("meeting_url") && reason.contains("https://"), "{reason}");
    };
    for bad in ["http://x.example", "+49 30 123"] {
        let refused = post_standing_link(&coach, &session, bad).await;
        assert_eq!(refused.location(), format!("{session}#meeting-link"), "{bad}");
        names_the_field(coach.get(&session).await);
        assert_eq!(set_own_link(&coach, &session, bad).await.location(), session, "{bad}");
        names_the_field(coach.get(&session).await);
        assert_eq!(schedule(&coach, 60, bad).await.location(), "/#schedule", "{bad}");
        names_the_field(coach.get("/").await);
    }
    assert_eq!(links_stored(), "0");
    assert_eq!(count("SELECT count(*) FROM coaching_sessions"), sessions, "nothing scheduled");
}

#[tokio::test]
async fn add_to_calendar_downloads_the_session_for_those_who_see_it() {
    let stack = Stack::start().await;
    let (coachee, session, page) = stack.in_first_session("coachee@example.com").await;
    let download = page.first_link(&format!("{session}/calendar"));
    assert_eq!(download, format!("{session}/calendar.ics"));
    assert!(page.body.contains(">Add to calendar</a>"));

    let file = coachee.get(&download).await;
    assert_eq!(file.status, 200, "{}", file.body);
    let header =
        |name: &str| file.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default();
    assert!(header("content-type").starts_with("text/calendar"), "{}", header("content-type"));
    assert_eq!(header("content-disposition"), "attachment; filename=\"session.ics\"");
    assert!(file.body.starts_with("BEGIN:VCALENDAR"), "{}", file.body);
    let uid = format!("UID:session-{}@coaching-platform", session.trim_start_matches("/sessions/"));
    assert!(file.body.contains(&uid), "{}", file.body);

    // Nobody else gets it; a visitor not logged in logs in first.
    let outsider = stack.logged_in("coachee3@example.com").await;
    outsider.assert_not_found(&[&download, "/sessions/not-a-uuid/calendar.ics"]).await;
    let anonymous = stack.browser().get(&download).await;
    assert!(anonymous.location().starts_with("/login?next="), "{}", anonymous.location());
}

//! Recurring sessions in the browser, without JavaScript: the coach schedules a series from the
//! dashboard's form (Repeat, Ends), both people see its sessions a week apart at the same time of
//! day, each session page names its series, and the coach (only) ends it.

use chrono::{Datelike, Duration, NaiveDateTime};

use crate::support::{Browser, Page, Stack};

/// A Thursday in June, weeks away from any clock change in the demo people's zones (New York,
/// Berlin, Singapore): a week apart on the coach's clock is a week apart on everyone's.
const FIRST_DAY: &str = "2031-06-05";

/// The series' year: the demo data's sessions are all within weeks of today.
const SERIES_YEAR: i32 = 2031;

/// Every week, three sessions.
const WEEKLY_THREE_TIMES: [(&str, &str); 3] = [("every_weeks", "1"), ("ends", "after"), ("occurrences", "3")];

/// What the first session's page says of the series: the coach's time of day, in their zone.
const RHYTHM: &str = "every week on Thursdays at 09:00 (America/New_York)";

/// Sends the coach's dashboard's schedule form in its first relationship: 45 minutes at 09:00 (the
/// coach's time) on [`FIRST_DAY`], repeated as `repeat` says; the answer.
async fn schedule_series(coach: &Browser, repeat: &[(&str, &str)]) -> Page {
    let dashboard = coach.get("/").await;
    let relationship = dashboard.value_after("<option value=\"");
    let mut fields = vec![
        ("relationship_id", relationship.as_str()),
        ("date", FIRST_DAY),
        ("time", "09:00"),
        ("duration_minutes", "45"),
    ];
    fields.extend_from_slice(repeat);
    coach.submit(&dashboard, "/sessions", &fields).await
}

/// As [`schedule_series`], weekly three times; the first session's path.
async fn schedule_three_weeks(coach: &Browser) -> String {
    let scheduled = schedule_series(coach, &WEEKLY_THREE_TIMES).await;
    assert!(scheduled.location().starts_with("/sessions/"), "{:?}", scheduled.location());
    scheduled.location().to_owned()
}

/// The series' sessions on `dashboard`'s upcoming list: each one's path and start as the list
/// shows it (in the viewer's zone), in the list's order.
fn series_listed(dashboard: &Page) -> Vec<(String, NaiveDateTime)> {
    let upcoming =
        dashboard.body.split("id=\"upcoming\"").nth(1).and_then(|card| card.split("</section>").next());
    let rows = upcoming.expect("an upcoming list").split("<li>").skip(1);
    rows.filter_map(|row| {
        let (path, rest) = row.split_once("href=\"")?.1.split_once("\">")?;
        let when = rest.split("</a>").next()?;
        let starts = NaiveDateTime::parse_from_str(when, "%a %d %b %Y, %H:%M").expect("a start");
        (starts.year() == SERIES_YEAR).then(|| (path.to_owned(), starts))
    })
    .collect()
}

/// Where the End button of the session page `page` posts (the coach's page shows it).
fn end_form(page: &Page) -> String {
    let path = format!("/series/{}", page.value_after("action=\"/series/"));
    assert!(path.ends_with("/end"), "{path}");
    path
}

/// The form fields the End button sends from the page of `session`.
fn end_fields(session: &str) -> [(&str, &str); 1] {
    [("session_id", session.trim_start_matches("/sessions/"))]
}

#[tokio::test]
async fn a_weekly_series_lists_its_sessions_a_week_apart_at_the_same_time_for_the_coachee() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let first = schedule_three_weeks(&coach).await;
    let page = coach.get(&first).await;
    assert_eq!(page.flash("notice"), format!("3 sessions scheduled: {RHYTHM}."));
    assert!(page.body.contains("Thu 5 Jun 2031, 09:00"), "at the time typed: {}", page.body);
    assert!(page.body.contains(&format!("Part of a series: {RHYTHM}</p>")), "{}", page.body);

    // The coachee, in another zone, sees the three on their own clock, a week apart to the minute.
    let coachee = stack.logged_in(page.coachee_email()).await;
    let listed = series_listed(&coachee.get("/").await);
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert_eq!(listed[0].0, first, "the first one is the one the coach landed on");
    assert_ne!(listed[0].1.format("%H:%M").to_string(), "09:00", "the coachee's own clock");
    for pair in listed.windows(2) {
        assert_eq!(pair[1].1 - pair[0].1, Duration::weeks(1), "{listed:?}");
    }
    let seen = coachee.get(&first).await;
    assert!(seen.body.contains(&format!("Part of a series: {RHYTHM}</p>")), "{}", seen.body);
}

#[tokio::test]
async fn a_series_the_api_refuses_comes_back_with_its_reason_and_schedules_nothing() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let count = |sql: &str| stack.database.sql(sql).expect("sql");
    let sessions = count("SELECT count(*) FROM coaching_sessions");

    let refusals = [
        ([("ends", "after"), ("occurrences", "0")], "occurrences"),
        ([("ends", "on"), ("last_day", "2031-06-04")], "last_day"),
    ];
    for (ends, field) in refusals {
        let mut repeat = vec![("every_weeks", "1")];
        repeat.extend_from_slice(&ends);
        let refused = schedule_series(&coach, &repeat).await;
        assert_eq!(refused.location(), "/#schedule", "{field}");
        let dashboard = coach.get("/").await;
        let reason = dashboard.flash("error");
        assert!(reason.starts_with(field), "the api's reason names {field}: {reason}");
    }
    assert_eq!(count("SELECT count(*) FROM coaching_sessions"), sessions, "no session");
    assert_eq!(count("SELECT count(*) FROM session_series"), "0", "no series");
}

#[tokio::test]
async fn ending_a_series_removes_its_sessions_to_come() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let first = schedule_three_weeks(&coach).await;
    let page = coach.get(&first).await;

    let ended = coach.submit(&page, &end_form(&page), &end_fields(&first)).await;
    assert_eq!(ended.location(), "/");
    let dashboard = coach.get("/").await;
    assert_eq!(dashboard.flash("notice"), "Series ended: its sessions to come were removed.");
    assert!(series_listed(&dashboard).is_empty(), "none listed any more");
    coach.assert_not_found(&[&first]).await;
    let left = stack.database.sql("SELECT count(*) FROM coaching_sessions WHERE series_id IS NOT NULL");
    assert_eq!(left.expect("sql"), "0");
}

#[tokio::test]
async fn the_coachee_is_offered_no_end_button_and_cannot_end_the_series() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let first = schedule_three_weeks(&coach).await;
    let page = coach.get(&first).await;
    let (end, coachee) = (end_form(&page), stack.logged_in(page.coachee_email()).await);

    let seen = coachee.get(&first).await;
    assert!(seen.body.contains("Part of a series: "), "{}", seen.body);
    assert!(!seen.body.contains("End the series") && !seen.body.contains("/series/"), "{}", seen.body);

    // Posted by hand, it comes back to the session with the api's refusal; all three stay.
    let refused = coachee.submit(&seen, &end, &end_fields(&first)).await;
    assert_eq!(refused.location(), first);
    assert!(!coachee.get(&first).await.flash("error").is_empty());
    assert_eq!(series_listed(&coachee.get("/").await).len(), 3);
}

#[tokio::test]
async fn moving_a_session_with_the_following_moves_the_later_ones_and_alone_moves_it_only() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let first = schedule_three_weeks(&coach).await;
    let listed = series_listed(&coach.get("/").await);
    let (second, third) = (listed[1].0.clone(), listed[2].0.clone());
    let move_to = |date: &'static str, time: &'static str, apply: &'static str| {
        [("date", date), ("time", time), ("duration_minutes", "45"), ("apply", apply)]
    };

    // The second and the third: Fridays at 10:00 (the coach's time) from the second on.
    let page = coach.get(&second).await;
    assert!(page.body.contains("This and the following sessions"), "{}", page.body);
    let saved = coach
        .submit(&page, &format!("{second}/reschedule"), &move_to("2031-06-13", "10:00", "following"))
        .await;
    assert_eq!(saved.location(), second);
    assert_eq!(coach.get(&second).await.flash("notice"), "This session and the following ones saved.");
    let starts: Vec<String> = series_listed(&coach.get("/").await)
        .iter()
        .map(|(_, at)| at.format("%a %d %b, %H:%M").to_string())
        .collect();
    assert_eq!(starts, ["Thu 05 Jun, 09:00", "Fri 13 Jun, 10:00", "Fri 20 Jun, 10:00"]);

    // The first alone: the others stay where they are.
    let page = coach.get(&first).await;
    coach.submit(&page, &format!("{first}/reschedule"), &move_to("2031-06-05", "11:00", "this")).await;
    let starts: Vec<String> = series_listed(&coach.get("/").await)
        .iter()
        .map(|(_, at)| at.format("%a %d %b, %H:%M").to_string())
        .collect();
    assert_eq!(starts, ["Thu 05 Jun, 11:00", "Fri 13 Jun, 10:00", "Fri 20 Jun, 10:00"]);
    assert!(coach.get(&third).await.body.contains("Part of a series: every week on Fridays at 10:00"));
}

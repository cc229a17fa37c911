//! Sessions and actions that reach people: meeting links, the mail the other participant gets when
//! a session is scheduled, moved or cancelled (in their time zone, with a calendar file a real
//! iCalendar parser reads) or an action is assigned to them, and the outbox it all leaves through:
//! retried, given up on and counted, and shared by several apis without a mail lost or doubled.

use std::path::Path;
use std::time::{Duration, Instant};

use icalendar::{Calendar, CalendarComponent, Component, Event, EventLike};
use serde_json::{Value, json};
use testkit::mail::{MailCatcher, Message};
use testkit::{Service, start_api_with};

use crate::support::{API_BINARY, DEMO_PASSWORD, TestApi, mail_env, stdout};

const COACH: &str = "coach@example.com";
/// Reads times in Europe/Berlin (the demo data); the coach reads them in America/New_York.
const COACHEE: &str = "coachee@example.com";
const LINK: &str = "https://meet.example.com/ada-and-bo";

/// The demo relationship of coach@ and coachee@.
async fn relationship_of(api: &TestApi) -> String {
    let id = api.sql(&format!(
        "SELECT r.id FROM coaching_relationships r JOIN users c ON c.id = r.coach_id JOIN users e ON e.id = r.coachee_id
         WHERE c.email = '{COACH}' AND e.email = '{COACHEE}'"
    ));
    assert!(!id.is_empty(), "the demo data pairs {COACH} with {COACHEE}");
    id
}

/// The one calendar file a mail carries, parsed, with its METHOD.
fn invite(message: &Message) -> (String, Calendar) {
    assert_eq!(message.attachments.len(), 1, "one attachment in {:?}", message.subject);
    let file = &message.attachments[0];
    assert_eq!((file.file_name.as_str(), file.content_type.as_str()), ("invite.ics", "text/calendar"));
    let calendar: Calendar =
        file.text.parse().unwrap_or_else(|error| panic!("an iCalendar file: {error}\n{}", file.text));
    (calendar.property_value("METHOD").expect("a METHOD").to_owned(), calendar)
}

fn only_event(calendar: &Calendar) -> &Event {
    let events: Vec<&Event> = calendar
        .components
        .iter()
        .filter_map(
            |component| if let CalendarComponent::Event(event) = component { Some(event) } else { None },
        )
        .collect();
    assert_eq!(events.len(), 1, "one event");
    events[0]
}

#[tokio::test]
async fn the_coachee_hears_of_each_scheduling_change_in_their_time_zone_with_one_calendar_entry() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let relationship = relationship_of(&api).await;
    let with_link = coach
        .put(&format!("/relationships/{relationship}/meeting-link"), json!({ "meeting_url": LINK }))
        .await;
    assert_eq!(with_link.expect(200)["meeting_url"], LINK);

    // 08:00 UTC is 09:00 in Berlin before the clocks change on 28 March 2027 ...
    let session = coach
        .create(
            "/sessions",
            json!({ "relationship_id": relationship, "title": "Quarterly review",
                    "starts_at": "2027-03-25T08:00:00Z", "duration_minutes": 60 }),
        )
        .await;
    let scheduled = mail.message_to(COACHEE).await;
    assert_eq!(scheduled.subject, "Session scheduled for Thursday 25 March");
    for line in [
        "Thursday 25 March 2027, 09:00\u{2013}10:00 (Europe/Berlin)",
        "\u{201c}Quarterly review\u{201d}",
        &format!("Join: {LINK}"),
    ] {
        assert!(scheduled.text.contains(line), "{line:?} in:\n{}", scheduled.text);
    }
    assert!(
        scheduled.links().contains(&format!("http://localhost:8080/sessions/{session}").as_str()),
        "{}",
        scheduled.text
    );
    let (method, calendar) = invite(&scheduled);
    assert_eq!(method, "REQUEST");
    let event = only_event(&calendar);
    let uid = format!("session-{session}@coaching-platform");
    assert_eq!((event.get_uid(), event.get_sequence()), (Some(uid.as_str()), Some(0)));
    assert_eq!(event.get_location(), Some(LINK));
    assert_eq!(event.property_value("DTSTART"), Some("20270325T080000Z"));
    assert_eq!(event.property_value("DTEND"), Some("20270325T090000Z"));
    assert_eq!(event.get_summary(), Some("Quarterly review"));

    // A new title alone is no news; a new time is, and keeps the UID with a higher SEQUENCE.
    let change = |title: &str, starts_at: &str| json!({ "title": title, "starts_at": starts_at, "duration_minutes": 60 });
    coach.put(&format!("/sessions/{session}"), change("Review", "2027-03-25T08:00:00Z")).await.expect(200);
    // ... and 07:00 UTC is 09:00 after it.
    coach.put(&format!("/sessions/{session}"), change("Review", "2027-03-30T07:00:00Z")).await.expect(200);
    let moved = mail.message_to(COACHEE).await;
    assert_eq!(moved.subject, "Session moved to Tuesday 30 March");
    assert!(
        moved.text.contains("that was to start Thursday 25 March 2027, 09:00 has moved"),
        "{}",
        moved.text
    );
    assert!(
        moved.text.contains("Tuesday 30 March 2027, 09:00\u{2013}10:00 (Europe/Berlin)"),
        "{}",
        moved.text
    );
    let (method, calendar) = invite(&moved);
    let event = only_event(&calendar);
    assert_eq!(
        (method.as_str(), event.get_uid(), event.get_sequence()),
        ("REQUEST", Some(uid.as_str()), Some(2))
    );
    assert_eq!(event.property_value("DTSTART"), Some("20270330T070000Z"));

    coach.delete(&format!("/sessions/{session}")).await.expect(204);
    let cancelled = mail.message_to(COACHEE).await;
    assert_eq!(cancelled.subject, "Session cancelled: Tuesday 30 March");
    let (method, calendar) = invite(&cancelled);
    let event = only_event(&calendar);
    assert_eq!(method, "CANCEL");
    assert_eq!((event.get_uid(), event.get_sequence()), (Some(uid.as_str()), Some(3)));
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));

    // Three mails, each with its own Message-ID; none for the title change, none to the coach.
    let all = mail.messages_to(COACHEE).await;
    assert_eq!(all.len(), 3, "{:?}", all.iter().map(|m| &m.subject).collect::<Vec<_>>());
    let ids: std::collections::HashSet<&str> = all.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert!(all.iter().all(|m| m.message_id.ends_with("@localhost")), "{ids:?}");
    assert!(mail.messages_to(COACH).await.is_empty());
}

#[tokio::test]
async fn a_session_recorded_after_it_ended_tells_nobody() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let relationship = relationship_of(&api).await;
    let past = json!({ "relationship_id": relationship, "starts_at": "2026-01-05T08:00:00Z", "duration_minutes": 60 });
    let session = coach.create("/sessions", past).await;
    coach.delete(&format!("/sessions/{session}")).await.expect(204);
    // A later session's mail arrives; nothing came before it.
    let future = json!({ "relationship_id": relationship, "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 30 });
    coach.create("/sessions", future).await;
    assert_eq!(mail.message_to(COACHEE).await.subject, "Session scheduled for Monday 7 January");
    assert_eq!(mail.messages_to(COACHEE).await.len(), 1);
}

#[tokio::test]
async fn an_action_assigned_to_someone_else_is_mailed_to_them_alone() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let coachee = api.login(COACHEE, DEMO_PASSWORD).await;
    let relationship = relationship_of(&api).await;
    let future = json!({ "relationship_id": relationship, "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 30 });
    let session = coach.create("/sessions", future).await;
    mail.message_to(COACHEE).await;

    let action = json!({ "session_id": session, "body": "Read chapter 3\nand take notes", "due_on": "2030-01-10", "assignee": "coachee" });
    coach.create("/actions", action).await;
    let assigned = mail.message_to(COACHEE).await;
    assert_eq!(assigned.subject, "An action was assigned to you");
    assert!(assigned.text.contains("\u{201c}Read chapter 3 and take notes\u{201d}"), "{}", assigned.text);
    assert!(assigned.text.contains("Due Thursday 10 January 2030"), "{}", assigned.text);
    assert!(assigned.attachments.is_empty());

    // The coachee's own action tells nobody; sharing it with the coach tells the coach.
    let own = json!({ "session_id": session, "body": "Journal daily", "assignee": "coachee" });
    let own = coachee.create("/actions", own).await;
    let shared = json!({ "body": "Journal daily", "status": "not_started", "assignee": "both" });
    coachee.put(&format!("/actions/{own}"), shared).await.expect(200);
    let to_coach = mail.message_to(COACH).await;
    assert!(to_coach.text.contains("\u{201c}Journal daily\u{201d}"), "{}", to_coach.text);
    assert_eq!(mail.messages_to(COACHEE).await.len(), 2, "the session and the coach's action");
    assert_eq!(mail.messages_to(COACH).await.len(), 1);
}

#[tokio::test]
async fn a_meeting_link_is_https_and_a_session_may_have_its_own() {
    let api = TestApi::start_seeded().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let coachee = api.login(COACHEE, DEMO_PASSWORD).await;
    let relationship = relationship_of(&api).await;
    let link_of = format!("/relationships/{relationship}/meeting-link");
    for refused in ["http://zoom.us/j/1", "+49 30 1234567", "javascript:alert(1)"] {
        let message = coach
            .put(&link_of, json!({ "meeting_url": refused }))
            .await
            .expect_error_message(422, "validation_failed");
        assert!(message.starts_with("meeting_url"), "{refused}: {message}");
    }
    coachee.put(&link_of, json!({ "meeting_url": LINK })).await.expect_error(403, "forbidden");
    coach.put(&link_of, json!({ "meeting_url": LINK })).await.expect(200);

    let own = "https://zoom.us/j/42";
    let session = |meeting_url: Value| json!({ "relationship_id": relationship, "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 30, "meeting_url": meeting_url });
    let standing = coach.create("/sessions", session(Value::Null)).await;
    let special = coach.create("/sessions", session(json!(own))).await;
    let join_url = |workspace: Value| workspace["join_url"].clone();
    assert_eq!(join_url(coachee.get(&format!("/sessions/{standing}/workspace")).await.expect(200)), LINK);
    assert_eq!(join_url(coachee.get(&format!("/sessions/{special}/workspace")).await.expect(200)), own);
    coach.post("/sessions", session(json!("ftp://x.example"))).await.expect_error(422, "validation_failed");
}

/// Polls `query` (one value) until it reads `expected`, for up to `within`.
async fn until_sql(api: &TestApi, query: &str, expected: &str, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let value = api.sql(query);
        if value == expected {
            return;
        }
        assert!(Instant::now() < deadline, "{query} read {value:?}, not {expected:?}, after {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_mail_the_server_will_not_take_is_retried_then_given_up_on_counted_and_requeued() {
    let closed_port = testkit::free_port();
    let mut env = mail_env(&format!("smtp://127.0.0.1:{closed_port}"));
    let metrics_port = testkit::free_port();
    env.extend([
        ("MAIL_MAX_ATTEMPTS", "3".to_owned()),
        ("MAIL_RETRY_SECONDS", "1".to_owned()),
        ("METRICS_PORT", metrics_port.to_string()),
    ]);
    let api = TestApi::start_seeded_with(&env).await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let relationship = relationship_of(&api).await;
    // The change itself succeeds: its mail waits in the outbox.
    let future = json!({ "relationship_id": relationship, "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 30 });
    coach.create("/sessions", future).await;

    // Attempts 1, 2 (after 1 s) and 3 (after 2 s more), then dead.
    until_sql(&api, "SELECT state || ' ' || attempts FROM outbox", "dead 3", Duration::from_secs(20)).await;
    assert!(api.sql("SELECT last_error FROM outbox").contains("did not take the mail"));
    let metrics = reqwest::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    for line in
        ["mail_retries_total{kind=\"session_scheduled\"} 2", "mail_dead_total{kind=\"session_scheduled\"} 1"]
    {
        assert!(metrics.contains(line), "{line} in:\n{metrics}");
    }

    let status = api.cli(&["outbox", "status"]);
    let printed = stdout(&status);
    assert!(status.status.success() && printed.contains("given up on (dead): 1"), "{printed}");
    assert!(printed.contains("session_scheduled") && printed.contains("after 3 attempts"), "{printed}");
    let requeue = api.cli(&["outbox", "requeue"]);
    assert!(stdout(&requeue).contains("1 mail(s) put back"), "{}", stdout(&requeue));
    // Back in the queue with fresh attempts: the api tries (and here fails) again.
    until_sql(
        &api,
        "SELECT state || ' ' || (attempts > 0) FROM outbox",
        "pending true",
        Duration::from_secs(10),
    )
    .await;
}

/// Writes `count` notices to the outbox in one statement, each for the coachee.
fn enqueue_notices(api: &TestApi, count: usize) {
    api.sql(&format!(
        "INSERT INTO outbox (kind, recipient_id, payload)
         SELECT 'action_assigned', u.id, jsonb_build_object('action_id', gen_random_uuid(),
                'body', 'Action ' || n, 'due_on', NULL, 'by', 'The coach')
         FROM users u CROSS JOIN generate_series(1, {count}) n WHERE u.email = '{COACHEE}'"
    ));
}

#[tokio::test]
async fn three_apis_share_the_outbox_and_one_killed_mid_send_loses_and_doubles_nothing() {
    const NOTICES: usize = 500;
    let mail = MailCatcher::start().await;
    let first = TestApi::start_seeded_with(&mail_env(&mail.smtp_url())).await;
    let mut others: Vec<Service> = Vec::new();
    for _ in 0..2 {
        others.push(
            start_api_with(Path::new(API_BINARY), &first.database.url, &mail_env(&mail.smtp_url()))
                .await
                .expect("api starts"),
        );
    }
    enqueue_notices(&first, NOTICES);
    // Kill one api while the three send.
    let deadline = Instant::now() + Duration::from_secs(60);
    while mail.count().await < NOTICES / 5 {
        assert!(Instant::now() < deadline, "the apis send the outbox");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    others[0].stop();

    // A row the killed api held is taken over when its claim expires (30 s).
    until_sql(
        &first,
        "SELECT count(*) FROM outbox WHERE state = 'sent'",
        &NOTICES.to_string(),
        Duration::from_secs(90),
    )
    .await;
    let ids = mail.message_ids().await;
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), NOTICES, "every notice mailed");
    // At least once: only a mail the killed api had handed to the server, but not yet recorded as
    // sent, can go out twice, under the same Message-ID.
    let doubled = ids.len() - distinct.len();
    assert!(doubled <= 1, "{doubled} mails went out twice");
    println!("{NOTICES} notices, 3 apis, one killed mid-send: {} mails, {doubled} doubled", ids.len());
}

#[tokio::test]
async fn every_notification_stops_its_kind_of_mail_in_one_click_and_the_profile_sets_them_all() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let coachee = api.login(COACHEE, DEMO_PASSWORD).await;
    let defaults = json!({ "scheduling": true, "actions": true, "session_reminder": "day_before", "weekly_digest": false });
    assert_eq!(coachee.get("/account/mail-settings").await.expect(200), defaults);
    let relationship = relationship_of(&api).await;
    let session = |day: u32| json!({ "relationship_id": relationship, "starts_at": format!("2030-01-{day:02}T08:00:00Z"), "duration_minutes": 30 });
    let first = coach.create("/sessions", session(7)).await;

    let scheduled = mail.message_to(COACHEE).await;
    let stop_link = scheduled
        .links()
        .into_iter()
        .find(|link| link.contains("/mail/stop/"))
        .expect("a stop link")
        .to_owned();
    assert!(
        scheduled.text.contains("To stop mail about sessions scheduled, moved or cancelled in one click"),
        "{}",
        scheduled.text
    );
    let mail_id = stop_link.rsplit('/').next().expect("an id");
    assert_eq!(scheduled.message_id, format!("{mail_id}@localhost"), "the link names this very mail");
    let anonymous = api.anonymous();
    assert_eq!(
        anonymous.post(&format!("/mail/{mail_id}/stop"), json!({})).await.expect(200),
        json!({ "kind": "scheduling" })
    );
    assert_eq!(coachee.get("/account/mail-settings").await.expect(200)["scheduling"], false);
    anonymous.post(&format!("/mail/{}/stop", uuid_like(9)), json!({})).await.expect_error(404, "not_found");

    // No scheduling mail now; an action's mail still comes, and is the next one.
    coach.create("/sessions", session(8)).await;
    let action = json!({ "session_id": first, "body": "Sketch the plan", "assignee": "coachee" });
    coach.create("/actions", action).await;
    assert_eq!(mail.message_to(COACHEE).await.subject, "An action was assigned to you");
    assert_eq!(mail.messages_to(COACHEE).await.len(), 2);

    let chosen = json!({ "scheduling": true, "actions": false, "session_reminder": "hour_before", "weekly_digest": true });
    assert_eq!(coachee.put("/account/mail-settings", chosen.clone()).await.expect(200), chosen);
    assert_eq!(coachee.get("/account/mail-settings").await.expect(200), chosen);
    let unknown =
        json!({ "scheduling": true, "actions": false, "session_reminder": "weekly", "weekly_digest": true });
    assert!(coachee.put("/account/mail-settings", unknown).await.status.is_client_error());
}

/// A well-formed id that names nothing.
fn uuid_like(digit: u8) -> String {
    let d = char::from(b'0' + digit);
    format!(
        "{0}{0}{0}{0}{0}{0}{0}{0}-{0}{0}{0}{0}-4{0}{0}{0}-8{0}{0}{0}-{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}",
        d
    )
}

/// An instant `minutes` from now, as the api reads it.
fn in_minutes(minutes: i64) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::minutes(minutes))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[tokio::test]
async fn a_reminder_comes_once_as_long_before_as_each_person_chose_but_not_at_short_notice() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let coachee = api.login(COACHEE, DEMO_PASSWORD).await;
    let chosen = json!({ "scheduling": false, "actions": true, "session_reminder": "hour_before", "weekly_digest": false });
    coachee.put("/account/mail-settings", chosen).await.expect(200);
    let relationship = relationship_of(&api).await;
    let session = |minutes| json!({ "relationship_id": relationship, "starts_at": in_minutes(minutes), "duration_minutes": 30, "title": "Check-in" });
    // Scheduled two days ago (as far as reminders go), due in 40 minutes: inside the coachee's
    // hour and the coach's day (the demo default).
    let due = coach.create("/sessions", session(40)).await;
    api.sql(&format!(
        "UPDATE coaching_sessions SET created_at = now() - interval '2 days' WHERE id = '{due}'"
    ));
    // Scheduled now for in 50 minutes: its scheduling was the reminder.
    coach.create("/sessions", session(50)).await;

    // The apis look for what fell due every 15 s.
    let sent = "SELECT count(*) FROM outbox WHERE kind = 'session_reminder' AND state = 'sent'";
    until_sql(&api, sent, "2", Duration::from_secs(40)).await;
    let reminder = mail.message_to(COACHEE).await;
    assert!(reminder.subject.starts_with("Reminder: session "), "{}", reminder.subject);
    assert!(
        reminder.text.contains("\u{201c}Check-in\u{201d}") && reminder.text.contains("(Europe/Berlin)"),
        "{}",
        reminder.text
    );
    assert!(
        reminder.links().contains(&format!("http://localhost:8080/sessions/{due}").as_str()),
        "{}",
        reminder.text
    );
    assert!(
        reminder.text.contains("To stop reminders before your sessions in one click"),
        "{}",
        reminder.text
    );
    assert!(mail.message_to(COACH).await.text.contains("(America/New_York)"));

    // After two more looks, still one reminder each.
    tokio::time::sleep(Duration::from_secs(31)).await;
    assert_eq!(mail.messages_to(COACHEE).await.len(), 1);
    assert_eq!(mail.messages_to(COACH).await.len(), 1);
    assert_eq!(api.sql("SELECT count(*) FROM outbox WHERE kind = 'session_reminder'"), "2");
    let mail_id = reminder.message_id.trim_end_matches("@localhost");
    api.anonymous().post(&format!("/mail/{mail_id}/stop"), json!({})).await.expect(200);
    assert_eq!(coachee.get("/account/mail-settings").await.expect(200)["session_reminder"], "off");
}

#[tokio::test]
async fn the_weekly_digest_lists_the_week_in_the_persons_time_zone_once() {
    use chrono::Datelike;
    let berlin_today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Berlin).date_naive();
    let weekday = berlin_today.format("%A").to_string().to_lowercase();
    let mail = MailCatcher::start().await;
    let mut env = mail_env(&mail.smtp_url());
    // Today, from midnight: due at once for the coachee, who reads times in Berlin.
    env.extend([("DIGEST_WEEKDAY", weekday), ("DIGEST_HOUR", "0".to_owned())]);
    let api = TestApi::start_seeded_with(&env).await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let coachee = api.login(COACHEE, DEMO_PASSWORD).await;
    let relationship = relationship_of(&api).await;
    let in_two_days = chrono::Utc::now() + chrono::TimeDelta::days(2);
    let starts_at = in_two_days.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let session = coach
        .create("/sessions", json!({ "relationship_id": relationship, "starts_at": starts_at, "duration_minutes": 45, "title": "Mid-week" }))
        .await;
    let due_on = berlin_today.checked_add_days(chrono::Days::new(3)).expect("a day");
    let action = json!({ "session_id": session, "body": "Draft the proposal", "due_on": due_on.to_string(), "assignee": "coachee" });
    coach.create("/actions", action).await;
    let later =
        json!({ "session_id": session, "body": "Someday", "due_on": "2031-01-01", "assignee": "coachee" });
    coach.create("/actions", later).await;
    let chosen =
        json!({ "scheduling": false, "actions": false, "session_reminder": "off", "weekly_digest": true });
    coachee.put("/account/mail-settings", chosen).await.expect(200);

    let sent = "SELECT count(*) FROM outbox WHERE kind = 'weekly_digest' AND state = 'sent'";
    until_sql(&api, sent, "1", Duration::from_secs(40)).await;
    let digest = mail.message_to(COACHEE).await;
    assert_eq!(digest.subject, format!("Your coaching week from {}", berlin_today.format("%A %-d %B")));
    let local_start =
        in_two_days.with_timezone(&chrono_tz::Europe::Berlin).format("%A %-d %B %Y, %H:%M").to_string();
    for expected in [
        local_start.as_str(),
        "(Europe/Berlin)",
        "\u{201c}Mid-week\u{201d}",
        "\u{201c}Draft the proposal\u{201d}",
    ] {
        assert!(digest.text.contains(expected), "{expected:?} in:\n{}", digest.text);
    }
    assert!(!digest.text.contains("Someday"), "{}", digest.text);
    assert_eq!(due_on.weekday(), (berlin_today + chrono::Days::new(3)).weekday());
    // Looked for again 15 s later: still one digest this week.
    tokio::time::sleep(Duration::from_secs(16)).await;
    assert_eq!(mail.messages_to(COACHEE).await.len(), 1);
    assert!(
        mail.messages_to(COACH)
            .await
            .iter()
            .all(|message| !message.subject.starts_with("Your coaching week"))
    );
}

//! Recurring sessions: a series keeps its time of day in its own time zone across clock changes,
//! reaches the coachee as one mail whose calendar entry a real parser expands to the same
//! sessions, and its sessions are then moved or skipped one by one under the series' entry.

use icalendar::{Calendar, Component};
use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, TestApi};

const COACH: &str = "coach@example.com";
const COACHEE: &str = "coachee@example.com";

fn relationship(api: &TestApi) -> String {
    api.sql(&format!(
        "SELECT r.id FROM coaching_relationships r JOIN users c ON c.id = r.coach_id JOIN users e ON e.id = r.coachee_id
         WHERE c.email = '{COACH}' AND e.email = '{COACHEE}'"
    ))
}

fn starts(series: &Value) -> Vec<String> {
    series["upcoming"]
        .as_array()
        .expect("upcoming")
        .iter()
        .map(|s| s["starts_at"].as_str().expect("a start").to_owned())
        .collect()
}

/// The one calendar file of a mail, parsed.
fn calendar_of(message: &testkit::mail::Message) -> Calendar {
    message.attachments[0].text.parse().expect("an iCalendar file")
}

/// The UTC starts a calendar's recurring entry expands to.
fn expanded(calendar: &Calendar) -> Vec<String> {
    let event = calendar.calendar_events().next().expect("an event");
    let set = event.get_recurrence().expect("a recurrence");
    set.all(200)
        .dates
        .iter()
        .map(|at| at.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .collect()
}

#[tokio::test]
async fn a_weekly_series_stays_at_nine_in_berlin_and_its_invite_expands_to_its_sessions() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let new_series = json!({
        "relationship_id": relationship(&api), "first_starts_at": "2027-03-18T09:00:00", "timezone": "Europe/Berlin",
        "every_weeks": 1, "occurrences": 3, "duration_minutes": 60, "title": "Weekly coaching",
        "meeting_url": "https://meet.example.com/weekly"
    });
    let series = coach.post("/series", new_series).await.expect(201);
    let expected = ["2027-03-18T08:00:00Z", "2027-03-25T08:00:00Z", "2027-04-01T07:00:00Z"];
    assert_eq!(starts(&series), expected);

    let invited = mail.message_to(COACHEE).await;
    assert_eq!(invited.subject, "Sessions scheduled from Thursday 18 March");
    assert!(
        invited.text.contains("3 sessions, every week, the first Thursday 18 March 2027, 09:00"),
        "{}",
        invited.text
    );
    let calendar = calendar_of(&invited);
    assert_eq!(calendar.property_value("METHOD"), Some("REQUEST"));
    let uid = format!("series-{}@coaching-platform", series["id"].as_str().expect("an id"));
    let event = calendar.calendar_events().next().expect("an event");
    assert_eq!(event.get_uid(), Some(uid.as_str()));
    assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY;INTERVAL=1;BYDAY=TH;COUNT=3"));
    assert_eq!(expanded(&calendar), expected, "the calendar's sessions are the platform's");

    // The second session alone moves an hour: an update of that instance of the series' entry.
    let second = series["upcoming"][1]["id"].as_str().expect("an id").to_owned();
    let moved = json!({ "title": "Weekly coaching", "starts_at": "2027-03-25T09:00:00Z", "duration_minutes": 60,
                        "meeting_url": "https://meet.example.com/weekly" });
    coach.put(&format!("/sessions/{second}"), moved).await.expect(200);
    let update = mail.message_to(COACHEE).await;
    assert!(update.subject.starts_with("Session moved"), "{}", update.subject);
    let text = &update.attachments[0].text;
    assert!(text.contains(&format!("UID:{uid}")), "{text}");
    assert!(text.contains("RECURRENCE-ID;TZID=Europe/Berlin:20270325T090000"), "{text}");
    assert!(text.contains("SEQUENCE:1"), "{text}");

    // The third is skipped: that instance is cancelled, the others stay.
    let third = series["upcoming"][2]["id"].as_str().expect("an id").to_owned();
    coach.delete(&format!("/sessions/{third}")).await.expect(204);
    let cancel = mail.message_to(COACHEE).await;
    let text = &cancel.attachments[0].text;
    assert!(
        text.contains("METHOD:CANCEL") && text.contains("RECURRENCE-ID;TZID=Europe/Berlin:20270401T090000"),
        "{text}"
    );
    let after = coach.get(&format!("/series/{}", series["id"].as_str().expect("an id"))).await.expect(200);
    assert_eq!(starts(&after), ["2027-03-18T08:00:00Z", "2027-03-25T09:00:00Z"]);
}

#[tokio::test]
async fn new_york_keeps_its_time_across_its_own_change_and_an_ended_relationship_ends_its_series() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let relationship = relationship(&api);
    let new_series = json!({
        "relationship_id": relationship, "first_starts_at": "2030-03-04T09:00:00", "timezone": "America/New_York",
        "every_weeks": 2, "last_day": "2030-04-01", "duration_minutes": 30
    });
    let series = coach.post("/series", new_series).await.expect(201);
    // The clocks change on 10 March 2030 in New York.
    let expected = ["2030-03-04T14:00:00Z", "2030-03-18T13:00:00Z", "2030-04-01T13:00:00Z"];
    assert_eq!(starts(&series), expected);
    let calendar = calendar_of(&mail.message_to(COACHEE).await);
    let event = calendar.calendar_events().next().expect("an event");
    assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20300402T035959Z"));
    assert_eq!(expanded(&calendar), expected, "the calendar's sessions are the platform's");

    for (field, refused) in [
        ("every_weeks", json!({ "every_weeks": 0 })),
        ("occurrences", json!({ "occurrences": 500 })),
        ("timezone", json!({ "timezone": "Mars/Olympus" })),
        ("give either", json!({ "occurrences": 3, "last_day": "2030-04-01" })),
    ] {
        let mut body = json!({ "relationship_id": relationship, "first_starts_at": "2030-03-04T09:00:00",
                               "timezone": "UTC", "every_weeks": 1, "duration_minutes": 30 });
        if refused.get("last_day").is_none() && refused.get("occurrences").is_none() {
            body["occurrences"] = json!(2);
        }
        for (key, value) in refused.as_object().expect("fields") {
            body[key] = value.clone();
        }
        let message = coach.post("/series", body).await.expect_error_message(422, "validation_failed");
        assert!(message.contains(field), "{field}: {message}");
    }
    let coachee = api.login(COACHEE, DEMO_PASSWORD).await;
    let attempt = json!({ "relationship_id": relationship, "first_starts_at": "2030-03-04T09:00:00",
                          "timezone": "UTC", "every_weeks": 1, "occurrences": 2, "duration_minutes": 30 });
    coachee.post("/series", attempt).await.expect_error(403, "forbidden");

    admin.post(&format!("/relationships/{relationship}/end"), json!({})).await.expect(200);
    let ended = coach.get(&format!("/series/{}", series["id"].as_str().expect("an id"))).await.expect(200);
    assert!(ended["ended_at"].is_string());
    assert_eq!(starts(&ended), Vec::<String>::new(), "its sessions to come went with it");
}

#[tokio::test]
async fn this_and_following_splits_the_series_keeps_skipped_days_skipped_and_mails_both_entries() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let coach = api.login(COACH, DEMO_PASSWORD).await;
    let new_series = json!({
        "relationship_id": relationship(&api), "first_starts_at": "2027-03-18T09:00:00", "timezone": "Europe/Berlin",
        "every_weeks": 1, "occurrences": 4, "duration_minutes": 60
    });
    let series = coach.post("/series", new_series).await.expect(201);
    let old_uid = format!("series-{}@coaching-platform", series["id"].as_str().expect("an id"));
    mail.message_to(COACHEE).await;
    let session = |index: usize| series["upcoming"][index]["id"].as_str().expect("an id").to_owned();
    coach.delete(&format!("/sessions/{}", session(3))).await.expect(204);
    mail.message_to(COACHEE).await;

    // From the second on: Fridays at 10:00 instead of Thursdays at 09:00.
    let change = json!({ "starts_at": "2027-03-26T09:00:00Z", "duration_minutes": 45 });
    let moved = coach.put(&format!("/sessions/{}/following", session(1)), change).await.expect(200);
    assert_eq!(starts(&moved), ["2027-03-26T09:00:00Z", "2027-04-02T08:00:00Z"]);
    assert_ne!(moved["id"], series["id"], "a series of its own");
    let old = coach.get(&format!("/series/{}", series["id"].as_str().expect("an id"))).await.expect(200);
    assert_eq!(
        (starts(&old), &old["last_day"]),
        (vec!["2027-03-18T08:00:00Z".to_owned()], &json!("2027-03-24"))
    );

    let message = mail.message_to(COACHEE).await;
    assert_eq!(message.subject, "Sessions moved from Friday 26 March");
    assert_eq!(message.attachments.len(), 2, "the new series and the old one, ended");
    let new_calendar = calendar_of(&message);
    let event = new_calendar.calendar_events().next().expect("an event");
    assert_eq!(
        event.get_uid(),
        Some(format!("series-{}@coaching-platform", moved["id"].as_str().expect("an id")).as_str())
    );
    assert_eq!(
        expanded(&new_calendar),
        ["2027-03-26T09:00:00Z", "2027-04-02T08:00:00Z"],
        "the skipped day stays skipped"
    );
    let old_calendar: Calendar = message.attachments[1].text.parse().expect("an iCalendar file");
    let old_event = old_calendar.calendar_events().next().expect("an event");
    assert_eq!((old_event.get_uid(), old_event.get_sequence()), (Some(old_uid.as_str()), Some(1)));
    assert_eq!(expanded(&old_calendar), ["2027-03-18T08:00:00Z"]);

    let single = json!({ "relationship_id": relationship(&api), "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 30 });
    let alone = coach.create("/sessions", single).await;
    let change = json!({ "starts_at": "2030-01-08T09:00:00Z", "duration_minutes": 30 });
    let message = coach
        .put(&format!("/sessions/{alone}/following"), change)
        .await
        .expect_error_message(422, "validation_failed");
    assert!(message.contains("not part of a series"), "{message}");
}

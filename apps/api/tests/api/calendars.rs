//! Sessions in people's calendars: the private feed each person subscribes to (theirs alone,
//! revocable, never a word of what was written), and the file one session downloads as.

use icalendar::{Calendar, CalendarComponent, Component};
use serde_json::json;

use crate::support::{DEMO_PASSWORD, TestApi};

/// The UIDs of a calendar's events.
fn uids(calendar: &Calendar) -> Vec<String> {
    calendar
        .components
        .iter()
        .filter_map(|component| match component {
            CalendarComponent::Event(event) => event.get_uid().map(str::to_owned),
            _ => None,
        })
        .collect()
}

async fn fetch(api: &TestApi, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{}{path}", api.server.base_url)).await.expect("the api answers");
    let status = response.status().as_u16();
    if status == 200 {
        let kind = response.headers()["content-type"].to_str().expect("a content type").to_owned();
        assert!(kind.starts_with("text/calendar"), "{kind}");
    }
    (status, response.text().await.expect("a body"))
}

#[tokio::test]
async fn a_private_feed_holds_its_owners_sessions_without_a_word_written_in_them_until_revoked() {
    let api = TestApi::start_seeded().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    let coachee = api.login("coachee@example.com", DEMO_PASSWORD).await;
    let other_coachee = api.login("coachee2@example.com", DEMO_PASSWORD).await;
    assert_eq!(coachee.get("/account/calendar-feed").await.expect(200), json!({ "made_at": null }));
    let relationship = |coachee: &str| {
        api.sql(&format!(
            "SELECT r.id FROM coaching_relationships r JOIN users e ON e.id = r.coachee_id
             JOIN users c ON c.id = r.coach_id WHERE c.email = 'coach@example.com' AND e.email = '{coachee}'"
        ))
    };
    let session = |relationship: String, title: &str| json!({ "relationship_id": relationship, "title": title, "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 60 });
    let theirs = coach.create("/sessions", session(relationship("coachee@example.com"), "Career plan")).await;
    let someone_elses =
        coach.create("/sessions", session(relationship("coachee2@example.com"), "Other plan")).await;
    coach.create("/notes", json!({ "session_id": theirs, "body": "CONFIDENTIAL: salary talk" })).await;

    let made = coachee.post("/account/calendar-feed", json!({})).await.expect(201);
    let path = made["path"].as_str().expect("a path").to_owned();
    let token = path
        .strip_prefix("/calendar/")
        .and_then(|rest| rest.strip_suffix(".ics"))
        .expect("/calendar/<token>.ics");
    assert_eq!(token.len(), 64);
    assert!(coachee.get("/account/calendar-feed").await.expect(200)["made_at"].is_string());

    let (status, text) = fetch(&api, &format!("/calendar-feeds/{token}")).await;
    assert_eq!(status, 200);
    let calendar: Calendar = text.parse().expect("an iCalendar file");
    let uids = uids(&calendar);
    assert!(uids.contains(&format!("session-{theirs}@coaching-platform")), "{uids:?}");
    assert!(!uids.contains(&format!("session-{someone_elses}@coaching-platform")), "{uids:?}");
    assert!(text.contains("Career plan") && !text.contains("Other plan"), "{text}");
    assert!(!text.contains("CONFIDENTIAL") && !text.contains("salary"), "no note text in a feed:\n{text}");

    // Another person's feed is theirs alone; a made-up token and a revoked one find nothing.
    let other_path = other_coachee.post("/account/calendar-feed", json!({})).await.expect(201)["path"]
        .as_str()
        .expect("a path")
        .to_owned();
    let other_token = other_path.trim_start_matches("/calendar/").trim_end_matches(".ics");
    let (_, other_text) = fetch(&api, &format!("/calendar-feeds/{other_token}")).await;
    assert!(other_text.contains("Other plan") && !other_text.contains("Career plan"), "{other_text}");
    assert_eq!(fetch(&api, &format!("/calendar-feeds/{}", "0".repeat(64))).await.0, 404);
    coachee.delete("/account/calendar-feed").await.expect(204);
    assert_eq!(fetch(&api, &format!("/calendar-feeds/{token}")).await.0, 404);

    // A new address works, and the old one stays dead.
    let renewed = coachee.post("/account/calendar-feed", json!({})).await.expect(201)["path"]
        .as_str()
        .expect("a path")
        .to_owned();
    assert_ne!(renewed, path);
    assert_eq!(
        fetch(
            &api,
            &format!("/calendar-feeds/{}", renewed.trim_start_matches("/calendar/").trim_end_matches(".ics"))
        )
        .await
        .0,
        200
    );
    assert_eq!(fetch(&api, &format!("/calendar-feeds/{token}")).await.0, 404);
}

#[tokio::test]
async fn a_session_downloads_as_a_calendar_file_for_those_who_see_it() {
    let api = TestApi::start_seeded().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    let relationship = api.sql(
        "SELECT r.id FROM coaching_relationships r JOIN users e ON e.id = r.coachee_id WHERE e.email = 'coachee@example.com' LIMIT 1",
    );
    let session = coach
        .create("/sessions", json!({ "relationship_id": relationship, "starts_at": "2030-01-07T08:00:00Z", "duration_minutes": 60 }))
        .await;
    let reply = coach.raw_get(&format!("/sessions/{session}/calendar")).await;
    assert_eq!(reply.status().as_u16(), 200);
    let disposition = reply.headers()["content-disposition"].to_str().expect("a disposition").to_owned();
    assert_eq!(disposition, "attachment; filename=\"session.ics\"");
    let calendar: Calendar = reply.text().await.expect("a body").parse().expect("an iCalendar file");
    assert_eq!(uids(&calendar), [format!("session-{session}@coaching-platform")]);
    assert_eq!(calendar.property_value("METHOD"), Some("PUBLISH"));
    let outsider = api.login("coach2@example.com", DEMO_PASSWORD).await;
    outsider.get(&format!("/sessions/{session}/calendar")).await.expect_error(404, "not_found");
}

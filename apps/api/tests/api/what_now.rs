//! The dashboard in one answer, and its "what now": the next session with its agenda's size,
//! what is due soon, and the goals in progress, for each person only their own.

use chrono::{Days, Utc};
use serde_json::json;

use crate::support::{World, ids, in_order};

#[tokio::test]
async fn what_now_gathers_the_next_session_what_is_due_and_goals_in_progress() {
    let w = World::build().await;
    let soon = Utc::now().date_naive().checked_add_days(Days::new(3)).expect("a day").to_string();
    let overdue = Utc::now().date_naive().pred_opt().expect("a day").to_string();
    let action = |body: &str, due: &str, assignee: &str| json!({ "session_id": w.session_id, "body": body, "due_on": due, "assignee": assignee });
    let for_coach = w.coachee.create("/actions", action("send the slides", &soon, "coach")).await;
    let late = w.coach.create("/actions", action("book the room", &overdue, "both")).await;
    w.coachee.create(&format!("/sessions/{}/agenda", w.session_id), json!({ "body": "Feedback" })).await;
    w.coachee
        .put(&format!("/goals/{}/status", w.goal_id), json!({ "status": "in_progress" }))
        .await
        .expect(200);

    let coach = w.coach.get("/what-now").await.expect(200);
    assert_eq!(
        (&coach["next_session"]["session"]["id"], &coach["next_session"]["agenda_topics"]),
        (&json!(w.session_id), &json!(1))
    );
    // Due later than a week (the World's own action, 2030) is not "now".
    assert_eq!(ids(&coach["due_actions"]), in_order(&[&late, &for_coach]));
    assert_eq!(ids(&coach["goals_in_progress"]), in_order(&[&w.goal_id]));
    let coachee = w.coachee.get("/what-now").await.expect(200);
    assert_eq!(ids(&coachee["due_actions"]), in_order(&[&late]));

    // Admins and outsiders coach nobody here: nothing is theirs.
    for client in [&w.org_admin, &w.outsider] {
        let theirs = client.get("/what-now").await.expect(200);
        assert_eq!(
            theirs,
            json!({ "next_session": null, "due_actions": { "items": [], "next_cursor": null }, "goals_in_progress": [] })
        );
    }
    // An ended relationship has no next session any more.
    w.org_admin.post(&format!("/relationships/{}/end", w.relationship_id), json!({})).await.expect(200);
    assert_eq!(w.coach.get("/what-now").await.expect(200)["next_session"], json!(null));
}

#[tokio::test]
async fn the_dashboard_answers_with_everything_its_page_shows_at_once() {
    let w = World::build().await;
    let past = json!({ "relationship_id": w.relationship_id, "starts_at": "2024-03-01T09:00:00Z", "duration_minutes": 30 });
    let past = w.coach.create("/sessions", past).await;

    let dashboard = w.coach.get("/dashboard").await.expect(200);
    assert_eq!(dashboard["viewer"]["email"], "coach@matrix.test");
    assert_eq!(dashboard["viewer"]["memberships"][0]["organization_id"], w.organization_id.as_str());
    assert_eq!(dashboard["what_now"], w.coach.get("/what-now").await.expect(200));
    assert_eq!(ids(&dashboard["relationships"]), in_order(&[&w.relationship_id]));
    assert_eq!(ids(&dashboard["upcoming"]), in_order(&[&w.session_id]));
    assert_eq!(ids(&dashboard["past"]), in_order(&[&past]));

    // Each session list goes on from its own cursor, the other one staying at its start.
    for _ in 0..20 {
        let earlier = json!({ "relationship_id": w.relationship_id, "starts_at": "2023-01-01T09:00:00Z", "duration_minutes": 30 });
        w.coach.create("/sessions", earlier).await;
    }
    let first = w.coach.get("/dashboard").await.expect(200);
    assert_eq!(ids(&first["past"]).len(), 20);
    let cursor = first["past"]["next_cursor"].as_str().expect("more past sessions");
    let next = w.coach.get(&format!("/dashboard?past={cursor}")).await.expect(200);
    assert_eq!(ids(&next["past"]).len(), 1);
    assert_eq!(ids(&next["upcoming"]), in_order(&[&w.session_id]));
    let reply = w.coach.get("/dashboard?upcoming=not-a-cursor").await;
    assert!(reply.status.is_client_error(), "{}", reply.status);

    // Nobody sees another's: an outsider's dashboard is their own, and empty.
    let outsider = w.outsider.get("/dashboard").await.expect(200);
    assert_eq!(outsider["viewer"]["email"], "outsider@elsewhere.test");
    for list in ["relationships", "upcoming", "past"] {
        assert_eq!(ids(&outsider[list]), Vec::<String>::new(), "{list}");
    }
    w.api.anonymous().get("/dashboard").await.expect_error(401, "unauthenticated");
}

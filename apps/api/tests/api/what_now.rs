//! The dashboard's "what now": the next session with its agenda's size, what is due soon, and the
//! goals in progress, for each person only their own.

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

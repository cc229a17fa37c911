//! Goals you can see progress on: done of the linked actions, every status a goal took and who
//! set it, and the sessions where it came up, in one answer per relationship.

use serde_json::json;

use crate::support::World;

#[tokio::test]
async fn a_goals_overview_shows_progress_history_and_sessions() {
    let w = World::build().await;
    // The World's goal (by the coachee, not started) is linked to its session.
    let goal = &w.goal_id;
    for (body, status) in
        [("read the book", "completed"), ("write a summary", "in_progress"), ("skip this", "wont_do")]
    {
        let action = json!({ "session_id": w.session_id, "body": body, "status": status, "goal_id": goal });
        w.coach.create("/actions", action).await;
    }
    let path = format!("/goals/{goal}");
    w.coach.put(&format!("{path}/status"), json!({ "status": "in_progress" })).await.expect(200);
    // Rewording it keeps the status: no new entry in the history.
    let reworded = json!({ "title": "Grow as a manager", "body": "", "target_date": "2030-06-30", "status": "in_progress" });
    let rewritten = w.coachee.put(&path, reworded).await.expect(200);
    assert_eq!(
        (&rewritten["title"], &rewritten["session_ids"]),
        (&json!("Grow as a manager"), &json!([w.session_id]))
    );
    let completed =
        w.coachee.put(&format!("{path}/status"), json!({ "status": "completed" })).await.expect(200);
    assert_eq!((&completed["status"], &completed["progress"]["total"]), (&json!("completed"), &json!(2)));

    let overview = w.org_admin.get(&format!("/relationships/{}/goals", w.relationship_id)).await.expect(200);
    // The whole page in one answer: who is looking and the relationship too.
    assert_eq!(overview["viewer"], w.org_admin.get("/me").await.expect(200));
    let relationship = w.org_admin.get(&format!("/relationships/{}", w.relationship_id)).await.expect(200);
    assert_eq!(overview["relationship"], relationship);
    let listed = &overview["goals"]["items"][0];
    assert_eq!(
        (&listed["title"], &listed["progress"]),
        (&json!("Grow as a manager"), &json!({ "done": 1, "total": 2 }))
    );
    let history: Vec<(&str, &str)> = overview["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|change| {
            (change["status"].as_str().expect("status"), change["changed_by"].as_str().expect("who"))
        })
        .collect();
    assert_eq!(
        history,
        [
            ("not_started", w.coachee_id.as_str()),
            ("in_progress", w.coach_id.as_str()),
            ("completed", w.coachee_id.as_str())
        ]
    );
    assert_eq!(
        overview["sessions"],
        json!([{ "id": w.session_id, "title": null, "starts_at": "2030-01-15T10:00:00Z" }])
    );

    // A goal alone carries its progress too; unlinking the session leaves the overview without it.
    assert_eq!(w.coachee.get(&path).await.expect(200)["progress"], json!({ "done": 1, "total": 2 }));
    let link = format!("{path}/sessions/{}", w.session_id);
    // Each answer is the goal as the change left it (the change and the read are one statement).
    let unlinked = w.coach.delete(&link).await.expect(200);
    assert_eq!((&unlinked["session_ids"], &unlinked["progress"]["done"]), (&json!([]), &json!(1)));
    let overview = w.coach.get(&format!("/relationships/{}/goals", w.relationship_id)).await.expect(200);
    assert_eq!(overview["sessions"], json!([]));
    w.coach.delete(&link).await.expect_error(404, "not_found");
    assert_eq!(w.coach.post(&link, json!({})).await.expect(200)["session_ids"], json!([w.session_id]));
    assert_eq!(w.coachee.post(&link, json!({})).await.expect(200)["session_ids"], json!([w.session_id]));

    // Only sessions of the goal's own relationship: another's is refused (422), and one the caller
    // cannot see is not found.
    let other = w
        .org_admin
        .create("/relationships", json!({ "organization_id": w.organization_id, "coach_id": w.coachee_id, "coachee_id": w.coach_id }))
        .await;
    let elsewhere = w
        .coachee
        .create(
            "/sessions",
            json!({ "relationship_id": other, "starts_at": "2030-02-01T10:00:00Z", "duration_minutes": 60 }),
        )
        .await;
    let message = w
        .coach
        .post(&format!("{path}/sessions/{elsewhere}"), json!({}))
        .await
        .expect_error_message(422, "validation_failed");
    assert!(message.contains("own relationship"), "{message}");
    let unknown = uuid::Uuid::new_v4();
    w.coach.post(&format!("{path}/sessions/{unknown}"), json!({})).await.expect_error(404, "not_found");
    assert_eq!(w.coach.get(&path).await.expect(200)["session_ids"], json!([w.session_id]));
}

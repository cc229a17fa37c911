//! A session's agenda: topics either participant adds, reorders and marks discussed, carried over
//! to the next session when not discussed; the text stays its author's.

use serde_json::json;

use crate::support::{World, ids, in_order};

#[tokio::test]
async fn both_people_prepare_the_agenda_and_reorder_it_and_the_rest_carries_over() {
    let w = World::build().await;
    let agenda = format!("/sessions/{}/agenda", w.session_id);
    let delegating = w.coachee.create(&agenda, json!({ "body": "Delegating the weekly report" })).await;
    let feedback = w.coachee.create(&agenda, json!({ "body": "Feedback from the offsite" })).await;
    let check_in = w.coach.create(&agenda, json!({ "body": "Check in on last week's actions" })).await;

    let topics = w.coach.get(&agenda).await.expect(200);
    assert_eq!(ids(&topics), in_order(&[&delegating, &feedback, &check_in]));
    assert_eq!(topics[0]["position"], 1);
    // Each rewrites only their own topic.
    assert_eq!(topics[0]["capabilities"], json!({ "edit": false, "delete": false }));
    let mine = w.coachee.get(&agenda).await.expect(200);
    assert_eq!(mine[0]["capabilities"], json!({ "edit": true, "delete": true }));
    w.coach
        .put(&format!("/agenda/{delegating}"), json!({ "body": "mine now" }))
        .await
        .expect_error(403, "forbidden");
    w.coach.delete(&format!("/agenda/{delegating}")).await.expect_error(403, "forbidden");

    // The coach puts the check-in first; the order must name each topic once.
    let order = format!("{agenda}/order");
    let reordered =
        w.coach.put(&order, json!({ "topic_ids": [check_in, delegating, feedback] })).await.expect(200);
    assert_eq!(ids(&reordered), in_order(&[&check_in, &delegating, &feedback]));
    for wrong in [
        json!([check_in, delegating]),
        json!([check_in, delegating, feedback, feedback]),
        json!([w.note_id, delegating, feedback]),
    ] {
        w.coach.put(&order, json!({ "topic_ids": wrong })).await.expect_error(422, "validation_failed");
    }
    assert_eq!(ids(&w.coach.get(&agenda).await.expect(200)), in_order(&[&check_in, &delegating, &feedback]));

    // Two are discussed; the feedback is not, and moves on to the next session.
    for discussed in [&check_in, &delegating] {
        let topic = w
            .coachee
            .put(&format!("/agenda/{discussed}/discussed"), json!({ "discussed": true }))
            .await
            .expect(200);
        assert!(topic["discussed_at"].is_string(), "{topic}");
    }
    let carry = format!("{agenda}/carry-over");
    w.coach.post(&carry, json!({})).await.expect_error(409, "no_next_session");
    let next = w
        .coach
        .create("/sessions", json!({ "relationship_id": w.relationship_id, "starts_at": "2030-01-22T10:00:00Z", "duration_minutes": 60 }))
        .await;
    let next_agenda = format!("/sessions/{next}/agenda");
    let waiting = w.coachee.create(&next_agenda, json!({ "body": "Already on the next agenda" })).await;
    let carried = w.coachee.post(&carry, json!({})).await.expect(200);
    assert_eq!(carried, json!({ "next_session_id": next, "topic_ids": [feedback] }));
    let next_topics = w.coach.get(&next_agenda).await.expect(200);
    assert_eq!(ids(&next_topics), in_order(&[&waiting, &feedback]));
    assert_eq!(next_topics[1]["position"], 2);
    assert_eq!(ids(&w.coach.get(&agenda).await.expect(200)), in_order(&[&check_in, &delegating]));

    // The workspace shows the agenda in its order.
    let workspace = w.coachee.get(&format!("/sessions/{next}/workspace")).await.expect(200);
    assert_eq!(ids(&workspace["agenda"]), in_order(&[&waiting, &feedback]));
}

#[tokio::test]
async fn an_agenda_is_bounded_and_its_topics_checked() {
    let w = World::build().await;
    let agenda = format!("/sessions/{}/agenda", w.session_id);
    for (body, field) in [(json!({ "body": "  " }), "body"), (json!({ "body": "x".repeat(501) }), "body")] {
        let message = w.coachee.post(&agenda, body).await.expect_error_message(422, "validation_failed");
        assert!(message.contains(field), "{message}");
    }
    for n in 0..30 {
        w.coachee.create(&agenda, json!({ "body": format!("topic {n}") })).await;
    }
    let message = w
        .coach
        .post(&agenda, json!({ "body": "one too many" }))
        .await
        .expect_error_message(422, "validation_failed");
    assert!(message.contains("at most 30 topics"), "{message}");
}

//! Actions follow the relationship: lists across sessions by assignee, status and due date, and
//! the review of what is still open at the start of the next session.

use serde_json::{Value, json};

use crate::support::{World, ids, in_order};

/// The World's relationship with a second, later session and actions agreed in both: the World's
/// own action (the coachee's, due 2030-02-01, agreed in the first session) and these.
struct Agreed {
    w: World,
    later_session: String,
    undated_for_coach: String,
    done: String,
    soon_for_both: String,
    agreed_later: String,
}

async fn agreed() -> Agreed {
    let w = World::build().await;
    let later = json!({ "relationship_id": w.relationship_id, "starts_at": "2030-01-22T10:00:00Z", "duration_minutes": 60 });
    let later_session = w.coach.create("/sessions", later).await;
    let first = w.session_id.clone();
    let action = |session: &str, body: &str, extra: Value| {
        let mut action = json!({ "session_id": session, "body": body });
        action.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        action
    };
    let undated_for_coach = w
        .coachee
        .create("/actions", action(&first, "send the article", json!({ "assignee": "coach" })))
        .await;
    let done = w
        .coach
        .create(
            "/actions",
            action(
                &first,
                "done already",
                json!({ "due_on": "2030-01-20", "status": "completed", "assignee": "both" }),
            ),
        )
        .await;
    let soon_for_both = w
        .coach
        .create(
            "/actions",
            action(&first, "call the sponsor", json!({ "due_on": "2030-01-18", "assignee": "both" })),
        )
        .await;
    let agreed_later = w
        .coach
        .create("/actions", action(&later_session, "agreed later", json!({ "due_on": "2030-01-25" })))
        .await;
    Agreed { w, later_session, undated_for_coach, done, soon_for_both, agreed_later }
}

#[tokio::test]
async fn a_relationships_actions_list_soonest_due_first_across_its_sessions() {
    let a = agreed().await;
    let w = &a.w;
    let of_relationship = format!("/actions?relationship_id={}", w.relationship_id);

    let all = w.coach.get(&of_relationship).await.expect(200);
    let due_order =
        in_order(&[&a.soon_for_both, &a.done, &a.agreed_later, &w.action_id, &a.undated_for_coach]);
    assert_eq!(ids(&all), due_order, "{all}");
    let first = &all["items"][0];
    assert_eq!(
        (&first["relationship_id"], &first["session_id"]),
        (&json!(w.relationship_id), &json!(w.session_id))
    );
    assert_eq!(first["assignee"], "both");

    // Pages of two follow the same order, whatever the cursor.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = w.coachee.get(&format!("{of_relationship}&limit=2{cursor}")).await.expect(200);
        paged.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(paged, due_order);

    let open = w.coach.get(&format!("{of_relationship}&status=open")).await.expect(200);
    assert_eq!(
        ids(&open),
        in_order(&[&a.soon_for_both, &a.agreed_later, &w.action_id, &a.undated_for_coach])
    );
    let for_the_coach = w.org_admin.get(&format!("{of_relationship}&assignee=coach")).await.expect(200);
    assert_eq!(ids(&for_the_coach), in_order(&[&a.soon_for_both, &a.done, &a.undated_for_coach]));
    let window = w
        .coach
        .get(&format!("{of_relationship}&due_after=2030-01-19&due_before=2030-01-25"))
        .await
        .expect(200);
    assert_eq!(ids(&window), in_order(&[&a.done, &a.agreed_later]));

    // A session's own list stays what was agreed there, oldest first.
    let in_later = w.coach.get(&format!("/actions?session_id={}", a.later_session)).await.expect(200);
    assert_eq!(ids(&in_later), in_order(&[&a.agreed_later]));
}

#[tokio::test]
async fn each_person_lists_what_is_theirs_to_do_in_all_their_relationships() {
    let a = agreed().await;
    let w = &a.w;
    let coachee_open = w.coachee.get("/actions?mine=true&status=open").await.expect(200);
    assert_eq!(ids(&coachee_open), in_order(&[&a.soon_for_both, &a.agreed_later, &w.action_id]));
    let coach_open = w.coach.get("/actions?mine=true&status=open").await.expect(200);
    assert_eq!(ids(&coach_open), in_order(&[&a.soon_for_both, &a.undated_for_coach]));
    // Without `mine`: every action of their own relationships; an admin coaches nobody here.
    assert_eq!(ids(&w.coach.get("/actions").await.expect(200)).len(), 5);
    assert_eq!(ids(&w.org_admin.get("/actions").await.expect(200)), Vec::<String>::new());
    // In a relationship they see but are not part of, nothing is theirs to do.
    let of_relationship = format!("/actions?relationship_id={}&mine=true", w.relationship_id);
    assert_eq!(ids(&w.org_admin.get(&of_relationship).await.expect(200)), Vec::<String>::new());
    let coach_in_relationship = w.coach.get(&format!("{of_relationship}&status=open")).await.expect(200);
    assert_eq!(ids(&coach_in_relationship), ids(&coach_open));

    for bad in [
        format!("/actions?session_id={}&relationship_id={}", w.session_id, w.relationship_id),
        "/actions?status=finished".to_owned(),
        "/actions?assignee=sponsor".to_owned(),
        "/actions?due_before=yesterday".to_owned(),
    ] {
        w.coach.get(&bad).await.expect_error(400, "invalid_query");
    }
}

/// The Actions page's one call: the caller, the relationships they are in and the page `GET /actions`
/// gives for the same narrowing, from one moment.
#[tokio::test]
async fn the_actions_overview_is_the_list_with_who_looks_and_their_relationships() {
    let a = agreed().await;
    let w = &a.w;
    for query in ["mine=true&status=open", "status=done", "limit=2", ""] {
        let overview = w.coachee.get(&format!("/actions/overview?{query}")).await.expect(200);
        let list = w.coachee.get(&format!("/actions?{query}")).await.expect(200);
        assert_eq!(overview["actions"], list, "{query}");
    }
    let overview = w.coach.get("/actions/overview?mine=true").await.expect(200);
    assert_eq!(overview["viewer"], w.coach.get("/me").await.expect(200));
    // The relationships the coach is in, named by their people (no emails), with what the coach
    // may do in each, as the relationship itself says.
    let own = w.coach.get("/relationships?limit=200").await.expect(200);
    assert_eq!(ids(&overview["relationships"]), ids(&own));
    let summary = &overview["relationships"][0];
    let relationship = &own["items"][0];
    for field in ["id", "capabilities"] {
        assert_eq!(summary[field], relationship[field], "{field}");
    }
    for side in ["coach", "coachee"] {
        assert_eq!(summary[side]["last_name"], relationship[side]["last_name"], "{side}");
        assert_eq!(summary[side]["email"], Value::Null, "{side}");
    }
    // An admin asking for a relationship they are not in gets that one named too.
    let of_relationship = format!("relationship_id={}&assignee=coachee", w.relationship_id);
    let admins = w.org_admin.get(&format!("/actions/overview?{of_relationship}")).await.expect(200);
    assert_eq!(admins["actions"], w.org_admin.get(&format!("/actions?{of_relationship}")).await.expect(200));
    assert_eq!(ids(&admins["relationships"]), in_order(&[&w.relationship_id]));
    // An admin who sees the organization's relationship but is in none, and an outsider who sees
    // none, still get the page (the outsider's is read twice: see actions_overview::read).
    assert_eq!(ids(&w.org_admin.get("/actions/overview").await.expect(200)["actions"]), Vec::<String>::new());
    let outsider = w.outsider.get("/actions/overview").await.expect(200);
    assert_eq!((ids(&outsider["actions"]).len(), ids(&outsider["relationships"]).len()), (0, 0));

    w.coach
        .get(&format!("/actions/overview?session_id={}", w.session_id))
        .await
        .expect_error(400, "invalid_query");
    w.coach.get("/actions/overview?due_before=yesterday").await.expect_error(400, "invalid_query");
    let elsewhere = format!("/actions/overview?relationship_id={}", uuid::Uuid::new_v4());
    w.coach.get(&elsewhere).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn the_next_session_starts_with_what_is_still_open_from_earlier_ones() {
    let a = agreed().await;
    let w = &a.w;
    let workspace = w.coachee.get(&format!("/sessions/{}/workspace", a.later_session)).await.expect(200);
    assert_eq!(
        ids(&workspace["open_from_earlier"]),
        in_order(&[&a.soon_for_both, &w.action_id, &a.undated_for_coach]),
        "{workspace}"
    );
    assert_eq!(ids(&workspace["actions"]), in_order(&[&a.agreed_later]));

    // Marking one done takes it off the review; the first session has nothing earlier to review.
    let done = json!({ "status": "completed" });
    w.coachee.put(&format!("/actions/{}/status", a.soon_for_both), done).await.expect(200);
    let workspace = w.coach.get(&format!("/sessions/{}/workspace", a.later_session)).await.expect(200);
    assert_eq!(ids(&workspace["open_from_earlier"]), in_order(&[&w.action_id, &a.undated_for_coach]));
    let first = w.coach.get(&format!("/sessions/{}/workspace", w.session_id)).await.expect(200);
    assert_eq!(ids(&first["open_from_earlier"]), Vec::<String>::new());
}

#[tokio::test]
async fn an_action_is_assigned_and_linked_to_a_goal_of_its_own_relationship_only() {
    let a = agreed().await;
    let w = &a.w;
    let path = format!("/actions/{}", w.action_id);
    let change = json!({ "body": "do it together", "due_on": "2030-03-01", "status": "in_progress", "assignee": "both", "goal_id": w.goal_id });
    let changed = w.coachee.put(&path, change).await.expect(200);
    assert_eq!(
        (&changed["assignee"], &changed["goal_id"], &changed["due_on"]),
        (&json!("both"), &json!(w.goal_id), &json!("2030-03-01"))
    );
    let created = w
        .coach
        .post("/actions", json!({ "session_id": w.session_id, "body": "for the goal", "goal_id": w.goal_id, "assignee": "coach" }))
        .await
        .expect(201);
    assert_eq!((&created["assignee"], &created["goal_id"]), (&json!("coach"), &json!(w.goal_id)));

    // A goal of another relationship (here: the same two people the other way round) is refused.
    let other = w
        .org_admin
        .create("/relationships", json!({ "organization_id": w.organization_id, "coach_id": w.coachee_id, "coachee_id": w.coach_id }))
        .await;
    let foreign_goal =
        w.coach.create("/goals", json!({ "relationship_id": other, "title": "Elsewhere" })).await;
    let quota = format!(
        "SELECT full_at FROM throttle_buckets WHERE key = 'relationship-writes:{}'",
        w.relationship_id
    );
    let quota_before = w.api.sql(&quota);
    let message = w
        .coach
        .post("/actions", json!({ "session_id": w.session_id, "body": "x", "goal_id": foreign_goal }))
        .await
        .expect_error_message(422, "validation_failed");
    assert!(message.contains("goal_id"), "{message}");
    // The database refused the whole statement: no action, and the quota counted nothing.
    assert_eq!(w.api.sql("SELECT count(*) FROM actions WHERE body = 'x'"), "0");
    assert_eq!(w.api.sql(&quota), quota_before);
    let change = json!({ "body": "x", "status": "in_progress", "assignee": "both", "goal_id": foreign_goal });
    let message = w.coach.put(&path, change).await.expect_error_message(422, "validation_failed");
    assert!(message.contains("goal_id"), "{message}");
    let unchanged = w.coach.get(&path).await.expect(200);
    assert_eq!(unchanged["goal_id"], json!(w.goal_id));

    // Deleting the goal keeps its actions, unlinked.
    w.coach.delete(&format!("/goals/{}", w.goal_id)).await.expect(204);
    assert_eq!(w.coach.get(&path).await.expect(200)["goal_id"], Value::Null);
}

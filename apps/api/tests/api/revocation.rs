//! Lists check the login and the caller's access inside their own statement, starting from whom
//! the api remembers a login belonged to a moment ago (one round trip instead of three). What
//! ends a login or changes a right must still take effect on the very next read, on every api.

use std::path::Path;

use serde_json::json;
use testkit::start_api_with;

use crate::support::{API_BINARY, Client, PERSON_PASSWORD, World, ids};

/// Lists served by one statement, each holding something for the coach of `w`.
fn lists(w: &World) -> Vec<String> {
    let relationship = &w.relationship_id;
    vec![
        "/sessions".to_owned(),
        format!("/sessions?relationship_id={relationship}"),
        "/actions".to_owned(),
        format!("/actions?relationship_id={relationship}"),
        format!("/actions?session_id={}", w.session_id),
        format!("/goals?relationship_id={relationship}"),
        "/relationships".to_owned(),
    ]
}

/// Reads every list as `client`, which must see something in each: the api now remembers the login.
async fn read_all(client: &Client, lists: &[String]) {
    for list in lists {
        assert!(!ids(&client.get(list).await.expect(200)).is_empty(), "{list} is empty");
    }
}

#[tokio::test]
async fn an_ended_login_reads_nothing_more_on_any_api_that_just_served_it() {
    let w = World::build().await;
    let other = start_api_with(Path::new(API_BINARY), &w.api.database.url, &[]).await.expect("a second api");
    let coach_there = w.coach.at(&other.base_url);
    let lists = lists(&w);
    for coach in [&w.coach, &coach_there] {
        read_all(coach, &lists).await;
        coach.get(&format!("/sessions/{}", w.session_id)).await.expect(200);
    }

    // In another browser, the coach changes their password: every other login ends.
    let elsewhere = w.api.login("coach@matrix.test", PERSON_PASSWORD).await;
    let change =
        json!({ "current_password": PERSON_PASSWORD, "new_password": "a much longer passphrase 42" });
    elsewhere.post("/account/password", change).await.expect(204);
    for list in &lists {
        w.coach.get(list).await.expect_error(401, "session_expired");
        coach_there.get(list).await.expect_error(401, "session_expired");
    }
    // Writes, and reads of one thing, check the login inside their check of access: refused
    // alike, nothing written.
    let note = json!({ "session_id": w.session_id, "body": "after the end" });
    let done = json!({ "status": "completed" });
    for coach in [&w.coach, &coach_there] {
        coach.post("/notes", note.clone()).await.expect_error(401, "session_expired");
        coach.get(&format!("/sessions/{}", w.session_id)).await.expect_error(401, "session_expired");
        coach
            .get(&format!("/sessions/{}/workspace", w.session_id))
            .await
            .expect_error(401, "session_expired");
        coach.get("/actions/overview").await.expect_error(401, "session_expired");
        let goals = format!("/relationships/{}/goals", w.relationship_id);
        coach.get(&goals).await.expect_error(401, "session_expired");
        coach
            .put(&format!("/actions/{}/status", w.action_id), done.clone())
            .await
            .expect_error(401, "session_expired");
    }
    assert_eq!(w.api.sql("SELECT count(*) FROM notes WHERE body = 'after the end'"), "0");
    assert_eq!(w.api.sql(&format!("SELECT status FROM actions WHERE id = '{}'", w.action_id)), "not_started");
    read_all(&elsewhere, &lists).await;
}

#[tokio::test]
async fn a_deactivated_account_reads_nothing_more() {
    let w = World::build().await;
    let lists = lists(&w);
    read_all(&w.coachee, &lists[..3]).await;
    w.super_admin.post(&format!("/users/{}/deactivate", w.coachee_id), json!({})).await.expect(200);
    for list in &lists {
        w.coachee.get(list).await.expect_error(401, "session_expired");
    }
}

#[tokio::test]
async fn a_member_removed_from_the_organization_no_longer_sees_its_relationship() {
    let w = World::build().await;
    let lists = lists(&w);
    read_all(&w.coach, &lists).await;
    let members = format!("/organizations/{}/members", w.organization_id);
    w.org_admin.delete(&format!("{members}/{}", w.coach_id)).await.expect(204);
    for list in lists.iter().filter(|list| list.contains("_id=")) {
        w.coach.get(list).await.expect_error(404, "not_found");
    }
    for list in ["/sessions", "/actions", "/relationships"] {
        assert_eq!(ids(&w.coach.get(list).await.expect(200)), Vec::<String>::new(), "{list}");
    }
    let note = json!({ "session_id": w.session_id, "body": "from outside" });
    w.coach.post("/notes", note).await.expect_error(404, "not_found");
    w.coach.get(&format!("/actions/{}", w.action_id)).await.expect_error(404, "not_found");
    w.coach.get(&format!("/sessions/{}/workspace", w.session_id)).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn rights_given_or_taken_count_from_the_next_read() {
    let w = World::build().await;
    let relationship = format!("/sessions?relationship_id={}", w.relationship_id);
    w.outsider.get(&relationship).await.expect_error(404, "not_found");
    assert_eq!(ids(&w.outsider.get("/relationships").await.expect(200)), Vec::<String>::new());

    // An operator makes the outsider a super admin in the database, then takes it back.
    w.api.sql("UPDATE users SET is_super_admin = true WHERE email = 'outsider@elsewhere.test'");
    assert_eq!(ids(&w.outsider.get(&relationship).await.expect(200)), vec![w.session_id.clone()]);
    assert!(ids(&w.outsider.get("/relationships").await.expect(200)).contains(&w.relationship_id));
    w.api.sql("UPDATE users SET is_super_admin = false WHERE email = 'outsider@elsewhere.test'");
    w.outsider.get(&relationship).await.expect_error(404, "not_found");
    assert_eq!(ids(&w.outsider.get("/relationships").await.expect(200)), Vec::<String>::new());
}

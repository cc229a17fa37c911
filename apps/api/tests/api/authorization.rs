//! The authorization matrix: coach, coachee, organization admin, super admin and outsider
//! against every kind of resource. Outsiders get 404 (they cannot learn that something
//! exists); people who see a thing but may not change it get 403; nobody gets the data.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{World, id, join};

/// Expected status for [coach, coachee, org admin, super admin, outsider].
type Expected = [u16; 5];

const VISIBLE_TO_ALL_BUT_OUTSIDERS: Expected = [200, 200, 200, 200, 404];

async fn check(world: &World, method: Method, path: &str, body: Option<Value>, expected: Expected) {
    for ((who, client), status) in world.people().into_iter().zip(expected) {
        let reply = client.call(method.clone(), path, body.clone()).await;
        assert_eq!(reply.status.as_u16(), status, "{who}: {method} {path} answered {}", reply.body);
        match status {
            403 => assert_eq!(reply.body["error"], "forbidden", "{who}: {method} {path}"),
            404 => assert_eq!(reply.body["error"], "not_found", "{who}: {method} {path}"),
            _ => {}
        }
    }
}

/// A write (or a read only writers may make): method, path and body.
type Write = (Method, String, Option<Value>);

/// Ends the relationship, then removes its coach and coachee from the organization. Once ended,
/// `reads` stay visible to all but outsiders and `writes` are refused to everyone; once the two
/// have left, only admins read, and the two get 404.
async fn end_then_remove_the_pair(w: &World, reads: &[String], writes: &[Write]) {
    w.org_admin.post(&format!("/relationships/{}/end", w.relationship_id), json!({})).await.expect(200);
    for path in reads {
        check(w, Method::GET, path, None, VISIBLE_TO_ALL_BUT_OUTSIDERS).await;
    }
    for (method, path, body) in writes {
        check(w, method.clone(), path, body.clone(), [403, 403, 403, 403, 404]).await;
    }
    let members = format!("/organizations/{}/members", w.organization_id);
    for user_id in [&w.coach_id, &w.coachee_id] {
        w.org_admin.delete(&format!("{members}/{user_id}")).await.expect(204);
    }
    for path in reads {
        check(w, Method::GET, path, None, [404, 404, 200, 200, 404]).await;
    }
    for (method, path, body) in writes {
        check(w, method.clone(), path, body.clone(), [404, 404, 403, 403, 404]).await;
    }
}

#[tokio::test]
async fn everything_under_a_relationship_is_hidden_from_outsiders() {
    let w = World::build().await;
    let (relationship, session) = (&w.relationship_id, &w.session_id);
    let paths = [
        format!("/relationships/{relationship}"),
        format!("/sessions/{session}"),
        format!("/sessions?relationship_id={relationship}"),
        format!("/notes/{}", w.note_id),
        format!("/notes?session_id={session}"),
        format!("/agreements/{}", w.agreement_id),
        format!("/agreements?session_id={session}"),
        format!("/actions/{}", w.action_id),
        format!("/actions?session_id={session}"),
        format!("/actions?relationship_id={relationship}"),
        format!("/goals/{}", w.goal_id),
        format!("/goals?relationship_id={relationship}"),
        format!("/goals?session_id={session}"),
        format!("/organizations/{}", w.organization_id),
        format!("/organizations/{}/members", w.organization_id),
    ];
    for path in &paths {
        check(&w, Method::GET, path, None, VISIBLE_TO_ALL_BUT_OUTSIDERS).await;
    }

    // Lists never leak another organization's data either.
    for path in ["/relationships", "/sessions", "/organizations", "/actions"] {
        let body = w.outsider.get(path).await.expect(200).to_string();
        for secret in [&w.relationship_id, &w.session_id, &w.organization_id] {
            assert!(!body.contains(secret.as_str()), "outsider's {path} reveals {secret}: {body}");
        }
    }
    for (who, client) in
        [("coachee", &w.coachee), ("org admin", &w.org_admin), ("super admin", &w.super_admin)]
    {
        let relationships = client.get("/relationships").await.expect(200).to_string();
        assert!(relationships.contains(relationship.as_str()), "{who} should see the relationship");
        let sessions = client.get("/sessions").await.expect(200).to_string();
        assert!(sessions.contains(session.as_str()), "{who} should see the session");
    }
}

#[tokio::test]
async fn coach_and_coachee_write_content_admins_only_read_it() {
    let w = World::build().await;
    let (session, relationship) = (&w.session_id, &w.relationship_id);
    let content = [
        (Method::POST, "/notes".to_owned(), json!({ "session_id": session, "body": "n" }), 201),
        (Method::POST, "/agreements".to_owned(), json!({ "session_id": session, "body": "a" }), 201),
        (Method::POST, "/actions".to_owned(), json!({ "session_id": session, "body": "x" }), 201),
        (
            Method::PUT,
            format!("/actions/{}", w.action_id),
            json!({ "body": "edited", "due_on": null, "status": "in_progress", "assignee": "both" }),
            200,
        ),
        (Method::PUT, format!("/actions/{}/status", w.action_id), json!({ "status": "completed" }), 200),
        (Method::POST, "/goals".to_owned(), json!({ "relationship_id": relationship, "title": "g" }), 201),
        (
            Method::PUT,
            format!("/goals/{}", w.goal_id),
            json!({ "title": "Grow more", "body": "", "target_date": null, "status": "in_progress" }),
            200,
        ),
        (Method::PUT, format!("/goals/{}/status", w.goal_id), json!({ "status": "on_hold" }), 200),
        (Method::POST, format!("/goals/{}/sessions/{session}", w.goal_id), json!({}), 200),
    ];
    for (method, path, body, allowed) in content {
        check(&w, method, &path, Some(body), [allowed, allowed, 403, 403, 404]).await;
    }
    // Refused writes wrote nothing: one note from setup plus one each from coach and coachee.
    let count = |table: &str, column: &str, id: &str| {
        w.api.sql(&format!("SELECT count(*) FROM {table} WHERE {column} = '{id}'"))
    };
    assert_eq!(count("notes", "coaching_session_id", session), "3");
    assert_eq!(count("goals", "coaching_relationship_id", relationship), "3");
}

#[tokio::test]
async fn only_the_author_changes_an_entry() {
    let w = World::build().await;
    let workspace = format!("/sessions/{}/workspace", w.session_id);
    // The setup's note is the coach's, its agreement the coachee's.
    let entries = [
        ("notes", &w.note_id, [200, 403, 403, 403, 404]),
        ("agreements", &w.agreement_id, [403, 200, 403, 403, 404]),
    ];
    for (kind, entry, expected) in entries {
        let path = format!("/{kind}/{entry}");
        let before = w.coach.get(&path).await.expect(200);
        assert_eq!(before["edited"], false, "{before}");
        // Before anyone edits: what each may do, as the api tells them.
        for ((who, client), status) in w.people().into_iter().zip(expected) {
            if status == 404 {
                continue;
            }
            let own = json!({ "edit": status == 200, "delete": status == 200 });
            assert_eq!(client.get(&path).await.expect(200)["capabilities"], own, "{who}: {path}");
            let listed = client.get(&workspace).await.expect(200)[kind]["items"].clone();
            let shown =
                listed.as_array().expect("entries").iter().find(|shown| shown["id"] == **entry).cloned();
            assert_eq!(
                shown.expect("entry in the workspace")["capabilities"],
                own,
                "{who}: {kind} in {workspace}"
            );
        }
        // The other participant and the admins can neither rewrite nor delete it.
        for ((who, client), status) in w.people().into_iter().zip(expected) {
            if status != 403 {
                continue;
            }
            for reply in [
                client.put(&path, json!({ "body": "not yours", "version": 1 })).await,
                client.delete(&path).await,
            ] {
                reply.expect_error(403, "forbidden");
            }
            assert_eq!(w.coach.get(&path).await.expect(200), before, "{who} changed {path}");
        }
    }
    let refused =
        w.coachee.put(&format!("/notes/{}", w.note_id), json!({ "body": "not yours", "version": 1 })).await;
    assert_eq!(
        refused.body["message"], "only the author of an entry rewrites or deletes it",
        "{}",
        refused.body
    );

    // The author rewrites it: marked as edited for everyone; then deletes it.
    let note = format!("/notes/{}", w.note_id);
    w.coach.put(&note, json!({ "body": "rewritten", "version": 1 })).await.expect(200);
    let read = w.coachee.get(&note).await.expect(200);
    assert_eq!((&read["body"], &read["edited"]), (&json!("rewritten"), &json!(true)), "{read}");
    let agreement = format!("/agreements/{}", w.agreement_id);
    w.coachee.delete(&agreement).await.expect(204);
    w.coach.get(&agreement).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn only_the_coach_schedules_and_moves_sessions() {
    let w = World::build().await;
    let new_session = json!({ "relationship_id": w.relationship_id, "starts_at": "2030-03-01T09:00:00Z", "duration_minutes": 30 });
    check(&w, Method::POST, "/sessions", Some(new_session), [201, 403, 403, 403, 404]).await;
    let moved = json!({ "starts_at": "2030-01-16T10:00:00Z", "duration_minutes": 90 });
    check(&w, Method::PUT, &format!("/sessions/{}", w.session_id), Some(moved), [200, 403, 403, 403, 404])
        .await;
    let session = w.coachee.get(&format!("/sessions/{}", w.session_id)).await.expect(200);
    assert_eq!(session["duration_minutes"], 90);
    let sessions = w.api.sql(&format!(
        "SELECT count(*) FROM coaching_sessions WHERE coaching_relationship_id = '{}'",
        w.relationship_id
    ));
    assert_eq!(sessions, "2", "the coach's new session, and nothing from the refused attempts");
}

#[tokio::test]
async fn deletes_follow_the_same_rules_and_refusals_keep_the_data() {
    let w = World::build().await;
    let session = &w.session_id;
    let kinds: [(&str, Value, Expected); 5] = [
        // Written by the coach, so only the coach deletes them (see `only_the_author_changes_an_entry`).
        ("notes", json!({ "session_id": session, "body": "to delete" }), [204, 403, 403, 403, 404]),
        ("agreements", json!({ "session_id": session, "body": "to delete" }), [204, 403, 403, 403, 404]),
        ("actions", json!({ "session_id": session, "body": "to delete" }), [204, 204, 403, 403, 404]),
        (
            "goals",
            json!({ "relationship_id": w.relationship_id, "title": "to delete" }),
            [204, 204, 403, 403, 404],
        ),
        (
            "sessions",
            json!({ "relationship_id": w.relationship_id, "starts_at": "2031-01-01T00:00:00Z", "duration_minutes": 5 }),
            [204, 403, 403, 403, 404],
        ),
    ];
    for (kind, body, expected) in kinds {
        for ((who, client), status) in w.people().into_iter().zip(expected) {
            let item = id(&w.coach.post(&format!("/{kind}"), body.clone()).await.expect(201));
            let path = format!("/{kind}/{item}");
            let reply = client.delete(&path).await;
            assert_eq!(reply.status.as_u16(), status, "{who}: DELETE {path} answered {}", reply.body);
            let after = w.coach.get(&path).await.status.as_u16();
            assert_eq!(after, if status == 204 { 404 } else { 200 }, "{who}: {path} after DELETE");
        }
    }
}

#[tokio::test]
async fn organization_admins_manage_members_and_relationships() {
    let w = World::build().await;
    let organization = &w.organization_id;
    let members = format!("/organizations/{organization}/members");

    // Only admins invite, list and revoke invitations.
    let invitations = format!("/organizations/{organization}/invitations");
    let invitation = json!({ "email": "someone@matrix.test", "role": "member" });
    check(&w, Method::POST, &invitations, Some(invitation), [403, 403, 201, 201, 404]).await;
    check(&w, Method::GET, &invitations, None, [403, 403, 200, 200, 404]).await;
    let pending = w.org_admin.get(&invitations).await.expect(200);
    let revoke = format!("{invitations}/{}", pending["items"][0]["invitation_id"].as_str().expect("id"));
    check(&w, Method::DELETE, &revoke, None, [403, 403, 204, 404, 404]).await;
    let pair = json!({ "organization_id": organization, "coach_id": w.coach_id, "coachee_id": w.coachee_id });
    check(&w, Method::POST, "/relationships", Some(pair), [403, 403, 409, 409, 404]).await;
    let rename = json!({ "name": "Matrix Org", "slug": "matrix-org" });
    check(
        &w,
        Method::PUT,
        &format!("/organizations/{organization}"),
        Some(rename),
        [403, 403, 200, 200, 404],
    )
    .await;
    check(&w, Method::POST, "/organizations", Some(json!({ "name": "New Org" })), [403, 403, 403, 201, 403])
        .await;

    // Role changes, and the last admin cannot leave.
    let admin_id = w.api.sql("SELECT id FROM users WHERE email = 'org-admin@matrix.test'");
    let coach_path = format!("{members}/{}", w.coach_id);
    w.coach.put(&coach_path, json!({ "role": "admin" })).await.expect_error(403, "forbidden");
    w.outsider.put(&coach_path, json!({ "role": "admin" })).await.expect_error(404, "not_found");
    w.org_admin
        .put(&format!("{members}/{admin_id}"), json!({ "role": "member" }))
        .await
        .expect_error(409, "last_admin");
    w.org_admin.delete(&format!("{members}/{admin_id}")).await.expect_error(409, "last_admin");
    let promoted = w.org_admin.put(&coach_path, json!({ "role": "admin" })).await.expect(200);
    assert_eq!(promoted["role"], "admin");
    w.org_admin.put(&format!("{members}/{admin_id}"), json!({ "role": "member" })).await.expect(200);
    w.org_admin.get(&members).await.expect(200);
    w.org_admin.delete(&coach_path).await.expect_error(403, "forbidden");

    // Ending a relationship: the (now admin) coach may, the coachee may not; it stays readable.
    let end = format!("/relationships/{}/end", w.relationship_id);
    w.coachee.post(&end, json!({})).await.expect_error(403, "forbidden");
    w.outsider.post(&end, json!({})).await.expect_error(404, "not_found");
    w.coach.post(&end, json!({})).await.expect(200);
    w.coachee.get(&format!("/sessions/{}", w.session_id)).await.expect(200);

    // Only super admins delete organizations.
    let path = format!("/organizations/{organization}");
    w.coach.delete(&path).await.expect_error(403, "forbidden");
    w.outsider.delete(&path).await.expect_error(404, "not_found");
    w.super_admin.delete(&path).await.expect(204);
    w.coach.get(&path).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn only_super_admins_manage_accounts_and_everyone_their_own_profile() {
    let w = World::build().await;
    join(&w.api, &w.org_admin, &w.organization_id, "target@matrix.test", "member").await;
    let target = w.api.sql("SELECT id FROM users WHERE email = 'target@matrix.test'");
    check(&w, Method::GET, "/users", None, [403, 403, 403, 200, 403]).await;
    for action in ["deactivate", "reactivate"] {
        let path = format!("/users/{target}/{action}");
        check(&w, Method::POST, &path, None, [403, 403, 403, 200, 403]).await;
    }
    check(&w, Method::GET, "/account/profile", None, [200; 5]).await;
    let profile = json!({ "first_name": "Same", "last_name": "Person", "timezone": "Europe/Paris" });
    check(&w, Method::PUT, "/account/profile", Some(profile), [200; 5]).await;
}

/// The matrix once the relationship has ended, and once its coach and coachee have left the
/// organization: the single reads (policy) and the lists (SQL) must agree.
#[tokio::test]
async fn ended_relationships_and_removed_members_follow_the_matrix() {
    let w = World::build().await;
    let (session, relationship) = (&w.session_id, &w.relationship_id);
    let reads = [
        format!("/relationships/{relationship}"),
        format!("/sessions/{session}/workspace"),
        format!("/notes/{}", w.note_id),
        format!("/goals?relationship_id={relationship}"),
        format!("/actions?relationship_id={relationship}"),
    ];
    let new_session = json!({ "relationship_id": relationship, "starts_at": "2030-03-01T09:00:00Z", "duration_minutes": 30 });
    let writes = [
        (Method::POST, "/notes".to_owned(), Some(json!({ "session_id": session, "body": "n" }))),
        (Method::POST, "/actions".to_owned(), Some(json!({ "session_id": session, "body": "x" }))),
        (Method::POST, "/goals".to_owned(), Some(json!({ "relationship_id": relationship, "title": "g" }))),
        (Method::POST, "/sessions".to_owned(), Some(new_session)),
    ];
    end_then_remove_the_pair(&w, &reads, &writes).await;
    for (who, client) in [("coach", &w.coach), ("coachee", &w.coachee)] {
        for list in ["/relationships", "/sessions", "/actions"] {
            let body = client.get(list).await.expect(200).to_string();
            assert!(!body.contains(relationship.as_str()), "removed {who}'s {list}: {body}");
            assert!(!body.contains(session.as_str()), "removed {who}'s {list}: {body}");
        }
    }
}

#[tokio::test]
async fn anonymous_callers_are_told_to_log_in() {
    let w = World::build().await;
    let anonymous = w.api.anonymous();
    for path in [
        "/me",
        "/account/profile",
        "/users",
        "/organizations",
        "/relationships",
        "/sessions",
        &format!("/notes/{}", w.note_id),
    ] {
        anonymous.get(path).await.expect_error(401, "unauthenticated");
    }
    anonymous
        .post("/notes", json!({ "session_id": w.session_id, "body": "sneaky" }))
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn each_person_is_told_what_they_may_do_and_it_matches_what_they_may_do() {
    let w = World::build().await;
    // [write_content, manage_sessions, manage_relationship], as the matrix above enforces it.
    let expected = [
        ("coach", [true, true, false]),
        ("coachee", [true, false, false]),
        ("org admin", [false, false, true]),
        ("super admin", [false, false, true]),
    ];
    let relationship = format!("/relationships/{}", w.relationship_id);
    let workspace = format!("/sessions/{}/workspace", w.session_id);
    for ((who, client), (expected_who, [write, sessions, manage])) in w.people().into_iter().zip(expected) {
        assert_eq!(who, expected_who);
        let told = client.get(&relationship).await.expect(200)["capabilities"].clone();
        assert_eq!(
            told,
            json!({
                "write_content": write,
                // Only the coach keeps private notes.
                "keep_private_notes": who == "coach",
                "manage_sessions": sessions,
                "manage_relationship": manage,
            }),
            "{who}"
        );
        let in_workspace = client.get(&workspace).await.expect(200)["relationship"]["capabilities"].clone();
        assert_eq!(in_workspace, told, "{who}: workspace");
        let listed = client.get("/relationships").await.expect(200);
        let listed =
            listed["items"].as_array().expect("list").iter().find(|r| r["id"] == w.relationship_id.as_str());
        assert_eq!(listed.map(|r| r["capabilities"].clone()), Some(told), "{who}: list");
    }

    // Organization capabilities ride on the memberships in /me.
    let membership_capabilities = |me: &Value| {
        me["memberships"]
            .as_array()
            .expect("memberships")
            .iter()
            .find(|m| m["organization_id"] == w.organization_id.as_str())
            .map(|m| m["capabilities"].clone())
    };
    let org_admin = w.org_admin.get("/me").await.expect(200);
    assert_eq!(membership_capabilities(&org_admin), Some(json!({ "manage_members": true, "delete": false })));
    let coach = w.coach.get("/me").await.expect(200);
    assert_eq!(membership_capabilities(&coach), Some(json!({ "manage_members": false, "delete": false })));

    // ...and on the organization itself, also for a super admin who is not a member.
    let organization = format!("/organizations/{}", w.organization_id);
    for (client, manage_members, delete) in
        [(&w.coach, false, false), (&w.org_admin, true, false), (&w.super_admin, true, true)]
    {
        let expected = json!({ "manage_members": manage_members, "delete": delete });
        assert_eq!(client.get(&organization).await.expect(200)["capabilities"], expected);
        let listed = client.get("/organizations").await.expect(200);
        let listed =
            listed["items"].as_array().expect("list").iter().find(|o| o["id"] == w.organization_id.as_str());
        assert_eq!(listed.map(|o| o["capabilities"].clone()), Some(expected));
    }
}

#[tokio::test]
async fn only_organization_admins_make_password_reset_links() {
    let w = World::build().await;
    let path = format!("/organizations/{}/members/{}/password-reset", w.organization_id, w.coachee_id);
    check(&w, Method::POST, &path, None, [403, 403, 201, 201, 404]).await;
}

/// Every endpoint of the coaching loop (agenda, drafts, goals overview and unlinking, action
/// lists and the actions overview, what now) against the matrix: while the relationship runs, once it ended (read-only
/// for everyone) and once its coach and coachee left the organization.
#[tokio::test]
async fn the_coaching_loop_follows_the_matrix() {
    let w = World::build().await;
    let (session, relationship, goal) = (&w.session_id, &w.relationship_id, &w.goal_id);
    let next = w
        .coach
        .create(
            "/sessions",
            json!({ "relationship_id": relationship, "starts_at": "2031-01-09T09:00:00Z", "duration_minutes": 30 }),
        )
        .await;
    let topic = w.coachee.create(&format!("/sessions/{session}/agenda"), json!({ "body": "Feedback" })).await;
    let reads = [
        format!("/sessions/{session}/agenda"),
        format!("/sessions/{next}/agenda"),
        format!("/relationships/{relationship}/goals"),
        format!("/actions?relationship_id={relationship}&status=open&due_before=2099-01-01"),
        format!("/actions?relationship_id={relationship}&assignee=coachee"),
        format!("/actions/overview?relationship_id={relationship}&status=open"),
    ];
    for path in &reads {
        check(&w, Method::GET, path, None, VISIBLE_TO_ALL_BUT_OUTSIDERS).await;
    }
    let drafts = format!("/sessions/{session}/drafts");
    check(&w, Method::GET, &drafts, None, [200, 200, 403, 403, 404]).await;

    // Writes of either participant, in an order that keeps each one valid for both.
    let writes = [
        (Method::PUT, format!("/sessions/{session}/agenda/order"), json!({ "topic_ids": [topic] }), 200),
        (Method::POST, format!("/sessions/{session}/agenda"), json!({ "body": "Delegation" }), 201),
        (Method::PUT, format!("/agenda/{topic}/discussed"), json!({ "discussed": true }), 200),
        (Method::PUT, format!("/agenda/{topic}/discussed"), json!({ "discussed": false }), 200),
        (Method::PUT, drafts.clone(), json!({ "body": "half a thought" }), 200),
        (Method::DELETE, drafts.clone(), json!({}), 204),
        (Method::POST, format!("/goals/{goal}/sessions/{session}"), json!({}), 200),
        (Method::POST, format!("/sessions/{session}/agenda/carry-over"), json!({}), 200),
    ];
    for (method, path, body, allowed) in &writes {
        check(&w, method.clone(), path, Some(body.clone()), [*allowed, *allowed, 403, 403, 404]).await;
    }
    // Unlinking a goal from a session: each participant unlinks a link the coach just made.
    let link = format!("/goals/{goal}/sessions/{session}");
    for ((who, client), status) in w.people().into_iter().zip([200, 200, 403, 403, 404]) {
        w.coach.post(&link, json!({})).await.expect(200);
        let reply = client.delete(&link).await;
        assert_eq!(reply.status.as_u16(), status, "{who}: DELETE {link} answered {}", reply.body);
    }
    // Only its author (here the coachee) rewrites or deletes a topic.
    let topic_path = format!("/agenda/{topic}");
    check(
        &w,
        Method::PUT,
        &topic_path,
        Some(json!({ "body": "Feedback, again" })),
        [403, 200, 403, 403, 404],
    )
    .await;
    let mut people = w.people();
    people.rotate_left(2); // the author last, once the others were refused
    for ((who, client), status) in people.into_iter().zip([403, 403, 404, 403, 204]) {
        let reply = client.delete(&topic_path).await;
        assert_eq!(reply.status.as_u16(), status, "{who}: DELETE {topic_path} answered {}", reply.body);
    }
    let topic = w.coachee.create(&format!("/sessions/{next}/agenda"), json!({ "body": "Kept" })).await;

    // Everyone's "what now" is their own: the outsider's names nothing of this relationship.
    for (who, client) in w.people() {
        let body = client.get("/what-now").await.expect(200).to_string();
        assert_eq!(
            body.contains(session.as_str()),
            who == "coach" || who == "coachee",
            "{who}'s what now: {body}"
        );
    }

    // Drafts are read only by those who write: refused once ended, like the writes.
    let ended_writes = [
        (Method::POST, format!("/sessions/{next}/agenda"), Some(json!({ "body": "late" }))),
        (Method::PUT, format!("/agenda/{topic}"), Some(json!({ "body": "late" }))),
        (Method::PUT, format!("/agenda/{topic}/discussed"), Some(json!({ "discussed": true }))),
        (Method::PUT, format!("/sessions/{next}/agenda/order"), Some(json!({ "topic_ids": [topic] }))),
        (Method::POST, format!("/sessions/{session}/agenda/carry-over"), None),
        (Method::DELETE, format!("/agenda/{topic}"), None),
        (Method::PUT, drafts.clone(), Some(json!({ "body": "late" }))),
        (Method::GET, drafts.clone(), None),
        (Method::DELETE, link.clone(), None),
    ];
    end_then_remove_the_pair(&w, &reads, &ended_writes).await;
    assert_eq!(w.api.sql(&format!("SELECT body FROM agenda_topics WHERE id = '{topic}'")), "Kept");
}

//! Access follows membership, ended relationships are read-only history, and member emails are
//! private: the two defects reproduced on a running instance (issue 10) and the rules that fix
//! them at the root.

use serde_json::{Value, json};

use crate::support::{World, invite};

#[tokio::test]
async fn removing_a_member_removes_their_access_but_keeps_what_they_wrote() {
    let w = World::build().await;
    let members = format!("/organizations/{}/members", w.organization_id);
    let workspace = format!("/sessions/{}/workspace", w.session_id);
    let relationship = format!("/relationships/{}", w.relationship_id);
    w.coach.get(&workspace).await.expect(200);

    w.org_admin.delete(&format!("{members}/{}", w.coach_id)).await.expect(204);

    // The removed coach no longer sees the relationship nor anything under it, nor writes in it.
    w.coach.get(&workspace).await.expect_error(404, "not_found");
    w.coach.get(&relationship).await.expect_error(404, "not_found");
    w.coach.get(&format!("/notes/{}", w.note_id)).await.expect_error(404, "not_found");
    w.coach
        .post("/notes", json!({ "session_id": w.session_id, "body": "after leaving" }))
        .await
        .expect_error(404, "not_found");
    w.coach
        .post("/sessions", json!({ "relationship_id": w.relationship_id, "starts_at": "2030-05-01T09:00:00Z", "duration_minutes": 30 }))
        .await
        .expect_error(404, "not_found");
    // Lists agree with the single reads.
    for list in ["/relationships", "/sessions"] {
        let body = w.coach.get(list).await.expect(200).to_string();
        for hidden in [&w.relationship_id, &w.session_id] {
            assert!(!body.contains(hidden.as_str()), "removed coach's {list} shows {hidden}: {body}");
        }
    }

    // What the coach wrote stays, for the coachee (still a member) and the admins.
    let note = w.coachee.get(&format!("/notes/{}", w.note_id)).await.expect(200);
    assert_eq!(note["body"], "coach's note", "{note}");
    w.org_admin.get(&workspace).await.expect(200);

    // Access comes back with the membership, not with the relationship row alone.
    let link = invite(&w.org_admin, &w.organization_id, "coach@matrix.test", "member").await;
    w.coach.post(&format!("{link}/accept"), json!({})).await.expect(204);
    w.coach.post("/notes", json!({ "session_id": w.session_id, "body": "back again" })).await.expect(201);
}

#[tokio::test]
async fn a_removed_coachee_loses_access_too() {
    let w = World::build().await;
    let members = format!("/organizations/{}/members", w.organization_id);
    w.org_admin.delete(&format!("{members}/{}", w.coachee_id)).await.expect(204);
    w.coachee.get(&format!("/sessions/{}/workspace", w.session_id)).await.expect_error(404, "not_found");
    w.coachee
        .post("/goals", json!({ "relationship_id": w.relationship_id, "title": "after leaving" }))
        .await
        .expect_error(404, "not_found");
    // Their agreement stays.
    let agreement = w.coach.get(&format!("/agreements/{}", w.agreement_id)).await.expect(200);
    assert_eq!(agreement["body"], "we agree", "{agreement}");
}

#[tokio::test]
async fn an_ended_relationship_is_read_only_history() {
    let w = World::build().await;
    let relationship = format!("/relationships/{}", w.relationship_id);
    let end = format!("{relationship}/end");
    w.coach.post(&end, json!({})).await.expect_error(403, "forbidden");
    w.outsider.post(&end, json!({})).await.expect_error(404, "not_found");
    let ended = w.org_admin.post(&end, json!({})).await.expect(200);
    let ended_at = ended["ended_at"].clone();
    assert!(ended_at.is_string(), "{ended}");
    // Ending again changes nothing.
    assert_eq!(w.org_admin.post(&end, json!({})).await.expect(200)["ended_at"], ended_at);

    // Coach and coachee still read everything, and are told they may change nothing.
    let nothing = json!({
        "write_content": false, "keep_private_notes": false, "manage_sessions": false, "manage_relationship": false,
    });
    for client in [&w.coach, &w.coachee] {
        let read = client.get(&relationship).await.expect(200);
        assert_eq!((&read["ended_at"], &read["capabilities"]), (&ended_at, &nothing), "{read}");
        let workspace = client.get(&format!("/sessions/{}/workspace", w.session_id)).await.expect(200);
        assert_eq!(workspace["notes"]["items"][0]["capabilities"], json!({ "edit": false, "delete": false }));
        let listed = client.get("/relationships").await.expect(200);
        let listed =
            listed["items"].as_array().expect("list").iter().find(|r| r["id"] == ended["id"]).cloned();
        assert_eq!(listed.map(|r| r["ended_at"].clone()), Some(ended_at.clone()));
    }

    // Nobody writes or schedules any more, and the refusal says why.
    let session = &w.session_id;
    let refused = [
        (&w.coach, "POST", "/notes".to_owned(), json!({ "session_id": session, "body": "late" })),
        (&w.coachee, "POST", "/agreements".to_owned(), json!({ "session_id": session, "body": "late" })),
        (
            &w.coachee,
            "POST",
            "/goals".to_owned(),
            json!({ "relationship_id": w.relationship_id, "title": "late" }),
        ),
        (&w.coach, "PUT", format!("/notes/{}", w.note_id), json!({ "body": "rewritten", "version": 1 })),
        (&w.coachee, "PUT", format!("/actions/{}/status", w.action_id), json!({ "status": "completed" })),
        (
            &w.coach,
            "POST",
            "/sessions".to_owned(),
            json!({ "relationship_id": w.relationship_id, "starts_at": "2030-05-01T09:00:00Z", "duration_minutes": 30 }),
        ),
        (
            &w.coach,
            "PUT",
            format!("/sessions/{session}"),
            json!({ "starts_at": "2030-05-01T09:00:00Z", "duration_minutes": 30 }),
        ),
    ];
    for (client, method, path, body) in refused {
        let reply = match method {
            "POST" => client.post(&path, body).await,
            _ => client.put(&path, body).await,
        };
        assert_eq!(reply.status.as_u16(), 403, "{method} {path}: {}", reply.body);
        assert!(
            reply.body["message"].as_str().is_some_and(|message| message.contains("ended")),
            "{method} {path}: {}",
            reply.body
        );
    }
    for path in [format!("/notes/{}", w.note_id), format!("/sessions/{session}")] {
        w.coach.delete(&path).await.expect_error(403, "forbidden");
    }

    // History is kept as it was.
    let notes = w.api.sql(&format!("SELECT count(*) FROM notes WHERE coaching_session_id = '{session}'"));
    assert_eq!(notes, "1");
    assert_eq!(w.coach.get(&format!("/notes/{}", w.note_id)).await.expect(200)["body"], "coach's note");
}

#[tokio::test]
async fn member_emails_show_only_to_admins_and_their_owner() {
    let w = World::build().await;
    let members = format!("/organizations/{}/members", w.organization_id);
    let emails = |listed: Value| -> Vec<(String, Value)> {
        listed["items"]
            .as_array()
            .expect("members")
            .iter()
            .map(|member| (member["user_id"].as_str().expect("id").to_owned(), member["email"].clone()))
            .collect()
    };
    for (who, client, own_id) in [("coach", &w.coach, &w.coach_id), ("coachee", &w.coachee, &w.coachee_id)] {
        let seen = emails(client.get(&members).await.expect(200));
        assert_eq!(seen.len(), 3, "{who}");
        for (user_id, email) in seen {
            assert_eq!(email.is_string(), user_id == *own_id, "{who} sees {user_id}'s email: {email}");
        }
        // The same in a relationship: the other participant's email is hidden.
        let relationship = client.get(&format!("/relationships/{}", w.relationship_id)).await.expect(200);
        let (own, other) = if who == "coach" { ("coach", "coachee") } else { ("coachee", "coach") };
        assert!(relationship[own]["email"].is_string(), "{who}: {relationship}");
        assert_eq!(relationship[other]["email"], Value::Null, "{who}: {relationship}");
        assert_eq!(relationship[other]["first_name"], "Test", "names stay visible: {relationship}");
    }
    for (who, client) in [("org admin", &w.org_admin), ("super admin", &w.super_admin)] {
        let seen = emails(client.get(&members).await.expect(200));
        assert!(seen.iter().all(|(_, email)| email.is_string()), "{who}: {seen:?}");
        let relationship = client.get(&format!("/relationships/{}", w.relationship_id)).await.expect(200);
        assert_eq!(relationship["coachee"]["email"], "coachee@matrix.test", "{who}");
    }
}

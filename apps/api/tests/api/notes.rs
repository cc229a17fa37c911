//! Notes worth writing: the conflict guard on edits, private notes and drafts.

use contract::limits::MAX_BODY_CHARS;
use serde_json::{Value, json};

use crate::support::{Client, World, id};

/// Whether `reply`'s raw JSON mentions `text` anywhere.
fn mentions(reply: &Value, text: &str) -> bool {
    reply.to_string().contains(text)
}

#[tokio::test]
async fn an_edit_based_on_an_old_version_gets_409_with_both_texts() {
    let w = World::build().await;
    for (kind, author, entry_id) in
        [("notes", &w.coach, &w.note_id), ("agreements", &w.coachee, &w.agreement_id)]
    {
        let path = format!("/{kind}/{entry_id}");
        let first = author.get(&path).await.expect(200);
        assert_eq!(first["version"], 1, "{first}");
        // One tab saves...
        let saved = author.put(&path, json!({ "body": "from the laptop", "version": 1 })).await.expect(200);
        assert_eq!((&saved["version"], &saved["body"]), (&json!(2), &json!("from the laptop")));
        // ...and another, still on version 1, is refused with both texts.
        let stale = author.put(&path, json!({ "body": "from the phone", "version": 1 })).await;
        assert_eq!(stale.status.as_u16(), 409, "{}", stale.body);
        let conflict = stale.body;
        assert_eq!(conflict["error"], "edit_conflict", "{conflict}");
        assert!(
            conflict["message"].as_str().is_some_and(|message| message.contains("version")),
            "{conflict}"
        );
        assert_eq!(conflict["current"]["body"], "from the laptop", "{conflict}");
        assert_eq!(conflict["current"]["version"], 2, "{conflict}");
        assert_eq!(conflict["sent"], "from the phone", "{conflict}");
        assert_eq!(author.get(&path).await.expect(200)["body"], "from the laptop", "nothing overwritten");
        // Merged and saved from the current version: accepted.
        let merged = json!({ "body": "laptop + phone", "version": 2 });
        assert_eq!(author.put(&path, merged).await.expect(200)["version"], 3);
    }
    // Without a version an edit is malformed input, not a blind overwrite.
    let path = format!("/notes/{}", w.note_id);
    w.coach.put(&path, json!({ "body": "blind" })).await.expect_error(422, "invalid_body");
}

#[tokio::test]
async fn private_notes_are_read_by_their_author_alone() {
    let w = World::build().await;
    let session = &w.session_id;
    let secret = "coach-only: watch the energy drop";
    let private = json!({ "session_id": session, "body": secret, "private": true });
    let created = w.coach.post("/notes", private.clone()).await.expect(201);
    assert_eq!(created["private"], true, "{created}");
    let note = id(&created);

    // Only the coach keeps private notes; agreements are never private.
    let message = w.coachee.post("/notes", private.clone()).await.expect_error_message(403, "forbidden");
    assert!(message.contains("private"), "{message}");
    let agreement = json!({ "session_id": session, "body": "x", "private": true });
    let message = w.coach.post("/agreements", agreement).await.expect_error_message(422, "validation_failed");
    assert!(message.contains("private"), "{message}");

    let reads = [
        format!("/notes/{note}"),
        format!("/notes?session_id={session}"),
        format!("/notes?session_id={session}&limit=200"),
        format!("/sessions/{session}/workspace"),
        format!("/sessions/{session}/workspace?limit=200"),
    ];
    // The author sees it everywhere, marked private.
    for path in &reads {
        let reply = w.coach.get(path).await.expect(200);
        assert!(mentions(&reply, secret), "the coach reads {path}: {reply}");
    }
    let others: [(&str, &Client); 4] = [
        ("coachee", &w.coachee),
        ("org admin", &w.org_admin),
        ("super admin", &w.super_admin),
        ("outsider", &w.outsider),
    ];
    for (who, client) in others {
        for path in &reads {
            let reply = client.get(path).await;
            assert!(
                !mentions(&reply.body, secret) && !mentions(&reply.body, &note),
                "{who} reads {path}: {}",
                reply.body
            );
        }
        client.get(&format!("/notes/{note}")).await.expect_error(404, "not_found");
        let rewrite = json!({ "body": "changed", "version": 1 });
        client.put(&format!("/notes/{note}"), rewrite).await.expect_error(404, "not_found");
        client.delete(&format!("/notes/{note}")).await.expect_error(404, "not_found");
        let draft = json!({ "note_id": note, "body": "peek" });
        let reply = client.put(&format!("/sessions/{session}/drafts"), draft).await;
        assert!(matches!(reply.status.as_u16(), 403 | 404), "{who}: {}", reply.body);
    }
    // Shared notes stay shared.
    let shared = w.coachee.get(&format!("/notes?session_id={session}")).await.expect(200);
    assert!(mentions(&shared, &w.note_id), "{shared}");
    assert_eq!(w.coach.get(&format!("/notes/{note}")).await.expect(200)["private"], true);
}

#[tokio::test]
async fn drafts_are_kept_read_back_and_forgotten_once_saved() {
    let w = World::build().await;
    let session = &w.session_id;
    let drafts = format!("/sessions/{session}/drafts");

    // A new note as it is typed, then more of it: one draft, the latest text.
    w.coach.put(&drafts, json!({ "body": "Half a thou" })).await.expect(200);
    let kept = w.coach.put(&drafts, json!({ "body": "Half a thought, **bold**" })).await.expect(200);
    assert_eq!((&kept["note_id"], &kept["body"]), (&Value::Null, &json!("Half a thought, **bold**")));
    // An edit of the coach's note, as a draft of its own.
    let edit = json!({ "note_id": w.note_id, "body": "a better note" });
    w.coach.put(&drafts, edit).await.expect(200);
    let listed = w.coach.get(&drafts).await.expect(200);
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    // Nobody else reads them; the coachee has drafts of their own.
    assert_eq!(w.coachee.get(&drafts).await.expect(200), json!([]));
    w.coachee.put(&drafts, json!({ "body": "coachee's thought" })).await.expect(200);
    assert!(!mentions(&w.coach.get(&drafts).await.expect(200), "coachee's thought"));
    // The session's workspace carries the same drafts, each writer's own, so that its page needs
    // no second call; those who do not write here get none.
    let workspace = format!("/sessions/{session}/workspace");
    let coach_listed = w.coach.get(&drafts).await.expect(200);
    assert_eq!(w.coach.get(&workspace).await.expect(200)["drafts"], coach_listed);
    let coachee_listed = w.coachee.get(&workspace).await.expect(200)["drafts"].clone();
    assert_eq!(coachee_listed, w.coachee.get(&drafts).await.expect(200));
    assert_eq!(coachee_listed[0]["body"], "coachee's thought", "{coachee_listed}");
    for client in [&w.org_admin, &w.super_admin] {
        assert_eq!(client.get(&workspace).await.expect(200)["drafts"], json!([]));
    }

    // Refused for people who do not write here, and for notes that are not the caller's.
    for client in [&w.org_admin, &w.super_admin] {
        client.get(&drafts).await.expect_error(403, "forbidden");
        client.put(&drafts, json!({ "body": "x" })).await.expect_error(403, "forbidden");
        client.delete(&drafts).await.expect_error(403, "forbidden");
    }
    w.outsider.get(&drafts).await.expect_error(404, "not_found");
    w.outsider.put(&drafts, json!({ "body": "x" })).await.expect_error(404, "not_found");
    let theirs = json!({ "note_id": w.note_id, "body": "x" });
    w.coachee.put(&drafts, theirs).await.expect_error(403, "forbidden");
    let nowhere = json!({ "note_id": w.agreement_id, "body": "x" });
    w.coach.put(&drafts, nowhere).await.expect_error(404, "not_found");

    // Bounded, and never empty.
    let long = "x".repeat(MAX_BODY_CHARS + 1);
    let message =
        w.coach.put(&drafts, json!({ "body": long })).await.expect_error_message(422, "validation_failed");
    assert!(message.contains("body"), "{message}");
    w.coach.put(&drafts, json!({ "body": "  " })).await.expect_error(422, "validation_failed");

    // Saving the note forgets its draft; so does saving the edit.
    w.coach.post("/notes", json!({ "session_id": session, "body": "Half a thought" })).await.expect(201);
    let left = w.coach.get(&drafts).await.expect(200);
    assert_eq!(left.as_array().map(Vec::len), Some(1), "{left}");
    assert_eq!(left[0]["note_id"], json!(w.note_id), "{left}");
    let saved = json!({ "body": "a better note", "version": 1 });
    w.coach.put(&format!("/notes/{}", w.note_id), saved).await.expect(200);
    assert_eq!(w.coach.get(&drafts).await.expect(200), json!([]));

    // Discarding: the coachee's draft goes, and again is no error.
    w.coachee.delete(&drafts).await.expect(204);
    w.coachee.delete(&drafts).await.expect(204);
    assert_eq!(w.coachee.get(&drafts).await.expect(200), json!([]));

    // Once the relationship ended nobody writes there: its workspace carries no drafts, though the
    // coach's is still kept.
    w.coach.put(&drafts, json!({ "body": "an afterthought" })).await.expect(200);
    w.org_admin.post(&format!("/relationships/{}/end", w.relationship_id), json!({})).await.expect(200);
    assert_eq!(w.coach.get(&workspace).await.expect(200)["drafts"], json!([]));
    w.coach.get(&drafts).await.expect_error(403, "forbidden");
}

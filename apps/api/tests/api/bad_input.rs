//! Malformed JSON, wrong types, unknown ids, oversize bodies and bad query strings: each gets a
//! JSON 4xx that names the problem, never a 5xx, and never changes data.

use reqwest::Method;
use serde_json::json;

use crate::support::World;

/// method, path, content type, raw body, expected status, expected error code
type RawCase = (Method, &'static str, &'static str, Vec<u8>, u16, &'static str);

#[tokio::test]
async fn bad_requests_get_clear_4xx_answers_and_change_nothing() {
    let w = World::build().await;
    let (session, relationship) = (w.session_id.as_str(), w.relationship_id.as_str());
    let unknown = "00000000-0000-4000-8000-000000000000";
    let before =
        w.api.sql("SELECT (SELECT count(*) FROM notes) || '/' || (SELECT count(*) FROM coaching_sessions)");

    let json_cases: Vec<(Method, String, serde_json::Value, u16, &str)> = vec![
        (Method::POST, "/notes".into(), json!({ "session_id": 42, "body": "x" }), 422, "invalid_body"),
        (Method::POST, "/notes".into(), json!({ "body": "no session" }), 422, "invalid_body"),
        (
            Method::POST,
            "/notes".into(),
            json!({ "session_id": session, "body": "   " }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            "/notes".into(),
            json!({ "session_id": session, "body": "nul\u{0}byte" }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            "/notes".into(),
            json!({ "session_id": session, "body": "x".repeat(50_001) }),
            422,
            "validation_failed",
        ),
        (Method::POST, "/notes".into(), json!({ "session_id": unknown, "body": "x" }), 404, "not_found"),
        (Method::POST, "/notes".into(), json!([1, 2, 3]), 422, "invalid_body"),
        (Method::PUT, format!("/notes/{unknown}"), json!({ "body": "x", "version": 1 }), 404, "not_found"),
        (
            Method::POST,
            "/sessions".into(),
            json!({ "relationship_id": relationship, "starts_at": "tomorrow", "duration_minutes": 30 }),
            422,
            "invalid_body",
        ),
        (
            Method::POST,
            "/sessions".into(),
            json!({ "relationship_id": relationship, "starts_at": "2030-01-01T00:00:00Z", "duration_minutes": 0 }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            "/sessions".into(),
            json!({ "relationship_id": relationship, "starts_at": "2030-01-01T00:00:00Z", "duration_minutes": 99_999_999_999u64 }),
            422,
            "invalid_body",
        ),
        (
            Method::POST,
            "/sessions".into(),
            json!({ "relationship_id": relationship, "starts_at": "2030-01-01T00:00:00Z", "duration_minutes": "60" }),
            422,
            "invalid_body",
        ),
        (
            Method::POST,
            "/actions".into(),
            json!({ "session_id": session, "body": "x", "due_on": "2030-02-30" }),
            422,
            "invalid_body",
        ),
        (
            Method::POST,
            "/actions".into(),
            json!({ "session_id": session, "body": "x", "status": "done" }),
            422,
            "invalid_body",
        ),
        (
            Method::PUT,
            format!("/goals/{}/status", w.goal_id),
            json!({ "status": "COMPLETED" }),
            422,
            "invalid_body",
        ),
        (
            Method::POST,
            "/goals".into(),
            json!({ "relationship_id": relationship, "title": "" }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            "/relationships".into(),
            json!({ "organization_id": w.organization_id, "coach_id": w.coach_id, "coachee_id": w.coach_id }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            "/relationships".into(),
            json!({ "organization_id": w.organization_id, "coach_id": w.coach_id, "coachee_id": unknown }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            format!("/organizations/{}/invitations", w.organization_id),
            json!({ "email": "not-an-email", "role": "member" }),
            422,
            "validation_failed",
        ),
        (
            Method::POST,
            format!("/organizations/{}/invitations", w.organization_id),
            json!({ "email": "a@b.example", "role": "owner" }),
            422,
            "invalid_body",
        ),
        (Method::POST, "/login".into(), json!({ "email": "coach@matrix.test" }), 422, "invalid_body"),
        (
            Method::POST,
            "/login".into(),
            json!({ "email": "nul\u{0}@x.test", "password": "x" }),
            422,
            "validation_failed",
        ),
    ];
    for (method, path, body, status, code) in json_cases {
        let reply = w.org_admin_or_coach(&path).call(method.clone(), &path, Some(body.clone())).await;
        assert_eq!(reply.status.as_u16(), status, "{method} {path} {body}: {}", reply.body);
        assert_eq!(reply.body["error"], code, "{method} {path} {body}: {}", reply.body);
    }

    let raw_cases: Vec<RawCase> = vec![
        (Method::POST, "/notes", "application/json", b"{\"session_id\": ".to_vec(), 400, "malformed_json"),
        (Method::POST, "/notes", "application/json", b"not json at all".to_vec(), 400, "malformed_json"),
        (Method::POST, "/notes", "application/json", Vec::new(), 400, "malformed_json"),
        (Method::POST, "/notes", "text/plain", b"{}".to_vec(), 415, "unsupported_media_type"),
        (Method::POST, "/notes", "application/json", vec![0xff, 0xfe, 0x00], 400, "malformed_json"),
        (Method::POST, "/notes", "application/json", vec![b'['; 300 * 1024], 413, "payload_too_large"),
        (
            Method::POST,
            "/login",
            "application/x-www-form-urlencoded",
            b"email=only".to_vec(),
            415,
            "unsupported_media_type",
        ),
    ];
    for (method, path, content_type, body, status, code) in raw_cases {
        let reply = w.coach.raw(method.clone(), path, content_type, body).await;
        assert_eq!(reply.status.as_u16(), status, "{method} {path} ({content_type}): {}", reply.body);
        assert_eq!(reply.body["error"], code, "{method} {path} ({content_type}): {}", reply.body);
    }

    let query_cases = [
        ("/sessions?relationship_id=not-a-uuid".to_owned(), 400, "invalid_query"),
        ("/sessions?from=yesterday".to_owned(), 400, "invalid_query"),
        ("/sessions?sort=sideways".to_owned(), 400, "invalid_query"),
        (format!("/sessions?relationship_id={unknown}"), 404, "not_found"),
        ("/notes".to_owned(), 400, "invalid_query"),
        ("/notes?session_id=".to_owned(), 400, "invalid_query"),
        (format!("/goals?relationship_id={relationship}&session_id={session}"), 400, "invalid_query"),
        ("/sessions/not-a-uuid".to_owned(), 400, "invalid_path"),
        (format!("/sessions/{unknown}"), 404, "not_found"),
        (format!("/organizations/{unknown}/members"), 404, "not_found"),
        ("/no/such/endpoint".to_owned(), 404, "not_found"),
    ];
    for (path, status, code) in query_cases {
        let reply = w.coach.get(&path).await;
        assert_eq!(reply.status.as_u16(), status, "GET {path}: {}", reply.body);
        assert_eq!(reply.body["error"], code, "GET {path}: {}", reply.body);
    }
    w.coach.call(Method::PATCH, "/sessions", None).await.expect_error(405, "method_not_allowed");

    let after =
        w.api.sql("SELECT (SELECT count(*) FROM notes) || '/' || (SELECT count(*) FROM coaching_sessions)");
    assert_eq!(before, after, "rejected requests changed data");
}

#[tokio::test]
async fn dates_outside_the_supported_years_are_refused_naming_the_field() {
    let w = World::build().await;
    let (session, relationship) = (w.session_id.as_str(), w.relationship_id.as_str());
    let before = w.api.sql(
        "SELECT (SELECT count(*) FROM coaching_sessions) || '/' || (SELECT count(*) FROM actions) || '/' \
         || (SELECT count(*) FROM goals)",
    );
    let write_cases: Vec<(Method, String, serde_json::Value, &str)> = vec![
        (
            Method::POST,
            "/sessions".into(),
            json!({ "relationship_id": relationship, "starts_at": "0106-03-01T10:00:00Z", "duration_minutes": 60 }),
            "starts_at",
        ),
        (
            Method::PUT,
            format!("/sessions/{session}"),
            json!({ "starts_at": "2808-03-01T10:00:00Z", "duration_minutes": 60 }),
            "starts_at",
        ),
        (
            Method::POST,
            "/actions".into(),
            json!({ "session_id": session, "body": "x", "due_on": "1899-12-31" }),
            "due_on",
        ),
        (
            Method::PUT,
            format!("/actions/{}", w.action_id),
            json!({ "body": "x", "due_on": "2201-01-01", "status": "not_started", "assignee": "coachee" }),
            "due_on",
        ),
        (
            Method::POST,
            "/goals".into(),
            json!({ "relationship_id": relationship, "title": "x", "target_date": "0001-01-01" }),
            "target_date",
        ),
        (
            Method::PUT,
            format!("/goals/{}", w.goal_id),
            json!({ "title": "x", "body": "", "target_date": "9999-12-31", "status": "not_started" }),
            "target_date",
        ),
    ];
    for (method, path, body, field) in write_cases {
        let reply = w.coach.call(method.clone(), &path, Some(body)).await;
        assert_eq!(reply.status.as_u16(), 422, "{method} {path}: {}", reply.body);
        assert_eq!(reply.body["error"], "validation_failed", "{method} {path}: {}", reply.body);
        assert_eq!(
            reply.body["message"],
            format!("{field} must fall in the years 1900 to 2200"),
            "{method} {path}"
        );
    }
    for (query, field) in [("from=-9999-01-01T00:00:00Z", "from"), ("to=2808-01-01T00:00:00Z", "to")] {
        let reply = w.coach.get(&format!("/sessions?{query}")).await;
        assert_eq!(reply.status.as_u16(), 422, "{query}: {}", reply.body);
        assert_eq!(reply.body["message"], format!("{field} must fall in the years 1900 to 2200"), "{query}");
    }
    // The bounds themselves are fine.
    w.coach
        .post(
            "/sessions",
            json!({ "relationship_id": relationship, "starts_at": "2200-12-31T23:00:00Z", "duration_minutes": 60 }),
        )
        .await
        .expect(201);
    w.coach.get("/sessions?from=1900-01-01T00:00:00Z&to=2200-12-31T00:00:00Z").await.expect(200);

    let after = w.api.sql(
        "SELECT (SELECT count(*) - 1 FROM coaching_sessions) || '/' || (SELECT count(*) FROM actions) || '/' \
         || (SELECT count(*) FROM goals)",
    );
    assert_eq!(before, after, "refused dates changed data");
}

//! What each endpoint does for the people allowed to use it.

use std::time::Duration;

use serde_json::json;
use testkit::{Service, api_env, free_port, postgres};
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::support::{API_BINARY, Client, DEMO_PASSWORD, PERSON_PASSWORD, Reply, TestApi, World, id};

#[tokio::test]
async fn health_needs_no_database_and_ready_checks_it() {
    let api = TestApi::start().await;
    let anonymous = api.anonymous();
    assert_eq!(anonymous.get("/health").await.expect(200)["status"], "ok");
    let ready = anonymous.get("/ready").await.expect(200);
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["version"], env!("CARGO_PKG_VERSION"), "the release it runs");
}

/// Forwards a local port to PostgreSQL; dropping it cuts every connection, like an outage.
struct Outage {
    port: u16,
    task: JoinHandle<()>,
}

impl Outage {
    async fn forward(port: u16) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("proxy port");
        let target = postgres().port();
        let task = tokio::spawn(async move {
            // A JoinSet aborts its tasks when dropped, so aborting this task cuts every connection.
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(("127.0.0.1", target)).await {
                        let _ = copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Self { port, task }
    }
}

impl Drop for Outage {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn ready_reports_a_database_outage_and_recovers_by_itself() {
    let database = postgres().create_database().expect("database");
    let proxy_port = free_port();
    let proxy = Outage::forward(proxy_port).await;
    let url = format!("postgres://postgres@127.0.0.1:{}/{}", proxy.port, database.name);
    let port = free_port();
    let mut env = api_env(&url, port);
    env.push(("DB_ACQUIRE_TIMEOUT_SECONDS", "1".to_owned()));
    let server = Service::start(std::path::Path::new(API_BINARY), port, &env).await.expect("api");
    let client = Client::new(&server.base_url);
    client.get("/ready").await.expect(200);

    drop(proxy);
    // The forwarding tasks die with the proxy, so pooled connections break as in a real outage.
    tokio::time::sleep(Duration::from_millis(200)).await;
    client.get("/ready").await.expect_error(503, "database_unavailable");
    client.get("/health").await.expect(200);

    let _proxy = Outage::forward(proxy_port).await;
    let mut recovered = false;
    for _ in 0..50 {
        if client.get("/ready").await.status == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "/ready did not recover; api log:\n{}", server.logs());
}

#[tokio::test]
async fn login_lowercases_the_email_and_sets_a_safe_cookie() {
    let api = TestApi::start_seeded().await;
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/login", api.server.base_url))
        .json(&json!({ "email": "Coach@Example.com", "password": DEMO_PASSWORD }))
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii cookie").to_owned();
    assert!(cookie.starts_with("api_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "cookie lacks {attribute}: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "development cookies work over plain http: {cookie}");
    let me: serde_json::Value = response.json().await.expect("json");
    assert_eq!(me["email"], "coach@example.com");
    assert!(me.get("password_hash").is_none(), "never send the hash: {me}");

    let client = api.login("coach@example.com", DEMO_PASSWORD).await;
    let me = client.get("/me").await.expect(200);
    assert_eq!(me["first_name"], "Casey");
    assert_eq!(me["memberships"].as_array().map(Vec::len), Some(2));

    let wrong =
        api.anonymous().post("/login", json!({ "email": "coach@example.com", "password": "nope" })).await;
    wrong.expect_error(401, "invalid_credentials");
    let unknown =
        api.anonymous().post("/login", json!({ "email": "nobody@example.com", "password": "x" })).await;
    unknown.expect_error(401, "invalid_credentials");
}

#[tokio::test]
async fn login_takes_only_json_and_cors_trusts_only_configured_origins() {
    let api = TestApi::start_seeded().await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}{path}", api.server.base_url);

    // What an HTML form on any site can post: right credentials, yet no login.
    let form = http
        .post(url("/login"))
        .header("origin", "http://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("email=coach%40example.com&password={DEMO_PASSWORD}"))
        .send()
        .await
        .expect("request reaches the api");
    assert_eq!(form.status(), 415);
    assert!(form.headers().get("set-cookie").is_none(), "{:?}", form.headers());
    assert!(form.headers().get("access-control-allow-origin").is_none(), "{:?}", form.headers());
    let body: serde_json::Value = form.json().await.expect("JSON error");
    assert_eq!(body["error"], "unsupported_media_type");
    assert!(body["message"].as_str().is_some_and(|message| message.contains("application/json")), "{body}");

    // A browser asks before sending JSON with credentials: only the configured web origin (the
    // default ALLOWED_ORIGINS) is told yes.
    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, url("/login"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("http://localhost:8080").await.expect("preflight answered");
    assert_eq!(allowed.headers()["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(allowed.headers()["access-control-allow-credentials"], "true");
    let foreign = preflight("http://evil.example").await.expect("preflight answered");
    assert!(foreign.headers().get("access-control-allow-origin").is_none(), "{:?}", foreign.headers());
    let read =
        http.get(url("/health")).header("origin", "http://evil.example").send().await.expect("answered");
    assert!(read.headers().get("access-control-allow-origin").is_none(), "{:?}", read.headers());
}

#[tokio::test]
async fn answers_are_neither_sniffed_nor_cached() {
    let api = TestApi::start_seeded().await;
    let client = api.login("coach@example.com", DEMO_PASSWORD).await;
    let header = |reply: &crate::support::Reply, name: &str| {
        reply.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or("").to_owned()
    };
    let me = client.get("/me").await;
    let refused = api.anonymous().get("/me").await;
    let missing = client.get("/no/such/endpoint").await;
    for (what, reply) in [("authenticated data", &me), ("a 401", &refused), ("a 404", &missing)] {
        assert_eq!(header(reply, "x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header(reply, "cache-control"), "no-store", "{what}");
    }
    assert_eq!(me.status, 200);
}

#[tokio::test]
async fn logout_ends_the_session_and_expired_sessions_are_refused() {
    let api = TestApi::start_seeded().await;
    let client = api.login("coachee@example.com", DEMO_PASSWORD).await;
    client.get("/me").await.expect(200);
    client.post("/logout", json!({})).await.expect(204);
    assert_eq!(api.sql("SELECT count(*) FROM auth_sessions"), "0", "revoked server-side");
    client.get("/me").await.expect_error(401, "unauthenticated");
    client.post("/logout", json!({})).await.expect(204);

    let client = api.login("coachee@example.com", DEMO_PASSWORD).await;
    client.get("/me").await.expect(200);
    api.sql("UPDATE auth_sessions SET expires_at = now() - interval '1 second'");
    client.get("/me").await.expect_error(401, "session_expired");
}

#[tokio::test]
async fn activity_slides_the_login_expiry_forward() {
    let api = TestApi::start_seeded().await;
    let client = api.login("coach@example.com", DEMO_PASSWORD).await;
    // Pretend the login was last extended two hours ago.
    api.sql("UPDATE auth_sessions SET expires_at = now() + interval '22 hours'");
    client.get("/me").await.expect(200);
    let remaining = api.sql("SELECT extract(epoch FROM expires_at - now())::int > 86000 FROM auth_sessions");
    assert_eq!(remaining, "t", "the expiry moved back to a full day");
}

#[tokio::test]
async fn sessions_are_listed_by_relationship_and_date_range_in_order() {
    let w = World::build().await;
    let relationship = &w.relationship_id;
    for (day, minutes) in [("2030-01-10", 30), ("2030-01-20", 45), ("2030-01-05", 15)] {
        let body = json!({ "relationship_id": relationship, "starts_at": format!("{day}T08:00:00Z"), "duration_minutes": minutes });
        w.coach.post("/sessions", body).await.expect(201);
    }
    let starts = |sessions: serde_json::Value| -> Vec<String> {
        sessions["items"]
            .as_array()
            .expect("list")
            .iter()
            .map(|s| s["starts_at"].as_str().expect("date")[..10].to_owned())
            .collect()
    };
    let all = w.coachee.get(&format!("/sessions?relationship_id={relationship}")).await.expect(200);
    assert_eq!(starts(all), ["2030-01-05", "2030-01-10", "2030-01-15", "2030-01-20"]);
    let newest_first =
        w.coachee.get(&format!("/sessions?relationship_id={relationship}&sort=desc")).await.expect(200);
    assert_eq!(starts(newest_first), ["2030-01-20", "2030-01-15", "2030-01-10", "2030-01-05"]);
    let window = w
        .coachee
        .get(&format!(
            "/sessions?relationship_id={relationship}&from=2030-01-10T00:00:00Z&to=2030-01-20T00:00:00Z"
        ))
        .await
        .expect(200);
    assert_eq!(starts(window), ["2030-01-10", "2030-01-15"]);
    w.coachee
        .get("/sessions?from=2030-01-20T00:00:00Z&to=2030-01-10T00:00:00Z")
        .await
        .expect_error(400, "invalid_query");
}

#[tokio::test]
async fn session_content_round_trip() {
    let w = World::build().await;
    let session = &w.session_id;

    // Notes and agreements: what one participant writes, the other reads.
    for kind in ["notes", "agreements"] {
        let created = w
            .coachee
            .post(&format!("/{kind}"), json!({ "session_id": session, "body": "  from coachee  " }))
            .await
            .expect(201);
        assert_eq!(created["body"], "from coachee");
        let listed = w.coach.get(&format!("/{kind}?session_id={session}")).await.expect(200);
        assert!(
            listed["items"].as_array().expect("list").iter().any(|entry| entry["id"] == created["id"]),
            "{listed}"
        );
        assert_eq!(created["edited"], false, "{created}");
        let path = format!("/{kind}/{}", id(&created));
        let edited =
            w.coachee.put(&path, json!({ "body": "edited by its author", "version": 1 })).await.expect(200);
        assert_eq!((&edited["body"], &edited["edited"]), (&json!("edited by its author"), &json!(true)));
        let read = w.coach.get(&path).await.expect(200);
        assert_eq!(
            (&read["body"], &read["edited"]),
            (&json!("edited by its author"), &json!(true)),
            "{read}"
        );
    }

    // Actions: due date, status changes stamp status_changed_at.
    let action = w.coach.get(&format!("/actions/{}", w.action_id)).await.expect(200);
    assert_eq!(action["status"], "not_started");
    assert_eq!(action["due_on"], "2030-02-01");
    let action_path = format!("/actions/{}", w.action_id);
    let done = change_status(&w.coachee, &action_path, "completed").await.expect(200);
    assert_eq!(done["status"], "completed");
    assert_ne!(done["status_changed_at"], action["status_changed_at"]);
    change_status(&w.coachee, &action_path, "finished").await.expect_error(422, "invalid_body");

    // Goals: status, links to sessions, listed by relationship and by session.
    let goal = w.coach.get(&format!("/goals/{}", w.goal_id)).await.expect(200);
    assert_eq!(goal["session_ids"], json!([session]));
    let by_session = w.coach.get(&format!("/goals?session_id={session}")).await.expect(200);
    assert_eq!(by_session["items"].as_array().map(Vec::len), Some(1));
    let unlinked = w.coach.delete(&format!("/goals/{}/sessions/{session}", w.goal_id)).await.expect(200);
    assert_eq!(unlinked["session_ids"], json!([]));
    w.coach.delete(&format!("/goals/{}/sessions/{session}", w.goal_id)).await.expect_error(404, "not_found");
    let on_hold = change_status(&w.coachee, &format!("/goals/{}", w.goal_id), "on_hold").await.expect(200);
    assert_eq!(on_hold["status"], "on_hold");
    w.coach.get("/goals").await.expect_error(400, "invalid_query");

    // A goal cannot be linked to another relationship's session.
    let other = w
        .org_admin
        .post("/relationships", json!({ "organization_id": w.organization_id, "coach_id": w.coachee_id, "coachee_id": w.coach_id }))
        .await
        .expect(201);
    let other_session = id(&w
        .coachee
        .post("/sessions", json!({ "relationship_id": id(&other), "starts_at": "2030-05-01T10:00:00Z", "duration_minutes": 30 }))
        .await
        .expect(201));
    w.coach
        .post(&format!("/goals/{}/sessions/{other_session}", w.goal_id), json!({}))
        .await
        .expect_error(422, "validation_failed");

    // A goal created with a session is linked to it in the same call; a session of another
    // relationship, or none at all, is refused and nothing is written.
    let linked = w
        .coachee
        .post(
            "/goals",
            json!({ "relationship_id": w.relationship_id, "title": "Linked", "session_id": session }),
        )
        .await
        .expect(201);
    assert_eq!(linked["session_ids"], json!([session]));
    let goals_count = || w.api.sql("SELECT count(*) FROM goals");
    let before = goals_count();
    for bad_session in [other_session.clone(), uuid_nobody_uses()] {
        let refused = w
            .coachee
            .post(
                "/goals",
                json!({ "relationship_id": w.relationship_id, "title": "No", "session_id": bad_session }),
            )
            .await;
        let message = refused.expect_error_message(422, "validation_failed");
        assert!(message.contains("session_id"), "{message}");
    }
    assert_eq!(goals_count(), before, "refused goals are not written");

    // Deleting a session takes its content with it.
    w.coach.delete(&format!("/sessions/{session}")).await.expect(204);
    w.coachee.get(&format!("/notes/{}", w.note_id)).await.expect_error(404, "not_found");
    assert_eq!(
        w.api.sql(&format!("SELECT count(*) FROM notes WHERE coaching_session_id = '{session}'")),
        "0"
    );
}

#[tokio::test]
async fn organizations_and_members() {
    let api = TestApi::start_seeded().await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let created = admin.post("/organizations", json!({ "name": "Acme Coaching, Inc." })).await.expect(201);
    assert_eq!(created["slug"], "acme-coaching-inc");
    let organization = id(&created);
    admin
        .post("/organizations", json!({ "name": "Other", "slug": "acme-coaching-inc" }))
        .await
        .expect_error(409, "slug_taken");

    let members = format!("/organizations/{organization}/members");
    let invitations = format!("/organizations/{organization}/invitations");
    admin
        .post(&invitations, json!({ "email": "not an email", "role": "member" }))
        .await
        .expect_error(422, "validation_failed");
    let invited =
        admin.post(&invitations, json!({ "email": "New@Example.com", "role": "member" })).await.expect(201);
    assert_eq!((&invited["email"], &invited["role"]), (&json!("new@example.com"), &json!("member")));
    let link = invited["link_path"].as_str().expect("link_path");
    let offer = api.anonymous().get(link).await.expect(200);
    assert_eq!(offer["organization_name"], "Acme Coaching, Inc.");
    let joining = json!({ "first_name": "Nia", "last_name": "New", "password": PERSON_PASSWORD });
    api.anonymous().post(link, joining).await.expect(204);
    // An existing account accepts while signed in, keeping its own name and password.
    let link = crate::support::invite(&admin, &organization, "coach@example.com", "admin").await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    coach.post(&format!("{link}/accept"), json!({})).await.expect(204);
    let listed = admin.get(&members).await.expect(200);
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));

    let newcomer = api.login("new@example.com", PERSON_PASSWORD).await;
    let mine = newcomer.get("/organizations").await.expect(200);
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(mine["items"][0]["id"], organization.as_str());
}

#[tokio::test]
async fn a_session_workspace_holds_everything_its_page_shows_and_only_for_those_who_see_it() {
    let w = World::build().await;
    let path = format!("/sessions/{}/workspace", w.session_id);
    let workspace = w.coachee.get(&path).await.expect(200);
    assert_eq!(workspace["viewer"]["email"], "coachee@matrix.test");
    assert_eq!(workspace["viewer"]["memberships"][0]["organization_id"], w.organization_id.as_str());
    assert_eq!(workspace["session"]["id"], w.session_id.as_str());
    assert_eq!(workspace["relationship"]["coach"]["id"], w.coach_id.as_str());
    for (list, expected) in [
        ("notes", &w.note_id),
        ("agreements", &w.agreement_id),
        ("actions", &w.action_id),
        ("goals", &w.goal_id),
    ] {
        let ids: Vec<_> =
            workspace[list]["items"].as_array().expect(list).iter().map(|item| item["id"].clone()).collect();
        assert_eq!(ids, [expected.as_str()], "{list}");
        assert_eq!(workspace[list]["next_cursor"], json!(null), "{list}");
    }
    assert_eq!(w.org_admin.get(&path).await.expect(200)["viewer"]["email"], "org-admin@matrix.test");
    w.outsider.get(&path).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let api = TestApi::start().await;
    let document = api.anonymous().get("/api-docs/openapi.json").await.expect(200);
    assert!(document["openapi"].as_str().is_some_and(|version| version.starts_with("3.")));
    let paths = document["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/health", "get"),
        ("/ready", "get"),
        ("/login", "post"),
        ("/logout", "post"),
        ("/me", "get"),
        ("/organizations", "post"),
        ("/organizations/{id}/invitations", "post"),
        ("/organizations/{id}/invitations", "get"),
        ("/organizations/{id}/invitations/{invitation_id}", "delete"),
        ("/invitations/{token}", "get"),
        ("/invitations/{token}", "post"),
        ("/invitations/{token}/accept", "post"),
        ("/organizations/{id}/members/{user_id}", "put"),
        ("/relationships", "post"),
        ("/relationships/{id}/end", "post"),
        ("/sessions", "get"),
        ("/dashboard", "get"),
        ("/sessions/{id}", "put"),
        ("/notes", "post"),
        ("/agreements/{id}", "delete"),
        ("/actions/{id}/status", "put"),
        ("/goals/{id}/sessions/{session_id}", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|item| item.get(method)).is_some(),
            "{method} {path} is not documented"
        );
    }
    assert!(document["components"]["securitySchemes"]["login_cookie"].is_object());
    let schemas = &document["components"]["schemas"];
    for (schema, property) in [
        ("Relationship", "capabilities"),
        ("Relationship", "ended_at"),
        ("Membership", "capabilities"),
        ("Organization", "capabilities"),
        ("NewGoal", "session_id"),
    ] {
        assert!(schemas[schema]["properties"][property].is_object(), "{schema}.{property} is not documented");
    }
    for schema in ["RelationshipCapabilities", "OrganizationCapabilities"] {
        assert!(schemas[schema].is_object(), "{schema} is not documented");
    }

    // The shared error sets appear with the error schema, and an endpoint's own description of a
    // status wins over the shared one.
    let error_schema = |responses: &serde_json::Value, status: &str| {
        responses[status]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    let update_session = &paths["/sessions/{id}"]["put"]["responses"];
    for status in ["403", "404", "422"] {
        assert_eq!(error_schema(update_session, status), "#/components/schemas/ErrorBody", "{status}");
    }
    let link_goal = &paths["/goals/{id}/sessions/{session_id}"]["post"]["responses"];
    assert_eq!(link_goal["422"]["description"], "The session is in another relationship");
    assert_eq!(error_schema(link_goal, "403"), "#/components/schemas/ErrorBody");
}

/// An id no row has.
fn uuid_nobody_uses() -> String {
    "00000000-0000-4000-8000-000000000000".to_owned()
}

/// Moves the action or goal at `path` to `status`, as `client`.
async fn change_status(client: &Client, path: &str, status: &str) -> Reply {
    client.put(&format!("{path}/status"), json!({ "status": status })).await
}

//! Keyset pagination: every list answers `{items, next_cursor}` a page at a time, following the
//! cursors yields every row exactly once in the list's order, and bad `limit`/`cursor` values are
//! refused with a message that names them.

use std::collections::HashSet;

use contract::DEFAULT_PAGE_LIMIT;
use serde_json::{Value, json};

use crate::support::{Client, World};

/// Rows added to each list: more than the default page (20), fewer than the largest (200), so one
/// page of 200 shows a whole list in its reference order.
const ROWS: usize = 120;

/// Relationships of the crowd with a session and an action (due on one of four days, or undated): a
/// person's action list across relationships then holds ties between relationships, within one
/// page of 200.
const CROWD_ACTIONS: usize = 60;

/// The World with `ROWS` more of everything, inserted in bulk: rows of one statement share their
/// `now()`, so ties on the sort key must be broken by the id, and people share their names.
async fn crowded_world() -> World {
    let w = World::build().await;
    let (session, relationship, coach) = (&w.session_id, &w.relationship_id, &w.coach_id);
    let organization = &w.organization_id;
    w.api.sql(&format!(
        "INSERT INTO notes (coaching_session_id, author_id, body)
           SELECT '{session}', '{coach}', 'note ' || n FROM generate_series(1, {ROWS}) n;
         INSERT INTO agreements (coaching_session_id, author_id, body)
           SELECT '{session}', '{coach}', 'agreement ' || n FROM generate_series(1, {ROWS}) n;
         INSERT INTO actions (coaching_relationship_id, coaching_session_id, author_id, body)
           SELECT '{relationship}', '{session}', '{coach}', 'action ' || n FROM generate_series(1, {ROWS}) n;
         INSERT INTO goals (coaching_relationship_id, author_id, title)
           SELECT '{relationship}', '{coach}', 'goal ' || n FROM generate_series(1, {ROWS}) n;
         INSERT INTO coaching_sessions (coaching_relationship_id, starts_at, duration_minutes)
           SELECT '{relationship}', timestamptz '2031-01-01 09:00Z' + (n % 7) * interval '1 day', 30
           FROM generate_series(1, {ROWS}) n;
         INSERT INTO organizations (name, slug)
           SELECT 'Same Name', 'same-name-' || n FROM generate_series(1, {ROWS}) n;
         INSERT INTO users (email, password_hash, first_name, last_name)
           SELECT 'crowd-' || n || '@matrix.test', 'not a hash', 'Same', 'Same'
           FROM generate_series(1, {ROWS}) n;
         INSERT INTO organization_memberships (organization_id, user_id)
           SELECT '{organization}', id FROM users WHERE email LIKE 'crowd-%';
         INSERT INTO coaching_relationships (organization_id, coach_id, coachee_id)
           SELECT '{organization}', '{coach}', id FROM users WHERE email LIKE 'crowd-%';
         INSERT INTO coaching_sessions (coaching_relationship_id, starts_at, duration_minutes)
           SELECT r.id, timestamptz '2031-02-01 09:00Z', 30 FROM coaching_relationships r
           JOIN users u ON u.id = r.coachee_id WHERE u.email LIKE 'crowd-%' ORDER BY r.id LIMIT {CROWD_ACTIONS};
         INSERT INTO actions (coaching_relationship_id, coaching_session_id, author_id, body, due_on)
           SELECT coaching_relationship_id, id, '{coach}', 'crowd action',
                  CASE WHEN n % 5 <> 0 THEN date '2031-03-01' + (n % 4)::integer END
           FROM (SELECT s.*, row_number() OVER (ORDER BY s.id) AS n FROM coaching_sessions s
                 JOIN coaching_relationships r ON r.id = s.coaching_relationship_id
                 JOIN users u ON u.id = r.coachee_id WHERE u.email LIKE 'crowd-%') crowd;"
    ));
    w
}

/// Every list endpoint (path with its filters, who may read it, a query that counts its rows
/// for that person).
fn lists(w: &World) -> Vec<(String, &Client, String)> {
    let (session, relationship, organization) = (&w.session_id, &w.relationship_id, &w.organization_id);
    let coach = &w.coach_id;
    vec![
        (
            format!("/notes?session_id={session}"),
            &w.coachee,
            format!("SELECT count(*) FROM notes WHERE coaching_session_id = '{session}'"),
        ),
        (
            format!("/agreements?session_id={session}"),
            &w.coachee,
            format!("SELECT count(*) FROM agreements WHERE coaching_session_id = '{session}'"),
        ),
        (
            format!("/actions?session_id={session}"),
            &w.coachee,
            format!("SELECT count(*) FROM actions WHERE coaching_session_id = '{session}'"),
        ),
        (
            format!("/goals?relationship_id={relationship}"),
            &w.coachee,
            format!("SELECT count(*) FROM goals WHERE coaching_relationship_id = '{relationship}'"),
        ),
        (
            format!("/sessions?relationship_id={relationship}"),
            &w.coachee,
            format!(
                "SELECT count(*) FROM coaching_sessions WHERE coaching_relationship_id = '{relationship}'"
            ),
        ),
        (
            "/sessions?sort=desc".to_owned(),
            &w.coach,
            format!(
                "SELECT count(*) FROM coaching_sessions s JOIN coaching_relationships r
                   ON r.id = s.coaching_relationship_id WHERE r.coach_id = '{coach}'"
            ),
        ),
        // Across the coach's relationships: each relationship's first rows, then the page.
        (
            "/actions".to_owned(),
            &w.coach,
            format!(
                "SELECT count(*) FROM actions a JOIN coaching_relationships r
                   ON r.id = a.coaching_relationship_id WHERE r.coach_id = '{coach}'"
            ),
        ),
        (
            format!("/relationships?organization_id={organization}"),
            &w.org_admin,
            format!("SELECT count(*) FROM coaching_relationships WHERE organization_id = '{organization}'"),
        ),
        ("/organizations".to_owned(), &w.super_admin, "SELECT count(*) FROM organizations".to_owned()),
        (
            format!("/organizations/{organization}/members"),
            &w.org_admin,
            format!("SELECT count(*) FROM organization_memberships WHERE organization_id = '{organization}'"),
        ),
    ]
}

/// `path` with one more query parameter.
fn with(path: &str, parameter: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}{parameter}")
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page has items: {page}"))
        .iter()
        .map(|item| item["id"].as_str().or(item["user_id"].as_str()).expect("an id").to_owned())
        .collect()
}

/// Every id of the list, following cursors `limit` items at a time.
async fn walk(client: &Client, path: &str, limit: usize) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = with(path, &format!("limit={limit}"));
        if let Some(cursor) = &cursor {
            request = with(&request, &format!("cursor={cursor}"));
        }
        let page = client.get(&request).await.expect(200);
        let items = ids(&page);
        assert!(items.len() <= limit, "{request}: {} items", items.len());
        seen.extend(items.iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => {
                assert_eq!(items.len(), limit, "{request}: a page before the last is full");
                cursor = Some(next.to_owned());
            }
            None => return seen,
        }
        assert!(seen.len() <= 10 * ROWS, "{path}: the cursors never end");
    }
}

#[tokio::test]
async fn following_the_cursors_gives_every_row_once_in_order() {
    let w = crowded_world().await;
    for (path, client, count) in lists(&w) {
        let total: usize = w.api.sql(&count).parse().expect("a count");
        assert!(total > ROWS, "{path}: only {total} rows");
        let whole = client.get(&with(&path, "limit=200")).await.expect(200);
        assert_eq!(whole["next_cursor"], json!(null), "{path}");
        let reference = ids(&whole);
        assert_eq!(reference.len(), total, "{path}: one page of 200 holds the whole list");

        let first = client.get(&path).await.expect(200);
        assert_eq!(ids(&first), reference[..DEFAULT_PAGE_LIMIT as usize], "{path}: the default page");
        assert!(first["next_cursor"].is_string(), "{path}: a cursor to the next page");

        let walked = walk(client, &path, 17).await;
        assert_eq!(walked, reference, "{path}: pages of 17 give the same rows in the same order");
        assert_eq!(walked.iter().collect::<HashSet<_>>().len(), total, "{path}: no row twice");
    }
}

#[tokio::test]
async fn session_filters_and_order_hold_across_pages() {
    let w = crowded_world().await;
    let relationship = &w.relationship_id;
    let window = format!(
        "/sessions?relationship_id={relationship}&from=2031-01-02T09:00:00Z&to=2031-01-05T09:00:00Z&sort=desc"
    );
    let starts_of = |ids: &[String]| -> Vec<String> {
        ids.iter()
            .map(|id| w.api.sql(&format!("SELECT starts_at FROM coaching_sessions WHERE id = '{id}'")))
            .collect()
    };
    let walked = walk(&w.coachee, &window, 9).await;
    let expected: usize = w
        .api
        .sql(&format!(
            "SELECT count(*) FROM coaching_sessions WHERE coaching_relationship_id = '{relationship}'
             AND starts_at >= '2031-01-02T09:00Z' AND starts_at < '2031-01-05T09:00Z'"
        ))
        .parse()
        .expect("a count");
    assert!(expected > 9, "the window spans several pages");
    assert_eq!(walked.len(), expected, "only sessions in the window, each once");
    let starts = starts_of(&walked);
    assert!(starts.windows(2).all(|pair| pair[0] >= pair[1]), "newest first: {starts:?}");
}

#[tokio::test]
async fn bad_limits_and_cursors_are_refused_by_name() {
    let w = World::build().await;
    for (path, client, _) in lists(&w) {
        for limit in ["0", "201", "abc", "-1", "99999999999"] {
            let reply = client.get(&with(&path, &format!("limit={limit}"))).await;
            assert!(reply.status.is_client_error(), "{path} limit={limit}: {}", reply.status);
            let message = reply.body["message"].as_str().unwrap_or_default();
            assert!(message.contains("limit"), "{path} limit={limit}: {}", reply.body);
        }
        for cursor in ["garbage", "%00", "W10", "eyJhIjoxfQ", &"A".repeat(5000)] {
            let reply = client.get(&with(&path, &format!("cursor={cursor}"))).await;
            assert!(reply.status.is_client_error(), "{path} cursor={cursor}: {}", reply.status);
            let message = reply.body["message"].as_str().unwrap_or_default();
            assert!(message.contains("cursor"), "{path} cursor={cursor}: {}", reply.body);
        }
        client.get(&with(&path, "limit=1")).await.expect(200);
        client.get(&with(&path, "limit=200")).await.expect(200);
    }
}

#[tokio::test]
async fn a_cursor_does_not_widen_what_a_list_shows() {
    let w = crowded_world().await;
    let secrets = [&w.relationship_id, &w.session_id, &w.organization_id];
    // Cursors the coach was given, replayed by an outsider on every list.
    for (path, client, _) in lists(&w) {
        let page = client.get(&with(&path, "limit=3")).await.expect(200);
        let cursor = page["next_cursor"].as_str().expect("a cursor").to_owned();
        let reply = w.outsider.get(&with(&path, &format!("cursor={cursor}"))).await;
        if reply.status.is_success() {
            let body = reply.body.to_string();
            for secret in secrets {
                assert!(!body.contains(secret.as_str()), "outsider's {path} reveals {secret}: {body}");
            }
            assert!(ids(&reply.body).iter().all(|id| !page.to_string().contains(id.as_str())), "{path}");
        } else {
            reply.expect_error(404, "not_found");
        }
    }
}

#[tokio::test]
async fn the_workspace_holds_first_pages_that_the_lists_continue() {
    let w = crowded_world().await;
    let workspace = format!("/sessions/{}/workspace", w.session_id);
    let first = w.coachee.get(&format!("{workspace}?limit=20")).await.expect(200);
    let session = &w.session_id;
    for (list, path) in [
        ("notes", format!("/notes?session_id={session}")),
        ("agreements", format!("/agreements?session_id={session}")),
        ("actions", format!("/actions?session_id={session}")),
        ("goals", format!("/goals?relationship_id={}", w.relationship_id)),
    ] {
        let whole = ids(&w.coachee.get(&with(&path, "limit=200")).await.expect(200));
        assert_eq!(ids(&first[list]), whole[..20], "{list}: the first 20");
        let cursor = first[list]["next_cursor"].as_str().expect("more to come");
        let rest = w.coachee.get(&with(&path, &format!("limit=200&cursor={cursor}"))).await.expect(200);
        assert_eq!(ids(&rest), whole[20..], "{list}: the list continues where the workspace stopped");
    }
    let by_default = w.coachee.get(&workspace).await.expect(200);
    assert_eq!(ids(&by_default["notes"]).len(), DEFAULT_PAGE_LIMIT as usize, "the default page of each list");
    for limit in ["0", "201", "abc"] {
        let reply = w.coachee.get(&format!("{workspace}?limit={limit}")).await;
        assert!(reply.status.is_client_error(), "limit={limit}: {}", reply.status);
        assert!(reply.body["message"].as_str().unwrap_or_default().contains("limit"), "{}", reply.body);
    }
}

#[tokio::test]
async fn the_workspace_is_for_those_who_see_the_session_only() {
    let w = World::build().await;
    let workspace = format!("/sessions/{}/workspace", w.session_id);
    // A coachee of another relationship in the same organization sees nothing of this one.
    crate::support::join(&w.api, &w.org_admin, &w.organization_id, "other-coachee@matrix.test", "member")
        .await;
    let other = w.api.login("other-coachee@matrix.test", crate::support::PERSON_PASSWORD).await;
    let other_id = other.get("/me").await.ok()["id"].as_str().expect("id").to_owned();
    let pairing =
        json!({ "organization_id": w.organization_id, "coach_id": w.coach_id, "coachee_id": other_id });
    w.org_admin.post("/relationships", pairing).await.expect(201);
    other.get(&workspace).await.expect_error(404, "not_found");
    w.outsider.get(&workspace).await.expect_error(404, "not_found");
    w.api.anonymous().get(&workspace).await.expect_error(401, "unauthenticated");

    // The coachee sees the session, and may change only what they wrote.
    let seen = w.coachee.get(&workspace).await.expect(200);
    assert_eq!(seen["relationship"]["capabilities"]["manage_sessions"], false, "{seen}");
    let note = &seen["notes"]["items"][0];
    assert_eq!(
        (note["id"].as_str(), &note["capabilities"]),
        (Some(w.note_id.as_str()), &json!({ "edit": false, "delete": false }))
    );
    let agreement = &seen["agreements"]["items"][0];
    assert_eq!(
        (agreement["id"].as_str(), &agreement["capabilities"]),
        (Some(w.agreement_id.as_str()), &json!({ "edit": true, "delete": true }))
    );
}

#[tokio::test]
async fn the_workspace_is_read_on_one_database_connection() {
    let w = World::build().await;
    let open_connections = || -> usize {
        w.api
            .sql(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            .parse()
            .expect("a count")
    };
    let before = open_connections();
    w.coachee.get(&format!("/sessions/{}/workspace", w.session_id)).await.expect(200);
    // The pool opens a connection only when none is free: reading the lists in parallel took one
    // per list from the pool, so a handful of page loads starved it.
    let after = open_connections();
    assert!(after <= before.max(1), "the workspace opened {after} connections where {before} were open");
}

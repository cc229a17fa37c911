//! The hot paths' statements walk indexes: none reads a table from start to end, so none slows
//! down as an organization grows. PostgreSQL plans every statement the pages and the busiest
//! writes run, with sequential scans allowed only where no index can serve; its plans are read
//! back from its log (auto_explain).

use std::path::Path;

use serde_json::json;
use testkit::{postgres, start_api_with};

use crate::support::{API_BINARY, World};

#[tokio::test]
async fn the_pages_and_busiest_writes_scan_no_table_in_full() {
    let w = World::build().await;
    let database = &w.api.database;
    postgres().explain_every_statement(database).expect("plans logged");
    // A new api, so that every connection it opens is one the settings above apply to.
    let api = start_api_with(Path::new(API_BINARY), &database.url, &[]).await.expect("an api");
    let (coach, coachee) = (w.coach.at(&api.base_url), w.coachee.at(&api.base_url));
    let (relationship, session) = (&w.relationship_id, &w.session_id);

    for (person, path) in [
        (&coach, "/me".to_owned()),
        (&coach, "/dashboard".to_owned()),
        (&coach, "/what-now".to_owned()),
        (&coach, "/relationships".to_owned()),
        (&coach, format!("/relationships/{relationship}")),
        (&coach, "/sessions".to_owned()),
        (&coach, format!("/sessions?relationship_id={relationship}")),
        (&coach, format!("/sessions/{session}")),
        (&coach, format!("/sessions/{session}/workspace")),
        (&coach, format!("/sessions/{session}/agenda")),
        (&coach, format!("/sessions/{session}/drafts")),
        (&coach, format!("/notes?session_id={session}")),
        (&coach, "/actions".to_owned()),
        (&coach, format!("/actions?relationship_id={relationship}")),
        (&coach, format!("/actions?session_id={session}")),
        (&coach, "/actions/overview?mine=true&status=open".to_owned()),
        (&coach, format!("/goals?relationship_id={relationship}")),
        (&coach, format!("/relationships/{relationship}/goals")),
        (&coachee, "/dashboard".to_owned()),
        (&coachee, "/actions".to_owned()),
    ] {
        person.get(&path).await.expect(200);
    }
    coach.create("/notes", json!({ "session_id": session, "body": "a *second* note" })).await;
    coach
        .create("/actions", json!({ "session_id": session, "body": "call back", "assignee": "coachee" }))
        .await;
    coachee.create(&format!("/sessions/{session}/agenda"), json!({ "body": "What went well" })).await;
    coach
        .put(&format!("/actions/{}/status", w.action_id), json!({ "status": "completed" }))
        .await
        .expect(200);

    let plans = postgres().plans(database).expect("the plans");
    assert!(plans.len() > 40, "only {} plans logged: is auto_explain on?", plans.len());
    let full_scans: Vec<String> = plans
        .iter()
        .filter(|plan| !plan.sequential_scans().is_empty())
        .map(|plan| format!("{:?} in:\n{}", plan.sequential_scans(), plan.query))
        .collect();
    assert!(full_scans.is_empty(), "statements that read a whole table:\n\n{}", full_scans.join("\n\n"));
}

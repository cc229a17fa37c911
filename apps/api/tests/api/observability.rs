//! What an operator sees of each request (issue 12, point 6): its id, carried into the log lines
//! and back to the caller, and the Prometheus metrics on their own port.

use testkit::free_port;

use crate::support::TestApi;

/// An unknown session: the route has a path parameter, which the metrics must not label with.
const SESSION_PATH: &str = "/sessions/7f0c2a56-3d2e-4b8f-9a41-5b0e6c1d2f3a";

async fn get(url: &str, request_id: Option<&str>) -> reqwest::Response {
    let request = reqwest::Client::new().get(url);
    let request = match request_id {
        Some(id) => request.header("x-request-id", id),
        None => request,
    };
    request.send().await.expect("api answers")
}

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"].to_str().expect("ascii").to_owned()
}

/// The log lines of the request with `id` (the span field, as the text format prints it).
async fn log_lines_of(api: &TestApi, id: &str) -> Vec<String> {
    let field = format!("request_id={id}");
    api.server
        .logs_with(&field)
        .await
        .lines()
        .filter(|line| line.contains(&field))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_well_formed_request_id_comes_back_and_marks_the_request_log_line() {
    let api = TestApi::start_seeded_with(&[("LOG_LEVEL", "info".to_owned())]).await;
    let response = get(&format!("{}{SESSION_PATH}", api.server.base_url), Some("abc-123")).await;
    assert_eq!(response.status(), 401);
    assert_eq!(request_id(&response), "abc-123");
    let lines = log_lines_of(&api, "abc-123").await;
    assert!(
        lines.iter().any(|line| line.contains("route=/sessions/{id}") && line.contains("status=401")),
        "no log line of the request with its id, route and status:\n{}",
        api.server.logs()
    );
}

#[tokio::test]
async fn a_json_log_line_carries_the_request_fields_once() {
    let api =
        TestApi::start_seeded_with(&[("LOG_LEVEL", "info".to_owned()), ("LOG_FORMAT", "json".to_owned())])
            .await;
    let response = get(&format!("{}{SESSION_PATH}", api.server.base_url), Some("json-1")).await;
    assert_eq!(response.status(), 401);
    let logs = api.server.logs_with("finished processing request").await;
    let line = logs
        .lines()
        .find(|line| line.contains("\"json-1\"") && line.contains("finished processing request"))
        .unwrap_or_else(|| panic!("no closing line of the request:\n{logs}"));
    let line: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
    assert_eq!(line["span"]["request_id"], "json-1", "{line}");
    assert_eq!(line["span"]["route"], "/sessions/{id}", "{line}");
    assert_eq!(line["status"], 401, "{line}");
    assert!(line.get("spans").is_none(), "the span's fields repeated: {line}");
}

#[tokio::test]
async fn a_missing_or_malformed_request_id_is_replaced_by_a_new_one() {
    let api = TestApi::start_seeded_with(&[("LOG_LEVEL", "info".to_owned())]).await;
    let too_long = "a".repeat(65);
    for sent in [None, Some("abc 123"), Some("a\"}{b"), Some(too_long.as_str())] {
        let response = get(&format!("{}{SESSION_PATH}", api.server.base_url), sent).await;
        let id = request_id(&response);
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{sent:?} was answered with id {id:?}");
        assert!(!log_lines_of(&api, &id).await.is_empty(), "no log line with {id}:\n{}", api.server.logs());
    }
}

#[tokio::test]
async fn answers_not_worth_a_look_are_logged_only_at_debug() {
    let quiet = TestApi::start_seeded_with(&[("LOG_LEVEL", "info".to_owned())]).await;
    let id = request_id(&get(&format!("{}/health", quiet.server.base_url), None).await);
    assert!(log_lines_of(&quiet, &id).await.is_empty(), "a 200 was logged at info:\n{}", quiet.server.logs());

    let verbose = TestApi::start_seeded_with(&[("LOG_LEVEL", "info,service_kit=debug".to_owned())]).await;
    let id = request_id(&get(&format!("{}/health", verbose.server.base_url), None).await);
    let lines = log_lines_of(&verbose, &id).await;
    assert!(
        lines.iter().any(|line| line.contains("route=/health") && line.contains("status=200")),
        "no debug line of the request:\n{}",
        verbose.server.logs()
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status_on_their_own_port() {
    let metrics_port = free_port();
    let api = TestApi::start_seeded_with(&[("METRICS_PORT", metrics_port.to_string())]).await;
    assert_eq!(get(&format!("{}{SESSION_PATH}", api.server.base_url), None).await.status(), 401);

    let metrics = get(&format!("http://127.0.0.1:{metrics_port}/metrics"), None).await;
    assert_eq!(metrics.status(), 200);
    assert!(metrics.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let metrics = metrics.text().await.expect("metrics text");
    let labels = r#"method="GET",route="/sessions/{id}",status="401""#;
    assert!(metrics.contains(&format!("http_requests_total{{{labels}}} 1\n")), "{metrics}");
    assert!(metrics.contains("# TYPE http_request_duration_seconds histogram"), "{metrics}");
    assert!(metrics.contains(&format!("http_request_duration_seconds_count{{{labels}}} 1\n")), "{metrics}");
    assert!(metrics.contains(&format!("http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 1\n")));
    assert!(!metrics.contains(&SESSION_PATH[10..]), "a raw path became a label:\n{metrics}");
    for gauge in ["db_pool_connections", "db_pool_idle_connections", "db_pool_max_connections 10"] {
        assert!(metrics.lines().any(|line| line.starts_with(gauge)), "no {gauge}:\n{metrics}");
    }

    let on_main_port = get(&format!("{}/metrics", api.server.base_url), None).await;
    assert_eq!(on_main_port.status(), 404);
}

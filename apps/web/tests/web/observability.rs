//! What an operator sees of the web (issue 12, point 6): one request id across the web's and the
//! api's log lines, JSON log lines in production, and the metrics on their own port.

use serde_json::Value;
use testkit::{free_port, postgres, start_api_with, workspace_binary};

use crate::support::start_web;

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"].to_str().expect("ascii").to_owned()
}

#[tokio::test]
async fn the_web_sends_its_request_id_along_to_the_api() {
    let api_binary = workspace_binary("api").expect("api binary");
    let database = postgres().create_database().expect("database");
    testkit::migrate(&api_binary, &database.url).expect("migrate");
    // Every request's closing line, answers worth no look included.
    let api =
        start_api_with(&api_binary, &database.url, &[("LOG_LEVEL", "info,service_kit=debug".to_owned())])
            .await
            .expect("api starts");
    let web = start_web(&api.base_url, &[]).await;

    // Readiness asks the api, so the web's request makes one to the api.
    let response = reqwest::get(format!("{}/ready", web.base_url)).await.expect("web answers");
    assert_eq!(response.status(), 200);
    let id = request_id(&response);
    assert!(
        api.logs_with(&format!("request_id={id}"))
            .await
            .lines()
            .any(|line| line.contains(&format!("request_id={id}")) && line.contains("route=/health")),
        "the api logged no request with the web's id {id}:\n{}",
        api.logs()
    );
}

#[tokio::test]
async fn production_logs_are_json_lines_carrying_the_request_id() {
    let web = start_web(
        "http://127.0.0.1:9",
        &[("RUNTIME_ENV", "production".to_owned()), ("LOG_LEVEL", "info,service_kit=debug".to_owned())],
    )
    .await;
    let response = reqwest::Client::new()
        .get(format!("{}/health", web.base_url))
        .header("x-request-id", "json-1")
        .send()
        .await
        .expect("web answers");
    assert_eq!(request_id(&response), "json-1");

    let logs = web.logs_with("json-1").await;
    let lines: Vec<Value> = logs
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: not JSON: {line}")))
        .collect();
    assert!(
        lines.iter().any(|line| line["span"]["request_id"] == "json-1" && line["span"]["route"] == "/health"),
        "no JSON line of the request:\n{logs}"
    );
}

#[tokio::test]
async fn metrics_are_on_their_own_port_only() {
    let metrics_port = free_port();
    let web = start_web("http://127.0.0.1:9", &[("METRICS_PORT", metrics_port.to_string())]).await;
    let page = reqwest::get(format!("{}/static/app.css", web.base_url)).await.expect("web answers");
    assert_eq!(page.status(), 200);

    let metrics = reqwest::get(format!("http://127.0.0.1:{metrics_port}/metrics")).await.expect("metrics");
    let metrics = metrics.text().await.expect("metrics text");
    let labels = r#"method="GET",route="/static/app.css",status="200""#;
    assert!(metrics.contains(&format!("http_requests_total{{{labels}}} 1\n")), "{metrics}");
    assert!(metrics.contains(&format!("http_request_duration_seconds_count{{{labels}}} 1\n")), "{metrics}");

    let on_main_port = reqwest::get(format!("{}/metrics", web.base_url)).await.expect("web answers");
    assert_eq!(on_main_port.status(), 404);
}

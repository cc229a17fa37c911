//! The served OpenAPI document against the server's real answers: where a login is required, and
//! which errors malformed requests get. (The e2e fuzz run checks generated requests the same way.)

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{DEMO_PASSWORD, TestApi};

/// Every operation of the document: method, path template and the operation object.
fn operations(document: &Value) -> Vec<(Method, String, Value)> {
    let paths = document["paths"].as_object().expect("paths");
    let mut found = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("a path item") {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("an HTTP method");
            found.push((method, path.clone(), operation.clone()));
        }
    }
    assert!(found.len() >= 40, "the document lists the operations");
    found
}

/// The path with every `{parameter}` replaced by `value`.
fn fill(template: &str, value: &str) -> String {
    let mut path = String::new();
    for (index, part) in template.split(['{', '}']).enumerate() {
        path.push_str(if index % 2 == 1 { value } else { part });
    }
    path
}

fn documents(operation: &Value, status: u16) -> bool {
    operation["responses"].get(status.to_string()).is_some()
}

#[tokio::test]
async fn a_login_is_required_exactly_where_the_document_says() {
    let api = TestApi::start().await;
    let anonymous = api.anonymous();
    let document = anonymous.get("/api-docs/openapi.json").await.expect(200);
    for (method, template, operation) in operations(&document) {
        let requires_login = operation["security"] != json!([{}]);
        let body = operation.get("requestBody").map(|_| json!({}));
        let path = fill(&template, "00000000-0000-4000-8000-000000000000");
        let reply = anonymous.call(method.clone(), &path, body).await;
        assert_eq!(reply.status == 401, requires_login, "{method} {template} answered {}", reply.status);
        assert!(
            documents(&operation, reply.status.as_u16()),
            "{method} {template}: {} undocumented",
            reply.status
        );
    }
}

#[tokio::test]
async fn malformed_requests_get_the_errors_the_document_lists() {
    let api = TestApi::start_seeded().await;
    let coach = api.login("coach@example.com", DEMO_PASSWORD).await;
    let document = coach.get("/api-docs/openapi.json").await.expect(200);
    for (method, template, operation) in operations(&document) {
        let path = fill(&template, "00000000-0000-4000-8000-000000000000");
        if template.contains('{') {
            let reply = coach.call(method.clone(), &fill(&template, "not-an-id"), None).await;
            assert!(reply.body["error"].is_string(), "{method} {template}: {}", reply.body);
            assert!(
                documents(&operation, reply.status.as_u16()),
                "{method} {template}: {} undocumented",
                reply.status
            );
            assert_eq!(reply.status, 400, "{method} {template} with a malformed id");
        }
        if operation.get("requestBody").is_some() {
            for (content_type, body, status) in [("text/plain", "hello", 415), ("application/json", "{", 400)]
            {
                let reply = coach.raw(method.clone(), &path, content_type, body.into()).await;
                assert_eq!(reply.status, status, "{method} {template} with {content_type} {body:?}");
                assert!(documents(&operation, status), "{method} {template}: {status} undocumented");
            }
        }
    }
}

#[tokio::test]
async fn throttled_and_mailing_operations_document_their_answers() {
    let api = TestApi::start().await;
    let document = api.anonymous().get("/api-docs/openapi.json").await.expect(200);
    let operations = operations(&document);
    let operation = |method: Method, path: &str| {
        operations.iter().find(|(m, p, _)| *m == method && p == path).map(|(_, _, o)| o.clone()).expect(path)
    };
    for (method, path) in [
        (Method::POST, "/login"),
        (Method::POST, "/account/password"),
        (Method::POST, "/account/password-reset"),
        (Method::POST, "/account/email"),
    ] {
        let throttled = &operation(method, path)["responses"]["429"];
        assert!(throttled["headers"]["Retry-After"].is_object(), "{path}: {throttled}");
    }
    // Mail sent before the answer can fail in it; mail sent after it (email changes, resets) cannot.
    let mailing = operation(Method::POST, "/organizations/{id}/invitations");
    assert!(documents(&mailing, 502) && documents(&mailing, 503), "invitations: mail_failed");
}

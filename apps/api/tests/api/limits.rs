//! The server's limits (issue 11: points 1, 4 and 8): login throttling per account and per client
//! address, a header-read timeout, a cap on connections, and a 413 the client gets to read.

use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::{RawConnection, migrate_and_seed, post_head, postgres, start_api_with};

use crate::support::{API_BINARY, DEMO_PASSWORD, TestApi};

/// The demo data, served by an api with `env` on top of the test defaults.
async fn api_with(env: &[(&'static str, &str)]) -> TestApi {
    let database = postgres().create_database().expect("test database");
    migrate_and_seed(Path::new(API_BINARY), &database.url).expect("migrate and seed");
    let env: Vec<_> = env.iter().map(|(name, value)| (*name, (*value).to_owned())).collect();
    let server = start_api_with(Path::new(API_BINARY), &database.url, &env).await.expect("api starts");
    TestApi { server, database }
}

/// `POST /login` as a browser at `client` would arrive through a proxy on loopback.
async fn login_from(
    api: &TestApi,
    client: &str,
    email: &str,
    password: &str,
) -> (StatusCode, Option<u64>, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}/login", api.server.base_url))
        .header("x-forwarded-for", client)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("api answers");
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|value| value.to_str().unwrap().parse().expect("Retry-After is whole seconds"));
    (status, retry_after, response.json().await.unwrap_or(Value::Null))
}

fn assert_throttled((status, retry_after, body): (StatusCode, Option<u64>, Value), most_seconds: u64) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(retry_after.is_some_and(|seconds| (1..=most_seconds).contains(&seconds)), "{retry_after:?}");
    assert_eq!(body["error"], "too_many_attempts", "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains(&format!("try again in {} seconds", retry_after.unwrap())), "{message}");
}

#[tokio::test]
async fn an_account_is_throttled_whatever_address_the_guesses_come_from() {
    let api = api_with(&[("LOGIN_ACCOUNT_BURST", "3"), ("LOGIN_ACCOUNT_INTERVAL_SECONDS", "600")]).await;
    for attempt in 1..=3 {
        let client = format!("198.51.100.{attempt}");
        let (status, ..) = login_from(&api, &client, "coach@example.com", "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password, in another spelling of the email, from a fresh address: the
    // limit is checked before the password is, so the guesser learns nothing more.
    assert_throttled(login_from(&api, "198.51.100.9", "Coach@Example.com ", DEMO_PASSWORD).await, 600);
    // Other accounts are not affected.
    let (status, ..) = login_from(&api, "198.51.100.9", "coachee@example.com", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn an_address_is_throttled_whatever_accounts_it_tries() {
    let api = api_with(&[("LOGIN_ADDRESS_BURST", "3"), ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600")]).await;
    for attempt in 1..=3 {
        let email = format!("nobody{attempt}@example.com");
        let (status, ..) = login_from(&api, "203.0.113.7", &email, "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_throttled(login_from(&api, "203.0.113.7", "coach@example.com", DEMO_PASSWORD).await, 600);
    let (status, ..) = login_from(&api, "203.0.113.8", "coach@example.com", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another address still logs in");
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let api = api_with(&[
        ("TRUSTED_PROXIES", "none"),
        ("LOGIN_ADDRESS_BURST", "2"),
        ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600"),
    ])
    .await;
    // Loopback is not trusted here: every claimed address is the test's own.
    for client in ["198.51.100.1", "198.51.100.2"] {
        let (status, ..) = login_from(&api, client, "nobody@example.com", "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_throttled(login_from(&api, "198.51.100.3", "nobody@example.com", "wrong password").await, 600);
}

#[tokio::test]
async fn a_client_that_stops_halfway_through_its_headers_is_disconnected() {
    let api = api_with(&[("HEADER_READ_TIMEOUT_SECONDS", "1")]).await;
    let mut slow = RawConnection::open(api.server.port).await.unwrap();
    slow.send(b"GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow").await.unwrap();
    // Generous: the point is that the server ends it, not how fast.
    let answer = slow.read_until_closed(Duration::from_secs(20)).await;
    let answer = answer.expect("the server closed the half-sent request");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn connections_over_the_cap_wait_until_one_closes() {
    let api = api_with(&[("MAX_CONNECTIONS", "2"), ("HEADER_READ_TIMEOUT_SECONDS", "60")]).await;
    let first = RawConnection::open(api.server.port).await.unwrap();
    let _second = RawConnection::open(api.server.port).await.unwrap();
    let mut third = RawConnection::open(api.server.port).await.unwrap();
    third.send(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    assert_eq!(
        third.read_until_closed(Duration::from_secs(1)).await,
        None,
        "a third connection was served while two were open"
    );
    drop(first);
    let answer = third.read_until_closed(Duration::from_secs(20)).await;
    assert!(answer.as_deref().is_some_and(|answer| answer.starts_with("HTTP/1.1 200")), "{answer:?}");
}

#[tokio::test]
async fn an_oversize_body_is_read_before_the_413() {
    let api = api_with(&[]).await;
    let body = vec![b'x'; 1024 * 1024];
    let mut client = RawConnection::open(api.server.port).await.unwrap();
    client.send(post_head("/login", "application/json", body.len()).as_bytes()).await.unwrap();
    client.send_in_pieces(&body).await.expect("the whole body is taken, no broken pipe");
    let answer = client.read_until_closed(Duration::from_secs(20)).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.to_lowercase().contains("connection: close"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
}

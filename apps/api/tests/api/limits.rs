//! The server's limits (issue 11: points 1, 4 and 8; issue 21: points 1 and 5): login throttling
//! per account, per device and per client address (an IPv6 /64), shared by every api process; a
//! header-read timeout, a body that must keep a pace, a memory budget for bodies, a write timeout,
//! a cap on connections and each client's share of it, probes that answer while the public port
//! is full, and a 413 the client gets to read.

use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::{RawConnection, free_port, migrate_and_seed, post_head, postgres, start_api_with};

use crate::support::{API_BINARY, DEMO_PASSWORD, TestApi};

/// The demo data, served by an api with `env` on top of the test defaults.
async fn api_with(env: &[(&'static str, &str)]) -> TestApi {
    let env: Vec<_> = env.iter().map(|(name, value)| (*name, (*value).to_owned())).collect();
    TestApi::start_seeded_with(&env).await
}

/// Three failed logins from one client address, then one every ten minutes.
const ADDRESS_LIMIT: [(&str, &str); 2] =
    [("LOGIN_ADDRESS_BURST", "3"), ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600")];

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

/// An api with [`ADDRESS_LIMIT`], and the limit of one client address used up by wrong guesses
/// at as many accounts, the `n`th from `client(n)` (the same address, however spelled).
async fn api_with_an_address_used_up(client: impl Fn(u32) -> String) -> TestApi {
    let api = api_with(&ADDRESS_LIMIT).await;
    for n in 1..=3 {
        assert_wrong_guess(&api, &client(n), &format!("nobody{n}@example.com"), "wrong password").await;
    }
    api
}

/// A login with a wrong password, answered 401 (not yet throttled).
async fn assert_wrong_guess(api: &TestApi, client: &str, email: &str, password: &str) {
    let (status, _, body) = login_from(api, client, email, password).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
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
        assert_wrong_guess(&api, &client, "coach@example.com", "wrong password").await;
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
    let api = api_with_an_address_used_up(|_| "203.0.113.7".to_owned()).await;
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
        assert_wrong_guess(&api, client, "nobody@example.com", "wrong password").await;
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

/// `POST /login` as a browser at `client` would, with the device cookie `device` when given;
/// the status and the device cookie the answer sets.
async fn login_with_device(
    api: &TestApi,
    client: &str,
    password: &str,
    device: Option<&str>,
) -> (StatusCode, Option<String>) {
    let mut request = reqwest::Client::new()
        .post(format!("{}/login", api.server.base_url))
        .header("x-forwarded-for", client)
        .json(&json!({ "email": "coach@example.com", "password": password }));
    if let Some(device) = device {
        request = request.header("cookie", format!("api_device={device}"));
    }
    let response = request.send().await.expect("api answers");
    let device = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookie| cookie.strip_prefix("api_device="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned());
    (response.status(), device)
}

/// The reproduced lock-out: guesses from elsewhere kept the owner's correct password at 429. A
/// device that signed in before has a bucket of its own, and correct passwords are not counted.
#[tokio::test]
async fn guesses_from_elsewhere_do_not_lock_out_a_device_that_signed_in_before() {
    let api = api_with(&[("LOGIN_ACCOUNT_BURST", "2"), ("LOGIN_ACCOUNT_INTERVAL_SECONDS", "600")]).await;
    // Correct passwords cost nothing: more logins than the burst all pass.
    let mut device = None;
    for _ in 0..4 {
        let (status, cookie) = login_with_device(&api, "198.51.100.1", DEMO_PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK);
        device = cookie;
    }
    let device = device.expect("a login sets the device cookie");
    assert_eq!(device.len(), 64, "{device}");
    for client in ["203.0.113.1", "203.0.113.2"] {
        let (status, _) = login_with_device(&api, client, "a wrong guess", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The account's own bucket is empty: even the right password from a new device waits ...
    let (status, _) = login_with_device(&api, "198.51.100.9", DEMO_PASSWORD, None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // ... but not from the owner's device, which keeps its cookie.
    let (status, again) = login_with_device(&api, "198.51.100.1", DEMO_PASSWORD, Some(&device)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again.as_deref(), Some(device.as_str()), "the device keeps its token");
    // A device cookie of another account, or a made-up one, counts as no device.
    let (status, _) = login_with_device(&api, "198.51.100.1", DEMO_PASSWORD, Some(&"a".repeat(64))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// The reproduced bypass: 60 guesses from one IPv6 /64 met no 429.
#[tokio::test]
async fn an_ipv6_client_is_counted_by_its_64() {
    let api = api_with_an_address_used_up(|host| format!("2001:db8:1:2::{host:x}")).await;
    for host in 4..=60 {
        let client = format!("2001:db8:1:2:{host:x}::1");
        assert_throttled(login_from(&api, &client, &format!("nobody{host}@example.com"), "guess").await, 600);
    }
    let (status, ..) = login_from(&api, "2001:db8:1:3::1", "coach@example.com", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "another /64 is another client");
}

/// The chart runs several api processes: a guesser spreading its attempts over them meets one limit.
#[tokio::test]
async fn every_api_process_counts_the_same_attempts() {
    let database = postgres().create_database().expect("test database");
    migrate_and_seed(Path::new(API_BINARY), &database.url).expect("migrate and seed");
    let env: Vec<(&'static str, String)> =
        vec![("LOGIN_ACCOUNT_BURST", "3".to_owned()), ("LOGIN_ACCOUNT_INTERVAL_SECONDS", "600".to_owned())];
    let first = start_api_with(Path::new(API_BINARY), &database.url, &env).await.expect("an api");
    let second = start_api_with(Path::new(API_BINARY), &database.url, &env).await.expect("another api");
    let attempt = |server: &testkit::Service, client: &str| {
        let url = format!("{}/login", server.base_url);
        let client = client.to_owned();
        async move {
            let body = json!({ "email": "coach@example.com", "password": "a wrong guess" });
            let response = reqwest::Client::new().post(url).header("x-forwarded-for", client).json(&body);
            response.send().await.expect("api answers").status()
        }
    };
    assert_eq!(attempt(&first, "198.51.100.1").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&second, "198.51.100.2").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&first, "198.51.100.3").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&second, "198.51.100.4").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(attempt(&first, "198.51.100.5").await, StatusCode::TOO_MANY_REQUESTS);
}

/// Two hashing slots let a flood queue every real login into its timeout; now a full queue answers
/// 503 at once, with a second to wait.
#[tokio::test]
async fn a_full_hash_queue_answers_503_at_once() {
    let api = api_with(&[("PASSWORD_HASH_CONCURRENCY", "1"), ("PASSWORD_HASH_QUEUE", "0")]).await;
    let logins: Vec<_> = (0..24)
        .map(|attempt| {
            let url = format!("{}/login", api.server.base_url);
            tokio::spawn(async move {
                let body = json!({ "email": "coachee@example.com", "password": "a wrong guess" });
                let response = reqwest::Client::new()
                    .post(url)
                    .header("x-forwarded-for", format!("198.51.100.{attempt}"))
                    .json(&body)
                    .send()
                    .await
                    .expect("api answers");
                let retry_after =
                    response.headers().get("retry-after").map(|value| value.to_str().unwrap().to_owned());
                (response.status(), retry_after, response.json::<Value>().await.unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for login in logins {
        answers.push(login.await.expect("a login"));
    }
    let statuses: Vec<_> = answers.iter().map(|(status, ..)| *status).collect();
    let busy: Vec<_> =
        answers.iter().filter(|(status, ..)| *status == StatusCode::SERVICE_UNAVAILABLE).collect();
    assert!(!busy.is_empty(), "{statuses:?}");
    for (_, retry_after, body) in &busy {
        assert_eq!((retry_after.as_deref(), &body["error"]), (Some("1"), &json!("busy")), "{body}");
    }
    assert!(
        statuses
            .iter()
            .all(|status| [StatusCode::UNAUTHORIZED, StatusCode::SERVICE_UNAVAILABLE].contains(status))
    );
}

/// A raw `POST /login` whose body is `length` bytes long, from `client`.
async fn post_login_from(client: IpAddr, port: u16, length: usize) -> RawConnection {
    let mut connection = RawConnection::open_from(client, port).await.expect("a connection");
    connection
        .send(post_head("/login", "application/json", length).as_bytes())
        .await
        .expect("the head goes out");
    connection
}

/// A body that falls behind BODY_MIN_BYTES_PER_SECOND is answered 408 and its slot freed, long
/// before the request timeout.
#[tokio::test]
async fn a_body_that_trickles_in_is_answered_408() {
    let api = api_with(&[("BODY_READ_TIMEOUT_SECONDS", "1"), ("REQUEST_TIMEOUT_SECONDS", "600")]).await;
    let mut slow = post_login_from("127.0.0.1".parse().unwrap(), api.server.port, 100_000).await;
    slow.send(b"{\"email\": ").await.expect("a few bytes");
    let answer = slow.read_until_closed(Duration::from_secs(30)).await.expect("the server ends it");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

/// Bodies held at once stay within BODY_BUFFER_MAX_BYTES: beyond it the server answers 503 at once
/// instead of buffering more, and the budget is free again once those requests are gone.
#[tokio::test]
async fn bodies_held_at_once_stay_within_the_budget() {
    let api = api_with(&[("BODY_BUFFER_MAX_BYTES", "524288"), ("BODY_READ_TIMEOUT_SECONDS", "60")]).await;
    let mut held = Vec::new();
    let mut answers = Vec::new();
    for client in 2..=6 {
        let mut connection =
            post_login_from(format!("127.0.0.{client}").parse().unwrap(), api.server.port, 250_000).await;
        connection.send(&vec![b' '; 200_000]).await.expect("most of the body goes out");
        answers.push(connection.read_some(Duration::from_millis(500)).await);
        held.push(connection);
    }
    let busy = answers.iter().filter(|answer| answer.starts_with("HTTP/1.1 503")).count();
    assert!(busy >= 3, "two bodies of 200 KB fit in 512 KiB, the others do not: {answers:?}");
    assert!(answers.iter().any(|answer| answer.contains("busy")), "{answers:?}");
    drop(held);
    let (status, ..) = login_from(&api, "198.51.100.1", "coach@example.com", DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the budget is free again");
}

/// A client beyond its share of connections is turned away at once (429), without touching
/// anybody else's share.
#[tokio::test]
async fn a_client_beyond_its_share_of_connections_is_turned_away() {
    let api = api_with(&[("CLIENT_MAX_CONNECTIONS", "2"), ("TRUSTED_PROXIES", "127.0.0.1")]).await;
    let crowd: IpAddr = "127.0.0.2".parse().unwrap();
    let _first = RawConnection::open_from(crowd, api.server.port).await.unwrap();
    let _second = RawConnection::open_from(crowd, api.server.port).await.unwrap();
    let mut third = RawConnection::open_from(crowd, api.server.port).await.unwrap();
    let answer = third.read_until_closed(Duration::from_secs(10)).await.expect("closed at once");
    assert!(answer.starts_with("HTTP/1.1 429") && answer.contains("Retry-After"), "{answer}");
    let mut elsewhere =
        RawConnection::open_from("127.0.0.3".parse().unwrap(), api.server.port).await.unwrap();
    elsewhere.send(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = elsewhere.read_until_closed(Duration::from_secs(10)).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// Liveness and readiness answer on the operations port while the public one is full, so an
/// orchestrator does not restart a process that is only busy.
#[tokio::test]
async fn probes_answer_on_the_operations_port_while_the_public_one_is_full() {
    let metrics_port = free_port();
    let api = api_with(&[
        ("MAX_CONNECTIONS", "3"),
        ("HEADER_READ_TIMEOUT_SECONDS", "60"),
        ("METRICS_PORT", &metrics_port.to_string()),
    ])
    .await;
    let mut crowd = Vec::new();
    for client in 2..=4 {
        crowd.push(
            RawConnection::open_from(format!("127.0.0.{client}").parse().unwrap(), api.server.port)
                .await
                .unwrap(),
        );
    }
    let mut public = RawConnection::open(api.server.port).await.unwrap();
    public.send(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    assert_eq!(public.read_until_closed(Duration::from_secs(1)).await, None, "the public port is full");
    for probe in ["health", "ready"] {
        let answer =
            reqwest::get(format!("http://127.0.0.1:{metrics_port}/{probe}")).await.expect("an answer");
        assert_eq!(answer.status(), StatusCode::OK, "/{probe}");
    }
    let healthcheck = std::process::Command::new(API_BINARY)
        .arg("healthcheck")
        .env_clear()
        .env("API_PORT", api.server.port.to_string())
        .env("METRICS_PORT", metrics_port.to_string())
        .output()
        .expect("the healthcheck runs");
    assert!(healthcheck.status.success(), "{}", String::from_utf8_lossy(&healthcheck.stderr));
}

/// A client that takes none of an answer is let go after WRITE_TIMEOUT_SECONDS: it cannot hold its
/// connection (and the answer in memory) for ever.
#[tokio::test]
async fn a_client_that_reads_nothing_is_let_go() {
    let api = api_with(&[("WRITE_TIMEOUT_SECONDS", "1"), ("HEADER_READ_TIMEOUT_SECONDS", "120")]).await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(1024).unwrap();
    let mut stream = socket.connect(([127, 0, 0, 1], api.server.port).into()).await.unwrap();
    // Answers of ~130 KB each, far more than the sockets' buffers hold together.
    let requests = 60;
    let request = "GET /api-docs/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(requests);
    tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut read = Vec::new();
    let drained = tokio::time::timeout(
        Duration::from_secs(20),
        tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut read),
    )
    .await;
    // Closed, or reset for the requests it never read: either way, gone.
    assert!(drained.is_ok(), "the server still held the connection after the client read nothing for 5 s");
    assert!(read.len() < requests * 100_000, "the answers were cut short: {} bytes", read.len());
}

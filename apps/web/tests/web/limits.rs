//! The web's limits as a browser meets them (issue 11, points 1 and 8): its own per-address login
//! limit, the api's, which must see each browser rather than the web in front of it, and a 413
//! page the browser gets to read.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use testkit::{
    Database, RawConnection, Service, migrate_and_seed, post_head, postgres, start_api_with, workspace_binary,
};

use crate::support::{PASSWORD, start_web};

/// A web with `web_env` in front of an api with `api_env`, on the demo data; keep all three alive.
async fn platform(
    api_env: &[(&'static str, &str)],
    web_env: &[(&'static str, &str)],
) -> (Service, Service, Database) {
    let owned = |env: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        env.iter().map(|(name, value)| (*name, (*value).to_owned())).collect()
    };
    let api_binary = workspace_binary("api").expect("api binary");
    let database = postgres().create_database().expect("database");
    migrate_and_seed(&api_binary, &database.url).expect("migrate and seed");
    let api = start_api_with(&api_binary, &database.url, &owned(api_env)).await.expect("api starts");
    let web = start_web(&api.base_url, &owned(web_env)).await;
    (web, api, database)
}

/// Logs in through the form as a browser at `address` would arrive through a proxy on loopback.
async fn login_from(
    web: &Service,
    address: &str,
    email: &str,
    password: &str,
) -> (StatusCode, HeaderMap, String) {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let form = http
        .get(format!("{}/login", web.base_url))
        .header("x-forwarded-for", address)
        .send()
        .await
        .expect("web answers");
    let form = form.text().await.expect("login page");
    let marker = "name=\"csrf_token\" value=\"";
    let token = form[form.find(marker).expect("a csrf field") + marker.len()..].split('"').next().unwrap();
    let response = http
        .post(format!("{}/login", web.base_url))
        .header("x-forwarded-for", address)
        .form(&[("csrf_token", token), ("email", email), ("password", password), ("next", "/")])
        .send()
        .await
        .expect("web answers");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("body"))
}

fn assert_throttled_login_page((status, headers, body): (StatusCode, HeaderMap, String)) {
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let seconds: u64 = headers["retry-after"].to_str().unwrap().parse().expect("whole seconds");
    assert!((1..=600).contains(&seconds), "{seconds}");
    assert!(body.contains(&format!("Too many sign-in attempts. Try again in {seconds} seconds.")), "{body}");
    assert!(body.contains("action=\"/login\""), "the login form is shown again: {body}");
}

#[tokio::test]
async fn the_web_throttles_logins_from_one_browser_address() {
    let (web, _api, _database) =
        platform(&[], &[("LOGIN_ADDRESS_BURST", "2"), ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600")]).await;
    for _ in 0..2 {
        let (status, ..) = login_from(&web, "198.51.100.1", "coach@example.com", "wrong password").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    assert_throttled_login_page(login_from(&web, "198.51.100.1", "coach@example.com", PASSWORD).await);
    let (status, headers, _) = login_from(&web, "198.51.100.2", "coach@example.com", PASSWORD).await;
    assert_eq!((status, &headers["location"]), (StatusCode::SEE_OTHER, &"/".parse().unwrap()));
}

#[tokio::test]
async fn the_api_limits_each_browser_address_not_the_web() {
    let (web, _api, _database) = platform(
        &[("LOGIN_ADDRESS_BURST", "2"), ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600")],
        &[("LOGIN_ADDRESS_BURST", "1000")],
    )
    .await;
    for _ in 0..2 {
        let (status, ..) = login_from(&web, "198.51.100.1", "coach@example.com", "wrong password").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    // The api's 429 becomes the login page with its message.
    assert_throttled_login_page(login_from(&web, "198.51.100.1", "coach@example.com", PASSWORD).await);
    // Another browser is another address to the api, though both come through the web.
    let (status, headers, _) = login_from(&web, "198.51.100.2", "coach@example.com", PASSWORD).await;
    assert_eq!((status, &headers["location"]), (StatusCode::SEE_OTHER, &"/".parse().unwrap()));
}

#[tokio::test]
async fn an_oversize_form_is_read_before_the_413_page() {
    let (web, _api, _database) = platform(&[], &[]).await;
    let body = vec![b'x'; 1024 * 1024];
    let mut browser = RawConnection::open(web.port).await.unwrap();
    browser
        .send(post_head("/login", "application/x-www-form-urlencoded", body.len()).as_bytes())
        .await
        .unwrap();
    browser.send_in_pieces(&body).await.expect("the whole form is taken, no broken pipe");
    let answer = browser.read_until_closed(Duration::from_secs(20)).await.expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.to_lowercase().contains("connection: close"), "{answer}");
    assert!(answer.contains("Too much text"), "{answer}");
}

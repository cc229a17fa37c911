//! The web's limits as a browser meets them (issue 11, points 1 and 8; issue 21, point 1): the
//! api's login limit, which must see each browser rather than the web in front of it, a 413 page
//! the browser gets to read, and a crowd from one address that cannot starve everybody else.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use testkit::{
    Database, RawConnection, Service, allow_open_files, migrate_and_seed, post_head, postgres,
    start_api_with, workspace_binary,
};

use crate::support::{PASSWORD, Stack, start_web};

const STRONG: &str = "violet kettle orbits quietly 1984";

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
async fn the_api_limits_each_browser_address_not_the_web() {
    let (web, _api, _database) =
        platform(&[("LOGIN_ADDRESS_BURST", "2"), ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600")], &[]).await;
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

/// The web's memory limit in Compose and the chart (`mem_limit: 256m`).
const WEB_MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

/// The reproduced outage (issue 21, point 1): more slow-body connections from one address than
/// the web's connection cap (1,024), each holding most of a form of almost 256 KiB, made a normal
/// visitor's page time out, and would have held ~250 MiB of bodies. The web now turns that address
/// away beyond its share: a person elsewhere signs in and loads pages, and the web's memory stays
/// far below its limit.
#[tokio::test]
async fn a_slow_body_flood_from_one_address_leaves_everybody_else_served() {
    allow_open_files(8192).expect("room for the flood's connections");
    // Direct clients, as behind an edge that forwards their address: only this machine's own
    // address (the test's browser) is a proxy here, so 127.0.0.2 is a client of its own.
    let (web, _api, _database) = platform(&[], &[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    let flooder: IpAddr = "127.0.0.2".parse().unwrap();
    let flood: Vec<_> = (0..1100)
        .map(|_| {
            let port = web.port;
            tokio::spawn(async move {
                let mut connection = RawConnection::open_from(flooder, port).await.ok()?;
                let head = post_head("/login", "application/x-www-form-urlencoded", 250 * 1024);
                connection.send(head.as_bytes()).await.ok()?;
                // Most of the body, then nothing more: the server waits for the rest.
                let body = vec![b'x'; 200 * 1024];
                let _ = tokio::time::timeout(Duration::from_secs(5), connection.send(&body)).await;
                Some(connection)
            })
        })
        .collect();
    let mut held = Vec::new();
    for connection in flood {
        held.extend(connection.await.expect("a flooding task"));
    }

    // Somebody else, meanwhile: the login form, signing in, the dashboard and a session.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let form = browser.get(format!("{}/login", web.base_url)).send().await.expect("the login form is served");
    let form = form.text().await.expect("the login page");
    let marker = "name=\"csrf_token\" value=\"";
    let token = form[form.find(marker).expect("a csrf field") + marker.len()..].split('"').next().unwrap();
    let fields =
        [("csrf_token", token), ("email", "coach@example.com"), ("password", PASSWORD), ("next", "/")];
    let login =
        browser.post(format!("{}/login", web.base_url)).form(&fields).send().await.expect("signed in");
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    let dashboard = browser.get(format!("{}/", web.base_url)).send().await.expect("the dashboard is served");
    assert_eq!(dashboard.status(), StatusCode::OK);
    let dashboard = dashboard.text().await.expect("the dashboard");
    let session = dashboard
        .split("href=\"/sessions/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a session link");
    let page = browser
        .get(format!("{}/sessions/{session}", web.base_url))
        .send()
        .await
        .expect("a session page is served");
    assert_eq!(page.status(), StatusCode::OK);

    let peak = web.peak_memory_bytes().expect("the web's memory");
    assert!(peak < WEB_MEMORY_LIMIT / 4, "the web held {} MiB at its peak", peak / (1024 * 1024));
    drop(held);
}

/// Every call the web makes for a browser names the browser (issue 21, point 5): two people who
/// mistype their current password do not share one bucket, as they did when the web's own address
/// stood for all of them.
#[tokio::test]
async fn password_checks_are_counted_per_browser() {
    let api_env =
        [("LOGIN_ADDRESS_BURST", "2".to_owned()), ("LOGIN_ADDRESS_INTERVAL_SECONDS", "600".to_owned())];
    let stack = Stack::start_full(&api_env, &[]).await;
    let (coach, coachee) = (stack.browser_at("198.51.100.1"), stack.browser_at("198.51.100.2"));
    for (browser, email) in [(&coach, "coach@example.com"), (&coachee, "coachee@example.com")] {
        assert_eq!(browser.login(email, PASSWORD, "/").await.location(), "/", "{email} logs in");
    }
    let change = |current: &'static str| {
        [("current_password", current), ("new_password", STRONG), ("confirmation", STRONG)]
    };
    for _ in 0..2 {
        let form = coach.get("/account/password").await;
        coach.submit(&form, "/account/password", &change("not my password")).await;
    }
    let form = coach.get("/account/password").await;
    assert_eq!(
        coach.submit(&form, "/account/password", &change("not my password")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let form = coachee.get("/account/password").await;
    let changed = coachee.submit(&form, "/account/password", &change(PASSWORD)).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "another browser is another client: {}", changed.body);
    assert!(coachee.get(changed.location()).await.body.contains("Your password is changed"));
}

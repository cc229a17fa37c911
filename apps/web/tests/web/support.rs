//! A whole platform per test (PostgreSQL, migrated and seeded api, web) and a browser-like client.

use std::path::Path;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use testkit::mail::MailCatcher;
use testkit::{
    Database, Service, api_env, free_port, migrate_and_seed, postgres, start_api_with, workspace_binary,
};

pub const PASSWORD: &str = "password";

pub struct Stack {
    pub web: Service,
    pub api: Service,
    pub database: Database,
}

impl Stack {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// With extra environment for the web process (e.g. RUNTIME_ENV=production).
    pub async fn start_with(web_env: &[(&str, String)]) -> Self {
        Self::start_full(&[], web_env).await
    }

    /// With an api that mails through a real SMTP server, and that server's mailbox.
    pub async fn start_with_mail() -> (Self, MailCatcher) {
        let mail = MailCatcher::start().await;
        let api_env =
            [("SMTP_URL", mail.smtp_url()), ("MAIL_FROM", "Coaching <no-reply@localhost>".to_owned())];
        (Self::start_full(&api_env, &[]).await, mail)
    }

    /// With an api whose mail server does not answer (nothing listens on its port).
    pub async fn start_with_unreachable_mail() -> Self {
        let smtp_url = format!("smtp://127.0.0.1:{}", free_port());
        Self::start_full(
            &[("SMTP_URL", smtp_url), ("MAIL_FROM", "Coaching <no-reply@localhost>".to_owned())],
            &[],
        )
        .await
    }

    pub async fn start_full(api_env: &[(&'static str, String)], web_env: &[(&str, String)]) -> Self {
        let api_binary = workspace_binary("api").expect("api binary");
        let database = postgres().create_database().expect("database");
        migrate_and_seed(&api_binary, &database.url).expect("migrate and seed");
        let api = start_api_with(&api_binary, &database.url, api_env).await.expect("api starts");
        let web = start_web(&api.base_url, web_env).await;
        Self { web, api, database }
    }

    /// Starts a new api on the address of the stopped one after `pause`, as an upgrade replaces
    /// its container; returns once the new one is healthy.
    pub async fn restart_api_after(&mut self, pause: std::time::Duration) {
        let port = self.api.port;
        tokio::time::sleep(pause).await;
        let api_binary = workspace_binary("api").expect("api binary");
        self.api =
            Service::start(&api_binary, port, &api_env(&self.database.url, port)).await.expect("api starts");
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.web.base_url)
    }

    /// A browser at `address`, as the web sees it through a proxy on this machine.
    pub fn browser_at(&self, address: &str) -> Browser {
        Browser::at(&self.web.base_url, Some(address))
    }

    /// A browser logged in as `email` (a demo account, demo password), on the dashboard.
    pub async fn logged_in(&self, email: &str) -> Browser {
        let browser = self.browser();
        let landed = browser.login(email, PASSWORD, "/").await;
        assert_eq!(landed.location(), "/", "{email} logs in");
        browser
    }

    /// A browser logged in as `email` on their first session: the browser, the session's path
    /// and its page.
    pub async fn in_first_session(&self, email: &str) -> (Browser, String, Page) {
        let browser = self.logged_in(email).await;
        let session = browser.first_session().await;
        let page = browser.get(&session).await;
        (browser, session, page)
    }
}

impl Stack {
    /// `path` fetched with exactly the `Cookie` header `cookie`, as a hand-crafted request would.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Page {
        Browser::page(self.hand_crafted(Method::GET, path, cookie).send().await.expect("web answers")).await
    }

    /// The form `fields` posted with exactly the `Cookie` header `cookie` and the `Origin` header
    /// `origin` (none: as a program would post), as a hand-crafted request would.
    pub async fn post_with_cookie(
        &self,
        origin: Option<&str>,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> Page {
        let mut request = self.hand_crafted(Method::POST, path, cookie).form(fields);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        Browser::page(request.send().await.expect("web answers")).await
    }

    /// A request without cookie jar or redirects: every header is the test's.
    fn hand_crafted(&self, method: Method, path: &str, cookie: &str) -> reqwest::RequestBuilder {
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        http.request(method, format!("{}{path}", self.web.base_url)).header("cookie", cookie)
    }
}

/// The web binary in front of `api_url` (which may be down).
pub async fn start_web(api_url: &str, extra_env: &[(&str, String)]) -> Service {
    let env = |port: u16| {
        let mut env = vec![
            ("WEB_HOST", "127.0.0.1".to_owned()),
            ("WEB_PORT", port.to_string()),
            ("API_URL", api_url.to_owned()),
            ("API_TIMEOUT_SECONDS", "2".to_owned()),
            ("LOG_LEVEL", "warn".to_owned()),
            // Fixtures log in often from one address; the limits' own tests set tight limits.
            ("LOGIN_ADDRESS_BURST", "10000".to_owned()),
        ];
        env.extend(extra_env.iter().cloned());
        env
    };
    Service::start_on_free_port(Path::new(env!("CARGO_BIN_EXE_web")), env).await.expect("web starts")
}

/// What came back for one request.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|value| value.to_str().ok()).unwrap_or("")
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// `name=value` of the cookie `name` this answer sets.
    pub fn cookie_set(&self, name: &str) -> String {
        self.set_cookies()
            .into_iter()
            .find_map(|cookie| {
                let pair = cookie.split(';').next().unwrap_or_default();
                pair.starts_with(&format!("{name}=")).then(|| pair.to_owned())
            })
            .unwrap_or_else(|| panic!("no {name} cookie set: {:?}", self.set_cookies()))
    }

    /// The text right after the first `marker` on the page, up to the next double quote: an
    /// attribute's value when `marker` ends with its opening quote.
    pub fn value_after(&self, marker: &str) -> String {
        let start =
            self.body.find(marker).unwrap_or_else(|| panic!("no {marker} on the page:\n{}", self.body));
        self.body[start + marker.len()..].split('"').next().unwrap_or_default().to_owned()
    }

    /// The path of the first link on the page that starts with `prefix`, e.g. `/organizations/`.
    pub fn first_link(&self, prefix: &str) -> String {
        format!("{prefix}{}", self.value_after(&format!("href=\"{prefix}")))
    }

    /// The message the page shows once after a form, of the flash `kind` (`notice` or `error`).
    pub fn flash(&self, kind: &str) -> &str {
        let shown = self.body.split(&format!("class=\"flash flash-{kind}\"")).nth(1);
        let message =
            shown.and_then(|rest| rest.split_once('>')).and_then(|(_, rest)| rest.split("</p>").next());
        message.unwrap_or_else(|| panic!("no {kind} shown: {}", self.body))
    }

    /// The value of the first hidden `csrf_token` field on the page.
    /// The e-mail of the seeded coachee this session page's relationship is with.
    pub fn coachee_email(&self) -> &'static str {
        if self.body.contains("Jamie Rivera (coachee)") {
            "coachee@example.com"
        } else {
            "coachee2@example.com"
        }
    }

    /// The part of the page from the card (`<section class="card {kind}"`) that holds `text`.
    pub fn card_with(&self, kind: &str, text: &str) -> &str {
        self.body
            .split(&format!("<section class=\"card {kind}\""))
            .find(|card| card.contains(text))
            .unwrap_or_else(|| panic!("no {kind} card with {text:?}"))
    }

    pub fn csrf_token(&self) -> String {
        self.value_after("name=\"csrf_token\" value=\"")
    }

    /// Every `/sessions/<id>` link on the page.
    pub fn session_links(&self) -> Vec<String> {
        self.body
            .split("href=\"/sessions/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|id| format!("/sessions/{id}"))
            .collect()
    }
}

/// The login form's fields for `email` with the demo password, as the form at `/login` posts them
/// with its CSRF token `token`, for a hand-crafted post.
pub fn login_fields<'a>(token: &'a str, email: &'a str) -> [(&'static str, &'a str); 4] {
    [("csrf_token", token), ("email", email), ("password", PASSWORD), ("next", "/")]
}

/// One person's browser: a cookie jar, redirects left for the test to follow.
pub struct Browser {
    http: reqwest::Client,
    base_url: String,
}

impl Browser {
    pub fn new(base_url: &str) -> Self {
        Self::at(base_url, None)
    }

    /// A browser whose requests arrive forwarded for `address` (`X-Forwarded-For`), when given.
    fn at(base_url: &str, address: Option<&str>) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(address) = address {
            headers.insert("x-forwarded-for", address.parse().expect("an address"));
        }
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        Self { http, base_url: base_url.to_owned() }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.http.get(format!("{}{path}", self.base_url)).send().await.expect("web answers")).await
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::page(self.form(path, fields).send().await.expect("web answers")).await
    }

    /// As `post`, from a page of `origin`: the `Origin` header browsers add to every form post.
    pub async fn post_from(&self, origin: &str, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::page(self.form(path, fields).header("origin", origin).send().await.expect("web answers")).await
    }

    fn form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
        self.http.post(format!("{}{path}", self.base_url)).form(fields)
    }

    /// Posts a form the way the page would, with its CSRF token.
    pub async fn submit(&self, page: &Page, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = page.csrf_token();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    /// The path of the first session the dashboard links to.
    pub async fn first_session(&self) -> String {
        self.get("/").await.session_links().into_iter().next().expect("the dashboard links to a session")
    }

    /// Each of `paths` answers the "not found" page.
    pub async fn assert_not_found(&self, paths: &[&str]) {
        for path in paths {
            assert_eq!(self.get(path).await.status, 404, "{path}");
        }
    }

    /// Logs in through the login form; returns the redirect answer.
    pub async fn login(&self, email: &str, password: &str, next: &str) -> Page {
        let form = self.get(&format!("/login?next={next}")).await;
        self.submit(&form, "/login", &[("email", email), ("password", password), ("next", next)]).await
    }

    async fn page(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Page { status, headers, body }
    }
}

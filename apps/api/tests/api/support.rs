//! Fixtures: a fresh database and api process per test, and clients that act as one person.

use std::path::Path;
use std::process::Output;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use testkit::mail::MailCatcher;
use testkit::{Database, Service, migrate, migrate_and_seed, postgres, start_api, start_api_with};

pub const API_BINARY: &str = env!("CARGO_BIN_EXE_api");
pub const DEMO_PASSWORD: &str = "password";
/// The sender the tests' mailing apis use.
pub const MAIL_FROM: &str = "Coaching Platform <no-reply@localhost>";

pub struct TestApi {
    pub server: Service,
    pub database: Database,
}

impl TestApi {
    /// A migrated, empty database and an api serving it.
    pub async fn start() -> Self {
        let database = postgres().create_database().expect("test database");
        migrate(Path::new(API_BINARY), &database.url).expect("migrate");
        Self::serve(database).await
    }

    /// A migrated database with the demo data, and an api serving it.
    pub async fn start_seeded() -> Self {
        let database = postgres().create_database().expect("test database");
        migrate_and_seed(Path::new(API_BINARY), &database.url).expect("migrate and seed");
        Self::serve(database).await
    }

    /// A migrated database with the demo data, an api that mails through a real SMTP server,
    /// and that server's mailbox.
    pub async fn start_seeded_with_mail() -> (Self, MailCatcher) {
        let mail = MailCatcher::start().await;
        (Self::start_seeded_with(&mail_env(&mail.smtp_url())).await, mail)
    }

    /// A migrated database with the demo data, and an api with `env` added to its environment.
    pub async fn start_seeded_with(env: &[(&'static str, String)]) -> Self {
        let database = postgres().create_database().expect("test database");
        migrate_and_seed(Path::new(API_BINARY), &database.url).expect("migrate and seed");
        let server = start_api_with(Path::new(API_BINARY), &database.url, env).await.expect("api starts");
        Self { server, database }
    }

    pub async fn serve(database: Database) -> Self {
        let server = start_api(Path::new(API_BINARY), &database.url).await.expect("api starts");
        Self { server, database }
    }

    /// Runs `api <args>` against this test's database.
    pub fn cli(&self, args: &[&str]) -> Output {
        api_command(&self.database.url, args)
    }

    /// SQL straight against this test's database, tables named without their schema (psql's
    /// unaligned output).
    pub fn sql(&self, sql: &str) -> String {
        self.database.sql(sql).expect("sql runs")
    }

    /// A link to choose `email`'s password made straight in the database (what a reset mail or
    /// an admin's link would hold, without either): its token.
    pub fn insert_password_link(&self, email: &str) -> String {
        let token: String = (0..4).map(|index| format!("{:016x}", random_u64(index))).collect();
        self.sql(&format!(
            "INSERT INTO one_time_links (id, user_id, purpose, expires_at)
             SELECT encode(sha256(convert_to('{token}', 'UTF8')), 'hex'), id, 'set_password', now() + interval '1 hour'
             FROM users WHERE email = '{email}'"
        ));
        token
    }

    pub fn anonymous(&self) -> Client {
        Client::new(&self.server.base_url)
    }

    /// The status a login with `email` and `password` gets.
    pub async fn login_status(&self, email: &str, password: &str) -> u16 {
        let body = json!({ "email": email, "password": password });
        self.anonymous().post("/login", body).await.status.as_u16()
    }

    /// A client logged in as `email`.
    pub async fn login(&self, email: &str, password: &str) -> Client {
        let client = self.anonymous();
        client.call(Method::POST, "/login", Some(json!({ "email": email, "password": password }))).await.ok();
        client
    }
}

/// 64 random bits, from the standard library's randomly keyed hasher.
fn random_u64(salt: u8) -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(salt)
}

/// The environment of an api that sends its mail to `smtp_url` as [`MAIL_FROM`].
pub fn mail_env(smtp_url: &str) -> Vec<(&'static str, String)> {
    vec![("SMTP_URL", smtp_url.to_owned()), ("MAIL_FROM", MAIL_FROM.to_owned())]
}

pub fn api_command(database_url: &str, args: &[&str]) -> Output {
    testkit::api_command(Path::new(API_BINARY), database_url, args).expect("api binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// An HTTP client with its own cookie jar: one person in one browser.
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

/// Status, headers and parsed JSON body (Null when empty) of one call.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The body, after checking the status; the message shows the body when it does not match.
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        self.body
    }

    pub fn ok(self) -> Value {
        assert!(self.status.is_success(), "expected success, got {}: {}", self.status, self.body);
        self.body
    }

    /// Checks an error answer: status and `error` code.
    pub fn expect_error(self, status: u16, code: &str) {
        self.expect_error_message(status, code);
    }

    /// Checks an error answer like [`Self::expect_error`]; its message, for checks of its own.
    pub fn expect_error_message(self, status: u16, code: &str) -> String {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        assert_eq!(self.body["error"], code, "unexpected error code; body: {}", self.body);
        let message = self.body["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{}", self.body);
        message.to_owned()
    }
}

impl Client {
    pub fn new(base_url: &str) -> Self {
        let http = reqwest::Client::builder().cookie_store(true).build().expect("http client");
        Self { http, base_url: base_url.to_owned() }
    }

    /// The same person in the same browser (its cookies), calling another api at `base_url`.
    pub fn at(&self, base_url: &str) -> Self {
        Self { http: self.http.clone(), base_url: base_url.to_owned() }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base_url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::reply(request.send().await.expect("request reaches the api")).await
    }

    /// A request with a raw body and content type, for malformed input.
    pub async fn raw(&self, method: Method, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
        let request = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .header("content-type", content_type)
            .body(body);
        Self::reply(request.send().await.expect("request reaches the api")).await
    }

    /// A GET whose answer is not JSON (a calendar file), as it came.
    pub async fn raw_get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base_url)).send().await.expect("request reaches the api")
    }

    async fn reply(response: reqwest::Response) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("response body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status} answered with non-JSON: {text}"))
        };
        Reply { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    /// POSTs `body` to `path`, which must answer 201; the `id` of what it created.
    pub async fn create(&self, path: &str, body: Value) -> String {
        id(&self.post(path, body).await.expect(201))
    }
}

/// The `id` field of a created resource.
/// The ids of a list (a page's `items`, or an array), in order.
pub fn ids(list: &Value) -> Vec<String> {
    let items = list.get("items").unwrap_or(list);
    items.as_array().expect("a list").iter().map(id).collect()
}

/// The ids a list is expected to hold, in order.
pub fn in_order(expected: &[&String]) -> Vec<String> {
    expected.iter().map(|id| (*id).clone()).collect()
}

pub fn id(body: &Value) -> String {
    body["id"].as_str().unwrap_or_else(|| panic!("no id in {body}")).to_owned()
}

/// One organization with an admin, a coach and a coachee in a relationship, a session with a
/// note, an agreement, an action and a goal; a super admin; and an outsider from another
/// organization. Built through the api itself.
pub struct World {
    pub api: TestApi,
    pub super_admin: Client,
    pub org_admin: Client,
    pub coach: Client,
    pub coachee: Client,
    pub outsider: Client,
    pub organization_id: String,
    pub coach_id: String,
    pub coachee_id: String,
    pub relationship_id: String,
    pub session_id: String,
    pub note_id: String,
    pub agreement_id: String,
    pub action_id: String,
    pub goal_id: String,
}

pub const PERSON_PASSWORD: &str = "correct horse battery";

impl World {
    pub async fn build() -> Self {
        let api = TestApi::start_seeded().await;
        let super_admin = api.login("admin@example.com", DEMO_PASSWORD).await;
        let organization_id = super_admin.create("/organizations", json!({ "name": "Matrix Org" })).await;
        let elsewhere = super_admin.create("/organizations", json!({ "name": "Elsewhere" })).await;

        join(&api, &super_admin, &organization_id, "org-admin@matrix.test", "admin").await;
        join(&api, &super_admin, &organization_id, "coach@matrix.test", "member").await;
        join(&api, &super_admin, &organization_id, "coachee@matrix.test", "member").await;
        join(&api, &super_admin, &elsewhere, "outsider@elsewhere.test", "admin").await;

        let org_admin = api.login("org-admin@matrix.test", PERSON_PASSWORD).await;
        let coach = api.login("coach@matrix.test", PERSON_PASSWORD).await;
        let coachee = api.login("coachee@matrix.test", PERSON_PASSWORD).await;
        let outsider = api.login("outsider@elsewhere.test", PERSON_PASSWORD).await;
        let user_id = |me: Value| me["id"].as_str().expect("user id").to_owned();
        let coach_id = user_id(coach.get("/me").await.ok());
        let coachee_id = user_id(coachee.get("/me").await.ok());

        let relationship = json!({
            "organization_id": organization_id, "coach_id": coach_id, "coachee_id": coachee_id,
        });
        let relationship_id = org_admin.create("/relationships", relationship).await;
        let session = json!({
            "relationship_id": relationship_id, "starts_at": "2030-01-15T10:00:00Z", "duration_minutes": 60,
        });
        let session_id = coach.create("/sessions", session).await;
        let note_id =
            coach.create("/notes", json!({ "session_id": session_id, "body": "coach's note" })).await;
        let agreement_id =
            coachee.create("/agreements", json!({ "session_id": session_id, "body": "we agree" })).await;
        let action = json!({ "session_id": session_id, "body": "do it", "due_on": "2030-02-01" });
        let action_id = coach.create("/actions", action).await;
        let goal_id =
            coachee.create("/goals", json!({ "relationship_id": relationship_id, "title": "Grow" })).await;
        coachee.post(&format!("/goals/{goal_id}/sessions/{session_id}"), json!({})).await.expect(200);

        Self {
            api,
            super_admin,
            org_admin,
            coach,
            coachee,
            outsider,
            organization_id,
            coach_id,
            coachee_id,
            relationship_id,
            session_id,
            note_id,
            agreement_id,
            action_id,
            goal_id,
        }
    }

    /// The person allowed to make the request: the org admin for organization and relationship
    /// management, the coach otherwise.
    pub fn org_admin_or_coach(&self, path: &str) -> &Client {
        if path.starts_with("/organizations") || path.starts_with("/relationships") {
            &self.org_admin
        } else {
            &self.coach
        }
    }

    /// The five people, in the order of the expectation tables.
    pub fn people(&self) -> [(&'static str, &Client); 5] {
        [
            ("coach", &self.coach),
            ("coachee", &self.coachee),
            ("org admin", &self.org_admin),
            ("super admin", &self.super_admin),
            ("outsider", &self.outsider),
        ]
    }
}

/// Invites `email` (a new person) into the organization as `inviter` and joins through the link
/// with [`PERSON_PASSWORD`], as the invited person would.
pub async fn join(api: &TestApi, inviter: &Client, organization: &str, email: &str, role: &str) {
    let link = invite(inviter, organization, email, role).await;
    let body = json!({
        "first_name": "Test", "last_name": email, "password": PERSON_PASSWORD, "timezone": "Europe/Berlin",
    });
    api.anonymous().post(&link, body).await.expect(204);
}

/// Invites `email` into the organization as `inviter`; returns the link's api path.
pub async fn invite(inviter: &Client, organization: &str, email: &str, role: &str) -> String {
    let created = inviter
        .post(&format!("/organizations/{organization}/invitations"), json!({ "email": email, "role": role }))
        .await
        .expect(201);
    created["link_path"].as_str().expect("link_path").to_owned()
}

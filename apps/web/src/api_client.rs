//! Typed calls to the api, made with the visitor's api login token, the id of the request
//! being served (so the api logs the same id) and the browser's address (so the api's limits per
//! client count browsers, not this server). Every answer is either the expected body or an
//! [`ApiFailure`] the pages know how to show.

use std::net::IpAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::time::Instant;

use contract::{
    API_DEVICE_COOKIE, API_LOGIN_COOKIE, ErrorBody, LoginRequest, MAIL_FAILED, Page, PageRequest,
};
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE, RETRY_AFTER, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use service_kit::client_address::ClientAddress;
use service_kit::request_id::{self, REQUEST_ID_HEADER};

tokio::task_local! {
    /// The browser whose request is being served: every api call made for it names it.
    static BROWSER: IpAddr;
}

/// Middleware: the api calls made while serving this request carry the browser's address as
/// `X-Forwarded-For` (the api trusts it from this server's network, TRUSTED_PROXIES), so no
/// throttled call can forget it.
pub async fn on_behalf_of_browser(request: Request, next: Next) -> Response {
    match request.extensions().get::<ClientAddress>().copied() {
        Some(ClientAddress(browser)) => BROWSER.scope(browser, next.run(request)).await,
        None => next.run(request).await,
    }
}

/// What a login hands the web to keep in the browser's cookies.
pub struct LoginTokens {
    /// The api login.
    pub login: String,
    /// The device token: this browser signed in to the account before.
    pub device: Option<String>,
}

/// A file as the api answered it: the headers that say what it is and how to save it
/// (`Content-Type`, `Content-Disposition`), and its bytes; a response as it stands.
pub struct Download {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        (self.headers, self.body).into_response()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No valid api login: the visitor must log in (again).
    Unauthenticated,
    NotFound,
    Forbidden(String),
    /// The api refused the input (400, 409, 422); the message says why, for people.
    Rejected(String),
    /// The api did not answer, or answered that it is not ready.
    Unavailable,
    /// A one-time link that was used, has expired or never existed (410).
    Gone(String),
    /// Too many attempts (429); the next may pass after this many seconds.
    Throttled {
        retry_after_seconds: u64,
    },
    Unexpected(String),
}

#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base_url: String,
    /// The api login token every call carries: the visitor's, for the calls a page makes on their
    /// behalf (see [`Api::as_login`]); none for those anyone may make (one-time links, "forgot
    /// password", logging in).
    login: Option<String>,
}

impl Api {
    pub fn new(base_url: &str, timeout: Duration) -> anyhow::Result<Self> {
        // Idle connections are dropped here before the api drops them (its HEADER_READ_TIMEOUT_SECONDS,
        // 10 s by default, also ends idle connections), so a request never races the api's close.
        let http =
            reqwest::Client::builder().timeout(timeout).pool_idle_timeout(Duration::from_secs(5)).build()?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned(), login: None })
    }

    /// The same api, called as the holder of the api login `token`.
    pub fn as_login(&self, token: String) -> Self {
        Self { login: Some(token), ..self.clone() }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: impl AsRef<str>) -> Result<T, ApiFailure> {
        let response = send(self.request(Method::GET, path.as_ref())).await;
        parse(response).await
    }

    /// The answer of `path` to `query`, which is encoded here, so values taken from a visitor's
    /// URL cannot add query parameters of their own.
    pub async fn get_with<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &impl Serialize,
    ) -> Result<T, ApiFailure> {
        parse(send(self.request(Method::GET, path).query(query)).await).await
    }

    /// One page of the list at `path`, narrowed by `filters`. Values are encoded here, so a cursor
    /// taken from a visitor's URL cannot add query parameters of its own.
    pub async fn page<T: DeserializeOwned>(
        &self,
        path: &str,
        filters: &[(&str, String)],
        page: &PageRequest,
    ) -> Result<Page<T>, ApiFailure> {
        let response = send(self.request(Method::GET, path).query(filters).query(page)).await;
        parse(response).await
    }

    /// A call with a JSON body whose answer carries a body.
    pub async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        let response = send(self.request(method, path).json(body)).await;
        parse(response).await
    }

    /// A call with a JSON body whose answer the page does not need (a 204, or what it wrote).
    pub async fn send_only<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<(), ApiFailure> {
        let response = send(self.request(method, path).json(body)).await;
        check(response).await.map(drop)
    }

    /// As [`Self::send_only`], for calls whose 409 answer carries a body of its own (`C`, e.g. both
    /// texts of an edit that met a newer version): `Ok(Err(conflict))`.
    pub async fn send_or_conflict<B: Serialize, C: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<Result<(), C>, ApiFailure> {
        match send(self.request(method, path).json(body)).await {
            Ok(answer) if answer.status() == StatusCode::CONFLICT => {
                let conflict = answer.json::<C>().await;
                conflict.map(Err).map_err(unreadable)
            }
            other => check(other).await.map(|_| Ok(())),
        }
    }

    /// A call without a body whose answer carries one (a link the api makes).
    pub async fn make<T: DeserializeOwned>(&self, method: Method, path: &str) -> Result<T, ApiFailure> {
        parse(send(self.request(method, path)).await).await
    }

    /// A file the api makes at `path` (a calendar entry), with what it is and how to save it.
    pub async fn download(&self, path: &str) -> Result<Download, ApiFailure> {
        let response = check(send(self.request(Method::GET, path)).await).await?;
        let mut headers = HeaderMap::new();
        for name in [CONTENT_TYPE, CONTENT_DISPOSITION] {
            if let Some(value) = response.headers().get(&name) {
                headers.insert(name, value.clone());
            }
        }
        let body = response.bytes().await.map_err(unreadable)?;
        Ok(Download { headers, body })
    }

    /// A call whose answer carries nothing we need (deletes, 204s).
    pub async fn call(&self, method: Method, path: &str) -> Result<(), ApiFailure> {
        let response = send(self.request(method, path)).await;
        check(response).await.map(drop)
    }

    /// Exchanges credentials for an api login token. `device` is the token of a browser that
    /// signed in before (its correct password is not held back by others' failed attempts).
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        device: Option<&str>,
    ) -> Result<LoginTokens, ApiFailure> {
        let credentials = LoginRequest { email: email.to_owned(), password: password.to_owned() };
        let mut call = self.to_api(Method::POST, "/login").json(&credentials);
        if let Some(device) = device {
            call = call.header(COOKIE, format!("{API_DEVICE_COOKIE}={device}"));
        }
        let response = match check(send(call).await).await {
            // Here a 401 means wrong credentials, not an expired login.
            Err(ApiFailure::Unauthenticated) => {
                return Err(ApiFailure::Rejected("Email or password is wrong.".to_owned()));
            }
            other => other?,
        };
        let cookies: Vec<cookie::Cookie> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| cookie::Cookie::parse(value.to_owned()).ok())
            .collect();
        let value_of =
            |name: &str| cookies.iter().find(|cookie| cookie.name() == name).map(|c| c.value().to_owned());
        let login = value_of(API_LOGIN_COOKIE).ok_or_else(|| {
            ApiFailure::Unexpected("the api answered the login without its cookie".to_owned())
        })?;
        Ok(LoginTokens { login, device: value_of(API_DEVICE_COOKIE) })
    }

    /// Whether the api answers at all (`/health`), right now: a probe does not wait for it.
    pub async fn is_reachable(&self) -> bool {
        let response = self.to_api(Method::GET, "/health").send().await;
        response.is_ok_and(|response| response.status().is_success())
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let call = self.to_api(method, path);
        match &self.login {
            Some(token) => call.header(COOKIE, format!("{API_LOGIN_COOKIE}={token}")),
            None => call,
        }
    }

    /// Every call to the api starts here: it carries the id of the request being served and the
    /// browser it is served for.
    fn to_api(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut call = self.http.request(method, format!("{}{path}", self.base_url));
        if let Some(id) = request_id::current() {
            call = call.header(REQUEST_ID_HEADER, id);
        }
        if let Ok(browser) = BROWSER.try_with(|browser| *browser) {
            call = call.header("x-forwarded-for", browser.to_string());
        }
        call
    }
}

/// How long a call keeps trying an api that refuses connections (one restarting during an upgrade,
/// a replica being replaced) before the page says the api is unavailable.
const CONNECT_RETRY_WINDOW: Duration = Duration::from_secs(5);
const CONNECT_RETRY_INTERVAL: Duration = Duration::from_millis(100);

/// Sends `call`, and sends it again while the api cannot be connected to: nothing reached it, so
/// repeating is safe for every method, a POST included.
async fn send(call: reqwest::RequestBuilder) -> reqwest::Result<reqwest::Response> {
    let deadline = Instant::now() + CONNECT_RETRY_WINDOW;
    loop {
        // A streamed body cannot be cloned; every body here is JSON or empty, so this always clones.
        let Some(attempt) = call.try_clone() else { return call.send().await };
        match attempt.send().await {
            Err(error) if error.is_connect() && Instant::now() < deadline => {
                tokio::time::sleep(CONNECT_RETRY_INTERVAL).await;
            }
            result => return result,
        }
    }
}

async fn check(response: reqwest::Result<reqwest::Response>) -> Result<reqwest::Response, ApiFailure> {
    let response = response.map_err(|error| {
        tracing::warn!(error = %error.without_url(), "api unreachable");
        ApiFailure::Unavailable
    })?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after_seconds = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok()?.parse().ok())
            .unwrap_or(1);
        return Err(ApiFailure::Throttled { retry_after_seconds });
    }
    let body = response.json::<ErrorBody>().await.ok();
    // The mail server's trouble is news for the person who asked (their invitation or link did not
    // go out), not a page saying the whole service is down.
    if let Some(ErrorBody { error, message }) = &body
        && error == MAIL_FAILED
    {
        return Err(ApiFailure::Rejected(format!("No mail could be sent ({message}); try again later.")));
    }
    let message = body.map(|body| body.message).unwrap_or_else(|| status.to_string());
    Err(match status {
        StatusCode::UNAUTHORIZED => ApiFailure::Unauthenticated,
        StatusCode::NOT_FOUND => ApiFailure::NotFound,
        StatusCode::FORBIDDEN => ApiFailure::Forbidden(message),
        StatusCode::GONE => ApiFailure::Gone(message),
        StatusCode::BAD_REQUEST
        | StatusCode::CONFLICT
        | StatusCode::UNPROCESSABLE_ENTITY
        | StatusCode::PAYLOAD_TOO_LARGE => ApiFailure::Rejected(message),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT => {
            ApiFailure::Unavailable
        }
        _ => ApiFailure::Unexpected(format!("{status}: {message}")),
    })
}

async fn parse<T: DeserializeOwned>(response: reqwest::Result<reqwest::Response>) -> Result<T, ApiFailure> {
    check(response).await?.json::<T>().await.map_err(unreadable)
}

/// An answer that could not be read, said without its URL (as `check` logs an unreachable api):
/// api paths may hold secret tokens (a calendar feed's, a one-time link's), and this is logged.
fn unreadable(error: reqwest::Error) -> ApiFailure {
    ApiFailure::Unexpected(error.without_url().to_string())
}

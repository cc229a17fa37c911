//! Typed calls to the api, made with the visitor's api session token. Every answer is either the
//! expected body or an [`ApiFailure`] the pages know how to show.

use std::time::Duration;

use contract::{API_SESSION_COOKIE, ErrorBody, LoginRequest};
use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

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
    Unexpected(String),
}

#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base_url: String,
}

impl Api {
    pub fn new(base_url: &str, timeout: Duration) -> anyhow::Result<Self> {
        let http =
            reqwest::Client::builder().timeout(timeout).pool_idle_timeout(Duration::from_secs(60)).build()?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned() })
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        token: &str,
        path: impl AsRef<str>,
    ) -> Result<T, ApiFailure> {
        let response = self.request(Method::GET, token, path.as_ref()).send().await;
        parse(response).await
    }

    /// A call with a JSON body whose answer carries a body.
    pub async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        token: &str,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure> {
        let response = self.request(method, token, path).json(body).send().await;
        parse(response).await
    }

    /// A call whose answer carries nothing we need (deletes, 204s).
    pub async fn call(&self, method: Method, token: &str, path: &str) -> Result<(), ApiFailure> {
        let response = self.request(method, token, path).send().await;
        check(response).await.map(drop)
    }

    /// Exchanges credentials for an api session token.
    pub async fn login(&self, email: &str, password: &str) -> Result<String, ApiFailure> {
        let credentials = LoginRequest { email: email.to_owned(), password: password.to_owned() };
        let response = self.http.post(format!("{}/login", self.base_url)).json(&credentials).send().await;
        let response = match check(response).await {
            // Here a 401 means wrong credentials, not an expired login.
            Err(ApiFailure::Unauthenticated) => {
                return Err(ApiFailure::Rejected("Email or password is wrong.".to_owned()));
            }
            other => other?,
        };
        response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| cookie::Cookie::parse(value).ok())
            .find(|cookie| cookie.name() == API_SESSION_COOKIE)
            .map(|cookie| cookie.value().to_owned())
            .ok_or_else(|| ApiFailure::Unexpected("the api answered the login without its cookie".to_owned()))
    }

    /// Whether the api answers at all (`/health`).
    pub async fn is_reachable(&self) -> bool {
        let response = self.http.get(format!("{}/health", self.base_url)).send().await;
        response.is_ok_and(|response| response.status().is_success())
    }

    fn request(&self, method: Method, token: &str, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base_url))
            .header(COOKIE, format!("{API_SESSION_COOKIE}={token}"))
    }
}

async fn check(response: reqwest::Result<reqwest::Response>) -> Result<reqwest::Response, ApiFailure> {
    let response = response.map_err(|error| {
        tracing::warn!(%error, "api unreachable");
        ApiFailure::Unavailable
    })?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let message =
        response.json::<ErrorBody>().await.map(|body| body.message).unwrap_or_else(|_| status.to_string());
    Err(match status {
        StatusCode::UNAUTHORIZED => ApiFailure::Unauthenticated,
        StatusCode::NOT_FOUND => ApiFailure::NotFound,
        StatusCode::FORBIDDEN => ApiFailure::Forbidden(message),
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
    check(response).await?.json::<T>().await.map_err(|error| ApiFailure::Unexpected(error.to_string()))
}

//! Every failure leaves the api as JSON `{"error": "<code>", "message": "..."}` with a 4xx status
//! that says whose fault it is; only real server faults become 5xx, and their details go to the
//! log, not to the client.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use contract::ErrorBody;
use sea_orm::{DbErr, RuntimeErr};

use crate::domain::throttle::RetryAfter;
use crate::domain::validate::InvalidInput;
use crate::mail::MailError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds to wait before trying again, sent as `Retry-After`.
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), retry_after: None }
    }

    /// Too many attempts of `what` (429); the message and `Retry-After` say when the next may pass.
    pub fn throttled(what: &str, wait: RetryAfter) -> Self {
        let seconds = wait.seconds();
        let message = format!("{what}; try again in {seconds} seconds");
        Self {
            retry_after: Some(seconds),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message)
        }
    }

    /// 503 at once: the work is queued deep already; trying again in a second will likely pass.
    pub fn busy(message: impl Into<String>) -> Self {
        Self { retry_after: Some(1), ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message) }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// Also what people get for things that exist but that they may not see.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", message)
    }

    /// 503: the operation needs mail and SMTP_URL is unset; `message` says what to do instead.
    pub fn mail_not_configured(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "mail_not_configured", message)
    }

    /// Replaces a generic conflict with one that says what clashed.
    pub fn on_conflict(self, code: &'static str, message: &str) -> Self {
        if self.status == StatusCode::CONFLICT { Self::conflict(code, message) } else { self }
    }

    /// A fault on our side: logged with its cause, reported to the client without it.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "something went wrong on our side")
    }
}

/// `None` from storage: the row is gone, or the caller may not learn that it exists.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: &str) -> ApiResult<T>;
}

impl<T> OrNotFound<T> for Option<T> {
    fn or_not_found(self, what: &str) -> ApiResult<T> {
        self.ok_or_else(|| ApiError::not_found(what))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.code.to_owned(), message: self.message };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<InvalidInput> for ApiError {
    fn from(invalid: InvalidInput) -> Self {
        Self::invalid(invalid.0)
    }
}

/// The server's trouble, not the client's: 503 when trying again later may work, else 502. What
/// the mail server said stays in the log (the mailer writes it there): it may name hosts, accounts
/// or addresses that are nobody else's business.
impl From<MailError> for ApiError {
    fn from(error: MailError) -> Self {
        let (status, message) = if error.is_transient() {
            (StatusCode::SERVICE_UNAVAILABLE, "the mail server is not taking mail right now; try again later")
        } else {
            (
                StatusCode::BAD_GATEWAY,
                "the mail server refused the mail; ask the platform's operator to look at the api's log",
            )
        };
        Self::new(status, contract::MAIL_FAILED, message)
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        // Input we failed to catch earlier still must not become a 5xx: PostgreSQL's SQLSTATE
        // says whether the data or the server is at fault.
        match sqlstate(&error).as_deref() {
            Some("23505") => return Self::conflict("already_exists", "this already exists"),
            Some("23503") => return Self::invalid("a referenced record does not exist"),
            Some("23502" | "23514") => return Self::invalid("a value breaks a rule of the data model"),
            Some(code) if code.starts_with("22") => {
                return Self::invalid("a value is not acceptable to the database (e.g. a NUL character)");
            }
            _ => {}
        }
        match error {
            DbErr::RecordNotUpdated => Self::not_found("record"),
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                tracing::warn!(%error, "database unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "the database is not reachable right now; try again shortly",
                )
            }
            other => Self::internal(other),
        }
    }
}

fn sqlstate(error: &DbErr) -> Option<String> {
    match error {
        DbErr::Exec(RuntimeErr::SqlxError(error)) | DbErr::Query(RuntimeErr::SqlxError(error)) => {
            match error.as_ref() {
                sea_orm::sqlx::Error::Database(database_error) => {
                    database_error.code().map(|code| code.into_owned())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let code = match &rejection {
            JsonRejection::JsonDataError(_) => "invalid_body",
            JsonRejection::JsonSyntaxError(_) => "malformed_json",
            JsonRejection::MissingJsonContentType(_) => "unsupported_media_type",
            JsonRejection::BytesRejection(_) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                "payload_too_large"
            }
            _ => "bad_request",
        };
        Self::new(rejection.status(), code, rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request("invalid_query", rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::bad_request("invalid_path", rejection.body_text())
    }
}

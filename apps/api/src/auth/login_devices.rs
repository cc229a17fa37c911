//! The device cookie (`api_device`): a random token a browser gets at its first sign-in to an
//! account and keeps for a year. PostgreSQL keeps its SHA-256 (`storage::login_devices`). Its only
//! power is a throttle bucket of its own for that account, so a correct password from a known
//! device passes while guesses from elsewhere keep the account's own bucket empty (the "device
//! cookie" defence OWASP describes); it opens nothing by itself.

use axum::http::HeaderMap;
use contract::API_DEVICE_COOKIE;
use cookie::Cookie;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::{api_cookie, cookie_value, secret_token};
use crate::storage::login_devices::{self, REMEMBERED_DAYS};

/// The device token the request carries, if it could be one of ours.
pub fn token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, API_DEVICE_COOKIE)
        .filter(|token| token.len() == 64 && token.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

/// Whether the device of `token` signed in to the account with `email` before.
pub async fn is_known(db: &impl ConnectionTrait, token: &str, email: &str) -> Result<bool, DbErr> {
    login_devices::known_for(db, &secret_token::digest(token), email).await
}

/// Remembers the device after a sign-in to `user_id`: `known`, the token of a device the account
/// knew already, or a new one. Returns the token for the cookie.
pub async fn remember(
    db: &impl ConnectionTrait,
    known: Option<String>,
    user_id: Uuid,
) -> Result<String, DbErr> {
    let token = known.unwrap_or_else(secret_token::generate);
    login_devices::remember(db, &secret_token::digest(&token), user_id).await?;
    Ok(token)
}

pub fn cookie(token: String, secure: bool) -> Cookie<'static> {
    api_cookie(API_DEVICE_COOKIE, token, secure)
        .max_age(cookie::time::Duration::days(i64::from(REMEMBERED_DAYS)))
        .build()
}

//! The login cookie (`api_session`): the browser holds only a random token in an `HttpOnly`
//! cookie; PostgreSQL keeps its SHA-256 with the account (`storage::logins`).

use contract::API_LOGIN_COOKIE;
use cookie::Cookie;
use sea_orm::DbErr;
use uuid::Uuid;

use super::{api_cookie, secret_token};
use crate::state::AppState;
use crate::storage;

/// Starts a login for `user_id` and returns the token to put in the cookie.
pub async fn start(state: &AppState, user_id: Uuid) -> Result<String, DbErr> {
    let (token, digest) = secret_token::mint();
    storage::logins::start(&state.db, &digest, user_id, state.logins.lifetime).await?;
    Ok(token)
}

/// Ends the login of `token`, if it is one.
pub async fn end(state: &AppState, token: &str) -> Result<(), DbErr> {
    let digest = secret_token::digest(token);
    state.logins.recent.forget(&digest);
    storage::logins::end(&state.db, &digest).await
}

pub fn cookie(token: String, secure: bool) -> Cookie<'static> {
    api_cookie(API_LOGIN_COOKIE, token, secure).build()
}

pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_is_http_only_lax_and_secure_only_when_asked() {
        let plain = cookie("t".into(), false).to_string();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"), "{plain}");
        assert!(!plain.contains("Secure"), "{plain}");
        assert!(cookie("t".into(), true).to_string().contains("Secure"));
    }
}

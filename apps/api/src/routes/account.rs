//! A person's own account: choosing a password through a one-time link (no login: the link is
//! the proof), and changing one's password while logged in.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use contract::{ChangePassword, ErrorBody, PasswordLink, UsePasswordLink};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use service_kit::client_address::ClientAddress;

use crate::auth::one_time_links::{self, LinkPurpose};
use crate::auth::{CurrentUser, credentials, login_session_token, password};
use crate::domain::{password_policy, validate};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::state::AppState;

/// The token at the end of a link, as the path carries it. Characters no link can hold (beyond
/// hex digits and the hyphens of an id-shaped guess) make the path malformed: 400, not 410.
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
pub struct LinkToken(pub(super) String);

impl TryFrom<String> for LinkToken {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        let plausible =
            (1..=64).contains(&raw.len()) && raw.bytes().all(|byte| byte.is_ascii_hexdigit() || byte == b'-');
        if plausible { Ok(Self(raw)) } else { Err("token is not the token of a link") }
    }
}

/// Used, expired and unknown links get the same answer, so guessing learns nothing.
pub(super) fn link_gone() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "link_gone",
        "this link was already used or has expired; ask for a new one",
    )
}

/// Whose password a one-time link sets, while the link is usable.
#[utoipa::path(get, path = "/account/password-links/{token}", tag = "account", security(()),
    params(("token" = String, Path, description = "The token at the end of the link")),
    responses(
        (status = 200, body = PasswordLink),
        (status = 410, description = "The link was used, has expired or never existed", body = ErrorBody),
    ))]
pub async fn password_link(
    State(state): State<AppState>,
    Path(LinkToken(token)): Path<LinkToken>,
) -> ApiResult<Json<PasswordLink>> {
    let user =
        one_time_links::holder(&state.db, &token, LinkPurpose::SetPassword).await?.ok_or_else(link_gone)?;
    Ok(Json(PasswordLink {
        new_account: user.password_hash.is_none(),
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
    }))
}

/// Sets the password (and a new account's name) through a one-time link, uses the link up and
/// ends the account's login sessions. The person then logs in with the new password.
#[utoipa::path(post, path = "/account/password-links/{token}", tag = "account", security(()),
    params(("token" = String, Path, description = "The token at the end of the link")),
    request_body = UsePasswordLink,
    responses(
        (status = 204, description = "Password set; log in with it"),
        (status = 410, description = "The link was used, has expired or never existed", body = ErrorBody),
        (status = 422, description = "The password is too short or too easy to guess; the message says why",
            body = ErrorBody),
    ))]
pub async fn use_password_link(
    State(state): State<AppState>,
    Path(LinkToken(token)): Path<LinkToken>,
    Json(input): Json<UsePasswordLink>,
) -> ApiResult<StatusCode> {
    let user =
        one_time_links::holder(&state.db, &token, LinkPurpose::SetPassword).await?.ok_or_else(link_gone)?;
    let new_name = match (user.password_hash.is_none(), input.first_name, input.last_name) {
        (true, Some(first_name), Some(last_name)) => Some((
            validate::text("first_name", &first_name, validate::MAX_NAME_CHARS)?,
            validate::optional_text("last_name", &last_name, validate::MAX_NAME_CHARS)?,
        )),
        (false, Some(_), _) | (false, _, Some(_)) => {
            return Err(ApiError::invalid("first_name and last_name can be given only for a new account"));
        }
        (true, Some(_), None) | (true, None, Some(_)) => {
            return Err(ApiError::invalid("give both first_name and last_name, or neither"));
        }
        _ => None,
    };
    let (first_name, last_name) =
        new_name.clone().unwrap_or((user.first_name.clone(), user.last_name.clone()));
    let chosen =
        password_policy::new_password("password", &input.password, &[&user.email, &first_name, &last_name])?;
    let password_hash = password::hash(chosen).await?;
    let txn = state.db.begin().await?;
    // Checked again as it is used up: of two submissions of one link, only one passes.
    let user_id =
        one_time_links::use_up(&txn, &token, LinkPurpose::SetPassword).await?.ok_or_else(link_gone)?;
    credentials::replace_password(&txn, user_id, &password_hash, None).await?;
    if let Some((first_name, last_name)) = new_name {
        credentials::rename(&txn, user_id, &first_name, &last_name).await?;
    }
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the caller's password. The current one is required (and its guesses are throttled
/// like logins); the caller stays logged in here and is logged out everywhere else.
#[utoipa::path(post, path = "/account/password", tag = "account", request_body = ChangePassword,
    responses(
        (status = 204, description = "Password changed; other login sessions ended"),
        (status = 403, description = "The current password is wrong", body = ErrorBody),
        (status = 422, description = "The new password is too short or too easy to guess; the message says why",
            body = ErrorBody),
        (status = 429, description = "Too many wrong guesses of the current password", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until the next attempt may pass"))),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    caller: CurrentUser,
    Json(input): Json<ChangePassword>,
) -> ApiResult<StatusCode> {
    let user = caller.user;
    let chosen = password_policy::new_password(
        "new_password",
        &input.new_password,
        &[&user.email, &user.first_name, &user.last_name],
    )?;
    state.login_limits.check(&user.email, client).map_err(ApiError::too_many_attempts)?;
    if !password::verify(input.current_password, user.password_hash.clone()).await? {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "wrong_password", "current_password is wrong"));
    }
    let password_hash = password::hash(chosen).await?;
    let current_session = login_session_token(&headers);
    let txn = state.db.begin().await?;
    credentials::replace_password(&txn, user.id, &password_hash, current_session.as_deref()).await?;
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

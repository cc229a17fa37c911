//! The signed-in person's profile: their name, the time zone times are shown in, and moving the
//! account to another email address, which the link mailed there confirms.

use axum::extract::State;
use axum::http::StatusCode;
use contract::{ACCOUNT_EMAIL_PATH, ChangeEmail, ErrorBody, ProfileInput, User};
use sea_orm::TransactionTrait;
use service_kit::client_address::ClientAddress;

use super::account::{LinkToken, link_gone};
use super::errors::{MailErrors, ThrottledErrors};
use crate::auth::one_time_links::{self, LinkPurpose};
use crate::auth::{CurrentUser, credentials};
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::mail::letters;
use crate::state::AppState;
use crate::storage::people;

/// The caller's own name, email and time zone.
#[utoipa::path(get, path = "/account/profile", tag = "account", responses((status = 200, body = User)))]
pub async fn get(caller: CurrentUser) -> Json<User> {
    Json(caller.user.into())
}

/// Changes the caller's name and time zone (an IANA name such as `Europe/Berlin`).
#[utoipa::path(put, path = "/account/profile", tag = "account", request_body = ProfileInput,
    responses((status = 200, body = User)))]
pub async fn update(
    State(state): State<AppState>,
    caller: CurrentUser,
    Json(input): Json<ProfileInput>,
) -> ApiResult<Json<User>> {
    let first_name = validate::text("first_name", &input.first_name, validate::MAX_NAME_CHARS)?;
    let last_name = validate::optional_text("last_name", &input.last_name, validate::MAX_NAME_CHARS)?;
    let timezone = validate::timezone(&input.timezone)?;
    let user = people::update_profile(&state.db, caller.user.id, &first_name, &last_name, &timezone).await?;
    Ok(Json(user.or_not_found("user")?.into()))
}

/// What people are told when the server cannot mail the confirmation link.
const EMAIL_CHANGE_NEEDS_MAIL: &str = "Changing your email needs mail set up on this server (the new address confirms the change): \
     ask your administrator";

/// Asks to move the caller's account to `new_email`. The current password is required (guesses
/// are throttled like logins); a link that makes the change (24 hours, once) is mailed to the new
/// address. When another account has that address nothing is sent, and the answer is the same:
/// the caller learns nothing about other people's accounts.
#[utoipa::path(post, path = "/account/email", tag = "account", request_body = ChangeEmail,
    responses(
        (status = 202, description = "The confirmation link is on its way to the new address \
            (nothing is sent when another account has it)"),
        (status = 403, description = "The current password is wrong", body = ErrorBody),
        (status = 422, description = "new_email is no email address, or already the caller's", body = ErrorBody),
        ThrottledErrors,
        MailErrors,
    ))]
pub async fn change_email(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    caller: CurrentUser,
    Json(input): Json<ChangeEmail>,
) -> ApiResult<StatusCode> {
    let user = caller.user;
    let new_email = validate::email(&input.new_email)
        .map_err(|invalid| ApiError::invalid(format!("new_email: {invalid}")))?;
    if new_email == user.email {
        return Err(ApiError::invalid("new_email is already your email"));
    }
    let mailer =
        state.mailer.as_ref().ok_or_else(|| ApiError::mail_not_configured(EMAIL_CHANGE_NEEDS_MAIL))?;
    credentials::confirm_current_password(&state, client, &user, input.current_password).await?;
    if people::find_by_email(&state.db, &new_email).await?.is_some() {
        return Ok(StatusCode::ACCEPTED);
    }
    let txn = state.db.begin().await?;
    let token = one_time_links::create_email_confirmation(&txn, user.id, &new_email).await?;
    let link = mailer.web_link(&format!("{ACCOUNT_EMAIL_PATH}/{token}"));
    let letter = letters::email_confirmation(
        &user.first_name,
        &new_email,
        &link,
        LinkPurpose::ConfirmEmail.lifetime(),
    );
    // Sent before the link is committed: when mail fails, no link is left behind.
    mailer.send(&new_email, letter).await?;
    txn.commit().await?;
    Ok(StatusCode::ACCEPTED)
}

/// Moves the account to the address the link was mailed to (no login: holding the link proves
/// control of that address). The link works once; its owner then logs in with the new email.
#[utoipa::path(post, path = "/account/email/{token}", tag = "account", security(()),
    params(("token" = String, Path, description = "The token at the end of the link")),
    responses(
        (status = 204, description = "Email changed; log in with the new one"),
        (status = 403, description = "The account is deactivated (`account_deactivated`)", body = ErrorBody),
        (status = 409, description = "Another account took this email meanwhile", body = ErrorBody),
        (status = 410, description = "The link was used, has expired or never existed", body = ErrorBody),
    ))]
pub async fn confirm_email(
    State(state): State<AppState>,
    Path(LinkToken(token)): Path<LinkToken>,
) -> ApiResult<StatusCode> {
    let user = one_time_links::holder(&state.db, &token, &[LinkPurpose::ConfirmEmail])
        .await?
        .ok_or_else(link_gone)?;
    credentials::refuse_deactivated(&user)?;
    let txn = state.db.begin().await?;
    // Checked again as it is used up: of two submissions of one link, only one passes.
    let (user_id, new_email) =
        one_time_links::use_up_email_confirmation(&txn, &token).await?.ok_or_else(link_gone)?;
    people::change_email(&txn, user_id, &new_email).await.map_err(|error| {
        ApiError::from(error)
            .on_conflict("email_taken", "email: another account has this address now; nothing changed")
    })?;
    txn.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

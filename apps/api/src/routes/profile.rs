//! The signed-in person's profile: their name, the time zone times are shown in, and moving the
//! account to another email address, which the link mailed there confirms (and a link mailed to
//! the old address undoes).

use axum::extract::State;
use axum::http::StatusCode;
use contract::{
    ACCOUNT_EMAIL_PATH, ACCOUNT_EMAIL_REVERT_PATH, ChangeEmail, EmailRevertLink, ErrorBody, ProfileInput,
    UsePasswordLink, User,
};
use service_kit::client_address::ClientAddress;

use super::account::{Link, LinkToken, changed_through_link, chosen_password_hash, in_background, link_gone};
use super::errors::{LinkGone, ThrottledErrors, WeakPassword};
use crate::auth::{credentials, secret_token};
use crate::domain::caller::Caller;
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::Json;
use crate::mail::letters;
use crate::state::AppState;
use crate::storage::one_time_links::{self, LinkPurpose};
use crate::storage::{self, people};

/// The caller's own name, email and time zone.
#[utoipa::path(get, path = "/account/profile", tag = "account", responses((status = 200, body = User)))]
pub async fn get(caller: Caller) -> Json<User> {
    Json(caller.into())
}

/// Changes the caller's name and time zone (an IANA name such as `Europe/Berlin`).
#[utoipa::path(put, path = "/account/profile", tag = "account", request_body = ProfileInput,
    responses((status = 200, body = User)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ProfileInput>,
) -> ApiResult<Json<User>> {
    let first_name = validate::text("first_name", &input.first_name, validate::MAX_NAME_CHARS)?;
    let last_name = validate::optional_text("last_name", &input.last_name, validate::MAX_NAME_CHARS)?;
    let timezone = validate::timezone(&input.timezone)?;
    let user = people::update_profile(&state.db, caller.id, &first_name, &last_name, &timezone).await?;
    Ok(Json(user.or_not_found("user")?))
}

/// What people are told when the server cannot mail the confirmation link.
const EMAIL_CHANGE_NEEDS_MAIL: &str = "Changing your email needs mail set up on this server (the new address confirms the change): \
     ask your administrator";

/// Asks to move the caller's account to `new_email`. The current password is required (wrong
/// guesses are throttled like logins); a link that makes the change (24 hours, once) is mailed to
/// the new address. When another account has that address nothing is sent, and the answer is the
/// same and as quick: the lookup and the mail happen after it, so the caller learns nothing about
/// other people's accounts.
#[utoipa::path(post, path = "/account/email", tag = "account", request_body = ChangeEmail,
    responses(
        (status = 202, description = "The confirmation link is on its way to the new address \
            (nothing is sent when another account has it)"),
        (status = 403, description = "The current password is wrong", body = ErrorBody),
        (status = 422, description = "new_email is no email address, or already the caller's", body = ErrorBody),
        ThrottledErrors,
        (status = 503, description = "This server sends no mail (`mail_not_configured`)", body = ErrorBody),
    ))]
pub async fn change_email(
    State(state): State<AppState>,
    client: ClientAddress,
    caller: Caller,
    Json(input): Json<ChangeEmail>,
) -> ApiResult<StatusCode> {
    let new_email = validate::email("new_email", &input.new_email)?;
    if new_email == caller.email {
        return Err(ApiError::invalid("new_email is already your email"));
    }
    let mailer =
        state.mailer.clone().ok_or_else(|| ApiError::mail_not_configured(EMAIL_CHANGE_NEEDS_MAIL))?;
    credentials::confirm_current_password(&state, client, &caller, input.current_password).await?;
    let db = state.db.clone();
    in_background("an email confirmation mail", async move {
        if people::email_taken(&db, &new_email).await? {
            return Ok(());
        }
        let purpose = LinkPurpose::ConfirmEmail;
        let (token, digest) = secret_token::mint();
        one_time_links::create_email_link(&db, &digest, caller.id, purpose, &new_email).await?;
        let link = mailer.web_link(&format!("{ACCOUNT_EMAIL_PATH}/{token}"));
        let letter = letters::email_confirmation(&caller.first_name, &new_email, &link, purpose.lifetime());
        mailer.send(&new_email, letter).await?;
        Ok(())
    });
    Ok(StatusCode::ACCEPTED)
}

/// Moves the account to the address the link was mailed to (no login: holding the link proves
/// control of that address). The link works once; its owner then logs in with the new email. The
/// account's other links are retired, and the old address is told, with a link that moves the
/// account back (7 days): whoever took over someone's login cannot quietly take their address too.
#[utoipa::path(post, path = "/account/email/{token}", tag = "account", security(()),
    params(LinkToken),
    responses(
        (status = 204, description = "Email changed; log in with the new one"),
        (status = 403, description = "The account is deactivated (`account_deactivated`)", body = ErrorBody),
        (status = 409, description = "Another account took this email meanwhile", body = ErrorBody),
        LinkGone,
    ))]
pub async fn confirm_email(link: Link) -> ApiResult<StatusCode> {
    let holder = link.holder(&[LinkPurpose::ConfirmEmail]).await?;
    credentials::refuse_deactivated(holder.deactivated)?;
    let (revert_token, revert_digest) = secret_token::mint();
    let new_email =
        storage::credentials::confirm_email(link.db(), &link.digest(), &holder.email, &revert_digest)
            .await
            .map_err(email_taken)?
            .ok_or_else(link_gone)?;
    if let Some(mailer) = link.state.mailer.clone() {
        let revert = LinkPurpose::RevertEmail;
        let link = mailer.web_link(&format!("{ACCOUNT_EMAIL_REVERT_PATH}/{revert_token}"));
        let letter = letters::email_changed(&holder.first_name, &new_email, &link, revert.lifetime());
        in_background("an email change notice", async move { Ok(mailer.send(&holder.email, letter).await?) });
    }
    Ok(StatusCode::NO_CONTENT)
}

fn email_taken(error: sea_orm::DbErr) -> ApiError {
    ApiError::from(error)
        .on_conflict("email_taken", "email: another account has this address now; nothing changed")
}

/// What an email revert link (mailed to an account's old address after its email changed) would
/// undo, while it is usable.
#[utoipa::path(get, path = "/account/email-reverts/{token}", tag = "account", security(()),
    params(LinkToken),
    responses(
        (status = 200, body = EmailRevertLink),
        LinkGone,
    ))]
pub async fn email_revert_link(link: Link) -> ApiResult<Json<EmailRevertLink>> {
    let holder = link.holder(&[LinkPurpose::RevertEmail]).await?;
    let restored_email = holder.new_email.ok_or_else(link_gone)?;
    Ok(Json(EmailRevertLink { current_email: holder.email, restored_email }))
}

/// Moves the account back to the address the link was mailed to, with a new password (whoever
/// changed the email knew the old one), ends every login and retires the account's other
/// links. The owner then logs in with their address and the new password.
#[utoipa::path(post, path = "/account/email-reverts/{token}", tag = "account", security(()),
    params(LinkToken),
    request_body = UsePasswordLink,
    responses(
        (status = 204, description = "The old email is back, with the new password; log in"),
        (status = 409, description = "Another account took the old email meanwhile", body = ErrorBody),
        LinkGone,
        WeakPassword,
    ))]
pub async fn revert_email(link: Link, Json(input): Json<UsePasswordLink>) -> ApiResult<StatusCode> {
    let holder = link.holder(&[LinkPurpose::RevertEmail]).await?;
    let restored_email = holder.new_email.ok_or_else(link_gone)?;
    let their_words = [restored_email.as_str(), &holder.email, &holder.first_name, &holder.last_name];
    let password_hash = chosen_password_hash(&input.password, &their_words).await?;
    changed_through_link(
        storage::credentials::restore(link.db(), &link.digest(), &password_hash)
            .await
            .map_err(email_taken)?,
    )
}

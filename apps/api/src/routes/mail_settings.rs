//! The caller's mail settings, and the one-click stop every notification links to.

use axum::extract::State;
use contract::{ErrorBody, MailSettings, MailStopped};
use uuid::Uuid;

use crate::domain::caller::Caller;
use crate::error::{ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::storage::mail_settings;

/// Which mail the caller gets: about scheduling, about actions assigned to them, a reminder
/// before each session, a weekly digest.
#[utoipa::path(get, path = "/account/mail-settings", tag = "account",
    responses((status = 200, body = MailSettings)))]
pub async fn get(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<MailSettings>> {
    Ok(Json(mail_settings::get(&state.db, caller.id).await?.or_not_found("user")?))
}

#[utoipa::path(put, path = "/account/mail-settings", tag = "account", request_body = MailSettings,
    responses((status = 200, body = MailSettings)))]
pub async fn set(
    State(state): State<AppState>,
    caller: Caller,
    Json(settings): Json<MailSettings>,
) -> ApiResult<Json<MailSettings>> {
    Ok(Json(mail_settings::set(&state.db, caller.id, settings).await?.or_not_found("user")?))
}

/// Stops the kind of mail that mail `mail_id` was, for the person it went to, without a login:
/// the id is in that mail only (its link and its Message-ID). What a mail program's one-click
/// unsubscribe (RFC 8058) reaches through the web. Stopping twice changes nothing.
#[utoipa::path(post, path = "/mail/{mail_id}/stop", tag = "account", security(()),
    params(("mail_id" = Uuid, Path)),
    responses(
        (status = 200, body = MailStopped),
        (status = 404, description = "No such mail (sent mail is forgotten after 30 days)", body = ErrorBody),
    ))]
pub async fn stop(State(state): State<AppState>, Path(mail_id): Path<Uuid>) -> ApiResult<Json<MailStopped>> {
    let kind = mail_settings::stop_by_mail(&state.db, mail_id).await?.or_not_found("mail")?;
    Ok(Json(MailStopped { kind }))
}

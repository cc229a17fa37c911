//! A person's own account: choosing a password through a one-time link (no login: the link is
//! the proof), asking for such a link by mail after forgetting one's password, and changing
//! one's password while logged in.

use std::future::Future;

use axum::extract::{FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode};
use contract::{
    ACCOUNT_PASSWORD_PATH, ChangePassword, ErrorBody, ForgotPassword, PasswordLink, UsePasswordLink,
};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use service_kit::client_address::ClientAddress;
use utoipa::IntoParams;

use super::errors::{LinkGone, ThrottledErrors, WeakPassword};
use crate::auth::{credentials, login_token, password, secret_token};
use crate::domain::caller::Caller;
use crate::domain::throttle::Bucket;
use crate::domain::{password_policy, validate};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Path};
use crate::mail::letters;
use crate::state::AppState;
use crate::storage::one_time_links::{self, CHOOSE_PASSWORD, Holder, LinkPurpose};
use crate::storage::{self, people};

/// The token at the end of a link, as the path carries it. Characters no link can hold (beyond
/// hex digits and the hyphens of an id-shaped guess) make the path malformed: 400, not 410.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(try_from = "String")]
#[into_params(names("token"), parameter_in = Path)]
pub struct LinkToken(
    /// The token at the end of the link
    pub(super) String,
);

impl TryFrom<String> for LinkToken {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        let plausible =
            (1..=64).contains(&raw.len()) && raw.bytes().all(|byte| byte.is_ascii_hexdigit() || byte == b'-');
        if plausible { Ok(Self(raw)) } else { Err("token is not the token of a link") }
    }
}

impl LinkToken {
    /// What the database knows the link by.
    pub(super) fn digest(&self) -> String {
        secret_token::digest(&self.0)
    }
}

/// A request through a one-time link, whose token is the path's `{token}`: what every endpoint
/// a link opens starts from. No login: the link is the proof.
#[derive(FromRequestParts)]
#[from_request(state(AppState))]
pub struct Link {
    #[from_request(via(State))]
    pub state: AppState,
    #[from_request(via(Path))]
    pub token: LinkToken,
}

impl Link {
    pub(super) fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub(super) fn digest(&self) -> String {
        self.token.digest()
    }

    /// The account the link is for, while the link is usable and has one of `purposes` (410
    /// otherwise).
    pub(super) async fn holder(&self, purposes: &[LinkPurpose]) -> ApiResult<Holder> {
        one_time_links::holder(self.db(), &self.digest(), purposes).await?.ok_or_else(link_gone)
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

/// The hash of the `password` a link's holder chose, once the policy accepts it (it must not be
/// made of `their_words`: their email and names).
pub(super) async fn chosen_password_hash(password: &str, their_words: &[&str]) -> ApiResult<String> {
    let chosen = password_policy::new_password("password", password, their_words)?;
    password::hash(chosen).await
}

/// 204 when the change through the link was made (and the link used up); 410 when the link
/// went meanwhile.
pub(super) fn changed_through_link(changed: bool) -> ApiResult<StatusCode> {
    if changed { Ok(StatusCode::NO_CONTENT) } else { Err(link_gone()) }
}

/// Whose password a one-time link sets, while the link is usable.
#[utoipa::path(get, path = "/account/password-links/{token}", tag = "account", security(()),
    params(LinkToken),
    responses(
        (status = 200, body = PasswordLink),
        LinkGone,
    ))]
pub async fn password_link(link: Link) -> ApiResult<Json<PasswordLink>> {
    let holder = link.holder(CHOOSE_PASSWORD).await?;
    credentials::refuse_deactivated(holder.deactivated)?;
    Ok(Json(PasswordLink { email: holder.email, first_name: holder.first_name, last_name: holder.last_name }))
}

/// Sets the password through a one-time link, uses the link up, ends the account's logins and
/// retires its other links. The person then logs in with the new password. A link an
/// organization admin made is checked again here, on today's memberships: it is void once the
/// admin no longer runs an organization of the member's, or the member joined one the admin does
/// not run.
#[utoipa::path(post, path = "/account/password-links/{token}", tag = "account", security(()),
    params(LinkToken),
    request_body = UsePasswordLink,
    responses(
        (status = 204, description = "Password set; log in with it"),
        (status = 410, description = "The link was used, has expired, lost its reason or never existed", body = ErrorBody),
        WeakPassword,
    ))]
pub async fn use_password_link(link: Link, Json(input): Json<UsePasswordLink>) -> ApiResult<StatusCode> {
    let holder = link.holder(CHOOSE_PASSWORD).await?;
    credentials::refuse_deactivated(holder.deactivated)?;
    let their_words = [holder.email.as_str(), &holder.first_name, &holder.last_name];
    let password_hash = chosen_password_hash(&input.password, &their_words).await?;
    changed_through_link(
        storage::credentials::set_password_by_link(link.db(), &link.digest(), &password_hash).await?,
    )
}

/// Changes the caller's password. The current one is required (and wrong guesses of it are
/// throttled like logins); the caller stays logged in here and is logged out everywhere else.
#[utoipa::path(post, path = "/account/password", tag = "account", request_body = ChangePassword,
    responses(
        (status = 204, description = "Password changed; other logins ended"),
        (status = 403, description = "The current password is wrong", body = ErrorBody),
        (status = 422, description = "The new password is too short or too easy to guess; the message says why",
            body = ErrorBody),
        ThrottledErrors,
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    client: ClientAddress,
    headers: HeaderMap,
    caller: Caller,
    Json(input): Json<ChangePassword>,
) -> ApiResult<StatusCode> {
    let chosen = password_policy::new_password(
        "new_password",
        &input.new_password,
        &[&caller.email, &caller.first_name, &caller.last_name],
    )?;
    credentials::confirm_current_password(&state, client, &caller, input.current_password).await?;
    let password_hash = password::hash(chosen).await?;
    let own_login = login_token(&headers).map(|token| secret_token::digest(&token));
    storage::credentials::change_password(&state.db, caller.id, &password_hash, own_login.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What people are told when the server cannot mail reset links; it says nothing about the account.
const RESET_NEEDS_MAIL: &str =
    "Password reset by email is not set up on this server: ask an organization admin for a reset link";

/// Mails a link to choose a new password (valid for an hour) to the account with this email, if
/// there is an active one. The answer is the same either way and comes after the same work (the
/// throttle), before the account is even looked up: the lookup and the mail happen afterwards, so
/// neither the answer nor its timing tells whether the account exists. Reset mails have their own
/// limits per email and per client address, apart from logins.
#[utoipa::path(post, path = "/account/password-reset", tag = "account", security(()),
    request_body = ForgotPassword,
    responses(
        (status = 202, description = "If an account exists for that email, a link is on its way"),
        (status = 422, description = "email is not an email address", body = ErrorBody),
        ThrottledErrors,
        (status = 503, description = "This server sends no mail (`mail_not_configured`)", body = ErrorBody),
    ))]
pub async fn forgot_password(
    State(state): State<AppState>,
    client: ClientAddress,
    Json(input): Json<ForgotPassword>,
) -> ApiResult<StatusCode> {
    let mailer = state.mailer.clone().ok_or_else(|| ApiError::mail_not_configured(RESET_NEEDS_MAIL))?;
    let email = validate::email("email", &input.email)?;
    // Never given back: each one is a mail that may go out.
    let _charges = state
        .throttle
        .charge_all([
            Bucket::ResetMailAddress(client.key().to_string()),
            Bucket::ResetMailAccount(email.clone()),
        ])
        .await?;
    let db = state.db.clone();
    in_background("a password reset mail", async move {
        let Some(account) =
            people::account_by_email(&db, &email).await?.filter(|account| !account.deactivated)
        else {
            return Ok(());
        };
        let person = account.person;
        let purpose = LinkPurpose::ResetPassword;
        let (token, digest) = secret_token::mint();
        one_time_links::create(&db, &digest, person.id, purpose).await?;
        let link = mailer.web_link(&format!("{ACCOUNT_PASSWORD_PATH}/{token}"));
        mailer
            .send(&person.email, letters::password_reset(&person.first_name, &link, purpose.lifetime()))
            .await?;
        Ok(())
    });
    Ok(StatusCode::ACCEPTED)
}

/// Runs `work` after the answer went out, logging how it failed: for work whose outcome the
/// caller must not learn (whether an account exists) or need not wait for.
pub(super) fn in_background(what: &'static str, work: impl Future<Output = ApiResult<()>> + Send + 'static) {
    tokio::spawn(async move {
        if let Err(error) = work.await {
            tracing::warn!(error = %error.message, what, "background work failed");
        }
    });
}

//! The checks before someone gets in or changes how they get in: the current password, and
//! whether the account is deactivated. The changes themselves are `storage::credentials`.

use axum::http::StatusCode;
use service_kit::client_address::ClientAddress;

use super::password;
use crate::domain::caller::Caller;
use crate::domain::throttle::Bucket;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage::people;

/// Checks the `caller`'s current password before a change that needs it (403 `wrong_password`
/// naming `current_password`); wrong guesses are throttled per account and per client address
/// (429), right ones are not counted.
pub async fn confirm_current_password(
    state: &AppState,
    client: ClientAddress,
    caller: &Caller,
    current_password: String,
) -> ApiResult<()> {
    let charges = state
        .throttle
        .charge_all([Bucket::LoginAddress(client.key().to_string()), Bucket::PasswordCheck(caller.id)])
        .await?;
    let stored = people::password_hash(&state.db, caller.id).await?;
    if password::verify(current_password, stored).await? {
        state.throttle.refund(charges).await
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "wrong_password", "current_password is wrong"))
    }
}

/// What a deactivated account is told when it tries to get in.
const DEACTIVATED: &str = "This account is deactivated. Ask your administrator to reactivate it.";

/// Refuses a `deactivated` account (403 `account_deactivated`). Logins call it only once the
/// password checked out, so a guesser learns nothing about the account.
pub fn refuse_deactivated(deactivated: bool) -> ApiResult<()> {
    if deactivated {
        Err(ApiError::new(StatusCode::FORBIDDEN, "account_deactivated", DEACTIVATED))
    } else {
        Ok(())
    }
}

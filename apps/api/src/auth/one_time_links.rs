//! One-time links: a random token in a URL that lets its holder do one thing once, before an
//! expiry that the link's purpose decides. PostgreSQL keeps only the token's SHA-256.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement};
use uuid::Uuid;

use super::secret_token;
use crate::storage::entities::user;

/// How long a link stays usable unless its purpose says otherwise: long enough to reach someone
/// who reads mail once a week. Invitation links last as long.
pub const LINK_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// What a link lets its holder do; each purpose is a value of the `one_time_links.purpose` check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Choose the account's password (a new account's first one, or a replacement an admin
    /// handed over).
    SetPassword,
    /// Choose a new password after forgetting it: mailed to the account's own address.
    ResetPassword,
    /// Make the address the link was mailed to the account's email (`one_time_links.new_email`).
    ConfirmEmail,
}

impl LinkPurpose {
    fn stored_as(self) -> &'static str {
        match self {
            Self::SetPassword => "set_password",
            Self::ResetPassword => "reset_password",
            Self::ConfirmEmail => "confirm_email",
        }
    }

    /// How long a link stays usable.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::SetPassword => LINK_LIFETIME,
            // Mailed on request, so it is read within minutes; a short life limits a leaked mailbox.
            Self::ResetPassword => Duration::from_secs(60 * 60),
            Self::ConfirmEmail => Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// Makes a link for `user_id` and returns its token, the only copy there is.
pub async fn create(db: &impl ConnectionTrait, user_id: Uuid, purpose: LinkPurpose) -> Result<String, DbErr> {
    insert(db, user_id, purpose, None).await
}

/// Makes a [`LinkPurpose::ConfirmEmail`] link that moves `user_id`'s account to `new_email`
/// once used; returns its token.
pub async fn create_email_confirmation(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    new_email: &str,
) -> Result<String, DbErr> {
    insert(db, user_id, LinkPurpose::ConfirmEmail, Some(new_email)).await
}

/// `new_email` is set exactly for [`LinkPurpose::ConfirmEmail`] (a check in the table says so).
async fn insert(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: LinkPurpose,
    new_email: Option<&str>,
) -> Result<String, DbErr> {
    let token = secret_token::generate();
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO one_time_links (id, user_id, purpose, expires_at, new_email)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)",
        [
            secret_token::digest(&token).into(),
            user_id.into(),
            purpose.stored_as().into(),
            (purpose.lifetime().as_secs() as f64).into(),
            new_email.into(),
        ],
    ))
    .await?;
    Ok(token)
}

/// Purposes whose links all lead to the choose-password page: one handed over by an admin and
/// one mailed after "forgot password" are used the same way.
pub const CHOOSE_PASSWORD: &[LinkPurpose] = &[LinkPurpose::SetPassword, LinkPurpose::ResetPassword];

/// `$first, $first+1, ...` for each purpose, and their stored values: `purpose IN (...)`.
fn purpose_list(purposes: &[LinkPurpose], first: usize) -> (String, Vec<sea_orm::Value>) {
    let placeholders = (0..purposes.len()).map(|index| format!("${}", first + index)).collect::<Vec<_>>();
    (placeholders.join(", "), purposes.iter().map(|purpose| purpose.stored_as().into()).collect())
}

/// The account a link is for, while it is unused, unexpired and has one of `purposes`; `None`
/// otherwise (also for a token that never existed: the holder learns nothing more).
pub async fn holder(
    db: &impl ConnectionTrait,
    token: &str,
    purposes: &[LinkPurpose],
) -> Result<Option<user::Model>, DbErr> {
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, secret_token::digest(token).into());
    user::Model::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!(
            "SELECT u.* FROM one_time_links l JOIN users u ON u.id = l.user_id
             WHERE l.id = $1 AND l.purpose IN ({listed}) AND l.used_at IS NULL AND l.expires_at > now()"
        ),
        values,
    ))
    .one(db)
    .await
}

/// Uses the link up, with every other unused link of the same account for any of `purposes` (the
/// newest link replaces older ones). Returns the account, or `None` when the link was not usable;
/// of two concurrent uses only one gets the account.
pub async fn use_up(
    db: &impl ConnectionTrait,
    token: &str,
    purposes: &[LinkPurpose],
) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Used {
        user_id: Uuid,
    }
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, secret_token::digest(token).into());
    let used = Used::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!(
            "UPDATE one_time_links SET used_at = now()
             WHERE id = $1 AND purpose IN ({listed}) AND used_at IS NULL AND expires_at > now()
             RETURNING user_id"
        ),
        values,
    ))
    .one(db)
    .await?;
    let Some(Used { user_id }) = used else { return Ok(None) };
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, user_id.into());
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!("UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND purpose IN ({listed}) AND used_at IS NULL"),
        values,
    ))
    .await?;
    Ok(Some(user_id))
}

/// Uses up an email confirmation link, as [`use_up`] does: the account and the address the link
/// was sent to, or `None` when the link was not usable.
pub async fn use_up_email_confirmation(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(Uuid, String)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Confirmed {
        new_email: String,
    }
    let Some(user_id) = use_up(db, token, &[LinkPurpose::ConfirmEmail]).await? else { return Ok(None) };
    let confirmed = Confirmed::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT new_email FROM one_time_links WHERE id = $1",
        [secret_token::digest(token).into()],
    ))
    .one(db)
    .await?;
    Ok(confirmed.map(|confirmed| (user_id, confirmed.new_email)))
}

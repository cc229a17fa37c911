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
    /// Choose the account's password (a new account's first one, or a replacement).
    SetPassword,
}

impl LinkPurpose {
    fn stored_as(self) -> &'static str {
        match self {
            Self::SetPassword => "set_password",
        }
    }

    /// How long a link stays usable.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::SetPassword => LINK_LIFETIME,
        }
    }
}

/// Makes a link for `user_id` and returns its token, the only copy there is.
pub async fn create(db: &impl ConnectionTrait, user_id: Uuid, purpose: LinkPurpose) -> Result<String, DbErr> {
    let token = secret_token::generate();
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO one_time_links (id, user_id, purpose, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))",
        [
            secret_token::digest(&token).into(),
            user_id.into(),
            purpose.stored_as().into(),
            (purpose.lifetime().as_secs() as f64).into(),
        ],
    ))
    .await?;
    Ok(token)
}

/// The account a link is for, while it is unused and unexpired; `None` otherwise (also for a
/// token that never existed: the holder learns nothing more).
pub async fn holder(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
) -> Result<Option<user::Model>, DbErr> {
    user::Model::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT u.* FROM one_time_links l JOIN users u ON u.id = l.user_id
         WHERE l.id = $1 AND l.purpose = $2 AND l.used_at IS NULL AND l.expires_at > now()",
        [secret_token::digest(token).into(), purpose.stored_as().into()],
    ))
    .one(db)
    .await
}

/// Uses the link up, with every other unused link of the same account and purpose (the newest
/// link replaces older ones). Returns the account, or `None` when the link was not usable; of two
/// concurrent uses only one gets the account.
pub async fn use_up(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Used {
        user_id: Uuid,
    }
    let used = Used::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE one_time_links SET used_at = now()
         WHERE id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
         RETURNING user_id",
        [secret_token::digest(token).into(), purpose.stored_as().into()],
    ))
    .one(db)
    .await?;
    let Some(Used { user_id }) = used else { return Ok(None) };
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        [user_id.into(), purpose.stored_as().into()],
    ))
    .await?;
    Ok(Some(user_id))
}

//! One-time links: a random token in a URL that lets its holder do one thing once, before an
//! expiry that the link's purpose decides. PostgreSQL keeps only the token's SHA-256.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, FromQueryResult, Statement};
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
    /// Undo an email change: mailed to the old address, moves the account back to it
    /// (`one_time_links.new_email`) with a new password.
    RevertEmail,
}

impl LinkPurpose {
    const ALL: [Self; 4] = [Self::SetPassword, Self::ResetPassword, Self::ConfirmEmail, Self::RevertEmail];

    fn stored_as(self) -> &'static str {
        match self {
            Self::SetPassword => "set_password",
            Self::ResetPassword => "reset_password",
            Self::ConfirmEmail => "confirm_email",
            Self::RevertEmail => "revert_email",
        }
    }

    /// How long a link stays usable.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::SetPassword => LINK_LIFETIME,
            // Mailed on request, so it is read within minutes; a short life limits a leaked mailbox.
            Self::ResetPassword => Duration::from_secs(60 * 60),
            Self::ConfirmEmail => Duration::from_secs(24 * 60 * 60),
            // The owner may notice a stolen account only days later.
            Self::RevertEmail => LINK_LIFETIME,
        }
    }

    /// Whether a link of this purpose goes by mail to the address it is for (unless an admin made it).
    fn proves_address(self) -> bool {
        matches!(self, Self::ResetPassword | Self::ConfirmEmail | Self::RevertEmail)
    }
}

/// Makes a link for `user_id` and returns its token, the only copy there is.
pub async fn create(db: &impl ConnectionTrait, user_id: Uuid, purpose: LinkPurpose) -> Result<String, DbErr> {
    insert(db, user_id, purpose, None, None).await
}

/// Makes a link (of `purpose`) that an organization admin, `minter`, hands over to a member. It replaces the member's earlier admin links (one outstanding at a time), names its
/// minter, and is checked again when used (see `storage::password_resets::recheck`).
pub async fn create_by_admin(
    txn: &DatabaseTransaction,
    user_id: Uuid,
    minter: Uuid,
    purpose: LinkPurpose,
) -> Result<String, DbErr> {
    // Concurrent mints for one member queue here, so only one link stays outstanding.
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT 1 FROM users WHERE id = $1 FOR UPDATE",
        [user_id.into()],
    ))
    .await?;
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE one_time_links SET used_at = now()
         WHERE user_id = $1 AND created_by IS NOT NULL AND used_at IS NULL",
        [user_id.into()],
    ))
    .await?;
    insert(txn, user_id, purpose, None, Some(minter)).await
}

/// Makes a [`LinkPurpose::ConfirmEmail`] link that moves `user_id`'s account to `new_email`, or a
/// [`LinkPurpose::RevertEmail`] link that moves it back to its old address, once used; returns
/// its token.
pub async fn create_email_link(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: LinkPurpose,
    moves_to: &str,
) -> Result<String, DbErr> {
    insert(db, user_id, purpose, Some(moves_to), None).await
}

/// `new_email` is set exactly for the email links (a check in the table says so).
async fn insert(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: LinkPurpose,
    new_email: Option<&str>,
    created_by: Option<Uuid>,
) -> Result<String, DbErr> {
    let token = secret_token::generate();
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "INSERT INTO one_time_links (id, user_id, purpose, expires_at, new_email, created_by)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)",
        [
            secret_token::digest(&token).into(),
            user_id.into(),
            purpose.stored_as().into(),
            (purpose.lifetime().as_secs() as f64).into(),
            new_email.into(),
            created_by.into(),
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

/// The account a link is for, while it is unused, unexpired and has one of `purposes`, with the
/// address an email link moves it to; `None` otherwise (also for a token that never existed: the
/// holder learns nothing more).
pub async fn holder(
    db: &impl ConnectionTrait,
    token: &str,
    purposes: &[LinkPurpose],
) -> Result<Option<(user::Model, Option<String>)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Link {
        new_email: Option<String>,
    }
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, secret_token::digest(token).into());
    let statement = |columns: &str| {
        Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!(
                "SELECT {columns} FROM one_time_links l JOIN users u ON u.id = l.user_id
                 WHERE l.id = $1 AND l.purpose IN ({listed}) AND l.used_at IS NULL AND l.expires_at > now()"
            ),
            values.clone(),
        )
    };
    let Some(user) = user::Model::find_by_statement(statement("u.*")).one(db).await? else { return Ok(None) };
    let link = Link::find_by_statement(statement("l.new_email")).one(db).await?;
    Ok(link.map(|link| (user, link.new_email)))
}

/// A link just used up.
#[derive(Debug, Clone, FromQueryResult)]
pub struct UsedLink {
    pub user_id: Uuid,
    purpose: String,
    /// The organization admin who minted it, for a link an admin handed over.
    pub created_by: Option<Uuid>,
    /// Where an email link moves the account.
    pub new_email: Option<String>,
}

impl UsedLink {
    /// Whether the link was mailed to the account's address, so using it proves the holder reads
    /// it (a link an admin made was handed over instead).
    pub fn proves_address(&self) -> bool {
        self.created_by.is_none()
            && LinkPurpose::ALL
                .iter()
                .any(|purpose| purpose.stored_as() == self.purpose && purpose.proves_address())
    }
}

/// Uses the link up, with every other unused link of the same account for any of `purposes` (the
/// newest link replaces older ones). Returns what it was, or `None` when the link was not usable;
/// of two concurrent uses only one gets it.
pub async fn use_up(
    db: &impl ConnectionTrait,
    token: &str,
    purposes: &[LinkPurpose],
) -> Result<Option<UsedLink>, DbErr> {
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, secret_token::digest(token).into());
    let used = UsedLink::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!(
            "UPDATE one_time_links SET used_at = now()
             WHERE id = $1 AND purpose IN ({listed}) AND used_at IS NULL AND expires_at > now()
             RETURNING user_id, purpose, created_by, new_email"
        ),
        values,
    ))
    .one(db)
    .await?;
    let Some(used) = used else { return Ok(None) };
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, used.user_id.into());
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!("UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND purpose IN ({listed}) AND used_at IS NULL"),
        values,
    ))
    .await?;
    Ok(Some(used))
}

/// Retires every unused link of `user_id`, whatever it was for (the account is deactivated, or
/// its rightful owner took it back).
pub async fn retire_all(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        [user_id.into()],
    ))
    .await?;
    Ok(())
}

/// Retires the unused links of `user_id` after its password or email changed: what they were made
/// for has changed, and a link made before must not undo the change. Except the links that move
/// the account back to an address it had ([`LinkPurpose::RevertEmail`]): they are in the mailbox
/// of that address's owner, and must survive what someone who took the account does next.
pub async fn retire_after_change(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND used_at IS NULL AND purpose <> $2",
        [user_id.into(), LinkPurpose::RevertEmail.stored_as().into()],
    ))
    .await?;
    Ok(())
}

/// Deletes links past their expiry (used or not); run periodically.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(db.execute_unprepared("DELETE FROM one_time_links WHERE expires_at <= now()").await?.rows_affected())
}

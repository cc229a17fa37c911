//! One-time links: the digest of a random token in a URL that lets its holder do one thing once,
//! before an expiry that the link's purpose decides. Using a link up happens in the transaction
//! of what it does (`storage::credentials`), so a failed change leaves the link usable.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, TransactionTrait, Value};
use uuid::Uuid;

use super::{execute, sql};

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

/// Purposes whose links all lead to the choose-password page: one handed over by an admin and
/// one mailed after "forgot password" are used the same way.
pub const CHOOSE_PASSWORD: &[LinkPurpose] = &[LinkPurpose::SetPassword, LinkPurpose::ResetPassword];

/// Makes a link for `user_id`, known by the digest of its token.
pub async fn create(
    db: &impl ConnectionTrait,
    token_digest: &str,
    user_id: Uuid,
    purpose: LinkPurpose,
) -> Result<(), DbErr> {
    insert(db, token_digest, user_id, purpose, None, None).await
}

/// Makes a [`LinkPurpose::ConfirmEmail`] link that moves `user_id`'s account to `moves_to`, or a
/// [`LinkPurpose::RevertEmail`] link that moves it back to its old address, once used.
pub async fn create_email_link(
    db: &impl ConnectionTrait,
    token_digest: &str,
    user_id: Uuid,
    purpose: LinkPurpose,
    moves_to: &str,
) -> Result<(), DbErr> {
    insert(db, token_digest, user_id, purpose, Some(moves_to), None).await
}

/// Whom a link an admin made goes to: what the mail that tells them needs.
#[derive(FromQueryResult)]
pub struct Recipient {
    pub email: String,
    pub first_name: String,
}

/// Makes a link (of `purpose`) that an organization admin, `minter`, hands over to a member. It
/// replaces the member's earlier admin links (one outstanding at a time), names its minter, and
/// is checked again when used (see `storage::password_resets::recheck`). `None`, and no link,
/// when the member's account is gone.
pub async fn create_by_admin(
    db: &DatabaseConnection,
    token_digest: &str,
    user_id: Uuid,
    minter: Uuid,
    purpose: LinkPurpose,
) -> Result<Option<Recipient>, DbErr> {
    let txn = db.begin().await?;
    // Concurrent mints for one member queue here, so only one link stays outstanding.
    let recipient = Recipient::find_by_statement(sql(
        "SELECT email, first_name FROM users WHERE id = $1 FOR UPDATE",
        [user_id.into()],
    ))
    .one(&txn)
    .await?;
    let Some(recipient) = recipient else { return Ok(None) };
    execute(
        &txn,
        "UPDATE one_time_links SET used_at = now()
         WHERE user_id = $1 AND created_by IS NOT NULL AND used_at IS NULL",
        [user_id.into()],
    )
    .await?;
    insert(&txn, token_digest, user_id, purpose, None, Some(minter)).await?;
    txn.commit().await?;
    Ok(Some(recipient))
}

/// `new_email` is set exactly for the email links (a check in the table says so).
async fn insert(
    db: &impl ConnectionTrait,
    token_digest: &str,
    user_id: Uuid,
    purpose: LinkPurpose,
    new_email: Option<&str>,
    created_by: Option<Uuid>,
) -> Result<(), DbErr> {
    execute(
        db,
        "INSERT INTO one_time_links (id, user_id, purpose, expires_at, new_email, created_by)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)",
        [
            token_digest.into(),
            user_id.into(),
            purpose.stored_as().into(),
            (purpose.lifetime().as_secs() as f64).into(),
            new_email.into(),
            created_by.into(),
        ],
    )
    .await
}

/// `$first, $first+1, ...` for each purpose, and their stored values: `purpose IN (...)`.
fn purpose_list(purposes: &[LinkPurpose], first: usize) -> (String, Vec<Value>) {
    let placeholders = (0..purposes.len()).map(|index| format!("${}", first + index)).collect::<Vec<_>>();
    (placeholders.join(", "), purposes.iter().map(|purpose| purpose.stored_as().into()).collect())
}

/// `$1` and then the purposes, `$2` onwards.
fn with_purposes(first: Value, purposes: &[LinkPurpose]) -> (String, Vec<Value>) {
    let (listed, mut values) = purpose_list(purposes, 2);
    values.insert(0, first);
    (listed, values)
}

/// The account a usable link is for, as the link's page shows it.
#[derive(Debug, FromQueryResult)]
pub struct Holder {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub deactivated: bool,
    /// Where an email link moves the account.
    pub new_email: Option<String>,
}

/// The account a link is for, while it is unused, unexpired and has one of `purposes`; `None`
/// otherwise (also for a token that never existed: the holder learns nothing more).
pub async fn holder(
    db: &DatabaseConnection,
    token_digest: &str,
    purposes: &[LinkPurpose],
) -> Result<Option<Holder>, DbErr> {
    let (listed, values) = with_purposes(token_digest.into(), purposes);
    Holder::find_by_statement(sql(
        format!(
            "SELECT u.email, u.first_name, u.last_name, u.deactivated_at IS NOT NULL AS deactivated, l.new_email
             FROM one_time_links l JOIN users u ON u.id = l.user_id
             WHERE l.id = $1 AND l.purpose IN ({listed}) AND l.used_at IS NULL AND l.expires_at > now()"
        ),
        values,
    ))
    .one(db)
    .await
}

/// A link just used up.
#[derive(Debug, Clone, FromQueryResult)]
pub(super) struct UsedLink {
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
pub(super) async fn use_up(
    db: &impl ConnectionTrait,
    token_digest: &str,
    purposes: &[LinkPurpose],
) -> Result<Option<UsedLink>, DbErr> {
    let (listed, values) = with_purposes(token_digest.into(), purposes);
    let used = UsedLink::find_by_statement(sql(
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
    let (listed, values) = with_purposes(used.user_id.into(), purposes);
    execute(
        db,
        format!("UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND purpose IN ({listed}) AND used_at IS NULL"),
        values,
    )
    .await?;
    Ok(Some(used))
}

/// Retires every unused link of `user_id`, whatever it was for (the account is deactivated, or
/// its rightful owner took it back).
pub(super) async fn retire_all(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    execute(
        db,
        "UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND used_at IS NULL",
        [user_id.into()],
    )
    .await
}

/// Retires the unused links of `user_id` after its password or email changed: what they were made
/// for has changed, and a link made before must not undo the change. Except the links that move
/// the account back to an address it had ([`LinkPurpose::RevertEmail`]): they are in the mailbox
/// of that address's owner, and must survive what someone who took the account does next.
pub(super) async fn retire_after_change(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    execute(
        db,
        "UPDATE one_time_links SET used_at = now() WHERE user_id = $1 AND used_at IS NULL AND purpose <> $2",
        [user_id.into(), LinkPurpose::RevertEmail.stored_as().into()],
    )
    .await
}

/// Deletes links past their expiry (used or not); run periodically.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(db.execute_unprepared("DELETE FROM one_time_links WHERE expires_at <= now()").await?.rows_affected())
}

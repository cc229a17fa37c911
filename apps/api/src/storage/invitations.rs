//! Invitations into an organization. The link's token is never stored: only its SHA-256
//! (`token_digest`), which callers compute with `auth::secret_token`. Accepting one uses it up
//! and adds the membership in one transaction.

use std::time::Duration;

use chrono::{DateTime, Utc};
use contract::{Invitation, InvitationLink, OrganizationRole, Page};
use sea_orm::{
    ActiveEnum, ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, SqlErr, TransactionTrait, Value,
};
use uuid::Uuid;

use super::entities::OrganizationRole as StoredRole;
use super::page::{Keyset, ListQuery};
use super::people::{NewAccount, create_account};
use super::{changed_rows, execute, sql};

/// Usable: neither accepted, revoked nor expired (`i` is the invitations row).
const PENDING: &str = "i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()";

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    email: String,
    role: StoredRole,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl Row {
    fn into_invitation(self) -> Result<Invitation, DbErr> {
        Ok(Invitation {
            invitation_id: self.id,
            email: self.email,
            role: self.role.into(),
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

const COLUMNS: &str = "i.id, i.email, i.role::text AS role, i.created_at, i.expires_at";

/// Invites `email` with `role`, usable for `lifetime`; the invitation replaces any pending one for the same email here,
/// so only the newest link works.
pub async fn create(
    db: &DatabaseConnection,
    organization_id: Uuid,
    email: &str,
    role: OrganizationRole,
    token_digest: &str,
    lifetime: Duration,
    link_mailed: bool,
) -> Result<Invitation, DbErr> {
    let txn = db.begin().await?;
    execute(
        &txn,
        format!(
            "UPDATE invitations i SET revoked_at = now()
             WHERE i.organization_id = $1 AND i.email = $2 AND {PENDING}"
        ),
        [organization_id.into(), email.into()],
    )
    .await?;
    let row = Row::find_by_statement(sql(
        format!(
            "INSERT INTO invitations AS i (token_digest, organization_id, email, role, expires_at, link_mailed)
             VALUES ($1, $2, $3, $4::organization_role, now() + make_interval(secs => $5), $6)
             RETURNING {COLUMNS}"
        ),
        [
            token_digest.into(),
            organization_id.into(),
            email.into(),
            stored_role(role),
            (lifetime.as_secs() as f64).into(),
            link_mailed.into(),
        ],
    ))
    .one(&txn)
    .await?
    .ok_or(DbErr::RecordNotInserted)?;
    txn.commit().await?;
    row.into_invitation()
}

/// Where an invitation stands in the list: by email, then id.
pub type InvitationKey = (String, Uuid);

/// A page of the organization's pending invitations.
pub async fn pending(
    db: &DatabaseConnection,
    organization_id: Uuid,
    keyset: &Keyset<InvitationKey>,
) -> Result<Page<Invitation>, DbErr> {
    let list = ListQuery::new(format!("SELECT {COLUMNS} FROM invitations i"), "i.email, i.id")
        .only_where("i.organization_id = ?", organization_id)
        .only(PENDING);
    let key = |invitation: &Invitation| (invitation.email.clone(), invitation.invitation_id);
    keyset.read(db, list, Row::into_invitation, key).await
}

/// Revokes a pending invitation of the organization; `false` when there is none by that id.
pub async fn revoke(
    db: &DatabaseConnection,
    organization_id: Uuid,
    invitation_id: Uuid,
) -> Result<bool, DbErr> {
    let revoked = changed_rows(
        db,
        format!("UPDATE invitations i SET revoked_at = now() WHERE i.organization_id = $1 AND i.id = $2 AND {PENDING}"),
        [organization_id.into(), invitation_id.into()],
    )
    .await?;
    Ok(revoked == 1)
}

/// What a usable link offers; `None` for used, revoked, expired and unknown links alike.
pub async fn offer(db: &DatabaseConnection, token_digest: &str) -> Result<Option<InvitationLink>, DbErr> {
    #[derive(FromQueryResult)]
    struct OfferRow {
        organization_name: String,
        email: String,
        role: StoredRole,
    }
    let row = OfferRow::find_by_statement(sql(
        format!(
            "SELECT o.name AS organization_name, i.email, i.role::text AS role
             FROM invitations i JOIN organizations o ON o.id = i.organization_id
             WHERE i.token_digest = $1 AND {PENDING}"
        ),
        [token_digest.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| InvitationLink {
        organization_name: row.organization_name,
        email: row.email,
        role: row.role.into(),
    }))
}

/// An invitation being accepted.
#[derive(FromQueryResult)]
struct Accepted {
    organization_id: Uuid,
    email: String,
    role: StoredRole,
    /// The link went by mail to `email`.
    link_mailed: bool,
}

/// Marks a usable link accepted; `None` when it was not usable. Of two concurrent uses only one
/// gets the invitation.
async fn use_up(db: &impl ConnectionTrait, token_digest: &str) -> Result<Option<Accepted>, DbErr> {
    Accepted::find_by_statement(sql(
        format!(
            "UPDATE invitations i SET accepted_at = now() WHERE i.token_digest = $1 AND {PENDING}
             RETURNING i.organization_id, i.email, i.role::text AS role, i.link_mailed"
        ),
        [token_digest.into()],
    ))
    .one(db)
    .await
}

/// What became of an invitation someone tried to accept.
#[derive(Debug, PartialEq, Eq)]
pub enum Acceptance {
    Joined,
    /// The link was used, revoked, has expired or never existed.
    Gone,
    /// The invitation is for another email: nothing changed, the link stays usable.
    OtherAccount,
}

/// The person the link invites, as a new account: its name, time zone and password.
pub struct Newcomer<'a> {
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub timezone: &'a str,
}

/// Uses the link up and joins as a new account for the invited email, with the membership.
/// [`Acceptance::OtherAccount`] when the email has an account already: nothing changes and the
/// link stays usable for its owner.
pub async fn join_as_new_account(
    db: &DatabaseConnection,
    token_digest: &str,
    newcomer: Newcomer<'_>,
) -> Result<Acceptance, DbErr> {
    let txn = db.begin().await?;
    // Checked again as it is used up: of two submissions of one link, only one passes.
    let Some(accepted) = use_up(&txn, token_digest).await? else { return Ok(Acceptance::Gone) };
    // Only a link that went by mail to the address proves its holder reads that address.
    let created = create_account(
        &txn,
        NewAccount {
            email: &accepted.email,
            password_hash: Some(newcomer.password_hash),
            first_name: newcomer.first_name,
            last_name: newcomer.last_name,
            timezone: newcomer.timezone,
            email_verified: accepted.link_mailed,
            is_super_admin: false,
        },
    )
    .await;
    let user_id = match created {
        Ok(user_id) => user_id,
        // Dropping the transaction keeps the link usable for the account's owner.
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(Acceptance::OtherAccount);
        }
        Err(error) => return Err(error),
    };
    join(&txn, accepted.organization_id, user_id, accepted.role.into()).await?;
    txn.commit().await?;
    Ok(Acceptance::Joined)
}

/// Uses the link up and adds the membership for `user_id`, who must have the invited `email`.
pub async fn accept(
    db: &DatabaseConnection,
    token_digest: &str,
    user_id: Uuid,
    email: &str,
) -> Result<Acceptance, DbErr> {
    let txn = db.begin().await?;
    let Some(accepted) = use_up(&txn, token_digest).await? else { return Ok(Acceptance::Gone) };
    if accepted.email != email {
        // Dropping the transaction rolls the use back: the invited person can still accept.
        return Ok(Acceptance::OtherAccount);
    }
    join(&txn, accepted.organization_id, user_id, accepted.role.into()).await?;
    txn.commit().await?;
    Ok(Acceptance::Joined)
}

/// Deletes invitations past their expiry (accepted, revoked or never used); run periodically.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(db.execute_unprepared("DELETE FROM invitations WHERE expires_at <= now()").await?.rows_affected())
}

/// Makes `user_id` a member with `role`; someone who already is keeps their current role.
async fn join(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
    user_id: Uuid,
    role: OrganizationRole,
) -> Result<(), DbErr> {
    execute(
        db,
        "INSERT INTO organization_memberships (organization_id, user_id, role)
         VALUES ($1, $2, $3::organization_role) ON CONFLICT DO NOTHING",
        [organization_id.into(), user_id.into(), stored_role(role)],
    )
    .await
}

/// The role as the `organization_role` enum spells it.
fn stored_role(role: OrganizationRole) -> Value {
    StoredRole::from(role).to_value().into()
}

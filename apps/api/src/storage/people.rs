//! Users, their profiles, whether their accounts are active, and their membership in
//! organizations.

use chrono::{DateTime, Utc};
use contract::{Me, Member, Membership, OrganizationRole, Page, User, UserAccount};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait, FromQueryResult, QueryFilter, TransactionTrait, Value,
};
use uuid::Uuid;

use super::entities::{membership, user};
use super::one_time_links::{self, LinkPurpose};
use super::page::{Keyset, ListQuery};
use super::{execute, sql};
use crate::domain::caller::Caller;
use crate::domain::notices::Participant;
use crate::domain::policy::{OrganizationGrant, Viewer, shows_email};

/// The name a person goes by in mail and calendars, over the users row aliased `$users`: the SQL
/// twin of `Caller::full_name`, as a literal so that constant SQL can hold it.
macro_rules! display_name {
    ($users:literal) => {
        concat!("btrim(", $users, ".first_name || ' ' || ", $users, ".last_name)")
    };
}
pub(super) use display_name;

/// Joins relationship `r`'s coach as `c` and its coachee as `e`, which [`participant_columns`]
/// reads.
macro_rules! participant_joins {
    () => {
        "JOIN users c ON c.id = r.coach_id JOIN users e ON e.id = r.coachee_id"
    };
}
pub(super) use participant_joins;

/// The columns a [`ParticipantsRow`] reads, over [`participant_joins`].
macro_rules! participant_columns {
    () => {
        concat!(
            "c.id AS coach_id, ",
            $crate::storage::people::display_name!("c"),
            " AS coach_name, e.id AS coachee_id, ",
            $crate::storage::people::display_name!("e"),
            " AS coachee_name"
        )
    };
}
pub(super) use participant_columns;

/// A relationship's two people as mail and calendar entries name them.
#[derive(FromQueryResult)]
pub(super) struct ParticipantsRow {
    coach_id: Uuid,
    coach_name: String,
    coachee_id: Uuid,
    coachee_name: String,
}

impl ParticipantsRow {
    /// The coach and the coachee.
    pub(super) fn into_pair(self) -> (Participant, Participant) {
        (
            Participant { id: self.coach_id, name: self.coach_name },
            Participant { id: self.coachee_id, name: self.coachee_name },
        )
    }
}

/// The columns (over `u`, the users row) a [`CallerRow`] reads.
pub(super) const CALLER_COLUMNS: &str =
    "u.id, u.email, u.first_name, u.last_name, u.timezone, u.is_super_admin";

/// The values of [`CALLER_COLUMNS`] for `caller`, in their order.
pub(super) fn caller_values(caller: &Caller) -> [Value; 6] {
    [
        caller.id.into(),
        caller.email.clone().into(),
        caller.first_name.clone().into(),
        caller.last_name.clone().into(),
        caller.timezone.clone().into(),
        caller.is_super_admin.into(),
    ]
}

/// A person as [`Caller`] holds them.
#[derive(FromQueryResult)]
pub(super) struct CallerRow {
    id: Uuid,
    email: String,
    first_name: String,
    last_name: String,
    timezone: String,
    is_super_admin: bool,
}

impl From<CallerRow> for Caller {
    fn from(row: CallerRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            first_name: row.first_name,
            last_name: row.last_name,
            timezone: row.timezone,
            is_super_admin: row.is_super_admin,
        }
    }
}

/// The account of an email, as signing in (or asking for a reset link) sees it.
pub struct Account {
    pub person: Caller,
    /// `None` until the owner chooses a password through a one-time link; cannot log in before.
    pub password_hash: Option<String>,
    pub deactivated: bool,
}

pub async fn account_by_email(db: &DatabaseConnection, email: &str) -> Result<Option<Account>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        #[sea_orm(nested)]
        person: CallerRow,
        password_hash: Option<String>,
        deactivated: bool,
    }
    let row = Row::find_by_statement(sql(
        format!(
            "SELECT {CALLER_COLUMNS}, u.password_hash, u.deactivated_at IS NOT NULL AS deactivated
             FROM users u WHERE u.email = $1"
        ),
        [email.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| Account {
        person: row.person.into(),
        password_hash: row.password_hash,
        deactivated: row.deactivated,
    }))
}

/// The password hash of `user_id`, for checking the current password before a change.
pub async fn password_hash(db: &DatabaseConnection, user_id: Uuid) -> Result<Option<String>, DbErr> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.and_then(|user| user.password_hash))
}

/// Whether `email` has an account.
pub async fn email_taken(db: &impl ConnectionTrait, email: &str) -> Result<bool, DbErr> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.is_some())
}

/// What a new account starts with.
pub struct NewAccount<'a> {
    pub email: &'a str,
    /// `None` until its owner chooses one through a one-time link.
    pub password_hash: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub timezone: &'a str,
    /// The owner proved to read mail at `email`, or whoever made the account vouches for it.
    pub email_verified: bool,
    /// Only the schema's owner may set this (a trigger refuses the application role).
    pub is_super_admin: bool,
}

/// Creates the account and returns its id; a unique violation (the email has an account) is the
/// caller's to report.
pub(super) async fn create_account(
    db: &impl ConnectionTrait,
    account: NewAccount<'_>,
) -> Result<Uuid, DbErr> {
    let created = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(account.email.to_owned()),
        password_hash: Set(account.password_hash.map(str::to_owned)),
        first_name: Set(account.first_name.to_owned()),
        last_name: Set(account.last_name.to_owned()),
        timezone: Set(account.timezone.to_owned()),
        email_verified: Set(account.email_verified),
        is_super_admin: Set(account.is_super_admin),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// Creates an account without a password with a link, known by `link_digest`, where its owner
/// chooses one; `false`, and nothing changed, when the email has an account already.
pub async fn create_with_password_link(
    db: &DatabaseConnection,
    account: NewAccount<'_>,
    link_digest: &str,
) -> Result<bool, DbErr> {
    let txn = db.begin().await?;
    if email_taken(&txn, account.email).await? {
        return Ok(false);
    }
    let user_id = create_account(&txn, account).await?;
    one_time_links::create(&txn, link_digest, user_id, LinkPurpose::SetPassword).await?;
    txn.commit().await?;
    Ok(true)
}

/// Stores the user's own name and time zone; the updated user, `None` when there is no such user.
pub async fn update_profile(
    db: &DatabaseConnection,
    user_id: Uuid,
    first_name: &str,
    last_name: &str,
    timezone: &str,
) -> Result<Option<User>, DbErr> {
    let row = CallerRow::find_by_statement(sql(
        format!(
            "UPDATE users u SET first_name = $2, last_name = $3, timezone = $4
             WHERE id = $1 RETURNING {CALLER_COLUMNS}"
        ),
        [user_id.into(), first_name.into(), last_name.into(), timezone.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| Caller::from(row).into()))
}

/// Moves the account to `email`, which its owner proved to read; a unique violation (another
/// account has it) is the caller's to report.
pub(super) async fn change_email(db: &impl ConnectionTrait, user_id: Uuid, email: &str) -> Result<(), DbErr> {
    execute(
        db,
        "UPDATE users SET email = $2, email_verified = true WHERE id = $1",
        [user_id.into(), email.into()],
    )
    .await
}

/// Records that the account's owner reads mail at its address; the account as it is now, `None`
/// when there is no such account.
pub async fn set_email_verified(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<UserAccount>, DbErr> {
    let account = AccountRow::find_by_statement(sql(
        format!("UPDATE users SET email_verified = true WHERE id = $1 RETURNING {ACCOUNT_COLUMNS}"),
        [user_id.into()],
    ))
    .one(db)
    .await?;
    Ok(account.map(UserAccount::from))
}

#[derive(FromQueryResult)]
struct AccountRow {
    id: Uuid,
    email: String,
    first_name: String,
    last_name: String,
    is_super_admin: bool,
    email_verified: bool,
    deactivated_at: Option<DateTime<Utc>>,
}

impl From<AccountRow> for UserAccount {
    fn from(row: AccountRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            first_name: row.first_name,
            last_name: row.last_name,
            is_super_admin: row.is_super_admin,
            email_verified: row.email_verified,
            deactivated_at: row.deactivated_at,
        }
    }
}

const ACCOUNT_COLUMNS: &str =
    "id, email, first_name, last_name, is_super_admin, email_verified, deactivated_at";

/// Where an account stands in the list: in the members' order.
pub type AccountKey = MemberKey;

/// A page of every account on the platform, for the super admins who manage them.
pub async fn accounts(
    db: &DatabaseConnection,
    keyset: &Keyset<AccountKey>,
) -> Result<Page<UserAccount>, DbErr> {
    let list = ListQuery::new(format!("SELECT {ACCOUNT_COLUMNS} FROM users"), "last_name, first_name, id");
    keyset.read(db, list, |row: AccountRow| Ok(row.into()), UserAccount::list_key).await
}

/// Deactivates (`true`, keeping the first deactivation's time) or reactivates the account; the
/// account as it is now, `None` when there is no such account. Deactivating goes through
/// `storage::credentials::deactivate`, which also ends the account's logins.
pub async fn set_deactivated(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    deactivated: bool,
) -> Result<Option<UserAccount>, DbErr> {
    let account = AccountRow::find_by_statement(sql(
        format!(
            "UPDATE users SET deactivated_at = CASE WHEN $2 THEN coalesce(deactivated_at, now()) END
             WHERE id = $1 RETURNING {ACCOUNT_COLUMNS}"
        ),
        [user_id.into(), deactivated.into()],
    ))
    .one(db)
    .await?;
    Ok(account.map(UserAccount::from))
}

pub fn parse_role(role: &str) -> Result<OrganizationRole, DbErr> {
    match role {
        "admin" => Ok(OrganizationRole::Admin),
        "member" => Ok(OrganizationRole::Member),
        other => Err(DbErr::Type(format!("unknown organization role {other:?}"))),
    }
}

/// The caller with the organizations they belong to and what they may do in each.
pub async fn me(db: &impl ConnectionTrait, caller: Caller) -> Result<Me, DbErr> {
    let viewer = caller.viewer();
    #[derive(FromQueryResult)]
    struct Row {
        organization_id: Uuid,
        organization_name: String,
        role: String,
    }
    let rows = Row::find_by_statement(sql(
        "SELECT m.organization_id, o.name AS organization_name, m.role::text AS role
         FROM organization_memberships m JOIN organizations o ON o.id = m.organization_id
         WHERE m.user_id = $1 ORDER BY o.name",
        [caller.id.into()],
    ))
    .all(db)
    .await?;
    let memberships = rows
        .into_iter()
        .map(|row| {
            let role = parse_role(&row.role)?;
            Ok(Membership {
                organization_id: row.organization_id,
                organization_name: row.organization_name,
                role,
                capabilities: OrganizationGrant::of(viewer, Some(role)).capabilities(),
            })
        })
        .collect::<Result<_, DbErr>>()?;
    Ok(Me { user: caller.into(), memberships })
}

#[derive(FromQueryResult)]
struct MemberRow {
    user_id: Uuid,
    email: String,
    email_verified: bool,
    first_name: String,
    last_name: String,
    role: String,
    joined_at: DateTime<Utc>,
}

impl MemberRow {
    /// The member, with their email only when `show_email`.
    fn into_member(self, show_email: bool) -> Result<Member, DbErr> {
        Ok(Member {
            email: show_email.then_some(self.email),
            email_verified: self.email_verified,
            user_id: self.user_id,
            first_name: self.first_name,
            last_name: self.last_name,
            role: parse_role(&self.role)?,
            joined_at: self.joined_at,
        })
    }
}

const MEMBER_SELECT: &str = "SELECT m.user_id, u.email, u.email_verified, u.first_name, u.last_name,
                                    m.role::text AS role, m.created_at AS joined_at
                             FROM organization_memberships m JOIN users u ON u.id = m.user_id";

/// Where a member stands in the list: by last name, first name, then id (unique, and unlike the
/// email not private).
pub type MemberKey = (String, String, Uuid);

/// A person's place in the lists of people (members, accounts): by last name, first name, then id.
trait ListedByName {
    fn list_key(&self) -> MemberKey;
}

impl ListedByName for Member {
    fn list_key(&self) -> MemberKey {
        (self.last_name.clone(), self.first_name.clone(), self.user_id)
    }
}

impl ListedByName for UserAccount {
    fn list_key(&self) -> MemberKey {
        (self.last_name.clone(), self.first_name.clone(), self.id)
    }
}

/// A page of the organization's members as `viewer`, whose standing there is `grant`, sees them.
pub async fn members(
    db: &DatabaseConnection,
    viewer: Viewer,
    grant: OrganizationGrant,
    organization_id: Uuid,
    keyset: &Keyset<MemberKey>,
) -> Result<Page<Member>, DbErr> {
    let list = ListQuery::new(MEMBER_SELECT, "u.last_name, u.first_name, m.user_id")
        .only_where("m.organization_id = ?", organization_id);
    let member = |row: MemberRow| {
        let show_email = shows_email(viewer, grant.can_manage(), row.user_id);
        row.into_member(show_email)
    };
    keyset.read(db, list, member, Member::list_key).await
}

/// One member, as the organization's admins see them (only they change memberships).
pub async fn member(
    db: &impl ConnectionTrait,
    organization_id: Uuid,
    user_id: Uuid,
) -> Result<Option<Member>, DbErr> {
    MemberRow::find_by_statement(sql(
        format!("{MEMBER_SELECT} WHERE m.organization_id = $1 AND m.user_id = $2"),
        [organization_id.into(), user_id.into()],
    ))
    .one(db)
    .await?
    .map(|row| row.into_member(true))
    .transpose()
}

/// Whether every one of `user_ids` is a member of the organization.
pub async fn all_members(
    db: &DatabaseConnection,
    organization_id: Uuid,
    user_ids: &[Uuid],
) -> Result<bool, DbErr> {
    let count = membership::Entity::find()
        .filter(membership::Column::OrganizationId.eq(organization_id))
        .filter(membership::Column::UserId.is_in(user_ids.iter().copied()))
        .all(db)
        .await?
        .len();
    Ok(count == user_ids.len())
}

/// What happened to a request to change or end a membership.
pub enum MembershipChange {
    Done(Option<Member>),
    NotAMember,
    /// Refused: the organization would be left without an admin.
    LastAdmin,
}

/// Sets the member's role (`Some`) or removes them (`None`), never leaving the organization
/// without an admin. Admin rows are locked so two concurrent demotions cannot both pass.
pub async fn change_membership(
    db: &DatabaseConnection,
    organization_id: Uuid,
    user_id: Uuid,
    new_role: Option<OrganizationRole>,
) -> Result<MembershipChange, DbErr> {
    let txn = db.begin().await?;
    let admins = admin_ids_locked(&txn, organization_id).await?;
    let Some(current) = member(&txn, organization_id, user_id).await? else {
        return Ok(MembershipChange::NotAMember);
    };
    let loses_admin = current.role == OrganizationRole::Admin && new_role != Some(OrganizationRole::Admin);
    if loses_admin && admins.len() <= 1 {
        return Ok(MembershipChange::LastAdmin);
    }
    let key = (organization_id, user_id);
    let outcome = match new_role {
        Some(role) => {
            membership::ActiveModel {
                organization_id: Set(organization_id),
                user_id: Set(user_id),
                role: Set(role.into()),
                ..Default::default()
            }
            .update(&txn)
            .await?;
            MembershipChange::Done(member(&txn, organization_id, user_id).await?)
        }
        None => {
            membership::Entity::delete_by_id(key).exec(&txn).await?;
            MembershipChange::Done(None)
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

async fn admin_ids_locked(txn: &DatabaseTransaction, organization_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        user_id: Uuid,
    }
    let rows = Row::find_by_statement(sql(
        "SELECT user_id FROM organization_memberships
         WHERE organization_id = $1 AND role = 'admin' FOR UPDATE",
        [organization_id.into()],
    ))
    .all(txn)
    .await?;
    Ok(rows.into_iter().map(|row| row.user_id).collect())
}

//! The HTTP API's request and response bodies, shared by the `api` (which serves them) and the
//! `web` front end (which calls it), so both sides agree at compile time.
//!
//! Timestamps are RFC 3339 in UTC; dates are `YYYY-MM-DD`; ids are UUIDs.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

pub mod limits;

/// Name of the cookie that carries an api login session (`HttpOnly`, set by `POST /login`).
pub const API_SESSION_COOKIE: &str = "api_session";

/// Name of the cookie that marks a device which signed in to an account before (`HttpOnly`, a
/// year, set by `POST /login`): its owner's correct password is not held back by failed attempts
/// from elsewhere.
pub const API_DEVICE_COOKIE: &str = "api_device";

/// The `error` of an answer about a mail the mail server did not take (502, or 503 when trying
/// again later may work): the web tells the person who asked instead of showing an outage.
pub const MAIL_FAILED: &str = "mail_failed";

/// Body of every 4xx/5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    /// Stable, machine-readable code such as `not_found` or `validation_failed`.
    pub error: String,
    /// What went wrong, for people.
    pub message: String,
}

/// A member's role within one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganizationRole {
    Member,
    Admin,
}

/// Progress of an action or a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    NotStarted,
    InProgress,
    Completed,
    WontDo,
    OnHold,
}

impl ProgressStatus {
    pub const ALL: [Self; 5] =
        [Self::NotStarted, Self::InProgress, Self::Completed, Self::WontDo, Self::OnHold];

    /// The wire name, e.g. `in_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::WontDo => "wont_do",
            Self::OnHold => "on_hold",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lists

/// Items a list answers when the request gives no `limit`: what a page shows at once. With long
/// texts cut to [`LIST_PREVIEW_CHARS`] in lists, it bounds what a page of a session costs.
pub const DEFAULT_PAGE_LIMIT: u32 = 20;
/// The most items one page of a list may hold.
pub const MAX_PAGE_LIMIT: u32 = 200;
/// Lists carry the first this many characters of a long text (`truncated: true`); the item's own
/// endpoint (`GET /notes/{id}`, …) answers it whole.
pub const LIST_PREVIEW_CHARS: usize = 1000;
/// The most a session's workspace (and the web's session page built from it) weighs, whatever the
/// session holds: four lists of a default page each, texts cut to [`LIST_PREVIEW_CHARS`] (at most
/// ~6 bytes a character once escaped), names and titles bounded. The tests fill a session with
/// the longest texts allowed and hold both answers to it.
pub const SESSION_PAGE_BUDGET_BYTES: usize = 1024 * 1024;

/// Which page of a list to answer: every list endpoint takes these query parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageRequest {
    /// Most items to answer, 1 to 200; 20 when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; the first page when omitted.
    #[serde(default)]
    pub cursor: Option<String>,
}

/// How long the first page of each list in a composite answer (a session's workspace) may be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FirstPages {
    /// Most items of each list, 1 to 200; 20 when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

impl From<FirstPages> for PageRequest {
    fn from(first: FirstPages) -> Self {
        Self { limit: first.limit, cursor: None }
    }
}

/// One page of a list, in the list's stable order (keyset pagination: rows added or removed
/// elsewhere in the list never shift a page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` (with the same filters) for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Authentication and people

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// The web's password page: a signed-in person changes theirs here, and a one-time link to choose
/// one opens at `<web origin>/account/password/<token>`.
pub const ACCOUNT_PASSWORD_PATH: &str = "/account/password";

/// Whose password a one-time link sets, shown before it is used (nothing about the account's
/// past: whether it ever had a password is not the link holder's business).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordLink {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// Uses a one-time link to choose a password (or, for an email revert link, the new password that
/// comes with the old address).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UsePasswordLink {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::password))]
    pub password: String,
}

/// Asks for a link to choose a new password, mailed to the account's address if there is one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ForgotPassword {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::email))]
    pub email: String,
}

/// A link an admin made for a member to choose a new password: hand it over privately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetLink {
    /// `/account/password/<token>`, to open on the web; it works once.
    pub link_path: String,
    pub expires_at: DateTime<Utc>,
    /// Whose password the link sets.
    pub first_name: String,
    pub last_name: String,
}

/// Changes the signed-in user's own password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChangePassword {
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::password))]
    pub new_password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    pub is_super_admin: bool,
}

/// The signed-in user's own name and time zone (`PUT /account/profile`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProfileInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::name))]
    pub first_name: String,
    /// May be blank.
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_name))]
    pub last_name: String,
    /// IANA time zone name, e.g. `Europe/Berlin`: times are shown in it.
    pub timezone: String,
}

/// The web's email page: a signed-in person asks for a change here, and the confirmation link
/// mailed to the new address opens at `<web origin>/account/email/<token>`.
pub const ACCOUNT_EMAIL_PATH: &str = "/account/email";

/// The web's page for the link mailed to an account's old address after its email changed:
/// `<web origin>/account/email-revert/<token>` moves the account back, with a new password.
pub const ACCOUNT_EMAIL_REVERT_PATH: &str = "/account/email-revert";

/// What an email revert link undoes, shown before it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EmailRevertLink {
    /// The address the account has now (someone moved it there).
    pub current_email: String,
    /// The address the link moves it back to.
    pub restored_email: String,
}

/// Asks to move the signed-in user's account to another email address; the change happens when
/// the link mailed to that address is used.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChangeEmail {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::email))]
    pub new_email: String,
    pub current_password: String,
}

/// An account as super admins manage it (`GET /users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UserAccount {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub is_super_admin: bool,
    /// Whether the owner proved to read mail at `email`: false for an account made through an
    /// invitation link an admin handed over, until a link mailed there is used or a super admin
    /// confirms the address.
    pub email_verified: bool,
    /// When a super admin deactivated the account (it cannot log in); `null` while active.
    pub deactivated_at: Option<DateTime<Utc>>,
}

/// An organization as seen by the signed-in user, with their role in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Membership {
    pub organization_id: Uuid,
    pub organization_name: String,
    pub role: OrganizationRole,
    pub capabilities: OrganizationCapabilities,
}

/// What the signed-in user may do in one organization, decided by the api so clients never
/// recompute the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrganizationCapabilities {
    /// Add and remove members, change roles, set up relationships, rename the organization.
    pub manage_members: bool,
    /// Delete the organization.
    pub delete: bool,
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Me {
    #[serde(flatten)]
    pub user: User,
    pub memberships: Vec<Membership>,
}

// ---------------------------------------------------------------------------------------------
// Organizations and members

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    /// URL-friendly unique name: lower-case letters, digits and single hyphens.
    pub slug: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do in this organization.
    pub capabilities: OrganizationCapabilities,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrganizationInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::name))]
    pub name: String,
    /// Derived from the name when omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_slug))]
    pub slug: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Member {
    pub user_id: Uuid,
    /// Shown only to the organization's admins, super admins and the member themself; `null`
    /// for everyone else.
    pub email: Option<String>,
    /// Whether the member proved to read mail at their address (see `UserAccount`).
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub role: OrganizationRole,
    pub joined_at: DateTime<Utc>,
}

/// Where the web opens an invitation link: the token follows as the last segment.
pub const INVITATION_PATH: &str = "/invitations";

/// Invites an email into an organization with a role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewInvitation {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::email))]
    pub email: String,
    pub role: OrganizationRole,
}

/// A pending invitation, as the organization's admins list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Invitation {
    pub invitation_id: Uuid,
    pub email: String,
    pub role: OrganizationRole,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The answer to inviting: the same whether or not the email has an account. With mail set up on
/// the server the link goes only to the invited address and `link_path` is absent; without, it is
/// the only copy of the link (the server keeps its hash): hand it over, after the web's origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitationCreated {
    #[serde(flatten)]
    pub invitation: Invitation,
    /// `/invitations/<token>`, to open on the web; absent when the link was emailed instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_path: Option<String>,
}

/// What an invitation link offers, shown to its holder before accepting. Never whether the email
/// has an account (the holder may be the admin who made the link): a new person creates one, an
/// existing account signs in and accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitationLink {
    pub organization_name: String,
    pub email: String,
    pub role: OrganizationRole,
}

/// Accepts an invitation for an email without an account: the new person's name and password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct JoinAsNewAccount {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::name))]
    pub first_name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_name))]
    pub last_name: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::password))]
    pub password: String,
    /// IANA time zone, e.g. `Europe/Berlin`; `UTC` when omitted.
    #[serde(default)]
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RoleChange {
    pub role: OrganizationRole,
}

// ---------------------------------------------------------------------------------------------
// Coaching relationships and sessions

/// Who someone is, as shown next to what they wrote or the relationships they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Person {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    /// Shown only to admins of the organization, super admins and the person themself; `null`
    /// for everyone else.
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Relationship {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub coach: Person,
    pub coachee: Person,
    pub created_at: DateTime<Utc>,
    /// When an admin ended the relationship; `null` while it is active. An ended relationship
    /// stays readable to its coach and coachee (while they are members) but nobody writes in it.
    pub ended_at: Option<DateTime<Utc>>,
    /// What the caller may do in this relationship.
    pub capabilities: RelationshipCapabilities,
}

/// What the caller may do in one coaching relationship, decided by the api so clients never
/// recompute the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RelationshipCapabilities {
    /// Write notes, agreements, actions and goals.
    pub write_content: bool,
    /// Schedule, move and delete sessions.
    pub manage_sessions: bool,
    /// End the relationship.
    pub manage_relationship: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewRelationship {
    pub organization_id: Uuid,
    pub coach_id: Uuid,
    pub coachee_id: Uuid,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RelationshipFilter {
    /// Only relationships of this organization.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CoachingSession {
    pub id: Uuid,
    pub relationship_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewCoachingSession {
    pub relationship_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::instant))]
    pub starts_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::duration_minutes))]
    pub duration_minutes: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CoachingSessionUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::instant))]
    pub starts_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::duration_minutes))]
    pub duration_minutes: i32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Asc,
    Desc,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SessionFilter {
    /// Only sessions of this relationship; all visible sessions when omitted.
    #[serde(default)]
    pub relationship_id: Option<Uuid>,
    /// Sessions starting at or after this instant.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(schema_with = limits::schema::instant))]
    pub from: Option<DateTime<Utc>>,
    /// Sessions starting before this instant.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(schema_with = limits::schema::instant))]
    pub to: Option<DateTime<Utc>>,
    /// By start time; `asc` when omitted.
    #[serde(default)]
    pub sort: Option<SortOrder>,
}

// ---------------------------------------------------------------------------------------------
// What is written in a session

/// A note or an agreement: text written by a participant in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Entry {
    pub id: Uuid,
    pub session_id: Uuid,
    pub author_id: Uuid,
    pub body: String,
    /// `body` is the start of a longer text (in lists); the entry's own endpoint answers it whole.
    pub truncated: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The text was changed after it was written.
    pub edited: bool,
    /// What the caller may do to this entry.
    pub capabilities: EntryCapabilities,
}

/// What the caller may do to one note or agreement, decided by the api so clients never
/// recompute the rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntryCapabilities {
    /// Rewrite the text.
    pub edit: bool,
    pub delete: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewEntry {
    pub session_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EntryUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BySession {
    pub session_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Action {
    pub id: Uuid,
    pub session_id: Uuid,
    pub author_id: Uuid,
    pub body: String,
    /// `body` is the start of a longer text (in lists); `GET /actions/{id}` answers it whole.
    pub truncated: bool,
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
    pub status_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewAction {
    pub session_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub due_on: Option<NaiveDate>,
    /// `not_started` when omitted.
    #[serde(default)]
    pub status: Option<ProgressStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActionUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::body))]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StatusChange {
    pub status: ProgressStatus,
}

// ---------------------------------------------------------------------------------------------
// Goals

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Goal {
    pub id: Uuid,
    pub relationship_id: Uuid,
    pub author_id: Uuid,
    pub title: String,
    pub body: String,
    /// `body` is the start of a longer text (in lists); `GET /goals/{id}` answers it whole.
    pub truncated: bool,
    pub status: ProgressStatus,
    pub status_changed_at: DateTime<Utc>,
    pub target_date: Option<NaiveDate>,
    /// Sessions where the goal was discussed.
    pub session_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewGoal {
    pub relationship_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::title))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_goal_body))]
    pub body: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub target_date: Option<NaiveDate>,
    #[serde(default)]
    pub status: Option<ProgressStatus>,
    /// A session of the same relationship to link the new goal to, in the same transaction.
    #[serde(default)]
    pub session_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct GoalUpdate {
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::title))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::goal_body))]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = limits::schema::optional_date))]
    pub target_date: Option<NaiveDate>,
    pub status: ProgressStatus,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct GoalFilter {
    /// Goals of this relationship.
    #[serde(default)]
    pub relationship_id: Option<Uuid>,
    /// Goals linked to this session.
    #[serde(default)]
    pub session_id: Option<Uuid>,
}

/// Everything on a session's page in one answer: who is looking (for the header and their time
/// zone), the session, its relationship (with what the viewer may do in it), what was written in
/// it, and the relationship's goals. Each list is its first page (`limit` applies to each); the
/// list endpoints give the next pages from its `next_cursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionWorkspace {
    pub viewer: Me,
    pub session: CoachingSession,
    pub relationship: Relationship,
    pub notes: Page<Entry>,
    pub agreements: Page<Entry>,
    pub actions: Page<Action>,
    pub goals: Page<Goal>,
}

// ---------------------------------------------------------------------------------------------
// Operations

/// Answer of `/health` and `/ready`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HealthStatus {
    /// `ok` or `ready`.
    pub status: String,
    /// The platform release the answering process runs, e.g. `0.2.0`.
    pub version: String,
}

impl HealthStatus {
    /// `status`, answered by a process of release `version`.
    pub fn new(status: &str, version: &str) -> Self {
        Self { status: status.to_owned(), version: version.to_owned() }
    }
}

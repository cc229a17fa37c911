//! Logging in, one's own account and profile, one-time links, and the accounts super admins manage.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;
use uuid::Uuid;

use crate::OrganizationRole;
#[cfg(feature = "openapi")]
use crate::limits;

/// Name of the cookie that carries an api login (`HttpOnly`, set by `POST /login`); the name is
/// older than the word.
pub const API_LOGIN_COOKIE: &str = "api_session";

/// Name of the cookie that marks a device which signed in to an account before (`HttpOnly`, a
/// year, set by `POST /login`): its owner's correct password is not held back by failed attempts
/// from elsewhere.
pub const API_DEVICE_COOKIE: &str = "api_device";

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

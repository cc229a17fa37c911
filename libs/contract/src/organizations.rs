//! Organizations, their members and the invitations that bring members in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "openapi")]
use utoipa::ToSchema;
use uuid::Uuid;

use crate::OrganizationCapabilities;
#[cfg(feature = "openapi")]
use crate::limits;

/// A member's role within one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganizationRole {
    Member,
    Admin,
}

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

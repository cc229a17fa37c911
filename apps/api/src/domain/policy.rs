//! Who may see and change what.
//!
//! A coaching relationship and everything under it (sessions, notes, agreements, actions, goals)
//! is visible to its coach, its coachee, the admins of its organization and super admins; to
//! anyone else it does not exist (404). Of those who see it, the coach and the coachee write
//! content, only the coach schedules, moves or deletes sessions, and organization admins set up
//! or end relationships. Seeing something without being allowed to change it answers 403.
//!
//! A note or an agreement belongs to whoever wrote it: only its author rewrites or deletes it, so
//! the other participant can never put words in someone's mouth or make them disappear. An entry
//! that was changed is marked as edited. Actions and goals stay shared work: either participant
//! updates them (a coachee completes the action the coach wrote down).

use contract::{EntryCapabilities, OrganizationCapabilities, OrganizationRole, RelationshipCapabilities};
use uuid::Uuid;

/// Who is asking, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub is_super_admin: bool,
}

/// How the caller stands towards one coaching relationship.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelationshipGrant {
    pub is_coach: bool,
    pub is_coachee: bool,
    pub is_organization_admin: bool,
    pub is_super_admin: bool,
}

impl RelationshipGrant {
    /// The viewer's standing towards the relationship of `coach_id` and `coachee_id`.
    pub fn of(viewer: Viewer, coach_id: Uuid, coachee_id: Uuid, is_organization_admin: bool) -> Self {
        Self {
            is_coach: coach_id == viewer.user_id,
            is_coachee: coachee_id == viewer.user_id,
            is_organization_admin,
            is_super_admin: viewer.is_super_admin,
        }
    }

    pub fn can_view(self) -> bool {
        self.is_coach || self.is_coachee || self.is_organization_admin || self.is_super_admin
    }

    pub fn allows(self, duty: Duty) -> bool {
        match duty {
            Duty::WriteContent => self.is_coach || self.is_coachee,
            Duty::ManageSessions => self.is_coach,
            Duty::ManageRelationship => self.is_organization_admin || self.is_super_admin,
        }
    }

    /// What the caller may do here, as clients are told it.
    pub fn capabilities(self) -> RelationshipCapabilities {
        RelationshipCapabilities {
            write_content: self.allows(Duty::WriteContent),
            manage_sessions: self.allows(Duty::ManageSessions),
            manage_relationship: self.allows(Duty::ManageRelationship),
        }
    }
}

/// Someone reading notes and agreements of one relationship: decides, entry by entry, what they
/// may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryReader {
    pub user_id: Uuid,
    pub grant: RelationshipGrant,
}

impl EntryReader {
    /// What people who see an entry, but did not write it, are told when they try to change it.
    pub const NOT_THE_AUTHOR: &'static str = "only the author of an entry rewrites or deletes it";

    /// Only the author, while still writing in the relationship, changes an entry.
    pub fn capabilities(self, author_id: Uuid) -> EntryCapabilities {
        let is_author = self.grant.allows(Duty::WriteContent) && author_id == self.user_id;
        EntryCapabilities { edit: is_author, delete: is_author }
    }
}

/// What someone who sees a relationship may want to change in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Notes, agreements, actions and goals: written by the two people being coached together.
    WriteContent,
    /// Scheduling, moving and deleting sessions.
    ManageSessions,
    /// Ending the relationship.
    ManageRelationship,
}

impl Duty {
    /// What people who see the relationship, but may not do this, are told.
    pub fn refusal(self) -> &'static str {
        match self {
            Duty::WriteContent => "only the coach and the coachee write in their relationship",
            Duty::ManageSessions => "only the coach schedules, moves or deletes sessions",
            Duty::ManageRelationship => "only the organization's admins end relationships",
        }
    }
}

/// How the caller stands towards one organization.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrganizationGrant {
    pub is_member: bool,
    pub is_admin: bool,
    pub is_super_admin: bool,
}

impl OrganizationGrant {
    /// The viewer's standing towards an organization where they have `role` (`None`: not a member).
    pub fn of(viewer: Viewer, role: Option<OrganizationRole>) -> Self {
        Self {
            is_member: role.is_some(),
            is_admin: role == Some(OrganizationRole::Admin),
            is_super_admin: viewer.is_super_admin,
        }
    }

    pub fn can_view(self) -> bool {
        self.is_member || self.is_admin || self.is_super_admin
    }

    /// Members, roles, relationships and the organization's name.
    pub fn can_manage(self) -> bool {
        self.is_admin || self.is_super_admin
    }

    pub fn can_delete(self) -> bool {
        self.is_super_admin
    }

    /// What the caller may do here, as clients are told it.
    pub fn capabilities(self) -> OrganizationCapabilities {
        OrganizationCapabilities { manage_members: self.can_manage(), delete: self.can_delete() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COACH: RelationshipGrant = RelationshipGrant {
        is_coach: true,
        is_coachee: false,
        is_organization_admin: false,
        is_super_admin: false,
    };
    const COACHEE: RelationshipGrant = RelationshipGrant { is_coach: false, is_coachee: true, ..COACH };
    const ORG_ADMIN: RelationshipGrant =
        RelationshipGrant { is_coach: false, is_organization_admin: true, ..COACH };
    const SUPER_ADMIN: RelationshipGrant =
        RelationshipGrant { is_coach: false, is_super_admin: true, ..COACH };
    const OUTSIDER: RelationshipGrant = RelationshipGrant { is_coach: false, ..COACH };

    #[test]
    fn relationship_matrix() {
        // (grant, view, write content, manage sessions, manage relationship)
        let expectations = [
            (COACH, true, true, true, false),
            (COACHEE, true, true, false, false),
            (ORG_ADMIN, true, false, false, true),
            (SUPER_ADMIN, true, false, false, true),
            (OUTSIDER, false, false, false, false),
        ];
        for (grant, view, write, sessions, manage) in expectations {
            assert_eq!(grant.can_view(), view, "{grant:?}");
            assert_eq!(grant.allows(Duty::WriteContent), write, "{grant:?}");
            assert_eq!(grant.allows(Duty::ManageSessions), sessions, "{grant:?}");
            assert_eq!(grant.allows(Duty::ManageRelationship), manage, "{grant:?}");
            let capabilities = grant.capabilities();
            assert_eq!(
                (capabilities.write_content, capabilities.manage_sessions, capabilities.manage_relationship),
                (write, sessions, manage),
                "{grant:?}"
            );
        }
    }

    #[test]
    fn only_the_author_changes_an_entry() {
        let author = Uuid::new_v4();
        let other = Uuid::new_v4();
        let own = EntryCapabilities { edit: true, delete: true };
        let none = EntryCapabilities::default();
        // (reader, grant, capabilities on an entry by `author`)
        let expectations = [
            (author, COACH, own),
            (author, COACHEE, own),
            (other, COACH, none),
            (other, COACHEE, none),
            (other, ORG_ADMIN, none),
            (other, SUPER_ADMIN, none),
            // An author who no longer writes here (e.g. now only an admin) changes nothing.
            (author, ORG_ADMIN, none),
        ];
        for (user_id, grant, capabilities) in expectations {
            assert_eq!(EntryReader { user_id, grant }.capabilities(author), capabilities, "{grant:?}");
        }
    }

    #[test]
    fn organization_matrix() {
        let member = OrganizationGrant { is_member: true, ..Default::default() };
        let admin = OrganizationGrant { is_member: true, is_admin: true, ..Default::default() };
        let super_admin = OrganizationGrant { is_super_admin: true, ..Default::default() };
        let outsider = OrganizationGrant::default();
        assert!(member.can_view() && !member.can_manage() && !member.can_delete());
        assert!(admin.can_view() && admin.can_manage() && !admin.can_delete());
        assert!(super_admin.can_view() && super_admin.can_manage() && super_admin.can_delete());
        assert!(!outsider.can_view() && !outsider.can_manage() && !outsider.can_delete());
        assert_eq!(admin.capabilities(), OrganizationCapabilities { manage_members: true, delete: false });
        assert_eq!(
            super_admin.capabilities(),
            OrganizationCapabilities { manage_members: true, delete: true }
        );
    }
}

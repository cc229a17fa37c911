//! Who may see and change what.
//!
//! A coaching relationship and everything under it (sessions, notes, agreements, actions, goals)
//! is visible to its coach, its coachee, the admins of its organization and super admins; to
//! anyone else it does not exist (404). The coach and the coachee count as such only while they
//! are members of the relationship's organization: removing someone from it removes their access,
//! while what they wrote stays. Of those who see it, the coach and the coachee write content,
//! only the coach schedules, moves or deletes sessions, and organization admins set up or end
//! relationships. An ended relationship is read-only history: nobody writes in it or schedules
//! in it any more. Seeing something without being allowed to change it answers 403.
//!
//! A note or an agreement belongs to whoever wrote it: only its author rewrites or deletes it, so
//! the other participant can never put words in someone's mouth or make them disappear. An entry
//! that was changed is marked as edited. Actions and goals stay shared work: either participant
//! updates them (a coachee completes the action the coach wrote down).
//!
//! A private note is the coach's own working note: only the relationship's coach writes one, and
//! nobody but its author ever reads it: not the coachee, not an org admin, not a super admin. To
//! everyone else it does not exist (no list, page, count or workspace shows it; its id answers
//! 404). Drafts are private to their author in the same way.

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
    /// The coach, and still a member of the organization.
    pub is_coach: bool,
    /// The coachee, and still a member of the organization.
    pub is_coachee: bool,
    pub is_organization_admin: bool,
    pub is_super_admin: bool,
    /// An admin ended the relationship: it is read-only history.
    pub is_ended: bool,
}

/// The facts about one relationship that decide what a viewer may do in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationshipFacts {
    pub coach_id: Uuid,
    pub coachee_id: Uuid,
    pub is_ended: bool,
    /// The viewer's role in the relationship's organization; `None` when not a member.
    pub viewer_role: Option<OrganizationRole>,
}

impl RelationshipGrant {
    /// What people allowed to do something in an active relationship are told once it ended.
    pub const ENDED: &'static str =
        "this relationship has ended; it stays readable but nothing new is added to it";

    /// The viewer's standing towards a relationship.
    pub fn of(viewer: Viewer, facts: RelationshipFacts) -> Self {
        let is_member = facts.viewer_role.is_some();
        Self {
            is_coach: is_member && facts.coach_id == viewer.user_id,
            is_coachee: is_member && facts.coachee_id == viewer.user_id,
            is_organization_admin: facts.viewer_role == Some(OrganizationRole::Admin),
            is_super_admin: viewer.is_super_admin,
            is_ended: facts.is_ended,
        }
    }

    pub fn can_view(self) -> bool {
        self.is_coach || self.is_coachee || self.is_organization_admin || self.is_super_admin
    }

    /// Admins of the relationship's organization and super admins.
    pub fn manages_organization(self) -> bool {
        self.is_organization_admin || self.is_super_admin
    }

    /// Whether the caller's role lets them do `duty`, the relationship's being ended aside.
    fn role_allows(self, duty: Duty) -> bool {
        match duty {
            Duty::WriteContent => self.is_coach || self.is_coachee,
            Duty::ManageSessions => self.is_coach,
            Duty::ManageRelationship => self.manages_organization(),
        }
    }

    pub fn allows(self, duty: Duty) -> bool {
        // Ending an ended relationship again changes nothing, so admins keep that duty.
        self.role_allows(duty) && (!self.is_ended || duty == Duty::ManageRelationship)
    }

    /// Why the caller may not do `duty` here: the relationship ended, or their role.
    pub fn refusal(self, duty: Duty) -> &'static str {
        if self.role_allows(duty) { Self::ENDED } else { duty.refusal() }
    }

    /// Only the coach keeps private notes (while writing here): the coachee's notes are what
    /// they share with their coach.
    pub fn keeps_private_notes(self) -> bool {
        self.is_coach && self.allows(Duty::WriteContent)
    }

    /// What the caller may do here, as clients are told it.
    pub fn capabilities(self) -> RelationshipCapabilities {
        RelationshipCapabilities {
            write_content: self.allows(Duty::WriteContent),
            keep_private_notes: self.keeps_private_notes(),
            manage_sessions: self.allows(Duty::ManageSessions),
            manage_relationship: self.allows(Duty::ManageRelationship),
        }
    }
}

/// Whether the viewer sees the email address of `owner_id`, a member of an organization the
/// viewer manages (`manages_organization`: its admins and super admins) or not: emails are
/// private to their owner and the people who administer their organization.
pub fn shows_email(viewer: Viewer, manages_organization: bool, owner_id: Uuid) -> bool {
    manages_organization || viewer.is_super_admin || owner_id == viewer.user_id
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

    /// What anyone but the relationship's coach is told when asking for a private note.
    pub const PRIVATE_IS_THE_COACHS: &'static str =
        "private: only the relationship's coach keeps private notes";

    /// Whether the reader may read a note by `author_id`: a private one only its author, whatever
    /// their role (storage's `EntryTable::readable_by` is the query-side form of this rule).
    pub fn reads(self, author_id: Uuid, private: bool) -> bool {
        !private || author_id == self.user_id
    }

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
    /// What people who see the relationship, but whose role does not allow this, are told.
    fn refusal(self) -> &'static str {
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

/// Accounts across the platform (listing them, deactivating and reactivating them) are managed
/// by super admins only.
pub fn manages_accounts(viewer: Viewer) -> bool {
    viewer.is_super_admin
}

/// Whether `viewer` may deactivate the account `target`: a super admin, and never their own
/// account, so the platform cannot lock out the person who would reactivate it.
pub fn may_deactivate(viewer: Viewer, target: Uuid) -> bool {
    manages_accounts(viewer) && viewer.user_id != target
}

/// What decides whether an admin may hand a member a link that sets the member's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetTarget {
    pub user_id: Uuid,
    pub is_super_admin: bool,
    /// Organizations the member belongs to whose admin the viewer is not.
    pub unmanaged_memberships: u64,
    /// Organizations the member belongs to whose admin the viewer is.
    pub managed_memberships: u64,
}

/// Why `viewer`, who manages an organization `target` belongs to, may not make a link that sets
/// `target`'s password; `None` when they may. Such a link takes over the account, so it must not
/// reach beyond what the viewer already manages: not a super admin, not someone who is also in
/// an organization the viewer does not run, and not the viewer (who changes their own password).
pub fn reset_link_refusal(viewer: Viewer, target: ResetTarget) -> Option<&'static str> {
    if target.user_id == viewer.user_id {
        Some("change your own password on your account page instead")
    } else if target.is_super_admin {
        Some("a super admin's password cannot be reset by link: they use \"forgot password\"")
    } else if target.unmanaged_memberships > 0 && !viewer.is_super_admin {
        Some("this person is also a member of an organization you do not manage: ask a super admin")
    } else {
        None
    }
}

/// Whether a reset link `minter` made for `target` may still set the password now, as it is
/// used: the same rule as when it was made, on today's facts, and the minter still runs an
/// organization the member belongs to. A link is a takeover; it must not outlive its reason.
pub fn reset_link_still_valid(minter: Viewer, target: ResetTarget) -> bool {
    reset_link_refusal(minter, target).is_none() && (minter.is_super_admin || target.managed_memberships > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_links_reach_only_people_the_viewer_fully_manages() {
        let admin = Viewer { user_id: Uuid::from_u128(1), is_super_admin: false };
        let super_admin = Viewer { user_id: Uuid::from_u128(2), is_super_admin: true };
        let member = ResetTarget {
            user_id: Uuid::from_u128(3),
            is_super_admin: false,
            unmanaged_memberships: 0,
            managed_memberships: 1,
        };
        let elsewhere_too = ResetTarget { unmanaged_memberships: 1, ..member };
        let platform_admin = ResetTarget { is_super_admin: true, ..member };
        assert_eq!(reset_link_refusal(admin, member), None);
        assert!(reset_link_refusal(admin, elsewhere_too).is_some());
        assert_eq!(reset_link_refusal(super_admin, elsewhere_too), None);
        assert!(reset_link_refusal(admin, platform_admin).is_some());
        assert!(reset_link_refusal(super_admin, platform_admin).is_some());
        assert!(reset_link_refusal(admin, ResetTarget { user_id: admin.user_id, ..member }).is_some());
    }

    #[test]
    fn a_reset_link_is_void_once_its_reason_is_gone() {
        let admin = Viewer { user_id: Uuid::from_u128(1), is_super_admin: false };
        let member = ResetTarget {
            user_id: Uuid::from_u128(3),
            is_super_admin: false,
            unmanaged_memberships: 0,
            managed_memberships: 1,
        };
        assert!(reset_link_still_valid(admin, member));
        // The member joined an organization the admin does not run.
        assert!(!reset_link_still_valid(admin, ResetTarget { unmanaged_memberships: 1, ..member }));
        // The admin no longer runs any organization of the member's (stepped down, or the member left).
        assert!(!reset_link_still_valid(admin, ResetTarget { managed_memberships: 0, ..member }));
        assert!(!reset_link_still_valid(admin, ResetTarget { is_super_admin: true, ..member }));
        let super_admin = Viewer { user_id: Uuid::from_u128(2), is_super_admin: true };
        assert!(reset_link_still_valid(super_admin, ResetTarget { managed_memberships: 0, ..member }));
    }

    const COACH: RelationshipGrant = RelationshipGrant {
        is_coach: true,
        is_coachee: false,
        is_organization_admin: false,
        is_super_admin: false,
        is_ended: false,
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
        let ended = |grant: RelationshipGrant| RelationshipGrant { is_ended: true, ..grant };
        // An ended relationship: the same people see it, only ending it (again) is allowed.
        let ended_expectations = [
            (ended(COACH), true, false, false, false),
            (ended(COACHEE), true, false, false, false),
            (ended(ORG_ADMIN), true, false, false, true),
            (ended(SUPER_ADMIN), true, false, false, true),
            (ended(OUTSIDER), false, false, false, false),
        ];
        for (grant, view, write, sessions, manage) in expectations.into_iter().chain(ended_expectations) {
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
    fn coach_and_coachee_count_only_while_members() {
        let (coach_id, coachee_id) = (Uuid::new_v4(), Uuid::new_v4());
        let facts = |viewer_role| RelationshipFacts { coach_id, coachee_id, is_ended: false, viewer_role };
        let coach = Viewer { user_id: coach_id, is_super_admin: false };
        let coachee = Viewer { user_id: coachee_id, is_super_admin: false };
        let member = Some(OrganizationRole::Member);
        assert_eq!(RelationshipGrant::of(coach, facts(member)), COACH);
        assert_eq!(RelationshipGrant::of(coachee, facts(member)), COACHEE);
        for viewer in [coach, coachee] {
            let removed = RelationshipGrant::of(viewer, facts(None));
            assert!(!removed.can_view(), "{removed:?}");
        }
        let admin = Viewer { user_id: Uuid::new_v4(), is_super_admin: false };
        assert_eq!(RelationshipGrant::of(admin, facts(Some(OrganizationRole::Admin))), ORG_ADMIN);
    }

    #[test]
    fn refusals_say_whether_the_role_or_the_end_forbids_it() {
        let ended_coach = RelationshipGrant { is_ended: true, ..COACH };
        assert_eq!(ended_coach.refusal(Duty::WriteContent), RelationshipGrant::ENDED);
        assert_eq!(ended_coach.refusal(Duty::ManageSessions), RelationshipGrant::ENDED);
        assert_eq!(COACHEE.refusal(Duty::ManageSessions), Duty::ManageSessions.refusal());
        assert_eq!(ORG_ADMIN.refusal(Duty::WriteContent), Duty::WriteContent.refusal());
    }

    #[test]
    fn emails_show_to_admins_super_admins_and_their_owner() {
        let owner = Uuid::new_v4();
        let member = Viewer { user_id: Uuid::new_v4(), is_super_admin: false };
        let super_admin = Viewer { is_super_admin: true, ..member };
        assert!(!shows_email(member, false, owner));
        assert!(shows_email(member, true, owner));
        assert!(shows_email(super_admin, false, owner));
        assert!(shows_email(Viewer { user_id: owner, is_super_admin: false }, false, owner));
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
    fn private_notes_are_the_coachs_and_read_by_their_author_alone() {
        let coach = Uuid::new_v4();
        let reader = |user_id, grant| EntryReader { user_id, grant };
        assert!(COACH.keeps_private_notes() && COACH.capabilities().keep_private_notes);
        let ended_coach = RelationshipGrant { is_ended: true, ..COACH };
        for grant in [COACHEE, ORG_ADMIN, SUPER_ADMIN, OUTSIDER, ended_coach] {
            assert!(!grant.keeps_private_notes() && !grant.capabilities().keep_private_notes, "{grant:?}");
        }
        assert!(reader(coach, COACH).reads(coach, true));
        for grant in [COACHEE, ORG_ADMIN, SUPER_ADMIN] {
            assert!(!reader(Uuid::new_v4(), grant).reads(coach, true), "{grant:?}");
            assert!(reader(Uuid::new_v4(), grant).reads(coach, false), "{grant:?}");
        }
    }

    #[test]
    fn only_super_admins_deactivate_and_never_themselves() {
        let member = Viewer { user_id: Uuid::new_v4(), is_super_admin: false };
        let super_admin = Viewer { user_id: Uuid::new_v4(), is_super_admin: true };
        let other = Uuid::new_v4();
        assert!(!manages_accounts(member) && !may_deactivate(member, other));
        assert!(manages_accounts(super_admin) && may_deactivate(super_admin, other));
        assert!(!may_deactivate(super_admin, super_admin.user_id));
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

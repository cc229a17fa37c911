//! SeaORM entities for the tables the api writes through the ORM. Notes and agreements share one
//! shape and are handled together in [`super::entries`] with plain SQL instead.
//!
//! Table names are unqualified: connections set `search_path` to the platform schema.

use sea_orm::entity::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "organization_role")]
pub enum OrganizationRole {
    #[sea_orm(string_value = "member")]
    Member,
    #[sea_orm(string_value = "admin")]
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "progress_status")]
pub enum ProgressStatus {
    #[sea_orm(string_value = "not_started")]
    NotStarted,
    #[sea_orm(string_value = "in_progress")]
    InProgress,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "wont_do")]
    WontDo,
    #[sea_orm(string_value = "on_hold")]
    OnHold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "action_assignee")]
pub enum ActionAssignee {
    #[sea_orm(string_value = "coach")]
    Coach,
    #[sea_orm(string_value = "coachee")]
    Coachee,
    #[sea_orm(string_value = "both")]
    Both,
}

impl From<contract::ActionAssignee> for ActionAssignee {
    fn from(assignee: contract::ActionAssignee) -> Self {
        match assignee {
            contract::ActionAssignee::Coach => Self::Coach,
            contract::ActionAssignee::Coachee => Self::Coachee,
            contract::ActionAssignee::Both => Self::Both,
        }
    }
}

impl From<ActionAssignee> for contract::ActionAssignee {
    fn from(assignee: ActionAssignee) -> Self {
        match assignee {
            ActionAssignee::Coach => Self::Coach,
            ActionAssignee::Coachee => Self::Coachee,
            ActionAssignee::Both => Self::Both,
        }
    }
}

impl From<contract::OrganizationRole> for OrganizationRole {
    fn from(role: contract::OrganizationRole) -> Self {
        match role {
            contract::OrganizationRole::Member => Self::Member,
            contract::OrganizationRole::Admin => Self::Admin,
        }
    }
}

impl From<OrganizationRole> for contract::OrganizationRole {
    fn from(role: OrganizationRole) -> Self {
        match role {
            OrganizationRole::Member => Self::Member,
            OrganizationRole::Admin => Self::Admin,
        }
    }
}

impl From<contract::ProgressStatus> for ProgressStatus {
    fn from(status: contract::ProgressStatus) -> Self {
        match status {
            contract::ProgressStatus::NotStarted => Self::NotStarted,
            contract::ProgressStatus::InProgress => Self::InProgress,
            contract::ProgressStatus::Completed => Self::Completed,
            contract::ProgressStatus::WontDo => Self::WontDo,
            contract::ProgressStatus::OnHold => Self::OnHold,
        }
    }
}

impl From<ProgressStatus> for contract::ProgressStatus {
    fn from(status: ProgressStatus) -> Self {
        match status {
            ProgressStatus::NotStarted => Self::NotStarted,
            ProgressStatus::InProgress => Self::InProgress,
            ProgressStatus::Completed => Self::Completed,
            ProgressStatus::WontDo => Self::WontDo,
            ProgressStatus::OnHold => Self::OnHold,
        }
    }
}

pub mod organization {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "organizations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub slug: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "users")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub email: String,
        /// `None` until the owner chooses a password through a one-time link; cannot log in before.
        pub password_hash: Option<String>,
        pub first_name: String,
        pub last_name: String,
        pub timezone: String,
        pub is_super_admin: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// Set while a super admin has deactivated the account: it cannot log in.
        pub deactivated_at: Option<DateTimeUtc>,
        /// Whether the owner proved to read mail at `email` (see `contract::UserAccount`).
        pub email_verified: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl From<&Model> for crate::domain::policy::Viewer {
        fn from(model: &Model) -> Self {
            Self { user_id: model.id, is_super_admin: model.is_super_admin }
        }
    }

    impl From<Model> for contract::User {
        fn from(model: Model) -> Self {
            Self {
                id: model.id,
                email: model.email,
                first_name: model.first_name,
                last_name: model.last_name,
                timezone: model.timezone,
                is_super_admin: model.is_super_admin,
            }
        }
    }
}

pub mod membership {
    use sea_orm::entity::prelude::*;

    use super::OrganizationRole;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "organization_memberships")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub organization_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: Uuid,
        pub role: OrganizationRole,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod relationship {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "coaching_relationships")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub organization_id: Uuid,
        pub coach_id: Uuid,
        pub coachee_id: Uuid,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub meeting_url: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod coaching_session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "coaching_sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub coaching_relationship_id: Uuid,
        pub starts_at: DateTimeUtc,
        pub duration_minutes: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub title: Option<String>,
        pub meeting_url: Option<String>,
        pub calendar_sequence: i32,
        pub series_id: Option<Uuid>,
        pub occurrence_day: Option<Date>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl From<Model> for contract::CoachingSession {
        fn from(model: Model) -> Self {
            Self {
                id: model.id,
                relationship_id: model.coaching_relationship_id,
                title: model.title,
                starts_at: model.starts_at,
                duration_minutes: model.duration_minutes,
                meeting_url: model.meeting_url,
                series_id: model.series_id,
                created_at: model.created_at,
                updated_at: model.updated_at,
            }
        }
    }
}

pub mod action {
    use sea_orm::entity::prelude::*;

    use super::{ActionAssignee, ProgressStatus};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "actions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub coaching_relationship_id: Uuid,
        pub coaching_session_id: Uuid,
        pub author_id: Uuid,
        pub assignee: ActionAssignee,
        pub goal_id: Option<Uuid>,
        pub body: String,
        pub due_on: Option<Date>,
        pub status: ProgressStatus,
        pub status_changed_at: DateTimeUtc,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl From<Model> for contract::Action {
        fn from(model: Model) -> Self {
            Self {
                id: model.id,
                relationship_id: model.coaching_relationship_id,
                session_id: model.coaching_session_id,
                author_id: model.author_id,
                assignee: model.assignee.into(),
                goal_id: model.goal_id,
                body: model.body,
                truncated: false,
                due_on: model.due_on,
                status: model.status.into(),
                status_changed_at: model.status_changed_at,
                created_at: model.created_at,
                updated_at: model.updated_at,
            }
        }
    }
}

pub mod goal {
    use sea_orm::entity::prelude::*;

    use super::ProgressStatus;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "goals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub coaching_relationship_id: Uuid,
        pub author_id: Uuid,
        pub title: String,
        pub body: String,
        pub status: ProgressStatus,
        pub status_changed_at: DateTimeUtc,
        pub target_date: Option<Date>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod session_goal {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "coaching_session_goals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub coaching_session_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub goal_id: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

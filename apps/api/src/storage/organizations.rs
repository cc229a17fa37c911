//! Organizations, each read with what the viewer may do in it.

use chrono::{DateTime, Utc};
use contract::{Organization, Page};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::access::viewer_role_in;
use super::entities::organization;
use super::page::{Keyset, ListQuery};
use super::people::parse_role;
use super::{delete_by_id, sql, update_by_id};
use crate::domain::policy::{OrganizationGrant, Viewer};

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    name: String,
    slug: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    viewer_role: Option<String>,
}

impl Row {
    fn into_organization(self, viewer: Viewer) -> Result<Organization, DbErr> {
        let role = self.viewer_role.as_deref().map(parse_role).transpose()?;
        Ok(Organization {
            id: self.id,
            name: self.name,
            slug: self.slug,
            created_at: self.created_at,
            updated_at: self.updated_at,
            capabilities: OrganizationGrant::of(viewer, role).capabilities(),
        })
    }
}

/// The organization columns with the viewer's role; `$1` is the viewer.
fn select() -> String {
    format!(
        "SELECT o.id, o.name, o.slug, o.created_at, o.updated_at, {} AS viewer_role FROM organizations o",
        viewer_role_in("o.id")
    )
}

/// Where an organization stands in the list: by name, then id.
pub type OrganizationKey = (String, Uuid);

/// A page of the organizations the viewer belongs to; of every organization for a super admin.
pub async fn list_visible(
    db: &DatabaseConnection,
    viewer: Viewer,
    keyset: &Keyset<OrganizationKey>,
) -> Result<Page<Organization>, DbErr> {
    let list = ListQuery::new(format!("SELECT * FROM ({}) o", select()), "o.name, o.id")
        .bind(viewer.user_id)
        .only_where("(? OR o.viewer_role IS NOT NULL)", viewer.is_super_admin);
    let organization = |row: Row| row.into_organization(viewer);
    keyset
        .read(db, list, organization, |organization: &Organization| {
            (organization.name.clone(), organization.id)
        })
        .await
}

/// One organization as `viewer` sees it; callers check first that they may see it.
pub async fn get(db: &DatabaseConnection, viewer: Viewer, id: Uuid) -> Result<Option<Organization>, DbErr> {
    let statement = sql(format!("{} WHERE o.id = $2", select()), [viewer.user_id.into(), id.into()]);
    Row::find_by_statement(statement).one(db).await?.map(|row| row.into_organization(viewer)).transpose()
}

pub async fn create(
    db: &DatabaseConnection,
    viewer: Viewer,
    name: String,
    slug: String,
) -> Result<Organization, DbErr> {
    let id = Uuid::new_v4();
    let model =
        organization::ActiveModel { id: Set(id), name: Set(name), slug: Set(slug), ..Default::default() };
    model.insert(db).await?;
    get(db, viewer, id).await?.ok_or(DbErr::RecordNotInserted)
}

pub async fn update(
    db: &DatabaseConnection,
    viewer: Viewer,
    id: Uuid,
    name: String,
    slug: String,
) -> Result<Option<Organization>, DbErr> {
    let updated = update_by_id::<organization::Entity>(db, id, |model| {
        model.name = Set(name);
        model.slug = Set(slug);
    })
    .await?;
    if updated.is_none() {
        return Ok(None);
    }
    get(db, viewer, id).await
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    delete_by_id::<organization::Entity>(db, id).await
}

//! Organizations.

use contract::Organization;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    IntoActiveModel, QueryOrder,
};
use uuid::Uuid;

use super::entities::organization;
use super::sql;
use crate::auth::CurrentUser;

/// Organizations the caller belongs to; every organization for a super admin.
pub async fn list_visible(db: &DatabaseConnection, caller: &CurrentUser) -> Result<Vec<Organization>, DbErr> {
    let rows = if caller.is_super_admin() {
        organization::Entity::find().order_by_asc(organization::Column::Name).all(db).await?
    } else {
        organization::Model::find_by_statement(sql(
            "SELECT o.* FROM organizations o
             JOIN organization_memberships m ON m.organization_id = o.id AND m.user_id = $1
             ORDER BY o.name",
            [caller.id().into()],
        ))
        .all(db)
        .await?
    };
    Ok(rows.into_iter().map(Organization::from).collect())
}

pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Organization>, DbErr> {
    Ok(organization::Entity::find_by_id(id).one(db).await?.map(Into::into))
}

pub async fn create(db: &DatabaseConnection, name: String, slug: String) -> Result<Organization, DbErr> {
    let model = organization::ActiveModel {
        id: Set(Uuid::new_v4()),
        name: Set(name),
        slug: Set(slug),
        ..Default::default()
    };
    Ok(model.insert(db).await?.into())
}

pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    name: String,
    slug: String,
) -> Result<Option<Organization>, DbErr> {
    let Some(model) = organization::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model = model.into_active_model();
    model.name = Set(name);
    model.slug = Set(slug);
    Ok(Some(model.update(db).await?.into()))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<bool, DbErr> {
    Ok(organization::Entity::delete_by_id(id).exec(db).await?.rows_affected > 0)
}

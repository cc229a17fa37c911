//! Actions agreed in a session, with a due date and a progress status.

use chrono::NaiveDate;
use contract::{Action, ProgressStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::entities::action;

pub struct ActionFields {
    pub body: String,
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
}

pub async fn list(db: &DatabaseConnection, session_id: Uuid) -> Result<Vec<Action>, DbErr> {
    let rows = action::Entity::find()
        .filter(action::Column::CoachingSessionId.eq(session_id))
        .order_by_asc(action::Column::CreatedAt)
        .order_by_asc(action::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Action::from).collect())
}

pub async fn get(db: &DatabaseConnection, id: Uuid) -> Result<Option<Action>, DbErr> {
    Ok(action::Entity::find_by_id(id).one(db).await?.map(Into::into))
}

pub async fn create(
    db: &DatabaseConnection,
    session_id: Uuid,
    author_id: Uuid,
    fields: ActionFields,
) -> Result<Action, DbErr> {
    let model = action::ActiveModel {
        id: Set(Uuid::new_v4()),
        coaching_session_id: Set(session_id),
        author_id: Set(author_id),
        body: Set(fields.body),
        due_on: Set(fields.due_on),
        status: Set(fields.status.into()),
        ..Default::default()
    };
    Ok(model.insert(db).await?.into())
}

/// Replaces body, due date and status; `None` when the action is gone.
pub async fn update(
    db: &DatabaseConnection,
    id: Uuid,
    fields: ActionFields,
) -> Result<Option<Action>, DbErr> {
    let Some(model) = action::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model = model.into_active_model();
    model.body = Set(fields.body);
    model.due_on = Set(fields.due_on);
    model.status = Set(fields.status.into());
    Ok(Some(model.update(db).await?.into()))
}

pub async fn set_status(
    db: &DatabaseConnection,
    id: Uuid,
    status: ProgressStatus,
) -> Result<Option<Action>, DbErr> {
    let Some(model) = action::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let mut model = model.into_active_model();
    model.status = Set(status.into());
    Ok(Some(model.update(db).await?.into()))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    action::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

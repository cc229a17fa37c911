//! Actions agreed in a session, with a due date and a progress status.

use chrono::NaiveDate;
use contract::{Action, Page, ProgressStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult,
};
use uuid::Uuid;

use super::entities::action;
use super::page::{CreatedKey, Keyset, ListQuery, body_columns};
use super::{delete_by_id, update_by_id};

/// An action as lists show it: the start of its text (see `body_columns`).
#[derive(FromQueryResult)]
struct Listed {
    #[sea_orm(nested)]
    action: action::Model,
    truncated: bool,
}

impl From<Listed> for Action {
    fn from(listed: Listed) -> Self {
        Self { truncated: listed.truncated, ..listed.action.into() }
    }
}

pub struct ActionFields {
    pub body: String,
    pub due_on: Option<NaiveDate>,
    pub status: ProgressStatus,
}

pub async fn list(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    keyset: &Keyset<CreatedKey>,
) -> Result<Page<Action>, DbErr> {
    let select = format!(
        "SELECT id, coaching_session_id, author_id, {}, due_on, status::text AS status,
                status_changed_at, created_at, updated_at
         FROM actions",
        body_columns("body", false)
    );
    let list = ListQuery::written_in_session(select, session_id);
    keyset
        .read(db, list, |row: Listed| Ok(row.into()), |action: &Action| (action.created_at, action.id))
        .await
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
    let updated = update_by_id::<action::Entity>(db, id, |model| {
        model.body = Set(fields.body);
        model.due_on = Set(fields.due_on);
        model.status = Set(fields.status.into());
    })
    .await?;
    Ok(updated.map(Into::into))
}

pub async fn set_status(
    db: &DatabaseConnection,
    id: Uuid,
    status: ProgressStatus,
) -> Result<Option<Action>, DbErr> {
    let updated = update_by_id::<action::Entity>(db, id, |model| model.status = Set(status.into())).await?;
    Ok(updated.map(Into::into))
}

pub async fn delete(db: &DatabaseConnection, id: Uuid) -> Result<(), DbErr> {
    delete_by_id::<action::Entity>(db, id).await
}

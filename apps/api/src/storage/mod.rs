//! Everything that talks to PostgreSQL. The layers above call these functions and never build
//! SQL; a transaction is begun and committed within one function here.
//!
//! Writes to single tables go through SeaORM entities; reads that join tables or check access
//! are plain SQL mapped with `FromQueryResult`, one round trip each. Enum columns are read as
//! `::text` because the driver cannot decode a custom PostgreSQL enum into a string.

pub mod access;
pub mod actions;
pub mod actions_overview;
pub mod agenda;
pub mod calendar_feeds;
pub mod credentials;
pub mod dashboard;
pub mod demo_data;
pub mod digest;
pub mod drafts;
pub mod entities;
pub mod entries;
pub mod goals;
pub mod invitations;
pub mod login_devices;
pub mod logins;
pub mod mail_settings;
pub mod one_time_links;
pub mod organizations;
pub mod outbox;
pub mod page;
pub mod password_resets;
pub mod people;
pub mod relationships;
pub mod series;
pub mod sessions;
pub mod throttle;
pub mod workspace;

use sea_orm::{
    AccessMode, ActiveModelBehavior, ActiveModelTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, DbErr, EntityTrait, IntoActiveModel, IsolationLevel, Iterable,
    PrimaryKeyToColumn, PrimaryKeyTrait, Statement, TransactionTrait, Value,
};
use uuid::Uuid;

/// A read-only transaction in which every list a page reads shows the same moment.
async fn snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await
}

fn sql(text: impl Into<String>, values: impl IntoIterator<Item = Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, text.into(), values)
}

/// Runs a statement that returns no rows.
async fn execute(
    db: &impl ConnectionTrait,
    text: impl Into<String>,
    values: impl IntoIterator<Item = Value>,
) -> Result<(), DbErr> {
    changed_rows(db, text, values).await?;
    Ok(())
}

/// Runs a statement that returns no rows; how many rows it changed.
async fn changed_rows(
    db: &impl ConnectionTrait,
    text: impl Into<String>,
    values: impl IntoIterator<Item = Value>,
) -> Result<u64, DbErr> {
    Ok(db.execute_raw(sql(text, values)).await?.rows_affected())
}

/// The row of `E` with this `id` after `change` was saved to it; `None` when there is no such row.
/// One statement (`UPDATE … RETURNING`): `change` sets the columns it changes on a model that holds
/// only the id.
async fn update_by_id<E>(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: impl FnOnce(&mut E::ActiveModel),
) -> Result<Option<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelBehavior + Send,
{
    let mut model = E::ActiveModel::default();
    for key in E::PrimaryKey::iter() {
        model.set(key.into_column(), id.into());
    }
    change(&mut model);
    match model.update(db).await {
        Ok(updated) => Ok(Some(updated)),
        Err(DbErr::RecordNotUpdated) => Ok(None),
        Err(error) => Err(error),
    }
}

/// Deletes the row of `E` with this `id`, if there is one.
async fn delete_by_id<E>(db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    E::delete_by_id(id).exec(db).await?;
    Ok(())
}

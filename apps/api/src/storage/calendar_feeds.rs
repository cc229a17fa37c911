//! Each person's private calendar feed, known by the digest of the token in its address.

use sea_orm::{DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::{changed_rows, execute, sql};

/// Gives `user_id` a feed known by `token_digest`, replacing the one they had (whose address then
/// stops working).
pub async fn replace(db: &DatabaseConnection, user_id: Uuid, token_digest: &str) -> Result<(), DbErr> {
    execute(
        db,
        "INSERT INTO calendar_feeds (user_id, token_digest) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token_digest = EXCLUDED.token_digest, created_at = now()",
        [user_id.into(), token_digest.into()],
    )
    .await
}

/// Revokes `user_id`'s feed; whether they had one.
pub async fn revoke(db: &DatabaseConnection, user_id: Uuid) -> Result<bool, DbErr> {
    Ok(changed_rows(db, "DELETE FROM calendar_feeds WHERE user_id = $1", [user_id.into()]).await? == 1)
}

/// When `user_id`'s feed was made, if they have one.
pub async fn made_at(
    db: &DatabaseConnection,
    user_id: Uuid,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        created_at: chrono::DateTime<chrono::Utc>,
    }
    let row = Row::find_by_statement(sql(
        "SELECT created_at FROM calendar_feeds WHERE user_id = $1",
        [user_id.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| row.created_at))
}

/// The active person whose feed `token_digest` names.
pub async fn owner(db: &DatabaseConnection, token_digest: &str) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
    }
    let row = Row::find_by_statement(sql(
        "SELECT u.id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
         WHERE f.token_digest = $1 AND u.deactivated_at IS NULL",
        [token_digest.into()],
    ))
    .one(db)
    .await?;
    Ok(row.map(|row| row.id))
}

//! Applies [`MIGRATIONS`] safely: the migrations of one `up` and their bookkeeping rows commit
//! together (all or none), every change happens under a transaction-scoped advisory lock (so five
//! migrators started at once apply each migration exactly once, and a killed migrator leaves no
//! lock behind), and applied migrations are checked against their files before anything new runs.

use std::collections::HashMap;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement, TransactionTrait,
};
use sea_orm_migration::{MigrationTrait, SchemaManager};

use crate::catalog::{MIGRATIONS, SqlMigration};

/// SeaORM's bookkeeping table, extended with the checksum of what was applied.
const BOOKKEEPING_TABLE: &str = "seaql_migrations";

/// The bookkeeping table is the migrator's alone: the default privileges that give the api's
/// application role its rights on every new table (apps/db/initdb/sql/application-role.sql) give
/// it this one too, and a role that could rewrite it could make a changed migration look applied.
/// Run by the table's owner; others (`migrate status` as another role) leave the rights as they are.
fn revoke_bookkeeping() -> String {
    format!(
        "DO $revoke$
DECLARE
    grantee text;
BEGIN
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = '{BOOKKEEPING_TABLE}'::regclass), 'USAGE') THEN
        FOR grantee IN
            SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
            FROM pg_class c, aclexplode(c.relacl) acl
            WHERE c.oid = '{BOOKKEEPING_TABLE}'::regclass AND acl.grantee <> c.relowner
        LOOP
            EXECUTE format('REVOKE ALL ON TABLE {BOOKKEEPING_TABLE} FROM %s', grantee);
        END LOOP;
    END IF;
END
$revoke$"
    )
}

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("invalid schema name {0:?}: use lower-case letters, digits and underscores")]
    InvalidSchema(String),
    #[error(
        "applied migration {name} no longer matches {file}: the file was edited after it was applied. \
         Restore the file and add a new migration for the change"
    )]
    ChecksumMismatch { name: String, file: String },
    #[error(
        "the database has migration {0} applied, which this build does not know: \
         run a build that includes it"
    )]
    UnknownApplied(String),
    #[error("migration {name} failed; it and every migration applied with it were rolled back: {source}")]
    Failed { name: String, source: DbErr },
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// Where one migration stands in a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationState {
    Pending,
    Applied {
        applied_at: i64,
        checksum_matches: bool,
    },
    /// In the database but not in this build.
    Unknown {
        applied_at: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRow {
    pub name: String,
    pub state: MigrationState,
}

struct AppliedRow {
    applied_at: i64,
    checksum: String,
}

pub struct Runner {
    db: DatabaseConnection,
    quoted_schema: String,
    schema: String,
}

impl Runner {
    pub fn new(db: DatabaseConnection, schema: &str) -> Result<Self, MigrationError> {
        if !service_kit::database::is_valid_schema_name(schema) {
            return Err(MigrationError::InvalidSchema(schema.to_owned()));
        }
        Ok(Self { db, quoted_schema: format!("\"{schema}\""), schema: schema.to_owned() })
    }

    /// Applies pending migrations in order (at most `limit`), all in one transaction, returning
    /// the ones this call applied. If one fails, none of this run's are kept: an upgrade either
    /// brings the schema to the new version or leaves it exactly as it found it.
    pub async fn up(&self, limit: Option<usize>) -> Result<Vec<&'static str>, MigrationError> {
        let applied = self.verified_applied().await?;
        let pending: Vec<_> = MIGRATIONS
            .iter()
            .filter(|migration| !applied.contains_key(migration.name))
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        if pending.is_empty() {
            return Ok(Vec::new());
        }
        let txn = self.begin_locked().await?;
        let mut newly_applied = Vec::new();
        for migration in pending {
            let started = Instant::now();
            if apply(&txn, migration).await? {
                newly_applied.push((migration.name, started.elapsed()));
            } else {
                println!("skipped {}: another migrator applied it meanwhile", migration.name);
            }
        }
        txn.commit().await?;
        // Said once committed: "applied" is then true.
        for (name, took) in &newly_applied {
            println!("applied {name} ({} ms)", took.as_millis());
        }
        Ok(newly_applied.into_iter().map(|(name, _)| name).collect())
    }

    /// Rolls back the last `count` applied migrations, newest first.
    pub async fn down(&self, count: usize) -> Result<Vec<String>, MigrationError> {
        let mut rolled_back = Vec::new();
        for _ in 0..count {
            let txn = self.begin_locked().await?;
            let Some(name) = latest_applied(&txn).await? else {
                break;
            };
            let migration = find(&name).ok_or_else(|| MigrationError::UnknownApplied(name.clone()))?;
            migration
                .down(&SchemaManager::new(&txn))
                .await
                .map_err(|source| MigrationError::Failed { name: name.clone(), source })?;
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!("DELETE FROM {BOOKKEEPING_TABLE} WHERE version = $1"),
                [name.clone().into()],
            ))
            .await?;
            txn.commit().await?;
            println!("rolled back {name}");
            rolled_back.push(name);
        }
        Ok(rolled_back)
    }

    /// Drops the schema with everything in it, then applies every migration.
    pub async fn fresh(&self) -> Result<Vec<&'static str>, MigrationError> {
        let txn = self.db.begin().await?;
        lock(&txn, &self.schema).await?;
        txn.execute_unprepared(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.quoted_schema)).await?;
        txn.commit().await?;
        println!("dropped schema {}", self.schema);
        self.up(None).await
    }

    /// Every known migration in order, then any applied one this build does not know.
    pub async fn status(&self) -> Result<Vec<StatusRow>, MigrationError> {
        let mut applied = self.applied().await?;
        let mut rows: Vec<StatusRow> = MIGRATIONS
            .iter()
            .map(|migration| StatusRow {
                name: migration.name.to_owned(),
                state: match applied.remove(migration.name) {
                    None => MigrationState::Pending,
                    Some(row) => MigrationState::Applied {
                        applied_at: row.applied_at,
                        checksum_matches: row.checksum == migration.checksum(),
                    },
                },
            })
            .collect();
        let mut unknown: Vec<_> = applied.into_iter().collect();
        unknown.sort_by(|a, b| a.0.cmp(&b.0));
        rows.extend(unknown.into_iter().map(|(name, row)| StatusRow {
            name,
            state: MigrationState::Unknown { applied_at: row.applied_at },
        }));
        Ok(rows)
    }

    /// Applied migrations, after checking that each is known and unchanged.
    async fn verified_applied(&self) -> Result<HashMap<String, AppliedRow>, MigrationError> {
        let applied = self.applied().await?;
        for (name, row) in &applied {
            let migration = find(name).ok_or_else(|| MigrationError::UnknownApplied(name.clone()))?;
            if migration.checksum() != row.checksum {
                return Err(MigrationError::ChecksumMismatch {
                    name: name.clone(),
                    file: migration.up_file(),
                });
            }
        }
        Ok(applied)
    }

    async fn applied(&self) -> Result<HashMap<String, AppliedRow>, MigrationError> {
        let txn = self.begin_locked().await?;
        let rows = txn
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT version, applied_at, checksum FROM {BOOKKEEPING_TABLE}"),
            ))
            .await?;
        txn.commit().await?;
        rows.into_iter()
            .map(|row| {
                let name: String = row.try_get("", "version")?;
                let applied = AppliedRow {
                    applied_at: row.try_get("", "applied_at")?,
                    checksum: row.try_get("", "checksum")?,
                };
                Ok((name, applied))
            })
            .collect()
    }

    /// A transaction holding the migration lock, with the schema and bookkeeping table in place
    /// and `search_path` pointing at the schema, so migration SQL needs no schema prefix.
    async fn begin_locked(&self) -> Result<DatabaseTransaction, DbErr> {
        let txn = self.db.begin().await?;
        lock(&txn, &self.schema).await?;
        let schema_exists = txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT 1 AS present FROM pg_namespace WHERE nspname = $1",
                [self.schema.clone().into()],
            ))
            .await?
            .is_some();
        // Only create when missing: CREATE SCHEMA needs a privilege that an application role in
        // production may rightly lack, even with IF NOT EXISTS.
        if !schema_exists {
            txn.execute_unprepared(&format!("CREATE SCHEMA {}", self.quoted_schema)).await?;
        }
        txn.execute_unprepared(&format!(
            "SET LOCAL search_path TO {schema};
             CREATE TABLE IF NOT EXISTS {BOOKKEEPING_TABLE} (
                 version    varchar NOT NULL PRIMARY KEY,
                 applied_at bigint  NOT NULL,
                 checksum   text    NOT NULL
             );
             {revoke}",
            schema = self.quoted_schema,
            revoke = revoke_bookkeeping()
        ))
        .await?;
        Ok(txn)
    }
}

/// Applies one migration with its bookkeeping row inside `txn` (which holds the migration lock);
/// false when it was already applied.
async fn apply(txn: &DatabaseTransaction, migration: &SqlMigration) -> Result<bool, MigrationError> {
    // Re-check under the lock: a concurrent migrator may have committed it while we waited.
    let already = txn
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("SELECT 1 AS present FROM {BOOKKEEPING_TABLE} WHERE version = $1"),
            [migration.name.into()],
        ))
        .await?
        .is_some();
    if already {
        return Ok(false);
    }
    migration
        .up(&SchemaManager::new(txn))
        .await
        .map_err(|source| MigrationError::Failed { name: migration.name.to_owned(), source })?;
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!("INSERT INTO {BOOKKEEPING_TABLE} (version, applied_at, checksum) VALUES ($1, $2, $3)"),
        [migration.name.into(), unix_seconds().into(), migration.checksum().into()],
    ))
    .await?;
    Ok(true)
}

/// Serialises every migrator working on the same schema until the transaction ends.
async fn lock(txn: &DatabaseTransaction, schema: &str) -> Result<(), DbErr> {
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        [format!("{BOOKKEEPING_TABLE}:{schema}").into()],
    ))
    .await?;
    Ok(())
}

async fn latest_applied(txn: &DatabaseTransaction) -> Result<Option<String>, DbErr> {
    let row = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT version FROM {BOOKKEEPING_TABLE} ORDER BY version DESC LIMIT 1"),
        ))
        .await?;
    row.map(|row| row.try_get("", "version")).transpose()
}

fn find(name: &str) -> Option<&'static SqlMigration> {
    MIGRATIONS.iter().find(|migration| migration.name == name)
}

fn unix_seconds() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_secs() as i64).unwrap_or_default()
}

//! The ordered list of migrations. To add one: create `sql/m<YYYYMMDD>_<NNNNNN>_<name>/` with
//! `up.sql` and `down.sql`, then append it here.

use sea_orm::ConnectionTrait;
use sea_orm_migration::{DbErr, MigrationName, MigrationTrait, SchemaManager, async_trait};
use sha2::{Digest, Sha256};

/// A migration written as SQL files and compiled into the binary.
#[derive(Debug)]
pub struct SqlMigration {
    pub name: &'static str,
    up: &'static str,
    down: &'static str,
}

macro_rules! sql_migration {
    ($name:literal) => {
        SqlMigration {
            name: $name,
            up: include_str!(concat!("../sql/", $name, "/up.sql")),
            down: include_str!(concat!("../sql/", $name, "/down.sql")),
        }
    };
}

pub const MIGRATIONS: &[SqlMigration] = &[
    sql_migration!("m20261126_000001_organizations_and_users"),
    sql_migration!("m20261126_000002_coaching"),
    sql_migration!("m20261127_000003_relationships_ended_at"),
    sql_migration!("m20261127_000004_one_time_links"),
    sql_migration!("m20261127_000005_invitations"),
    sql_migration!("m20261127_000006_password_reset_links"),
    sql_migration!("m20261127_000007_user_deactivation"),
    sql_migration!("m20261206_000008_links_devices_throttles"),
    sql_migration!("m20261206_000009_coaching_loop"),
    sql_migration!("m20261206_000010_sessions_reach_people"),
    sql_migration!("m20261206_000011_session_series"),
    sql_migration!("m20261206_000012_expiry_indexes"),
    sql_migration!("m20261207_000013_action_lists_from_the_index"),
];

impl SqlMigration {
    /// SHA-256 of `up.sql` with CRLF turned into LF, so a checkout on Windows matches Linux.
    pub fn checksum(&self) -> String {
        checksum_of(self.up)
    }

    /// The file whose content the checksum covers, as a path in the repository.
    pub fn up_file(&self) -> String {
        format!("apps/db/migration/sql/{}/up.sql", self.name)
    }
}

fn checksum_of(sql: &str) -> String {
    let digest = Sha256::digest(sql.replace("\r\n", "\n").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl MigrationName for SqlMigration {
    fn name(&self) -> &str {
        self.name
    }
}

#[async_trait::async_trait]
impl MigrationTrait for SqlMigration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(self.up).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.get_connection().execute_unprepared(self.down).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_ignores_line_endings_but_not_content() {
        let unix = "CREATE TABLE a ();\nCREATE TABLE b ();\n";
        let windows = "CREATE TABLE a ();\r\nCREATE TABLE b ();\r\n";
        assert_eq!(checksum_of(unix), checksum_of(windows));
        assert_ne!(checksum_of(unix), checksum_of("CREATE TABLE a ();\n"));
    }

    #[test]
    fn migrations_are_uniquely_named_in_order() {
        let names: Vec<_> = MIGRATIONS.iter().map(|m| m.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted, "migration names must be unique and in time order");
        for name in names {
            assert!(
                name.len() > 17 && name.starts_with('m') && name[1..9].bytes().all(|b| b.is_ascii_digit()),
                "{name} does not follow m<YYYYMMDD>_<NNNNNN>_<name>"
            );
        }
    }
}

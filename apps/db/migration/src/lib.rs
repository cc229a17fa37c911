//! The `refactor_platform` schema as SeaORM migrations.
//!
//! Each migration is a folder of plain SQL (`sql/<name>/up.sql` and `down.sql`) embedded in the
//! binary, so containers can migrate without cargo or the source tree. The [`Runner`] applies them
//! one transaction per migration (the bookkeeping row commits with the change), serialises
//! concurrent migrators with a PostgreSQL advisory lock, and refuses to continue when an applied
//! migration's file has changed since (checksums ignore line endings).

mod catalog;
pub mod cli;
mod runner;

pub use catalog::{MIGRATIONS, SqlMigration};
pub use runner::{MigrationError, MigrationState, Runner, StatusRow};

/// The PostgreSQL schema every table of the platform lives in.
pub const DEFAULT_SCHEMA: &str = "refactor_platform";

/// Where a developer's database is when nothing else is configured.
pub const DEFAULT_DATABASE_URL: &str = "postgres://refactor:password@localhost:5432/refactor_platform";

/// The password in a `postgres://user:password@host/db` URL, if it has one (still URL-encoded).
pub fn database_url_password(url: &str) -> Option<&str> {
    let (_scheme, rest) = url.split_once("://")?;
    let (credentials, _host) = rest.rsplit_once('@')?;
    credentials.split_once(':').map(|(_user, password)| password)
}

/// The URL with `password` (percent-encoded here) as its password: how a password kept in a
/// secret file joins a URL given without one. `None` when the URL has no `user@` part.
pub fn with_database_password(url: &str, password: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let (credentials, host) = rest.rsplit_once('@')?;
    let user = credentials.split_once(':').map_or(credentials, |(user, _)| user);
    let encoded: String = password
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect();
    Some(format!("{scheme}://{user}:{encoded}@{host}"))
}

/// The URL with its password replaced, fit for logs and error messages.
pub fn redact_database_url(url: &str) -> String {
    match database_url_password(url) {
        Some(password) => url.replacen(&format!(":{password}@"), ":***@", 1),
        None => url.to_owned(),
    }
}

/// Whether `name` is a schema name we accept: lower-case letters, digits and underscores.
pub fn is_valid_schema_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_redacts_only_the_password() {
        let url = "postgres://refactor:s3cr@t@db:5432/x";
        assert_eq!(database_url_password(url), Some("s3cr@t"));
        assert_eq!(redact_database_url(url), "postgres://refactor:***@db:5432/x");
        assert_eq!(database_url_password("postgres://refactor@db/x"), None);
        assert_eq!(database_url_password("postgres://refactor:@db/x"), Some(""));
        assert_eq!(redact_database_url("not a url"), "not a url");
    }

    #[test]
    fn puts_a_password_into_a_url() {
        assert_eq!(
            with_database_password("postgres://refactor@db:5432/x", "p@ss:w/rd").as_deref(),
            Some("postgres://refactor:p%40ss%3Aw%2Frd@db:5432/x")
        );
        assert_eq!(
            with_database_password("postgres://refactor:old@db/x", "new").as_deref(),
            Some("postgres://refactor:new@db/x")
        );
        assert_eq!(with_database_password("postgres://db/x", "new"), None);
    }

    #[test]
    fn accepts_only_plain_schema_names() {
        assert!(is_valid_schema_name("refactor_platform"));
        assert!(!is_valid_schema_name("Refactor"));
        assert!(!is_valid_schema_name("x\"; DROP"));
        assert!(!is_valid_schema_name(""));
    }
}

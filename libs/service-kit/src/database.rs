//! The platform database's connection settings, shared by every binary that connects (api,
//! migration): default URL and schema, password files, schema-name checks and redaction.

use std::path::Path;

/// Spells the name both the default database and the platform's schema carry, so the two
/// defaults below come from one literal.
macro_rules! platform_name {
    () => {
        "refactor_platform"
    };
}

/// The PostgreSQL schema every table of the platform lives in.
pub const DEFAULT_SCHEMA: &str = platform_name!();

/// Where a developer's database is when nothing else is configured.
pub const DEFAULT_DATABASE_URL: &str =
    concat!("postgres://refactor:password@localhost:5432/", platform_name!());

/// The development defaults of the platform's database passwords (migrator, application role,
/// superuser): production refuses each of them.
pub const DEVELOPMENT_PASSWORDS: [&str; 3] = ["password", "app_password", "superuser"];

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

/// `url` with the password read from `file` (e.g. a Docker or Kubernetes secret; one trailing
/// line break is ignored). Errors name DATABASE_PASSWORD_FILE, the setting that points at it.
pub fn with_database_password_file(url: &str, file: &Path) -> Result<String, String> {
    let password = std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read DATABASE_PASSWORD_FILE {}: {error}", file.display()))?;
    with_database_password(url, password.trim_end_matches(['\r', '\n'])).ok_or_else(|| {
        format!(
            "DATABASE_PASSWORD_FILE needs a DATABASE_URL with a user, like postgres://refactor@db:5432/{DEFAULT_SCHEMA}"
        )
    })
}

/// The URL with its password replaced, fit for logs and error messages.
pub fn redact_database_url(url: &str) -> String {
    match database_url_password(url) {
        Some(password) => url.replacen(&format!(":{password}@"), ":***@", 1),
        None => url.to_owned(),
    }
}

/// The connection's `sslmode`, as libpq reads it from the URL (`prefer` when absent).
pub fn ssl_mode(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| {
            url.query_pairs().find(|(key, _)| key == "sslmode").map(|(_, mode)| mode.into_owned())
        })
        .unwrap_or_else(|| "prefer".to_owned())
}

/// The server a URL names, as libpq reads it: its `host` parameter (which wins), else the host
/// part; empty for the default Unix socket.
fn server_host(url: &url::Url) -> String {
    let parameter = url.query_pairs().find(|(key, _)| key == "host").map(|(_, host)| host.into_owned());
    parameter.unwrap_or_else(|| url.host_str().unwrap_or_default().to_owned())
}

/// Whether the server is on this machine: a loopback address or name, or a Unix socket (no host,
/// or a path), which no one else can listen in on.
fn is_local(host: &str) -> bool {
    host.is_empty() || host.starts_with('/') || crate::is_loopback_host(host)
}

/// Production's rule for the database connection: a server elsewhere than this machine is
/// reached over TLS with its certificate checked against a known CA and the host's name
/// (`sslmode=verify-full`), so nobody on the way reads or changes the traffic. `prefer`, libpq's
/// default, falls back to cleartext without a word, and `require` trusts any certificate.
/// `opt_out_variable` names the setting that waives it (for a server on this host's private
/// network, such as the database container beside the api).
pub fn require_verified_tls(url: &str, opt_out_variable: &str) -> Result<(), String> {
    // libpq's `user:password@/database` (a socket, or a `host` parameter) is no URL to the url crate.
    let parsed = url::Url::parse(url)
        .or_else(|_| url::Url::parse(&url.replacen("@/", "@localhost/", 1)))
        .map_err(|error| format!("DATABASE_URL is not a URL: {error}"))?;
    let mode = ssl_mode(url);
    let host = server_host(&parsed);
    if is_local(&host) || mode == "verify-full" {
        return Ok(());
    }
    Err(format!(
        "RUNTIME_ENV=production needs a verified TLS connection to the database at {host} (DATABASE_URL has \
         sslmode={mode}): add ?sslmode=verify-full&sslrootcert=<file with the CA that signed the server's \
         certificate> to DATABASE_URL, or, for a database on this host's own private network, set \
         {opt_out_variable}=false"
    ))
}

/// What to check when a connection failed over TLS: the certificate was not trusted, or TLS was
/// asked of a server that has none (or refused of one that requires it). `None` for other failures.
pub fn explain_tls_failure(error: &str) -> Option<&'static str> {
    let error = error.to_lowercase();
    if error.contains("certificate") || error.contains("unknownissuer") || error.contains("notvalidforname") {
        Some(
            "the database's TLS certificate was not accepted: sslrootcert in DATABASE_URL must name a file \
             with the CA that signed it, and the URL's host must be a name (or address) the certificate holds",
        )
    } else if error.contains("does not support tls") || error.contains("no encryption") {
        Some(
            "the database and DATABASE_URL disagree on TLS: check sslmode in DATABASE_URL against the server",
        )
    } else {
        None
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
    fn reads_the_password_from_a_file() {
        let file = std::env::temp_dir().join(format!("service-kit-password-{}", std::process::id()));
        std::fs::write(&file, "s3cret/pass\n").unwrap();
        let url = with_database_password_file("postgres://refactor@db/x", &file);
        let without_user = with_database_password_file("postgres://db/x", &file);
        std::fs::remove_file(&file).unwrap();
        assert_eq!(url.as_deref(), Ok("postgres://refactor:s3cret%2Fpass@db/x"));
        assert!(without_user.unwrap_err().contains("needs a DATABASE_URL with a user"));
        let missing =
            with_database_password_file("postgres://refactor@db/x", Path::new("/nonexistent/secret"));
        assert!(missing.unwrap_err().contains("DATABASE_PASSWORD_FILE"));
    }

    #[test]
    fn production_needs_verified_tls_to_a_database_elsewhere() {
        let allowed = |url: &str| require_verified_tls(url, "DATABASE_REQUIRE_VERIFIED_TLS");
        for local in [
            "postgres://u:p@localhost:5432/x",
            "postgres://u:p@127.0.0.1/x",
            "postgres://u:p@127.0.0.1:5432/x?sslmode=prefer",
            "postgres://u:p@[::1]/x",
            "postgres://u:p@/x?host=/run/postgresql",
            "postgres://u:p@db/x?sslmode=verify-full&sslrootcert=/ca.crt",
        ] {
            assert_eq!(allowed(local), Ok(()), "{local}");
        }
        for remote in [
            "postgres://u:p@db:5432/x",
            "postgres://u:p@db/x?sslmode=require",
            "postgres://u:p@10.0.0.5/x?sslmode=verify-ca",
        ] {
            let refused = allowed(remote).unwrap_err();
            assert!(
                refused.contains("sslmode=verify-full") && refused.contains("DATABASE_REQUIRE_VERIFIED_TLS"),
                "{refused}"
            );
            assert!(!refused.contains(":p@"), "no password in: {refused}");
        }
        assert_eq!(ssl_mode("postgres://db/x"), "prefer");
    }

    #[test]
    fn tls_failures_are_explained_by_the_setting_to_check() {
        let unknown_ca = "error communicating with database: invalid peer certificate: UnknownIssuer";
        assert!(explain_tls_failure(unknown_ca).unwrap().contains("sslrootcert"));
        assert!(explain_tls_failure("server does not support TLS").unwrap().contains("sslmode"));
        assert_eq!(explain_tls_failure("password authentication failed"), None);
    }

    #[test]
    fn accepts_only_plain_schema_names() {
        assert!(is_valid_schema_name(DEFAULT_SCHEMA));
        assert!(!is_valid_schema_name("Refactor"));
        assert!(!is_valid_schema_name("x\"; DROP"));
        assert!(!is_valid_schema_name(""));
    }

    #[test]
    fn the_default_url_names_the_platform_database() {
        assert!(DEFAULT_DATABASE_URL.ends_with(&format!("/{DEFAULT_SCHEMA}")));
    }
}

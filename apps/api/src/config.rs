//! Configuration from environment variables (or the matching `--flags`), each with a documented
//! default: `api --help` lists them all. Empty variables count as unset.

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;
use service_kit::cli::ServerSettings;
use service_kit::database::{
    DEFAULT_DATABASE_URL, DEFAULT_SCHEMA, DEVELOPMENT_PASSWORDS, database_url_password, is_valid_schema_name,
    require_verified_tls, with_database_password_file,
};
use service_kit::env_contract::ContractFacts;

use crate::domain::throttle::{Rate, Rates};

/// Argon2 hashes at once: each holds ~19 MiB while it runs, so two keep a login burst's memory flat
/// and use both cores of a small machine.
pub const DEFAULT_PASSWORD_HASH_CONCURRENCY: u32 = 2;
/// Hashes waiting their turn: at ~25 ms a hash on two cores, the last waits under half a second.
pub const DEFAULT_PASSWORD_HASH_QUEUE: u32 = 32;

/// For the settings' contract (`api env-contract`): production refuses DATABASE_URL's development
/// password ([`Config::resolve`]), and DATABASE_PASSWORD_FILE supplies the real one.
pub const CONTRACT_FACTS: ContractFacts = ContractFacts {
    required_in_production: &["DATABASE_URL"],
    secret_files: &[("DATABASE_URL", "DATABASE_PASSWORD_FILE")],
};

/// A day of the week, as settings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// PostgreSQL connection URL.
    #[arg(long, env = "DATABASE_URL", value_name = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    /// File holding the database password (e.g. a Docker secret); it replaces the password in DATABASE_URL.
    #[arg(long, env = "DATABASE_PASSWORD_FILE", value_name = "DATABASE_PASSWORD_FILE")]
    pub database_password_file: Option<std::path::PathBuf>,

    /// Whether the database must be reached over TLS with its certificate verified
    /// (`sslmode=verify-full` in DATABASE_URL) unless it is on this machine. Unset: true when
    /// RUNTIME_ENV is `production`. `false` only for a database on this host's own private network
    /// (the Compose stack's container).
    #[arg(long, env = "DATABASE_REQUIRE_VERIFIED_TLS", value_name = "DATABASE_REQUIRE_VERIFIED_TLS")]
    pub database_require_verified_tls: Option<bool>,

    /// PostgreSQL schema that holds the platform's tables.
    #[arg(long, env = "DATABASE_SCHEMA", value_name = "DATABASE_SCHEMA", default_value = DEFAULT_SCHEMA)]
    pub database_schema: String,

    /// Address to listen on.
    #[arg(long, env = "API_HOST", value_name = "API_HOST", default_value = "0.0.0.0")]
    pub host: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "API_PORT", value_name = "API_PORT", default_value_t = 4000)]
    pub port: u16,

    /// A login ends after this many seconds without a request.
    #[arg(long, env = "SESSION_EXPIRY_SECONDS", value_name = "SESSION_EXPIRY_SECONDS", default_value_t = 86_400,
          value_parser = clap::value_parser!(u64).range(60..=31_536_000))]
    pub session_expiry_seconds: u64,

    /// A login ends this many seconds after it began, however active: a stolen login cookie
    /// does not work for ever. 30 days by default.
    #[arg(long, env = "SESSION_MAX_LIFETIME_SECONDS", value_name = "SESSION_MAX_LIFETIME_SECONDS",
          default_value_t = 2_592_000, value_parser = clap::value_parser!(u64).range(60..=31_536_000))]
    pub session_max_lifetime_seconds: u64,

    /// Most database connections the pool opens.
    #[arg(long, env = "DB_MAX_CONNECTIONS", value_name = "DB_MAX_CONNECTIONS", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,

    /// Connections the pool keeps open when idle.
    #[arg(long, env = "DB_MIN_CONNECTIONS", value_name = "DB_MIN_CONNECTIONS", default_value_t = 1)]
    pub db_min_connections: u32,

    /// Seconds a request waits for a free database connection before answering 503.
    #[arg(long, env = "DB_ACQUIRE_TIMEOUT_SECONDS", value_name = "DB_ACQUIRE_TIMEOUT_SECONDS", default_value_t = 5,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub db_acquire_timeout_seconds: u64,

    /// Browser origins allowed to call the api with credentials (comma-separated; empty: none).
    #[arg(
        long,
        env = "ALLOWED_ORIGINS",
        value_name = "ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = "http://localhost:8080"
    )]
    pub allowed_origins: Vec<String>,

    /// The address people open the web at, e.g. https://coaching.example.com: the start of the
    /// one-time links `api admin create` prints. Unset: the first ALLOWED_ORIGINS entry.
    #[arg(long, env = "PUBLIC_WEB_ORIGIN", value_name = "PUBLIC_WEB_ORIGIN")]
    pub public_web_origin: Option<String>,

    /// The SMTP server the api sends mail through (invitations, password resets), with any
    /// credentials in the URL, percent-encoded: `smtp://host:587` uses STARTTLS when the server
    /// offers it, and insists on it when the URL has a password (`smtp://user:pass@host:587`) or
    /// `?tls=required`; `smtps://user:pass@host` is TLS from the start (port 465);
    /// `smtp://host:25?tls=none` sends in the clear (a relay on the same machine). Unset: no mail;
    /// invitation links are shown to the admin to hand over, and "forgot password" answers 503.
    #[arg(long, env = "SMTP_URL", value_name = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of the api's mail, e.g. `Coaching Platform <no-reply@example.com>`; required
    /// when SMTP_URL is set.
    #[arg(long, env = "MAIL_FROM", value_name = "MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Attempts at sending one notification (a session scheduled, moved or cancelled, an action
    /// assigned) before it is given up on: it then shows as dead in `/metrics` (`mail_outbox`)
    /// and `platform:status`, and `api outbox requeue` sends it again.
    #[arg(long, env = "MAIL_MAX_ATTEMPTS", value_name = "MAIL_MAX_ATTEMPTS", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub mail_max_attempts: u32,

    /// Seconds before a notification the mail server could not take is tried again; the pause
    /// doubles after each further failure (at most an hour). 8 attempts from 60 s span about 2 hours.
    #[arg(long, env = "MAIL_RETRY_SECONDS", value_name = "MAIL_RETRY_SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub mail_retry_seconds: u64,

    /// The day the weekly digest goes out to those who want it, in each person's time zone.
    #[arg(long, env = "DIGEST_WEEKDAY", value_name = "DIGEST_WEEKDAY", value_enum, default_value_t = Weekday::Monday)]
    pub digest_weekday: Weekday,

    /// From which hour (0-23) of DIGEST_WEEKDAY the weekly digest goes out, in each person's time zone.
    #[arg(long, env = "DIGEST_HOUR", value_name = "DIGEST_HOUR", default_value_t = 7,
          value_parser = clap::value_parser!(u32).range(0..=23))]
    pub digest_hour: u32,

    /// Let a production api start although its database holds the demo accounts, whose password
    /// is public: for evaluation installs and tests that load the demo data, never for real use.
    #[arg(long, env = "ALLOW_DEMO_ACCOUNTS", value_name = "ALLOW_DEMO_ACCOUNTS", default_value_t = false)]
    pub allow_demo_accounts: bool,

    /// Failed login attempts one account (by email) may get in a burst before it is throttled
    /// (429), from devices that never signed in to it. Five covers a person's typos; then one
    /// guess every LOGIN_ACCOUNT_INTERVAL_SECONDS is under 3,000 a day, hopeless against any
    /// password the api accepts. A device that signed in before has a bucket of its own.
    #[arg(long, env = "LOGIN_ACCOUNT_BURST", value_name = "LOGIN_ACCOUNT_BURST", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub login_account_burst: u32,

    /// Seconds after which a throttled account may get one more login attempt.
    #[arg(long, env = "LOGIN_ACCOUNT_INTERVAL_SECONDS", value_name = "LOGIN_ACCOUNT_INTERVAL_SECONDS",
          default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub login_account_interval_seconds: u64,

    /// Failed login attempts one client address (an IPv6 /64) may make in a burst before it is
    /// throttled (429). A burst of 20 lets a household or an office behind one address get its
    /// typos in; the per-account limit stays stricter.
    #[arg(long, env = "LOGIN_ADDRESS_BURST", value_name = "LOGIN_ADDRESS_BURST", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub login_address_burst: u32,

    /// Seconds after which a throttled client address may make one more login attempt.
    #[arg(long, env = "LOGIN_ADDRESS_INTERVAL_SECONDS", value_name = "LOGIN_ADDRESS_INTERVAL_SECONDS",
          default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub login_address_interval_seconds: u64,

    /// Password reset mails one email address may be sent in a burst ("forgot password").
    #[arg(long, env = "RESET_MAIL_ACCOUNT_BURST", value_name = "RESET_MAIL_ACCOUNT_BURST", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub reset_mail_account_burst: u32,

    /// Seconds after which one more reset mail may go to a throttled email address.
    #[arg(long, env = "RESET_MAIL_ACCOUNT_INTERVAL_SECONDS", value_name = "RESET_MAIL_ACCOUNT_INTERVAL_SECONDS",
          default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub reset_mail_account_interval_seconds: u64,

    /// Password reset mails one client address may ask for in a burst.
    #[arg(long, env = "RESET_MAIL_ADDRESS_BURST", value_name = "RESET_MAIL_ADDRESS_BURST", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub reset_mail_address_burst: u32,

    /// Seconds after which a throttled client address may ask for one more reset mail.
    #[arg(long, env = "RESET_MAIL_ADDRESS_INTERVAL_SECONDS", value_name = "RESET_MAIL_ADDRESS_INTERVAL_SECONDS",
          default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub reset_mail_address_interval_seconds: u64,

    /// Password hashes (logins, new accounts) computed at once; the others wait their turn.
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", value_name = "PASSWORD_HASH_CONCURRENCY",
          default_value_t = DEFAULT_PASSWORD_HASH_CONCURRENCY, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub password_hash_concurrency: u32,

    /// Password hashes that may wait for a turn; one more is answered 503 at once (try again in a
    /// second) rather than queued into its timeout behind a flood.
    #[arg(long, env = "PASSWORD_HASH_QUEUE", value_name = "PASSWORD_HASH_QUEUE",
          default_value_t = DEFAULT_PASSWORD_HASH_QUEUE, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub password_hash_queue: u32,

    #[command(flatten)]
    pub server: ServerSettings,
}

impl Config {
    /// Reads what the configuration points at (the password file), so the rest of the program sees
    /// one complete DATABASE_URL. Then checks what clap cannot; each error says what to change.
    pub fn resolve(mut self) -> Result<Self, String> {
        if let Some(file) = self.database_password_file.take() {
            self.database_url = with_database_password_file(&self.database_url, &file)?;
        }
        self.validate()?;
        Ok(self)
    }

    fn validate(&self) -> Result<(), String> {
        if !is_valid_schema_name(&self.database_schema) {
            return Err(format!(
                "DATABASE_SCHEMA={:?} is not a valid schema name: use lower-case letters, digits and underscores",
                self.database_schema
            ));
        }
        if self.db_min_connections > self.db_max_connections {
            return Err(format!(
                "DB_MIN_CONNECTIONS ({}) is larger than DB_MAX_CONNECTIONS ({})",
                self.db_min_connections, self.db_max_connections
            ));
        }
        for origin in &self.allowed_origins {
            if !is_origin(origin) {
                return Err(format!(
                    "ALLOWED_ORIGINS entry {origin:?} is not an origin like https://coaching.example.com"
                ));
            }
        }
        if let Some(origin) = self.public_web_origin.as_deref().filter(|origin| !is_origin(origin)) {
            return Err(format!(
                "PUBLIC_WEB_ORIGIN={origin:?} is not an origin like https://coaching.example.com"
            ));
        }
        if self.database_require_verified_tls.unwrap_or(self.server.is_production()) {
            require_verified_tls(&self.database_url, "DATABASE_REQUIRE_VERIFIED_TLS")?;
        }
        if self.server.is_production() {
            match database_url_password(&self.database_url) {
                None | Some("") => {
                    return Err("RUNTIME_ENV=production needs a database password: DATABASE_URL has none. \
                                Put the application role's password in DATABASE_URL"
                        .to_owned());
                }
                Some(password) if DEVELOPMENT_PASSWORDS.contains(&password) => {
                    return Err(format!(
                        "RUNTIME_ENV=production refuses the default database password {password:?}: \
                         set DATABASE_URL with the application role's real password"
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    pub fn throttle_rates(&self) -> Rates {
        let rate = |burst, seconds| Rate { burst, interval: Duration::from_secs(seconds) };
        Rates {
            login_account: rate(self.login_account_burst, self.login_account_interval_seconds),
            login_address: rate(self.login_address_burst, self.login_address_interval_seconds),
            reset_mail_account: rate(self.reset_mail_account_burst, self.reset_mail_account_interval_seconds),
            reset_mail_address: rate(self.reset_mail_address_burst, self.reset_mail_address_interval_seconds),
        }
    }

    pub fn login_expiry(&self) -> Duration {
        Duration::from_secs(self.session_expiry_seconds)
    }

    pub fn login_max_lifetime(&self) -> Duration {
        Duration::from_secs(self.session_max_lifetime_seconds)
    }

    /// Where the web is opened, without a trailing slash: PUBLIC_WEB_ORIGIN, else the first
    /// ALLOWED_ORIGINS entry (the web's address in every stack this repository starts).
    pub fn web_origin(&self) -> Result<String, String> {
        self.public_web_origin
            .iter()
            .chain(&self.allowed_origins)
            .next()
            .map(|origin| origin.trim_end_matches('/').to_owned())
            .ok_or_else(|| "set PUBLIC_WEB_ORIGIN to the address people open the web at".to_owned())
    }

    /// Origins without a trailing slash, the form browsers send in `Origin`.
    pub fn cors_origins(&self) -> Vec<String> {
        self.allowed_origins.iter().map(|origin| origin.trim_end_matches('/').to_owned()).collect()
    }
}

/// `http(s)://host[:port]`, with no path.
fn is_origin(origin: &str) -> bool {
    (origin.starts_with("http://") || origin.starts_with("https://"))
        && !origin.trim_end_matches('/').split_once("://").is_some_and(|(_, rest)| rest.contains('/'))
        && origin.parse::<axum::http::HeaderValue>().is_ok()
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    #[test]
    fn the_password_file_completes_the_url() {
        let file = std::env::temp_dir().join(format!("api-config-test-{}", std::process::id()));
        std::fs::write(&file, "s3cret/pass\n").unwrap();
        let config = parse(&[
            "--database-url",
            "postgres://refactor@db:5432/coaching?sslmode=verify-full",
            "--database-password-file",
            file.to_str().unwrap(),
            "--runtime-env",
            "production",
        ])
        .resolve()
        .unwrap();
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            config.database_url,
            "postgres://refactor:s3cret%2Fpass@db:5432/coaching?sslmode=verify-full"
        );
        let missing = parse(&["--database-password-file", "/nonexistent/secret"]).resolve();
        assert!(missing.unwrap_err().contains("DATABASE_PASSWORD_FILE"));
    }

    fn parse(args: &[&str]) -> Config {
        let mut argv = vec!["api"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv).expect("arguments parse").config
    }

    #[test]
    fn production_refuses_default_or_missing_database_password() {
        for url in [
            "postgres://refactor:password@db:5432/coaching",
            "postgres://refactor@db:5432/coaching",
            "postgres://refactor:@db:5432/coaching",
        ] {
            let config = parse(&["--runtime-env", "production", "--database-url", url]);
            let error = config.validate().expect_err(url);
            assert!(error.contains("RUNTIME_ENV=production"), "{error}");
        }
        let config = parse(&[
            "--runtime-env",
            "production",
            "--database-url",
            "postgres://refactor:long-random-secret@db/coaching?sslmode=verify-full&sslrootcert=/ca.crt",
        ]);
        assert!(config.resolve().is_ok());
    }

    #[test]
    fn production_refuses_a_database_elsewhere_without_verified_tls_unless_told() {
        let url = "postgres://refactor:long-random-secret@db/coaching";
        let refused = parse(&["--runtime-env", "production", "--database-url", url]).validate().unwrap_err();
        assert!(refused.contains("sslmode=verify-full"), "{refused}");
        let opted_out = parse(&[
            "--runtime-env",
            "production",
            "--database-url",
            url,
            "--database-require-verified-tls",
            "false",
        ]);
        assert_eq!(opted_out.validate(), Ok(()));
        let local = "postgres://refactor:long-random-secret@localhost/coaching";
        assert_eq!(parse(&["--runtime-env", "production", "--database-url", local]).validate(), Ok(()));
        // Development asks for it only when told to.
        assert_eq!(parse(&["--database-url", url]).validate(), Ok(()));
        let asked = parse(&["--database-url", url, "--database-require-verified-tls", "true"]);
        assert!(asked.validate().is_err());
    }

    #[test]
    fn development_accepts_the_defaults() {
        let config = parse(&[]);
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(config.web_origin().unwrap(), "http://localhost:8080");
        let behind_a_proxy = parse(&["--public-web-origin", "https://coaching.example.com/"]);
        assert_eq!(behind_a_proxy.web_origin().unwrap(), "https://coaching.example.com");
        assert_eq!(config.port, 4000);
        assert_eq!(config.host.to_string(), "0.0.0.0");
    }

    #[test]
    fn rejects_malformed_origins_and_schema_names() {
        let config = parse(&["--allowed-origins", "http://ok.example,ftp://nope"]);
        assert!(config.validate().unwrap_err().contains("ftp://nope"));
        let config = parse(&["--allowed-origins", "https://example.com/path"]);
        assert!(config.validate().is_err());
        let config = parse(&["--public-web-origin", "coaching.example.com"]);
        assert!(config.validate().unwrap_err().contains("PUBLIC_WEB_ORIGIN"));
        let config = parse(&["--database-schema", "Bad-Name"]);
        assert!(config.validate().unwrap_err().contains("DATABASE_SCHEMA"));
    }
}

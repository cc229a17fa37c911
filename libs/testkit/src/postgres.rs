//! A PostgreSQL cluster private to one test process, built with the machine's own `initdb` and
//! `postgres` binaries in a temporary folder.
//!
//! It lives as long as the test process: a small shell watchdog owns the server and stops it, and
//! deletes its folder, as soon as the pipe from the test process closes, which happens however
//! the test process ends. As root, the server runs as the `postgres` user, because PostgreSQL
//! refuses to run as root.

use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use service_kit::database::DEFAULT_SCHEMA;

use crate::service::free_port;

pub struct Postgres {
    bin_dir: PathBuf,
    port: u16,
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
    /// are named without it; returns psql's unaligned, tuples-only output.
    pub fn sql(&self, sql: &str) -> anyhow::Result<String> {
        postgres().psql(&self.name, &format!("SET search_path TO {DEFAULT_SCHEMA}; {sql}"))
    }
}

impl Postgres {
    fn start() -> anyhow::Result<Self> {
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
            .args(["--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "-D"])
            .arg(&data)
            .stdout(Stdio::null());
        as_user(&mut initdb, run_as);
        let status = initdb.status().context("cannot run initdb")?;
        if !status.success() {
            bail!("initdb failed ({status})");
        }

        let port = free_port();
        // Durability settings are off: the cluster is thrown away, and tests should be fast.
        let server = format!(
            "{postgres} -D {data} -p {port} -k {dir} -c listen_addresses=127.0.0.1 \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
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

        let cluster = Self { bin_dir, port, _watchdog: Mutex::new(watchdog) };
        cluster.wait_until_ready(&dir)?;
        Ok(cluster)
    }

    fn wait_until_ready(&self, dir: &Path) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.psql("postgres", "SELECT 1").is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
        bail!("PostgreSQL did not accept connections within 30 s; its log:\n{log}")
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for `database` as the superuser `postgres`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// A new, empty database with a unique name.
    pub fn create_database(&self) -> anyhow::Result<Database> {
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        self.psql("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(Database { url: self.url(&name), name })
    }

    /// Runs SQL with psql and returns its unaligned, tuples-only output (`a|b` per row).
    pub fn psql(&self, database: &str, sql: &str) -> anyhow::Result<String> {
        let output = Command::new(self.bin_dir.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres"])
            .args(["-p", &self.port.to_string(), "-d", database, "-c", sql])
            .output()
            .context("cannot run psql")?;
        if !output.status.success() {
            bail!("psql failed: {}", String::from_utf8_lossy(&output.stderr).trim());
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    /// The folder holding `initdb`, `postgres`, `psql`, `pg_ctl`...
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }
}

/// `PG_BIN_DIR`, else the real folder of `initdb` on PATH, else the newest Debian/Ubuntu cluster.
fn find_bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN_DIR").filter(|dir| !dir.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("initdb"))
        .find(|candidate| candidate.is_file());
    if let Some(initdb) = on_path {
        let real = std::fs::canonicalize(&initdb)?;
        return Ok(real.parent().unwrap_or(Path::new("/")).to_path_buf());
    }
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    debian.sort_by_key(|bin| {
        bin.parent()
            .and_then(|version| version.file_name())
            .and_then(|name| name.to_str())
            .and_then(|name| name.parse::<u32>().ok())
            .unwrap_or(0)
    });
    debian.pop().context(
        "PostgreSQL server binaries not found: install PostgreSQL (initdb, postgres, psql) \
         or set PG_BIN_DIR to the folder that holds them",
    )
}

/// `Some((uid, gid))` of the `postgres` user when running as root, `None` otherwise.
fn server_user() -> anyhow::Result<Option<(u32, u32)>> {
    let id = |args: &[&str]| -> Option<u32> {
        let output = Command::new("id").args(args).output().ok()?;
        String::from_utf8_lossy(&output.stdout).trim().parse().ok()
    };
    if id(&["-u"]) != Some(0) {
        return Ok(None);
    }
    let user = std::env::var("PG_TEST_USER").unwrap_or_else(|_| "postgres".to_owned());
    match (id(&["-u", &user]), id(&["-g", &user])) {
        (Some(uid), Some(gid)) => Ok(Some((uid, gid))),
        _ => bail!(
            "running as root, and PostgreSQL refuses to run as root: create a `{user}` user \
             (or set PG_TEST_USER to another one) or run the tests as a normal user"
        ),
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

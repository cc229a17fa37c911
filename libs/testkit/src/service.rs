//! A platform binary running as a child process, killed when the test drops it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

pub struct Service {
    child: Child,
    pub port: u16,
    pub base_url: String,
    log: PathBuf,
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("the OS hands out a free port")
}

impl Service {
    /// Starts `binary` with `env` (on top of a clean environment plus PATH), listening on `port`,
    /// and waits until `GET /health` answers 200.
    pub async fn start(binary: &Path, port: u16, env: &[(&str, String)]) -> anyhow::Result<Self> {
        let name = binary.file_name().and_then(|name| name.to_str()).unwrap_or("service");
        let log = std::env::temp_dir().join(format!("testkit-{name}-{port}.log"));
        let log_file =
            std::fs::File::create(&log).with_context(|| format!("cannot create {}", log.display()))?;
        let child = Command::new(binary)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(env.iter().map(|(key, value)| (key, value)))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let mut service = Self { child, port, base_url: format!("http://127.0.0.1:{port}"), log };
        service.wait_until_healthy().await?;
        Ok(service)
    }

    /// Starts `binary` on a free port, its environment made by `env` for that port. A free port
    /// is only free when it was looked at: when another process takes it before the service binds
    /// it, the service is started again on another one (three tries).
    pub async fn start_on_free_port<'a>(
        binary: &Path,
        env: impl Fn(u16) -> Vec<(&'a str, String)>,
    ) -> anyhow::Result<Self> {
        let mut tries = 0;
        loop {
            let port = free_port();
            match Self::start(binary, port, &env(port)).await {
                Err(error) if tries < 2 && error.to_string().contains("Address already in use") => tries += 1,
                started => return started,
            }
        }
    }

    async fn wait_until_healthy(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("the service exited ({status}) before it was healthy:\n{}", self.logs());
            }
            let health = client.get(format!("{}/health", self.base_url)).send().await;
            if health.is_ok_and(|response| response.status().is_success()) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the service was not healthy within 30 s:\n{}", self.logs())
    }

    /// The most memory the process has held (its resident set's peak, Linux's `VmHWM`), in bytes.
    pub fn peak_memory_bytes(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .context("cannot read the process's status (Linux's /proc)")?;
        let kib = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .context("no VmHWM in the process's status")?;
        Ok(kib * 1024)
    }

    /// Everything the process printed so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// What the process printed, once a line holding `text` is among it (the servers write their
    /// log from a thread of their own, a moment after the request), or after 5 s without one.
    pub async fn logs_with(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let logs = self.logs();
            if logs.contains(text) || Instant::now() > deadline {
                return logs;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the process and waits for it to exit.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.log);
    }
}

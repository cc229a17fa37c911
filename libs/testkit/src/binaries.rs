//! Binaries of other workspace packages. Cargo only builds a package's own binaries for its
//! tests, so a test that needs another one (the web's tests need the api) builds it here, once.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{LazyLock, Mutex};

use anyhow::{Context, bail};

/// Builds `package`'s binary of the same name (debug profile) and returns its path.
pub fn workspace_binary(package: &str) -> anyhow::Result<PathBuf> {
    static BUILT: LazyLock<Mutex<Vec<String>>> = LazyLock::new(|| Mutex::new(Vec::new()));
    let mut built = BUILT.lock().map_err(|_| anyhow::anyhow!("a previous build panicked"))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    if !built.iter().any(|name| name == package) {
        let status = Command::new(&cargo)
            .args(["build", "--quiet", "--locked", "-p", package, "--bin", package])
            .status()
            .with_context(|| format!("cannot run {cargo}"))?;
        if !status.success() {
            bail!("cargo build -p {package} failed ({status})");
        }
        built.push(package.to_owned());
    }
    let output = Command::new(&cargo)
        .args(["metadata", "--no-deps", "--offline", "--format-version=1"])
        .output()
        .context("cannot run cargo metadata")?;
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("cargo metadata output")?;
    let target_dir =
        metadata["target_directory"].as_str().context("cargo metadata names no target directory")?;
    Ok(PathBuf::from(target_dir).join("debug").join(package))
}

//! Configuration from environment variables (or the matching `--flags`), each with a documented
//! default: `web --help` lists them all. Empty variables count as unset.

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;
use service_kit::ServiceSettings;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "WEB_HOST", value_name = "WEB_HOST", default_value = "0.0.0.0")]
    pub host: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "WEB_PORT", value_name = "WEB_PORT", default_value_t = 8080)]
    pub port: u16,

    /// Where the api answers, as seen from this process (e.g. http://api:4000 inside compose).
    #[arg(long, env = "API_URL", value_name = "API_URL", default_value = "http://localhost:4000")]
    pub api_url: String,

    /// Seconds to wait for the api before showing "temporarily unavailable".
    #[arg(long, env = "API_TIMEOUT_SECONDS", value_name = "API_TIMEOUT_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=120))]
    pub api_timeout_seconds: u64,

    #[command(flatten)]
    pub service: ServiceSettings,
}

impl Config {
    pub fn validate(&self) -> Result<(), String> {
        let url = self.api_url.trim_end_matches('/');
        let valid =
            (url.starts_with("http://") || url.starts_with("https://")) && reqwest::Url::parse(url).is_ok();
        if valid {
            Ok(())
        } else {
            Err(format!("API_URL={:?} is not an http(s) URL like http://localhost:4000", self.api_url))
        }
    }

    pub fn api_timeout(&self) -> Duration {
        Duration::from_secs(self.api_timeout_seconds)
    }
}

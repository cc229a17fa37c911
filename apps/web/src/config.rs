//! Configuration from environment variables (or the matching `--flags`), each with a documented
//! default: `web --help` lists them all. Empty variables count as unset.

use std::net::IpAddr;
use std::time::Duration;

use clap::Args;
use service_kit::cli::ServerSettings;

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

    /// The address people open the web at (e.g. https://coaching.example.com): form posts whose
    /// `Origin` names another one are refused, and calendar feed addresses start with it. Unset:
    /// the origin the request was sent to (its `Host`), right unless a proxy in front rewrites `Host`.
    #[arg(long, env = "PUBLIC_WEB_ORIGIN", value_name = "PUBLIC_WEB_ORIGIN", value_parser = parse_web_origin)]
    pub public_web_origin: Option<String>,

    #[command(flatten)]
    pub server: ServerSettings,
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

/// `text` as a browser serializes an http(s) origin (`https://host[:port]`, default port left
/// out, host lower-case), or `None` when it is anything else (`null`, a path, credentials, …).
pub fn web_origin(text: &str) -> Option<String> {
    let url = reqwest::Url::parse(text).ok()?;
    let bare = url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    (matches!(url.scheme(), "http" | "https") && url.host().is_some() && bare)
        .then(|| url.origin().ascii_serialization())
}

fn parse_web_origin(text: &str) -> Result<String, String> {
    web_origin(text.trim_end_matches('/'))
        .ok_or_else(|| format!("{text:?} is not an origin like https://coaching.example.com (no path)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_compared_as_browsers_send_them() {
        assert_eq!(
            web_origin("https://Coaching.Example.com:443").as_deref(),
            Some("https://coaching.example.com")
        );
        assert_eq!(web_origin("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1:8080"));
        for not_an_origin in [
            "null",
            "",
            "coaching.example.com",
            "ftp://example.com",
            "http://a@example.com",
            "http://example.com/x",
        ] {
            assert_eq!(web_origin(not_an_origin), None, "{not_an_origin}");
        }
        assert_eq!(
            parse_web_origin("https://coaching.example.com/").as_deref(),
            Ok("https://coaching.example.com")
        );
        assert!(parse_web_origin("https://coaching.example.com/app").is_err());
    }
}

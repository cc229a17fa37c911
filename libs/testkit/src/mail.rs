//! A real mail catcher for tests: Mailpit on free ports, read back through its HTTP API.
//!
//! ```no_run
//! # async fn example() {
//! let mail = testkit::mail::MailCatcher::start().await;
//! // start the api with `SMTP_URL` = `mail.smtp_url()`, make it send something, then:
//! let message = mail.message_to("coach@example.com").await;
//! assert!(message.subject.contains("Reset"));
//! # }
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::service::free_port;

/// The Mailpit release the tests run: `MAILPIT_VERSION` of `libs/stack/src/platform/model.ts`
/// (`tools/architecture/src/one-home.spec.ts` holds the two together).
pub const MAILPIT_VERSION: &str = "v1.33.1";

/// How long [`MailCatcher::message_to`] waits for a message to arrive.
const DELIVERY_WAIT: Duration = Duration::from_secs(10);

/// A Mailpit process with its own SMTP port, HTTP port and database, killed and removed on drop.
pub struct MailCatcher {
    child: Child,
    smtp_port: u16,
    api_url: String,
    directory: PathBuf,
    client: reqwest::Client,
    /// Messages [`MailCatcher::message_to`] already handed out, so each call gets the next one.
    handed_out: Mutex<HashSet<String>>,
}

/// One message as Mailpit received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The sender as `MAIL_FROM` writes it: `Name <address>`, or the bare address without a name.
    pub from: String,
    /// The recipients' addresses.
    pub to: Vec<String>,
    /// The Message-ID header, without its angle brackets.
    pub message_id: String,
    /// The attached files, in order.
    pub attachments: Vec<Attachment>,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    /// With its parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`.
    pub content_type: String,
    /// The content as text (the tests attach only text files).
    pub text: String,
}

impl Message {
    /// The `http://` and `https://` links in the plain-text body, in order.
    pub fn links(&self) -> Vec<&str> {
        self.text
            .split_whitespace()
            .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
            .collect()
    }
}

/// The Mailpit binary: `MAILPIT_BIN`, else where the platform's tool installer puts it.
fn mailpit_binary() -> PathBuf {
    if let Some(binary) = std::env::var_os("MAILPIT_BIN") {
        return PathBuf::from(binary);
    }
    let cache_home = std::env::var_os("XDG_CACHE_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .expect("HOME or XDG_CACHE_HOME is set");
    cache_home.join("coaching-platform").join(format!("mailpit-{MAILPIT_VERSION}")).join("mailpit")
}

impl MailCatcher {
    /// Starts Mailpit on free ports and waits until it is ready. Panics with the install command
    /// when the binary is missing.
    pub async fn start() -> Self {
        let binary = mailpit_binary();
        assert!(
            binary.is_file(),
            "Mailpit {MAILPIT_VERSION} is not installed at {}: run `npx nx run platform:mailpit-install` \
             (needs Go), or set MAILPIT_BIN to a mailpit binary",
            binary.display()
        );
        let smtp_port = free_port();
        let http_port = free_port();
        // Its own folder: a killed Mailpit cannot delete the database it would put in /tmp.
        let directory =
            std::env::temp_dir().join(format!("testkit-mailpit-{}-{http_port}", std::process::id()));
        std::fs::create_dir_all(&directory).expect("create the mail catcher's folder");
        let log =
            std::fs::File::create(directory.join("mailpit.log")).expect("create the mail catcher's log");
        let child = Command::new(&binary)
            .arg("--smtp")
            .arg(format!("127.0.0.1:{smtp_port}"))
            .arg("--listen")
            .arg(format!("127.0.0.1:{http_port}"))
            .arg("--database")
            .arg(directory.join("mailpit.db"))
            .args(["--disable-version-check", "--smtp-disable-rdns"])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
        let mut catcher = Self {
            child,
            smtp_port,
            api_url: format!("http://127.0.0.1:{http_port}"),
            directory,
            client: reqwest::Client::new(),
            handed_out: Mutex::new(HashSet::new()),
        };
        catcher.wait_until_ready().await;
        catcher
    }

    async fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("poll the mail catcher") {
                panic!("Mailpit exited ({status}) before it was ready:\n{}", self.logs());
            }
            let ready = self.client.get(format!("{}/readyz", self.api_url)).send().await;
            if ready.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("Mailpit was not ready within 30 s:\n{}", self.logs())
    }

    /// Where to send mail: the `SMTP_URL` for the api (plain SMTP, no authentication).
    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp_port)
    }

    /// The web UI and API, e.g. to look at the mail while debugging a test.
    pub fn web_url(&self) -> &str {
        &self.api_url
    }

    /// The next message to `address` that this catcher has not handed out yet (oldest first),
    /// waiting up to 10 s for it to arrive. Panics when none arrives.
    pub async fn message_to(&self, address: &str) -> Message {
        let deadline = Instant::now() + DELIVERY_WAIT;
        loop {
            let summaries = self.summaries_to(address).await;
            let next = {
                let mut handed_out = self.handed_out.lock().expect("no test panicked holding the lock");
                let next = summaries.into_iter().find(|summary| !handed_out.contains(&summary.id));
                if let Some(summary) = &next {
                    handed_out.insert(summary.id.clone());
                }
                next
            };
            if let Some(summary) = next {
                return self.message(&summary.id).await;
            }
            assert!(
                Instant::now() < deadline,
                "no new message to {address} within {} s",
                DELIVERY_WAIT.as_secs()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every message to `address` received so far, oldest first, without waiting: to assert that
    /// no mail was sent (after the request that would have sent it has answered).
    pub async fn messages_to(&self, address: &str) -> Vec<Message> {
        let mut messages = Vec::new();
        for summary in self.summaries_to(address).await {
            messages.push(self.message(&summary.id).await);
        }
        messages
    }

    /// Messages addressed to exactly `address` (Mailpit's `to:` search matches substrings),
    /// oldest first.
    async fn summaries_to(&self, address: &str) -> Vec<Summary> {
        let query = format!("to:\"{address}\"");
        let found: Search =
            self.get_json(&format!("{}/api/v1/search", self.api_url), &[("query", query.as_str())]).await;
        let mut summaries: Vec<Summary> = found
            .messages
            .into_iter()
            .filter(|summary| summary.to.iter().flatten().any(|to| to.address.eq_ignore_ascii_case(address)))
            .collect();
        // Mailpit lists the newest first.
        summaries.reverse();
        summaries
    }

    async fn message(&self, id: &str) -> Message {
        let message: FullMessage = self.get_json(&format!("{}/api/v1/message/{id}", self.api_url), &[]).await;
        let mut attachments = Vec::new();
        for part in message.attachments {
            let url = format!("{}/api/v1/message/{id}/part/{}", self.api_url, part.part_id);
            let text = self.client.get(&url).send().await.and_then(reqwest::Response::error_for_status);
            let text = text.unwrap_or_else(|error| panic!("Mailpit's API at {url}: {error}")).text().await;
            attachments.push(Attachment {
                file_name: part.file_name,
                content_type: part.content_type,
                text: text.unwrap_or_else(|error| panic!("Mailpit's answer from {url}: {error}")),
            });
        }
        Message {
            subject: message.subject,
            text: message.text,
            from: message.from.display(),
            to: message.to.into_iter().flatten().map(|to| to.address).collect(),
            message_id: message.message_id,
            attachments,
        }
    }

    /// How many messages Mailpit holds, to whomever.
    pub async fn count(&self) -> usize {
        let found: Search =
            self.get_json(&format!("{}/api/v1/messages", self.api_url), &[("limit", "1")]).await;
        found.total.expect("Mailpit counts its messages")
    }

    /// The Message-ID of every message Mailpit holds (up to 10,000), to whomever.
    pub async fn message_ids(&self) -> Vec<String> {
        let found: Search =
            self.get_json(&format!("{}/api/v1/messages", self.api_url), &[("limit", "10000")]).await;
        found.messages.into_iter().map(|summary| summary.message_id).collect()
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str, query: &[(&str, &str)]) -> T {
        let response = self
            .client
            .get(url)
            .query(query)
            .send()
            .await
            .unwrap_or_else(|error| panic!("Mailpit's API at {url}: {error}"));
        assert!(response.status().is_success(), "Mailpit's API at {url} answered {}", response.status());
        response.json().await.unwrap_or_else(|error| panic!("Mailpit's answer from {url}: {error}"))
    }

    /// Everything Mailpit logged so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(self.directory.join("mailpit.log")).unwrap_or_default()
    }
}

impl Drop for MailCatcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

/// Mailpit's `GET /api/v1/search` answer, the parts used here.
#[derive(Deserialize)]
struct Search {
    messages: Vec<Summary>,
    /// All messages in the mailbox (`GET /api/v1/messages` only).
    total: Option<usize>,
}

#[derive(Deserialize)]
struct Summary {
    #[serde(rename = "ID")]
    id: String,
    /// Null when the message has no `To` header.
    #[serde(rename = "To")]
    to: Option<Vec<Address>>,
    #[serde(rename = "MessageID")]
    message_id: String,
}

/// Mailpit's `GET /api/v1/message/{ID}` answer, the parts used here.
#[derive(Deserialize)]
struct FullMessage {
    #[serde(rename = "Subject")]
    subject: String,
    #[serde(rename = "Text")]
    text: String,
    #[serde(rename = "From")]
    from: Address,
    #[serde(rename = "To")]
    to: Option<Vec<Address>>,
    #[serde(rename = "MessageID")]
    message_id: String,
    #[serde(rename = "Attachments")]
    attachments: Vec<Part>,
}

#[derive(Deserialize)]
struct Part {
    #[serde(rename = "PartID")]
    part_id: String,
    #[serde(rename = "FileName")]
    file_name: String,
    #[serde(rename = "ContentType")]
    content_type: String,
}

#[derive(Deserialize)]
struct Address {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Address")]
    address: String,
}

impl Address {
    fn display(&self) -> String {
        if self.name.is_empty() { self.address.clone() } else { format!("{} <{}>", self.name, self.address) }
    }
}

//! Argon2id password hashes in PHC string format. Hashing is deliberately slow, so it runs on
//! the blocking thread pool rather than stalling the async workers; and each hash holds ~19 MiB,
//! so only a few run at once and a few more wait: a burst of logins costs waiting, not memory,
//! and a flood beyond the queue is answered 503 at once instead of queueing every real login into
//! its timeout.

use std::sync::{Arc, LazyLock, OnceLock};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use tokio::sync::Semaphore;

use crate::config::{DEFAULT_PASSWORD_HASH_CONCURRENCY, DEFAULT_PASSWORD_HASH_QUEUE};
use crate::error::ApiError;

/// Hashes running (`running`), and tickets for those running or waiting (`admitted`).
struct Hashing {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
}

impl Hashing {
    fn new(concurrency: u32, queue: u32) -> Self {
        Self {
            running: Arc::new(Semaphore::new(concurrency as usize)),
            admitted: Arc::new(Semaphore::new((concurrency + queue) as usize)),
        }
    }
}

static HASHING: OnceLock<Hashing> = OnceLock::new();

/// Sets how many hashes may run at once and wait, process-wide (PASSWORD_HASH_CONCURRENCY,
/// PASSWORD_HASH_QUEUE); call it before the first hash, or the defaults apply.
pub fn limit_concurrency(concurrency: u32, queue: u32) {
    let _ = HASHING.set(Hashing::new(concurrency, queue));
}

async fn in_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let hashing =
        HASHING.get_or_init(|| Hashing::new(DEFAULT_PASSWORD_HASH_CONCURRENCY, DEFAULT_PASSWORD_HASH_QUEUE));
    in_slot(hashing, work).await
}

/// Runs `work` on the blocking pool once a slot is free, or refuses it (503) when the queue is
/// full. The slot travels with the work, so a request that gives up waiting for the answer does
/// not free it while the hash still runs.
async fn in_slot<T: Send + 'static>(
    hashing: &Hashing,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let ticket = hashing
        .admitted
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::busy("too many sign-ins at once; try again in a second"))?;
    let slot = hashing.running.clone().acquire_owned().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || {
        let _held = (ticket, slot);
        work()
    })
    .await
    .map_err(ApiError::internal)
}

/// Verified against when the email is unknown, so a wrong email costs as long as a wrong password
/// and response times do not reveal which accounts exist.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("decoy password that matches nothing").unwrap_or_default());

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub async fn hash(password: String) -> Result<String, ApiError> {
    in_hashing_slot(move || hash_now(&password)).await?.map_err(ApiError::internal)
}

/// Whether `password` matches `stored`; with `None` it spends the same time and says no.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    in_hashing_slot(move || {
        let (candidate, known) = match &stored {
            Some(stored) => (stored.as_str(), true),
            None => (DECOY_HASH.as_str(), false),
        };
        let matches = PasswordHash::new(candidate)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
        known && matches
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn no_more_than_the_slots_run_at_once() {
        let hashing = Arc::new(Hashing::new(2, 6));
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (hashing, running, most) = (hashing.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    in_slot(&hashing, move || {
                        most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let most = most.load(Ordering::SeqCst);
        assert!((1..=2).contains(&most), "{most} hashes ran at once");
    }

    #[tokio::test]
    async fn beyond_the_queue_the_answer_is_busy_at_once() {
        let hashing = Arc::new(Hashing::new(1, 1));
        let release = Arc::new(Semaphore::new(0));
        let held: Vec<_> = (0..2)
            .map(|_| {
                let (hashing, release) = (hashing.clone(), release.clone());
                tokio::spawn(async move {
                    in_slot(&hashing, move || drop(futures_block_on(release.acquire_owned()))).await
                })
            })
            .collect();
        while hashing.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let refused = in_slot(&hashing, || ()).await.expect_err("a third hash waits behind a full queue");
        assert_eq!((refused.status.as_u16(), refused.retry_after), (503, Some(1)));
        release.add_permits(2);
        for task in held {
            task.await.unwrap().unwrap();
        }
    }

    /// Waits for `future` on a blocking thread (the hash's place).
    fn futures_block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Handle::current().block_on(future)
    }

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let stored = hash("correct horse".to_owned()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse".to_owned(), Some(stored.clone())).await.unwrap());
        assert!(!verify("wrong horse".to_owned(), Some(stored)).await.unwrap());
        assert!(!verify("decoy password that matches nothing".to_owned(), None).await.unwrap());
    }
}

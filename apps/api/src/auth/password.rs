//! Argon2id password hashes in PHC string format. Hashing is deliberately slow, so it runs on
//! the blocking thread pool rather than stalling the async workers.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::ApiError;

/// Verified against when the email is unknown, so a wrong email costs as long as a wrong password
/// and response times do not reveal which accounts exist.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("decoy password that matches nothing").unwrap_or_default());

fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Whether `password` matches `stored`; with `None` it spends the same time and says no.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let (candidate, known) = match &stored {
            Some(stored) => (stored.as_str(), true),
            None => (DECOY_HASH.as_str(), false),
        };
        let matches = PasswordHash::new(candidate)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok());
        known && matches
    })
    .await
    .map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let stored = hash("correct horse".to_owned()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse".to_owned(), Some(stored.clone())).await.unwrap());
        assert!(!verify("wrong horse".to_owned(), Some(stored)).await.unwrap());
        assert!(!verify("decoy password that matches nothing".to_owned(), None).await.unwrap());
    }
}

//! The random tokens behind login cookies and one-time links. Only their SHA-256 is stored, so a
//! leaked table holds nothing anyone can use.

use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// 256 random bits as 64 hex characters.
pub fn generate() -> String {
    hex(&rand::random::<[u8; 32]>())
}

/// What the database keeps instead of the token.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A new token (for the link or the cookie) and its digest (for the database).
pub fn mint() -> (String, String) {
    let token = generate();
    let digest = digest(&token);
    (token, digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_digest_is_stored() {
        let token = generate();
        assert_eq!(token.len(), 64);
        assert_ne!(token, generate());
        assert_eq!(digest(&token).len(), 64);
        assert_ne!(digest(&token), token);
    }
}

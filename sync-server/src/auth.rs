//! Passwords (argon2id) and session tokens (random, stored only as their SHA-256).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

use fieldsales_core::Env;

use crate::error::{Error, Result};

/// How long a token is valid.
pub const TOKEN_TTL_SECS: i64 = 30 * 24 * 3600;

/// How expensive a new password hash is. Verification follows the parameters stored in the
/// hash, so only hashing chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasswordCost {
    /// argon2id with the crate's recommended parameters (19 MiB, 2 passes): for real servers.
    #[default]
    Standard,
    /// argon2id at its minimum (8 KiB, 1 pass): only for simulations that create and log in
    /// thousands of users; never for a server with real users.
    Minimal,
}

/// A salted hash of a password, the salt from `env`'s randomness.
pub fn hash_password_with(password: &str, cost: PasswordCost, env: &Env) -> Result<String> {
    let mut salt = [0u8; 16];
    env.fill(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Internal(e.to_string()))?;
    let argon = match cost {
        PasswordCost::Standard => Argon2::default(),
        PasswordCost::Minimal => Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(8, 1, 1, None).map_err(|e| Error::Internal(e.to_string()))?,
        ),
    };
    argon
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(e.to_string()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new opaque token and the hash to store.
pub fn new_token(env: &Env) -> (String, String) {
    let mut bytes = [0u8; 32];
    env.fill(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Now, in seconds since the epoch, on `env`'s clock.
pub fn now_secs(env: &Env) -> i64 {
    env.now().millis().div_euclid(1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens() {
        let h = hash_password_with("pw-ana", PasswordCost::Standard, &Env::system()).unwrap();
        assert!(verify_password("pw-ana", &h));
        assert!(!verify_password("pw-ben", &h));
        assert!(!verify_password("pw-ana", "not a hash"));
        let (t, h1) = new_token(&Env::system());
        assert_eq!(token_hash(&t), h1);
        assert_ne!(new_token(&Env::system()).0, t);
        let quick = hash_password_with("pw-ana", PasswordCost::Minimal, &Env::system()).unwrap();
        assert!(verify_password("pw-ana", &quick));
        assert!(!verify_password("pw-ben", &quick));
    }
}

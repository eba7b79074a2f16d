//! The password policy for new passwords, and password checking that cannot be turned against
//! the server: a bounded number of argon2 verifications at a time, each in memory the server
//! allocated once, and unknown user names checked against a dummy hash of the same cost.
//!
//! argon2id at its standard cost fills 19 MiB per verification. Unbounded, 128 concurrent
//! wrong-password logins took a server to 11 GB, and the allocator kept most of it: every
//! blocking thread held its own 19 MiB arena. Here at most `permits` verifications run at
//! once (one per core by default), each in one of `permits` buffers that live as long as the
//! server, so password checking never holds more than `permits` x the largest cost.

use std::collections::HashSet;
use std::sync::{Condvar, Mutex, OnceLock};

use argon2::password_hash::{PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::auth::PasswordCost;
use crate::error::{Error, Result};

/// Shortest password accepted for a new user or a password change, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest: argon2 takes any length, but a password of kilobytes is no one's.
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Why the policy refuses a new password. No variant holds the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("a password has at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    #[error("this password is one of the most common ones; choose another")]
    Common,
}

/// The embedded list (see the file's header for its source): lower-cased, so `Password123!`
/// style variants of a listed password in another case are refused too.
fn common_passwords() -> &'static HashSet<String> {
    static LIST: OnceLock<HashSet<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

/// Check a new password against the policy: at least `MIN_PASSWORD_CHARS` characters, at most
/// `MAX_PASSWORD_CHARS`, and not on the list of the most common passwords.
pub fn check_new_password(password: &str) -> std::result::Result<(), WeakPassword> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(WeakPassword::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(WeakPassword::TooLong);
    }
    if common_passwords().contains(&password.to_lowercase()) {
        return Err(WeakPassword::Common);
    }
    Ok(())
}

/// A hash of a password no one knows, at each cost: checking a login for a user name that
/// does not exist against it takes as long as checking a real user's, so the answer time
/// does not tell which names exist. The bytes do not matter, only the parameters, which match
/// `hash_password_with`'s for that cost.
pub fn dummy_hash(cost: PasswordCost) -> &'static str {
    match cost {
        PasswordCost::Standard => {
            "$argon2id$v=19$m=19456,t=2,p=1$ZmllbGRzYWxlcy1kdW1teQ$0b0Yb3+gAXzuQ0O8PwHdqX1dA9rOOrMIXvYfBXBbSk8"
        }
        PasswordCost::Minimal => {
            "$argon2id$v=19$m=8,t=1,p=1$ZmllbGRzYWxlcy1kdW1teQ$Q0xkH9zZrXbnVq3Q5n3C0kUnZm2q1p8b0W9eQm1d1xE"
        }
    }
}

/// Bounded, memory-reusing password verification.
pub struct HashGate {
    /// One buffer per permit; an empty slot is in use.
    buffers: Mutex<Vec<Vec<Block>>>,
    freed: Condvar,
    permits: usize,
    /// Most verifications waiting for a buffer; more are answered "busy" at once rather than
    /// queued without end.
    max_waiting: usize,
    waiting: Mutex<usize>,
    /// Verifications done (for tests and metrics: an unknown user name costs one too).
    done: std::sync::atomic::AtomicU64,
}

/// The most blocks (KiB) a stored hash may ask for: far above any cost this server writes,
/// so only a damaged row could reach it.
const MAX_BLOCKS: usize = 256 * 1024;

impl HashGate {
    /// `permits` verifications at a time (at least one), up to `max_waiting` more queued.
    pub fn new(permits: usize, max_waiting: usize) -> HashGate {
        let permits = permits.max(1);
        HashGate {
            buffers: Mutex::new((0..permits).map(|_| Vec::new()).collect()),
            freed: Condvar::new(),
            permits,
            max_waiting,
            waiting: Mutex::new(0),
            done: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// One permit per core: hashing is CPU-bound, more at once only adds memory.
    pub fn per_core() -> HashGate {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HashGate::new(cores, 256)
    }

    pub fn permits(&self) -> usize {
        self.permits
    }

    /// Verifications done since the server started.
    pub fn verifications(&self) -> u64 {
        self.done.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether `password` matches the PHC string `hash`; waits for a buffer. A hash that
    /// does not parse never matches. `Err(TooManyRequests)` when too many are waiting.
    pub fn verify(&self, password: &str, hash: &str) -> Result<bool> {
        let mut buffer = self.take()?;
        let matched = verify_in(password, hash, &mut buffer);
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.give_back(buffer);
        Ok(matched)
    }

    fn take(&self) -> Result<Vec<Block>> {
        let mut slots = self
            .buffers
            .lock()
            .map_err(|_| Error::Internal("hash gate poisoned".into()))?;
        let mut counted = false;
        loop {
            // a slot that is in use is taken out of the vector, so any left is free
            if let Some(b) = slots.pop() {
                if counted {
                    self.leave_queue();
                }
                return Ok(b);
            }
            if !counted {
                let mut waiting = self
                    .waiting
                    .lock()
                    .map_err(|_| Error::Internal("hash gate poisoned".into()))?;
                if *waiting >= self.max_waiting {
                    return Err(Error::TooManyRequests {
                        retry_after_secs: 1,
                    });
                }
                *waiting += 1;
                counted = true;
            }
            slots = self
                .freed
                .wait(slots)
                .map_err(|_| Error::Internal("hash gate poisoned".into()))?;
        }
    }

    fn leave_queue(&self) {
        if let Ok(mut w) = self.waiting.lock() {
            *w = w.saturating_sub(1);
        }
    }

    fn give_back(&self, buffer: Vec<Block>) {
        if let Ok(mut slots) = self.buffers.lock() {
            slots.push(buffer);
        }
        self.freed.notify_one();
    }
}

/// argon2 verification of `password` against `hash`, filling `buffer` (grown once to the
/// hash's cost and kept) instead of a fresh allocation.
fn verify_in(password: &str, hash: &str, buffer: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    if buffer.len() < blocks {
        buffer.resize(blocks, Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = Salt::decode_b64(&salt, &mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    if Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut buffer[..])
        .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time
    argon2::password_hash::Output::new(&out).is_ok_and(|o| o == expected)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::auth::hash_password_with;
    use fieldsales_core::Env;

    #[test]
    fn the_policy_refuses_short_long_and_common_passwords() {
        assert_eq!(check_new_password("pw-ana"), Err(WeakPassword::TooShort));
        assert_eq!(check_new_password("äöüäöüäöü"), Err(WeakPassword::TooShort));
        assert_eq!(
            check_new_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(WeakPassword::TooLong)
        );
        for common in ["1234567890", "qwertyuiop", "password123", "PASSWORD123"] {
            assert_eq!(
                check_new_password(common),
                Err(WeakPassword::Common),
                "{common}"
            );
        }
        check_new_password("pw-ana-secret").unwrap();
        check_new_password("äöüäöüäöüä").unwrap();
        assert!(common_passwords().len() >= 4_900);
    }

    #[test]
    fn the_gate_verifies_like_argon2_and_reuses_its_buffers() {
        let env = Env::system();
        let gate = HashGate::new(2, 4);
        for cost in [PasswordCost::Minimal, PasswordCost::Standard] {
            let h = hash_password_with("pw-ana-secret", cost, &env).unwrap();
            assert!(gate.verify("pw-ana-secret", &h).unwrap());
            assert!(!gate.verify("pw-ben-secret", &h).unwrap());
            assert!(!gate.verify("pw-ana-secret", dummy_hash(cost)).unwrap());
            // the dummy has the cost of a real hash of that cost
            let real = PasswordHash::new(&h).unwrap();
            let dummy = PasswordHash::new(dummy_hash(cost)).unwrap();
            assert_eq!(
                Params::try_from(&real).unwrap().block_count(),
                Params::try_from(&dummy).unwrap().block_count()
            );
        }
        assert!(!gate.verify("x", "not a hash").unwrap());
        assert_eq!(gate.verifications(), 7);
        let slots = gate.buffers.lock().unwrap();
        assert_eq!(slots.len(), 2, "every buffer came back");
        assert!(
            slots.iter().all(|b| b.len() <= 19 * 1024),
            "buffers hold at most the standard cost"
        );
    }

    #[test]
    fn a_full_queue_answers_busy_at_once() {
        let gate = HashGate::new(1, 0);
        let held = gate.take().unwrap();
        assert!(matches!(
            gate.verify("pw-ana-secret", dummy_hash(PasswordCost::Minimal)),
            Err(Error::TooManyRequests { .. })
        ));
        gate.give_back(held);
        assert!(
            !gate
                .verify("pw-ana-secret", dummy_hash(PasswordCost::Minimal))
                .unwrap()
        );
    }
}

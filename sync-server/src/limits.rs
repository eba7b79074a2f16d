//! Limits on what an anonymous client can make the server do: sign-in attempts per client
//! address and per user name (token buckets in memory), the lockout of a user name after
//! repeated failures (in the store, so an admin's `user unlock` reaches a running server),
//! and the client address itself (the socket's, or a trusted proxy's `X-Forwarded-For`).
//!
//! Signed-in traffic is never limited here: a request with a valid token passes before any
//! bucket is looked at, so one address may hold any number of live sessions.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::error::{Error, Result};

/// The limits of one server. `Default` is what `serve` runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginLimits {
    /// Sign-in attempts and unauthenticated requests from one address: this many at once...
    pub per_address_burst: u32,
    /// ...and one more every this many milliseconds.
    pub per_address_refill_ms: u64,
    /// Sign-in attempts for one user name (whether it exists or not), at once...
    pub per_name_burst: u32,
    /// ...and one more every this many milliseconds.
    pub per_name_refill_ms: u64,
    /// Failed sign-ins in a row (within `failure_window_ms`) that lock a user name.
    pub lock_after_failures: u32,
    /// A failure older than this starts a new count.
    pub failure_window_ms: i64,
    /// How long a lockout lasts unless an admin lifts it (`user unlock`).
    pub lockout_ms: i64,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            // a sales office behind one NAT signing in its phones in the morning: successful
            // sign-ins give their attempt back, so only failures and anonymous requests count
            per_address_burst: 30,
            per_address_refill_ms: 2_000,
            per_name_burst: 5,
            per_name_refill_ms: 12_000,
            lock_after_failures: 10,
            failure_window_ms: 60 * 60 * 1000,
            lockout_ms: 15 * 60 * 1000,
        }
    }
}

/// Token buckets by key, refilled by time passing on the server's clock.
#[derive(Debug)]
pub struct Buckets {
    burst: u32,
    refill_ms: u64,
    map: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    /// Tokens in thousandths, so a partial refill is kept. Below zero is a debt: failures
    /// charged after a check let many concurrent attempts through (`charge`), and the debt
    /// makes the next ones wait as long as if they had come one by one.
    milli: i64,
    at_ms: i64,
}

/// Keys kept before buckets that have refilled (and so say nothing) are dropped.
const PRUNE_ABOVE: usize = 50_000;

impl Buckets {
    pub fn new(burst: u32, refill_ms: u64) -> Buckets {
        Buckets {
            burst: burst.max(1),
            refill_ms: refill_ms.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }

    fn full(&self) -> i64 {
        i64::from(self.burst) * 1000
    }

    fn refilled(&self, b: Bucket, now_ms: i64) -> i64 {
        let elapsed = now_ms.saturating_sub(b.at_ms).max(0);
        let refill_ms = i64::try_from(self.refill_ms).unwrap_or(i64::MAX);
        let gained = elapsed.saturating_mul(1000) / refill_ms;
        b.milli.saturating_add(gained).min(self.full())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, Bucket>>> {
        self.map
            .lock()
            .map_err(|_| Error::Internal("rate limiter poisoned".into()))
    }

    /// The balance of `key` now (full for a key never seen).
    fn balance(&self, map: &mut HashMap<String, Bucket>, key: &str, now_ms: i64) -> i64 {
        if map.len() > PRUNE_ABOVE {
            let full = self.full();
            map.retain(|_, b| self.refilled(*b, now_ms) < full);
        }
        map.get(key)
            .map_or(self.full(), |b| self.refilled(*b, now_ms))
    }

    fn busy(&self, balance: i64) -> Error {
        let missing = u64::try_from(1000 - balance).unwrap_or(1000);
        let missing_ms = missing.saturating_mul(self.refill_ms) / 1000;
        Error::TooManyRequests {
            retry_after_secs: missing_ms.div_ceil(1000).max(1),
        }
    }

    /// Whether `key` has a token now, without taking it; or in how many seconds it will.
    pub fn check(&self, key: &str, now_ms: i64) -> Result<()> {
        let mut map = self.lock()?;
        let balance = self.balance(&mut map, key, now_ms);
        if balance < 1000 {
            return Err(self.busy(balance));
        }
        Ok(())
    }

    /// Take a token from `key` after the fact (a failed attempt that passed `check`), going
    /// into debt if others took the last ones meanwhile; the debt is at most a burst.
    pub fn charge(&self, key: &str, now_ms: i64) {
        if let Ok(mut map) = self.lock() {
            let balance = self.balance(&mut map, key, now_ms);
            let milli = (balance - 1000).max(-self.full());
            map.insert(
                key.to_string(),
                Bucket {
                    milli,
                    at_ms: now_ms,
                },
            );
        }
    }

    /// Take one token for `key`, or say in how many seconds one will be there.
    pub fn take(&self, key: &str, now_ms: i64) -> Result<()> {
        let mut map = self.lock()?;
        let balance = self.balance(&mut map, key, now_ms);
        if balance < 1000 {
            return Err(self.busy(balance));
        }
        map.insert(
            key.to_string(),
            Bucket {
                milli: balance - 1000,
                at_ms: now_ms,
            },
        );
        Ok(())
    }

    /// Give back a token taken for an attempt that turned out legitimate (a sign-in with the
    /// right password).
    pub fn give_back(&self, key: &str, now_ms: i64) {
        if let Ok(mut map) = self.lock()
            && map.contains_key(key)
        {
            let milli = (self.balance(&mut map, key, now_ms) + 1000).min(self.full());
            map.insert(
                key.to_string(),
                Bucket {
                    milli,
                    at_ms: now_ms,
                },
            );
        }
    }
}

/// The limiter state of one server.
#[derive(Debug)]
pub struct Limiter {
    pub limits: LoginLimits,
    pub by_address: Buckets,
    pub by_name: Buckets,
}

impl Limiter {
    pub fn new(limits: LoginLimits) -> Limiter {
        Limiter {
            by_address: Buckets::new(limits.per_address_burst, limits.per_address_refill_ms),
            by_name: Buckets::new(limits.per_name_burst, limits.per_name_refill_ms),
            limits,
        }
    }
}

/// The key one client address counts under: the address itself, or for IPv6 its /64 (one
/// subscriber usually holds a whole /64 and could otherwise rotate through it).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's address: the socket's peer, unless the peer is a trusted proxy, in which case
/// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries further
/// left are whatever the client wrote and prove nothing).
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(xff) = forwarded_for else {
        return peer;
    };
    let mut client = peer;
    for entry in xff.rsplit(',') {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            // a malformed entry: stop at the last address a trusted hop vouched for
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_bucket_empties_refills_with_time_and_takes_back_a_good_attempt() {
        let b = Buckets::new(3, 1_000);
        for _ in 0..3 {
            b.take("a", 0).unwrap();
        }
        assert!(matches!(
            b.take("a", 0),
            Err(Error::TooManyRequests {
                retry_after_secs: 1
            })
        ));
        b.take("other", 0).unwrap();
        b.take("a", 1_000).unwrap();
        assert!(b.take("a", 1_500).is_err());
        b.give_back("a", 1_500);
        b.take("a", 1_500).unwrap();
        // long idle: full again, never more than the burst
        for _ in 0..3 {
            b.take("a", 1_000_000).unwrap();
        }
        assert!(b.take("a", 1_000_000).is_err());
        // checked first, charged on failure: concurrent failures go into debt, and the debt
        // is paid in time
        let c = Buckets::new(2, 1_000);
        for _ in 0..5 {
            c.check("k", 0).unwrap();
        }
        for _ in 0..5 {
            c.charge("k", 0);
        }
        assert!(matches!(
            c.check("k", 0),
            Err(Error::TooManyRequests {
                retry_after_secs: 3
            })
        ));
        assert!(c.check("k", 2_999).is_err());
        c.check("k", 3_000).unwrap();
        let slow = Buckets::new(1, 12_000);
        slow.take("n", 0).unwrap();
        assert!(matches!(
            slow.take("n", 1),
            Err(Error::TooManyRequests {
                retry_after_secs: 12
            })
        ));
    }

    #[test]
    fn the_client_address_is_the_socket_unless_a_trusted_proxy_says_otherwise() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let xff = Some("198.51.100.1, 192.0.2.7");
        assert_eq!(client_ip(peer, xff, &[]), peer, "off by default");
        assert_eq!(client_ip(peer, xff, &[proxy]), peer, "an untrusted peer");
        assert_eq!(
            client_ip(proxy, xff, &[proxy]),
            "192.0.2.7".parse::<IpAddr>().unwrap(),
            "the entry the proxy appended, not what the client wrote before it"
        );
        assert_eq!(
            client_ip(proxy, Some("192.0.2.7, 127.0.0.1"), &[proxy]),
            "192.0.2.7".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(proxy, Some("garbage"), &[proxy]), proxy);
        assert_eq!(client_ip(proxy, None, &[proxy]), proxy);
        assert_eq!(
            address_key("2001:db8:1:2:3:4:5:6".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            address_key("::ffff:192.0.2.1".parse().unwrap()),
            "192.0.2.1"
        );
    }
}

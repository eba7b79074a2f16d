//! The clock and the source of randomness the core reads: the time of every record, change and
//! log row, and every new id, actor, device id and key. Injected, with the system's as the
//! default, so a simulation can run the real code on a clock it moves itself and a seeded
//! random source, and replay a seed to the same bytes (as FoundationDB's simulation and
//! TigerBeetle's VOPR do). Nothing else in the core reads the time or asks for randomness.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use automerge::ActorId;
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

use crate::time::{Day, Ts};

/// What time it is.
pub trait Clock: Send + Sync + 'static {
    /// The wall-clock time, for what is stored and shown.
    fn now(&self) -> Ts;

    /// Time since an arbitrary start that never goes back, for measuring how long something
    /// took (a wall clock can be set back).
    fn monotonic(&self) -> Duration;
}

/// Random bytes, for ids and keys. The system's must be cryptographically secure: device keys
/// and session secrets come from it.
pub trait Entropy: Send + Sync + 'static {
    fn fill(&self, buf: &mut [u8]);
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Ts {
        Ts::from_millis(chrono::Utc::now().timestamp_millis())
    }

    fn monotonic(&self) -> Duration {
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed()
    }
}

/// The operating system's randomness, through the thread's CSPRNG (seeded from the OS).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn fill(&self, buf: &mut [u8]) {
        rand::rng().fill_bytes(buf);
    }
}

/// A clock that stands still until it is moved: simulations and tests.
#[derive(Debug)]
pub struct ManualClock {
    ms: AtomicI64,
}

impl ManualClock {
    pub fn new(start: Ts) -> Self {
        ManualClock {
            ms: AtomicI64::new(start.millis()),
        }
    }

    pub fn advance_ms(&self, ms: i64) {
        self.ms.fetch_add(ms.max(0), Ordering::SeqCst);
    }

    pub fn set(&self, at: Ts) {
        self.ms.store(at.millis(), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Ts {
        Ts::from_millis(self.ms.load(Ordering::SeqCst))
    }

    fn monotonic(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.ms.load(Ordering::SeqCst)).unwrap_or(0))
    }
}

/// Randomness from a seed: the same seed gives the same bytes, in the same order of calls.
/// Never for real devices or servers.
#[derive(Debug)]
pub struct SeededEntropy {
    rng: Mutex<StdRng>,
}

impl SeededEntropy {
    pub fn new(seed: u64) -> Self {
        SeededEntropy {
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
        }
    }
}

impl Entropy for SeededEntropy {
    fn fill(&self, buf: &mut [u8]) {
        // a panic elsewhere cannot leave the generator half-updated
        self.rng
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .fill_bytes(buf);
    }
}

/// The clock and randomness a store or a server runs on. Cheap to clone (shared).
#[derive(Clone)]
pub struct Env {
    clock: Arc<dyn Clock>,
    entropy: Arc<dyn Entropy>,
    /// The last id handed out, so ids from one source always increase, also within a
    /// millisecond (RFC 9562's monotonic UUIDv7).
    last_id: Arc<Mutex<u128>>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Env").finish_non_exhaustive()
    }
}

impl Default for Env {
    fn default() -> Self {
        Env::system()
    }
}

/// The bits of a UUIDv7 after the version nibble and the variant: what counts up within a
/// millisecond.
const RAND_B_BITS: u32 = 62;

impl Env {
    /// The system clock and the operating system's randomness.
    pub fn system() -> Env {
        Env::new(Arc::new(SystemClock), Arc::new(SystemEntropy))
    }

    pub fn new(clock: Arc<dyn Clock>, entropy: Arc<dyn Entropy>) -> Env {
        Env {
            clock,
            entropy,
            last_id: Arc::new(Mutex::new(0)),
        }
    }

    /// A clock standing at `start` that the caller moves, and randomness from `seed`: the
    /// same seed and the same moves give the same ids, keys and times.
    pub fn simulated(seed: u64, start: Ts) -> (Env, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new(start));
        (
            Env::new(clock.clone(), Arc::new(SeededEntropy::new(seed))),
            clock,
        )
    }

    pub fn now(&self) -> Ts {
        self.clock.now()
    }

    /// See [`Clock::monotonic`].
    pub fn monotonic(&self) -> Duration {
        self.clock.monotonic()
    }

    /// Today on the UTC calendar.
    pub fn today_utc(&self) -> Day {
        Day(self.now().date_utc())
    }

    /// Today in an IANA zone (UTC if the zone is unknown): the date a rep sees on the phone.
    pub fn today_in(&self, zone: &str) -> Day {
        Day::at_in(self.now(), zone)
    }

    pub fn fill(&self, buf: &mut [u8]) {
        self.entropy.fill(buf);
    }

    /// A fresh time-ordered record id (UUIDv7), greater than every id this source made before.
    pub fn new_id(&self) -> String {
        let mut random = [0u8; 10];
        self.fill(&mut random);
        let ms = u64::try_from(self.now().millis()).unwrap_or(0);
        let candidate = uuid::Builder::from_unix_timestamp_millis(ms, &random)
            .into_uuid()
            .as_u128();
        let mut last = self.last_id.lock().unwrap_or_else(|p| p.into_inner());
        let id = if candidate > *last {
            candidate
        } else {
            next_after(*last)
        };
        *last = id;
        uuid::Uuid::from_u128(id).to_string()
    }

    /// A random UUID (v4): device ids.
    pub fn new_uuid(&self) -> String {
        let mut bytes = [0u8; 16];
        self.fill(&mut bytes);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// A new Automerge actor: the writer id of a device's or a server's changes.
    pub fn new_actor(&self) -> ActorId {
        let mut bytes = [0u8; 16];
        self.fill(&mut bytes);
        ActorId::from(bytes)
    }
}

/// The UUIDv7 right after `last`: its counter bits plus one, or, when they are all used, the
/// next millisecond with the counter at zero.
fn next_after(last: u128) -> u128 {
    let mask = (1u128 << RAND_B_BITS) - 1;
    if last & mask != mask {
        return last + 1;
    }
    let ms = (last >> 80) as u64 + 1;
    uuid::Builder::from_unix_timestamp_millis(ms, &[0; 10])
        .into_uuid()
        .as_u128()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_within_a_millisecond_and_are_version_7() {
        let (env, _clock) = Env::simulated(1, Ts::from_millis(1_800_000_000_000));
        let ids: Vec<String> = (0..1000).map(|_| env.new_id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, ids, "strictly increasing");
        for id in &ids {
            let u = uuid::Uuid::parse_str(id).unwrap();
            assert_eq!(u.get_version_num(), 7);
            assert_eq!(u.get_variant(), uuid::Variant::RFC4122);
        }
        // a full counter rolls into the next millisecond, still a valid v7
        let last = uuid::Uuid::parse_str(&ids[999]).unwrap().as_u128();
        let full = last | ((1u128 << RAND_B_BITS) - 1);
        let next = uuid::Uuid::from_u128(next_after(full));
        assert!(next.as_u128() > full);
        assert_eq!(next.get_version_num(), 7);
        assert_eq!(next.get_variant(), uuid::Variant::RFC4122);
    }

    #[test]
    fn a_seed_replays_and_the_clock_moves_only_when_told() {
        let run = || {
            let (env, clock) = Env::simulated(42, Ts::from_millis(1_800_000_000_000));
            let a = (env.new_id(), env.new_uuid(), env.new_actor(), env.now());
            clock.advance_ms(1_500);
            (a, env.new_id(), env.now())
        };
        let (first, second) = (run(), run());
        assert_eq!(first, second);
        assert_eq!(first.2.millis() - first.0.3.millis(), 1_500);
        let other = Env::simulated(43, Ts::from_millis(1_800_000_000_000)).0;
        assert_ne!(other.new_uuid(), first.0.1);
    }

    #[test]
    fn the_system_env_reads_the_system_clock() {
        let before = chrono::Utc::now().timestamp_millis();
        let now = Env::system().now().millis();
        assert!(now >= before && now - before < 60_000);
        assert_ne!(Env::system().new_uuid(), Env::system().new_uuid());
    }
}

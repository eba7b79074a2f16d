//! `fieldsales bench login`: what wrong-password sign-ins cost a server and gain an attacker,
//! over HTTP on loopback against a server in this process at the standard argon2 cost.
//!
//! - memory: `concurrent` clients at once, each sending wrong passwords (half for a user that
//!   exists, half for names that do not), with the rate limits lifted so every one is hashed;
//!   the process's peak resident memory (VmHWM) is the figure, the server's bounded hashing is
//!   what keeps it flat;
//! - the oracle: the median answer time for a user that exists and for one that does not;
//! - guessing: `concurrent` clients guessing one user's password for `seconds` with the
//!   server's default limits; the figure is the guesses the server actually checked per second
//!   (the rest were answered 429 without a password check).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fieldsales_core::records::Role;
use fieldsales_core::sync::protocol::LoginRequest;
use fieldsales_core::sync::{Transport, TransportError};
use fieldsales_http::HttpTransport;
use fieldsales_server::Api;
use fieldsales_server::http::Background;
use fieldsales_server::limits::LoginLimits;
use serde::Serialize;

use super::{Figure, percentile, print_figures};
use crate::error::{CliError, CliResult, internal};

const VICTIM_PASSWORD: &str = "bench-victim-secret";

#[derive(Debug, Clone, Serialize)]
pub struct LoginBench {
    pub concurrent: usize,
    pub hash_permits: usize,
    pub guess_seconds: u64,
    pub figures: Vec<Figure>,
}

fn srv(e: fieldsales_server::Error) -> CliError {
    internal(format!("bench server: {e}"))
}

/// A field of /proc/self/status in MiB (Linux; 0 elsewhere).
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A server with one user, `victim`, on loopback.
fn server(dir: &std::path::Path, limits: LoginLimits) -> CliResult<(Arc<Api>, Background)> {
    let api = Api::open(dir).map_err(srv)?.with_limits(limits);
    let t = api.service.create_territory("t", None).map_err(srv)?;
    api.service
        .create_user("victim", VICTIM_PASSWORD, Role::Rep, &[t.id])
        .map_err(srv)?;
    let api = Arc::new(api);
    let http = Background::start(api.clone())?;
    Ok((api, http))
}

fn attempt(tr: &HttpTransport, user: &str, device: &str) -> Result<(), TransportError> {
    tr.login(&LoginRequest {
        user: user.to_string(),
        password: "not-the-password".into(),
        device_id: device.to_string(),
        public_key: None,
    })
    .map(|_| ())
}

/// Run `client` on `concurrent` threads at once, each with its own HTTP client to `url`;
/// the first failure of any fails the run.
fn clients(
    concurrent: usize,
    url: &str,
    client: impl Fn(usize, &HttpTransport) -> Result<(), TransportError> + Sync,
) -> CliResult {
    std::thread::scope(|s| -> CliResult {
        let workers: Vec<_> = (0..concurrent)
            .map(|i| {
                let client = &client;
                s.spawn(move || client(i, &HttpTransport::new(url)?))
            })
            .collect();
        for w in workers {
            w.join()
                .map_err(|_| internal("a bench client panicked"))?
                .map_err(fieldsales_core::Error::from)?;
        }
        Ok(())
    })
}

fn no_limits() -> LoginLimits {
    LoginLimits {
        per_address_burst: u32::MAX,
        per_address_refill_ms: 1,
        per_name_burst: u32::MAX,
        per_name_refill_ms: 1,
        lock_after_failures: u32::MAX,
        ..LoginLimits::default()
    }
}

pub fn run(concurrent: usize, seconds: u64) -> CliResult<LoginBench> {
    let dir = tempfile::tempdir()?;
    let mut figures = Vec::new();

    // memory: every attempt reaches argon2
    let (api, http) = server(&dir.path().join("a"), no_limits())?;
    let hash_permits = api.hashes.permits();
    let rss_before = status_mib("VmRSS:");
    let rounds = 4;
    let started = Instant::now();
    clients(concurrent, &http.url, |i, tr| {
        let user = if i % 2 == 0 {
            "victim".to_string()
        } else {
            format!("nobody{i}")
        };
        for _ in 0..rounds {
            match attempt(tr, &user, &format!("d{i}")) {
                Err(TransportError::Unauthorized(_)) => {}
                other => {
                    return Err(TransportError::Server(format!(
                        "a wrong password was answered {other:?}"
                    )));
                }
            }
        }
        Ok(())
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    figures.push(Figure {
        name: "resident memory before the logins",
        value: rss_before,
        unit: "MiB",
        budget: None,
    });
    figures.push(Figure {
        name: "peak resident memory (process, VmHWM)",
        value: status_mib("VmHWM:"),
        unit: "MiB",
        budget: None,
    });
    figures.push(Figure {
        name: "wrong-password logins checked",
        value: ((concurrent * rounds) as f64) / elapsed,
        unit: "/s",
        budget: None,
    });

    // the oracle: one client, known and unknown names in turn
    let tr = HttpTransport::new(&http.url).map_err(fieldsales_core::Error::from)?;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..20 {
        for (user, into) in [("victim", &mut known), ("nobody", &mut unknown)] {
            let t = Instant::now();
            let _ = attempt(&tr, user, &format!("o{i}"));
            into.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    figures.push(Figure {
        name: "wrong password, user exists: median",
        value: percentile(&mut known, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "wrong password, no such user: median",
        value: percentile(&mut unknown, 0.5),
        unit: "ms",
        budget: None,
    });
    drop(http);

    // guessing one user's password with the default limits
    let (api, http) = server(&dir.path().join("b"), LoginLimits::default())?;
    let checked = AtomicU64::new(0);
    let throttled = AtomicU64::new(0);
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    clients(concurrent, &http.url, |i, tr| {
        while Instant::now() < until {
            match attempt(tr, "victim", &format!("g{i}")) {
                Err(TransportError::Unauthorized(_)) => {
                    checked.fetch_add(1, Ordering::Relaxed);
                }
                Err(TransportError::Refused { status: 429, .. }) => {
                    throttled.fetch_add(1, Ordering::Relaxed);
                }
                other => {
                    return Err(TransportError::Server(format!(
                        "a guess was answered {other:?}"
                    )));
                }
            }
        }
        Ok(())
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    figures.push(Figure {
        name: "guesses checked for one user name",
        value: checked.load(Ordering::Relaxed) as f64 / elapsed,
        unit: "/s",
        budget: None,
    });
    figures.push(Figure {
        name: "guesses answered 429 unchecked",
        value: throttled.load(Ordering::Relaxed) as f64 / elapsed,
        unit: "/s",
        budget: None,
    });
    figures.push(Figure {
        name: "password checks by the server in all",
        value: api.hashes.verifications() as f64,
        unit: "",
        budget: None,
    });
    Ok(LoginBench {
        concurrent,
        hash_permits,
        guess_seconds: seconds,
        figures,
    })
}

pub fn print(b: &LoginBench) {
    println!(
        "{} concurrent clients, {} password checks at a time, guessing for {} s\n",
        b.concurrent, b.hash_permits, b.guess_seconds
    );
    print_figures(&b.figures);
}

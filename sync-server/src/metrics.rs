//! Prometheus text exposition of the server's counters and the sync latency histogram.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use fieldsales_core::sync::protocol::RejectReason;

const BUCKETS_MS: [f64; 9] = [1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0];

#[derive(Default)]
pub struct Metrics {
    pub syncs: AtomicU64,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub pushed: AtomicU64,
    pub accepted: AtomicU64,
    pub pulled: AtomicU64,
    pub logins_ok: AtomicU64,
    pub logins_failed: AtomicU64,
    /// Sign-ins answered 429 (rate limit or lockout) before any password was checked.
    pub logins_throttled: AtomicU64,
    /// Requests without a valid token answered 429 for their address.
    pub unauthenticated_throttled: AtomicU64,
    pub bad_requests: AtomicU64,
    rejected: Mutex<BTreeMap<String, u64>>,
    latency: Mutex<([u64; 9], u64, f64)>,
}

impl Metrics {
    pub fn add(c: &AtomicU64, n: u64) {
        c.fetch_add(n, Ordering::Relaxed);
    }

    pub fn rejected(&self, reason: &RejectReason) {
        if let Ok(mut m) = self.rejected.lock() {
            *m.entry(reason.as_str().to_string()).or_default() += 1;
        }
    }

    pub fn observe_ms(&self, ms: f64) {
        if let Ok(mut l) = self.latency.lock() {
            for (i, b) in BUCKETS_MS.iter().enumerate() {
                if ms <= *b {
                    l.0[i] += 1;
                }
            }
            l.1 += 1;
            l.2 += ms / 1000.0;
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, v: u64| {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}\n"
            ));
        };
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        counter(
            "fieldsales_syncs_total",
            "Sync requests answered.",
            g(&self.syncs),
        );
        counter(
            "fieldsales_sync_bytes_in_total",
            "Sync request bytes.",
            g(&self.bytes_in),
        );
        counter(
            "fieldsales_sync_bytes_out_total",
            "Sync response bytes.",
            g(&self.bytes_out),
        );
        counter(
            "fieldsales_pushed_documents_total",
            "Documents pushed.",
            g(&self.pushed),
        );
        counter(
            "fieldsales_accepted_documents_total",
            "Documents accepted.",
            g(&self.accepted),
        );
        counter(
            "fieldsales_pulled_documents_total",
            "Documents sent to devices.",
            g(&self.pulled),
        );
        counter(
            "fieldsales_bad_requests_total",
            "Requests refused with a 4xx.",
            g(&self.bad_requests),
        );
        counter(
            "fieldsales_unauthenticated_throttled_total",
            "Requests without a valid token answered 429.",
            g(&self.unauthenticated_throttled),
        );
        out.push_str("# HELP fieldsales_logins_total Logins by outcome.\n# TYPE fieldsales_logins_total counter\n");
        out.push_str(&format!(
            "fieldsales_logins_total{{outcome=\"ok\"}} {}\n",
            g(&self.logins_ok)
        ));
        out.push_str(&format!(
            "fieldsales_logins_total{{outcome=\"failed\"}} {}\n",
            g(&self.logins_failed)
        ));
        out.push_str(&format!(
            "fieldsales_logins_total{{outcome=\"throttled\"}} {}\n",
            g(&self.logins_throttled)
        ));
        out.push_str("# HELP fieldsales_rejections_total Rejected documents by reason.\n# TYPE fieldsales_rejections_total counter\n");
        if let Ok(m) = self.rejected.lock() {
            for (reason, n) in m.iter() {
                out.push_str(&format!(
                    "fieldsales_rejections_total{{reason=\"{reason}\"}} {n}\n"
                ));
            }
        }
        out.push_str("# HELP fieldsales_sync_seconds Sync handling time.\n# TYPE fieldsales_sync_seconds histogram\n");
        if let Ok(l) = self.latency.lock() {
            for (i, b) in BUCKETS_MS.iter().enumerate() {
                out.push_str(&format!(
                    "fieldsales_sync_seconds_bucket{{le=\"{}\"}} {}\n",
                    b / 1000.0,
                    l.0[i]
                ));
            }
            out.push_str(&format!(
                "fieldsales_sync_seconds_bucket{{le=\"+Inf\"}} {}\n",
                l.1
            ));
            out.push_str(&format!(
                "fieldsales_sync_seconds_sum {}\nfieldsales_sync_seconds_count {}\n",
                l.2, l.1
            ));
        }
        out
    }
}

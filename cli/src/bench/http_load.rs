//! Many devices' prepared sync requests sent at once over HTTP, flat out or paced.

use std::time::Instant;

use fieldsales_core::sync;

use crate::error::{CliResult, internal};

/// A device's token and its prepared request bodies, to send in order.
pub type Prepared = Vec<(String, Vec<Vec<u8>>)>;

/// Send each device's prepared requests in order, all devices at once, on a small client
/// runtime; every answer must accept its push. With `rate` (syncs/s over all devices), each
/// request has a scheduled time and its latency counts from then (a late server is not
/// excused by sending later). Returns latencies (ms) and the wall time (s).
pub fn send_concurrently(
    url: &str,
    prepared: Prepared,
    rate: Option<f64>,
) -> CliResult<(Vec<f64>, f64)> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let client = reqwest::Client::builder()
        .build()
        .map_err(|e| internal(format!("bench client: {e}")))?;
    let endpoint = format!("{url}/v1/sync");
    rt.block_on(async move {
        let started = Instant::now();
        let devices = prepared.len().max(1) as f64;
        let mut tasks = tokio::task::JoinSet::new();
        for (i, (token, bodies)) in prepared.into_iter().enumerate() {
            let (client, endpoint) = (client.clone(), endpoint.clone());
            tasks.spawn(async move {
                let mut lat = Vec::with_capacity(bodies.len());
                for (k, body) in bodies.into_iter().enumerate() {
                    let t = match rate {
                        Some(r) => {
                            // device i sends every devices/r seconds, offset by i/r
                            let at = started
                                + std::time::Duration::from_secs_f64(
                                    (i as f64 + k as f64 * devices) / r,
                                );
                            tokio::time::sleep_until(at.into()).await;
                            at
                        }
                        None => Instant::now(),
                    };
                    let resp = client
                        .post(&endpoint)
                        .bearer_auth(&token)
                        .body(body)
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    let status = resp.status();
                    let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    if !status.is_success() {
                        return Err(format!("sync answered {status}"));
                    }
                    let r: sync::protocol::SyncResponse =
                        sync::protocol::decode(&bytes, usize::MAX).map_err(|e| e.to_string())?;
                    if r.accepted.len() != 1 || !r.rejected.is_empty() {
                        return Err(format!("a push was not accepted: {:?}", r.rejected));
                    }
                }
                Ok::<_, String>(lat)
            });
        }
        let mut all = Vec::new();
        while let Some(done) = tasks.join_next().await {
            let lat = done
                .map_err(|e| internal(format!("a bench device failed: {e}")))?
                .map_err(|e| internal(format!("a bench device failed: {e}")))?;
            all.extend(lat);
        }
        Ok((all, started.elapsed().as_secs_f64()))
    })
}

//! `fieldsales bench sync`: the sync budgets in one run, against a server in this process (a
//! reconnect, a reconnect after 1% changed, a first sync of a 50k-record territory) and over
//! HTTP on loopback (200 concurrent devices).

use std::sync::Arc;
use std::time::Instant;

use fieldsales_core::Env;
use fieldsales_core::Error;
use fieldsales_core::generate::{GenerateOptions, generate};
use fieldsales_core::records::{Account, Role};
use fieldsales_core::sync::{self, Transport, session};
use fieldsales_http::HttpTransport;
use fieldsales_server::http::Background;
use fieldsales_server::{Api, InProcess};
use serde::Serialize;

use super::http_load::{Prepared, send_concurrently};
use super::{Budget, Figure, percentile, print_figures};
use crate::error::{CliError, CliResult, internal};

#[derive(Debug, Clone, Serialize)]
pub struct SyncBench {
    pub territory_documents: u64,
    pub load_seconds: f64,
    pub figures: Vec<Figure>,
}

fn srv(e: fieldsales_server::Error) -> CliError {
    internal(format!("bench server: {e}"))
}

pub fn run(devices: usize, syncs_per_device: usize) -> CliResult<SyncBench> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("srv");
    let mut figures = Vec::new();

    // load a 50k-record territory through ordinary pushes (commits without fsync, to load fast)
    let started = Instant::now();
    let (territory, total) = {
        let api = Arc::new(Api::open_with(&data, false).map_err(srv)?);
        let t = api.service.create_territory("Bench", None).map_err(srv)?;
        api.service
            .create_user("root", "bench-root", Role::Admin, &[])
            .map_err(srv)?;
        api.service
            .create_user(
                "rep",
                "bench-rep-secret",
                Role::Rep,
                std::slice::from_ref(&t.id),
            )
            .map_err(srv)?;
        let tr = InProcess(api.clone());
        let mut root = session::login(
            &dir.path().join("root.db"),
            &tr,
            "inprocess://",
            "root",
            "bench-root",
        )?;
        let opts = GenerateOptions {
            accounts: 8_000,
            products: 200,
            orders: 20_000,
            visits: 6_000,
            seed: 42,
            today: root.env().today_utc(),
            territory_id: Some(t.id.clone()),
            locale: Default::default(),
        };
        generate(&mut root, &opts, &mut |_| {})?;
        let total: i64 = root
            .conn()
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .map_err(Error::from)?;
        sync::sync(&mut root, &tr, &mut |_| Ok(()))?;
        (t.id, total as u64)
    };
    let load_seconds = started.elapsed().as_secs_f64();

    // from here on the server commits durably, as it serves devices
    let api = Arc::new(Api::open(&data).map_err(srv)?);
    let tr = InProcess(api.clone());
    let mut rep = session::login(
        &dir.path().join("rep.db"),
        &tr,
        "inprocess://",
        "rep",
        "bench-rep-secret",
    )?;
    let r = sync::sync(&mut rep, &tr, &mut |_| Ok(()))?;
    let rate = r.pulled as f64 / (r.duration_ms.max(1) as f64 / 1000.0);
    let device_rate = r.pulled as f64 / (r.apply_ms.max(1) as f64 / 1000.0);
    figures.push(Figure {
        name: "first sync of the territory: documents",
        value: r.pulled as f64,
        unit: "",
        budget: None,
    });
    figures.push(Figure {
        name: "first sync: round trips",
        value: r.round_trips as f64,
        unit: "",
        budget: None,
    });
    figures.push(Figure {
        name: "first sync: records/s end to end (server + device, one process)",
        value: rate,
        unit: "/s",
        budget: None,
    });
    figures.push(Figure {
        name: "first sync: records/s applied on the device",
        value: device_rate,
        unit: "/s",
        budget: Some(Budget::AtLeast(20_000.0)),
    });

    let r = sync::sync(&mut rep, &tr, &mut |_| Ok(()))?;
    figures.push(Figure {
        name: "reconnect, nothing new: round trips",
        value: r.round_trips as f64,
        unit: "",
        budget: Some(Budget::Below(1.5)),
    });
    figures.push(Figure {
        name: "reconnect, nothing new: bytes up + down",
        value: (r.bytes_up + r.bytes_down) as f64,
        unit: "B",
        budget: Some(Budget::Below(2048.0)),
    });

    // 1% of 20k documents change elsewhere
    let mut root = session::login(
        &dir.path().join("root.db"),
        &tr,
        "inprocess://",
        "root",
        "bench-root",
    )?;
    let ids: Vec<String> = root
        .list::<Account>(&fieldsales_core::store::ListQuery::default().limit(200))?
        .into_iter()
        .map(|a| a.id)
        .collect();
    for (i, id) in ids.iter().enumerate() {
        root.update::<Account>(id, |a| {
            a.phone = format!("+49 30 {i:07}");
            Ok(())
        })?;
    }
    let pushed = sync::sync(&mut root, &tr, &mut |_| Ok(()))?;
    // the size of the changes as pushed (framing included)
    let change_bytes = pushed.bytes_up;
    let r = sync::sync(&mut rep, &tr, &mut |_| Ok(()))?;
    figures.push(Figure {
        name: "reconnect after 1% of 20k changed: round trips",
        value: r.round_trips as f64,
        unit: "",
        budget: Some(Budget::Below(2.5)),
    });
    figures.push(Figure {
        name: "  bytes down / bytes of the changes pushed",
        value: r.bytes_down as f64 / change_bytes.max(1) as f64,
        unit: "x",
        budget: Some(Budget::Below(1.5)),
    });
    drop(rep);

    // a manager's view on the server over the whole territory (the admin's scope)
    let token = root
        .meta("token")?
        .ok_or_else(|| internal("the bench admin has no token"))?;
    let period = Env::system().today_utc().0.format("%Y-%m").to_string();
    let t = Instant::now();
    let rows = tr
        .report(&token, "kpi", &period, Some("territory"))
        .map_err(Error::from)?;
    figures.push(Figure {
        name: "server: manager's KPI view over the territory",
        value: t.elapsed().as_secs_f64() * 1000.0,
        unit: "ms",
        budget: None,
    });
    if rows.as_array().is_none_or(|r| r.is_empty()) {
        return Err(internal("the server's KPI view was empty"));
    }

    // 200 devices over HTTP, each pushing small changes: requests are prepared by real device
    // stores beforehand, then sent concurrently, so the figure is the server's, not the
    // devices' own storage on the same two cores
    let server = Background::start(api.clone())?;
    let mut prepared: Prepared = Vec::new();
    for i in 0..devices {
        let name = format!("dev{i}");
        api.service
            .create_user(
                &name,
                "bench-dev-secret",
                Role::Rep,
                std::slice::from_ref(&territory),
            )
            .map_err(srv)?;
        let http = HttpTransport::new(&server.url).map_err(Error::from)?;
        let mut s = session::login(
            &dir.path().join(format!("{name}.db")),
            &http,
            &server.url,
            &name,
            "bench-dev-secret",
        )?;
        // skip the territory's bootstrap: these devices measure small pushes
        s.set_sync_cursor(&fieldsales_core::sync::protocol::Cursor {
            seq: api.store_max_seq(),
            snapshot_after: None,
        })?;
        let token = s
            .meta("token")?
            .ok_or_else(|| internal("a bench device has no token"))?;
        let mut bodies = Vec::new();
        for k in 0..syncs_per_device {
            s.create_task(&format!("call back #{k}"), None, None)?;
            let (req, pending) = sync::engine::build_request(&mut s, 1_000)?;
            for p in &pending {
                s.mark_clean(p)?;
            }
            bodies.push(sync::protocol::encode(&req));
        }
        prepared.push((token, bodies));
    }
    // half the requests as fast as the server answers (its capacity), the other half paced
    // at the budget's 1,000 syncs/s, latency counted from each request's scheduled time
    let (flat_out, paced): (Vec<_>, Vec<_>) = prepared
        .into_iter()
        .map(|(token, mut bodies)| {
            let second = bodies.split_off(bodies.len() / 2);
            ((token.clone(), bodies), (token, second))
        })
        .unzip();
    let (lat, secs) = send_concurrently(&server.url, flat_out, None)?;
    figures.push(Figure {
        name: "server: small-push syncs/s, devices flat out",
        value: lat.len() as f64 / secs,
        unit: "/s",
        budget: Some(Budget::AtLeast(1_000.0)),
    });
    let (mut lat, secs) = send_concurrently(&server.url, paced, Some(1_000.0))?;
    figures.push(Figure {
        name: "server: syncs/s offered at 1,000/s",
        value: lat.len() as f64 / secs,
        unit: "/s",
        budget: None,
    });
    figures.push(Figure {
        name: "  latency p50 at 1,000/s (client-measured)",
        value: percentile(&mut lat, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "  latency p99 at 1,000/s (client-measured)",
        value: percentile(&mut lat, 0.99),
        unit: "ms",
        budget: Some(Budget::Below(50.0)),
    });
    drop(server);
    Ok(SyncBench {
        territory_documents: total,
        load_seconds,
        figures,
    })
}

pub fn print(b: &SyncBench) {
    println!(
        "territory of {} documents, loaded through pushes in {:.1} s\n",
        b.territory_documents, b.load_seconds
    );
    print_figures(&b.figures);
}

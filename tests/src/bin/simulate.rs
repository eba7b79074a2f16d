//! `simulate --seeds N [--first-seed S] --devices D --ops O`: run the seeded simulation on N
//! seeds from S; stop at the first seed whose invariants fail, naming it.

use std::process::ExitCode;
use std::time::Instant;

use fieldsales_tests::sim::{SimConfig, run};

fn arg(args: &[String], name: &str, default: u64) -> Result<u64, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .ok_or_else(|| format!("{name} needs a value"))?
            .parse()
            .map_err(|_| format!("{name} takes a whole number")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let parsed = (|| -> Result<(u64, u64, u64, u64), String> {
        Ok((
            arg(&args, "--seeds", 10)?,
            arg(&args, "--first-seed", 1)?,
            arg(&args, "--devices", 5)?,
            arg(&args, "--ops", 200)?,
        ))
    })();
    let (seeds, first, devices, ops) = match parsed {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "simulate: {e}\nusage: simulate --seeds N [--first-seed S] --devices D --ops O"
            );
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    // seeds are independent and mostly wait on fsync: run them on a few threads; each seed
    // is deterministic whichever thread runs it
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get() * 2) as u64;
    let next = std::sync::atomic::AtomicU64::new(first);
    let failed = std::sync::Mutex::new(None::<(u64, Vec<String>)>);
    let totals = std::sync::Mutex::new((0usize, 0u64, 0usize, 0u64, 0usize));
    std::thread::scope(|scope| {
        for _ in 0..threads.min(seeds.max(1)) {
            scope.spawn(|| {
                loop {
                    let seed = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let stop = failed.lock().map_or(true, |f| f.is_some());
                    if seed >= first + seeds || stop {
                        return;
                    }
                    let cfg = SimConfig {
                        seed,
                        devices: devices as usize,
                        ops: ops as usize,
                    };
                    let (report, findings) = run(&cfg);
                    if let Ok(mut t) = totals.lock() {
                        t.0 += report.writes_acknowledged;
                        t.1 += report.faults.total();
                        t.2 += report.syncs;
                        t.3 += report.faults.restarts;
                        t.4 += report.quotes_signed;
                    }
                    if !findings.is_empty()
                        && let Ok(mut f) = failed.lock()
                        && f.as_ref().is_none_or(|(s, _)| *s > seed)
                    {
                        *f = Some((seed, findings));
                    }
                }
            });
        }
    });
    if let Some((seed, findings)) = failed.into_inner().ok().flatten() {
        for f in &findings {
            eprintln!("  {f}");
        }
        println!(
            "seed {seed} FAILED ({} findings); replay: simulate --seeds 1 --first-seed {seed} --devices {devices} --ops {ops}",
            findings.len()
        );
        return ExitCode::FAILURE;
    }
    let (writes, faults, syncs, restarts, quotes) = totals.into_inner().unwrap_or_default();
    println!(
        "{seeds} seeds from {first} clean: {devices} devices x {ops} operations, {writes} acknowledged writes ({quotes} quotes signed), {syncs} syncs, {faults} network faults ({restarts} server restarts), {:.1} s",
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

//! Creating a store, seeding it, benchmarking it.

use std::path::Path;

use clap::{Args, Subcommand};
use fieldsales_core::generate::{GenerateOptions, Progress, generate};
use fieldsales_core::records::Role;
use fieldsales_core::time::Day;
use fieldsales_core::{InitOptions, Store};
use indicatif::{ProgressBar, ProgressStyle};

use super::CliResult;
use crate::output::Out;

#[derive(Args)]
pub struct InitArgs {
    #[arg(long)]
    user_name: String,
    #[arg(long, value_parser = ["rep", "manager", "admin"])]
    role: String,
    /// IANA zone of the user's working day.
    #[arg(long, default_value = "UTC")]
    zone: String,
    /// Currency for accounts without a price list.
    #[arg(long, default_value = "EUR")]
    currency: String,
}

pub fn init(db: &Path, a: InitArgs, out: &Out) -> CliResult {
    let mut opts = InitOptions::new(a.user_name, Role::parse(&a.role)?);
    opts.zone = a.zone;
    opts.currency = a.currency;
    let store = Store::init(db, opts)?;
    let id = store.identity();
    out.emit(id, || {
        println!(
            "initialised {} for {} ({}), device {}",
            db.display(),
            id.user_name,
            id.role,
            id.device_id
        )
    })
}

pub fn whoami(store: &Store, out: &Out) -> CliResult {
    let id = store.identity();
    out.emit(id, || {
        println!(
            "{} ({}), device {}, zone {}, server {}",
            id.user_name,
            id.role,
            id.device_id,
            id.zone,
            id.server_url.as_deref().unwrap_or("none (standalone)")
        )
    })
}

#[derive(Args)]
pub struct SeedArgs {
    #[arg(long, default_value_t = 1000)]
    accounts: usize,
    #[arg(long, default_value_t = 200)]
    products: usize,
    #[arg(long, default_value_t = 2000)]
    orders: usize,
    #[arg(long, default_value_t = 1000)]
    visits: usize,
    /// Same seed, same data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The day the data is generated around (default: today, UTC).
    #[arg(long)]
    today: Option<String>,
    /// Create the store if it does not exist yet, for this user.
    #[arg(long, default_value = "seed")]
    user_name: String,
}

/// An indicatif bar on stderr that follows the generator's phases.
pub fn progress_bar(enabled: bool) -> (ProgressBar, impl FnMut(Progress)) {
    let bar = if enabled {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{prefix:>12} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let b = bar.clone();
    let f = move |p: Progress| {
        b.set_prefix(p.phase);
        b.set_length(p.total as u64);
        b.set_position(p.done as u64);
    };
    (bar, f)
}

pub fn seed(db: &Path, a: SeedArgs, out: &Out) -> CliResult {
    let mut store = if db.exists() {
        Store::open(db)?
    } else {
        Store::init(db, InitOptions::new(a.user_name.clone(), Role::Manager))?
    };
    let today = match &a.today {
        Some(d) => Day::parse(d)?,
        None => Day::today_utc(),
    };
    let opts = GenerateOptions {
        accounts: a.accounts,
        products: a.products,
        orders: a.orders,
        visits: a.visits,
        seed: a.seed,
        today,
        territory_id: None,
    };
    let (bar, mut progress) = progress_bar(true);
    let report = generate(&mut store, &opts, &mut progress)?;
    bar.finish_and_clear();
    out.emit(&report, || {
        println!(
            "seeded {} accounts, {} contacts, {} products, {} price lists, {} orders ({} lines), {} visits in {:.1} s",
            report.accounts,
            report.contacts,
            report.products,
            report.price_lists,
            report.orders,
            report.order_lines,
            report.visits,
            report.seconds
        )
    })
}

#[derive(Subcommand)]
pub enum BenchCmd {
    /// The device budgets on this store (seeded to 20k accounts / 50k orders if smaller).
    Local,
    /// The sync budgets, against a server in this process and on loopback.
    Sync {
        #[arg(long, default_value_t = 200)]
        devices: usize,
        #[arg(long, default_value_t = 10)]
        syncs_per_device: usize,
    },
    /// Every budget of DESIGN.md section 8: `local` on this store, then `sync`, with the
    /// machine they ran on.
    All {
        #[arg(long, default_value_t = 200)]
        devices: usize,
        #[arg(long, default_value_t = 10)]
        syncs_per_device: usize,
    },
}

/// Where a benchmark ran, printed with its figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub os: String,
}

impl Machine {
    fn here() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split(':').nth(1))
                    .map(|m| m.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            os: std::env::consts::OS.to_string(),
        }
    }
}

pub fn bench(db: &Path, cmd: BenchCmd, out: &Out) -> CliResult {
    match cmd {
        BenchCmd::Local => {
            let report = crate::benchmarks::run_local(db, !out.json)?;
            out.emit(&report, || crate::benchmarks::print_local(&report))
        }
        BenchCmd::Sync {
            devices,
            syncs_per_device,
        } => {
            let report = crate::bench_sync::run(devices, syncs_per_device)?;
            out.emit(&report, || crate::bench_sync::print(&report))
        }
        BenchCmd::All {
            devices,
            syncs_per_device,
        } => {
            let machine = Machine::here();
            let local = crate::benchmarks::run_local(db, !out.json)?;
            let sync = crate::bench_sync::run(devices, syncs_per_device)?;
            let all = serde_json::json!({ "machine": machine, "local": local, "sync": sync });
            out.emit(&all, || {
                println!(
                    "machine: {} cores, {}, {}\n",
                    machine.cores, machine.cpu, machine.os
                );
                println!("== device (bench local)");
                crate::benchmarks::print_local(&local);
                println!("\n== sync (bench sync)");
                crate::bench_sync::print(&sync);
            })
        }
    }
}

//! `fieldsales bench`: the performance budgets listed in docs/benchmarks.md, measured and
//! printed beside each budget, never asserted. `local` measures a device store, `sync` a
//! server in this process and on loopback, `all` both with the machine they ran on.

mod http_load;
mod local;
mod login;
mod sync;

use std::path::Path;

use clap::Subcommand;
use serde::Serialize;

use fieldsales_core::StoreKey;
use fieldsales_core::generate::Locale;

use crate::error::CliResult;
use crate::output::Out;

#[derive(Subcommand)]
pub enum BenchCmd {
    /// The device budgets on this store (seeded to 20k accounts / 50k orders if smaller).
    Local {
        /// Also run them on an encrypted copy of the (plain) store and print the overhead.
        #[arg(long)]
        encrypted: bool,
        /// The names' language when the store must be seeded first: de, th, zh or mixed
        /// (Thai and Chinese).
        #[arg(long, default_value = "de")]
        locale: Locale,
    },
    /// The sync budgets, against a server in this process and on loopback.
    Sync {
        #[arg(long, default_value_t = 200)]
        devices: usize,
        #[arg(long, default_value_t = 10)]
        syncs_per_device: usize,
    },
    /// Wrong-password sign-ins against a server on loopback: its peak memory under
    /// `concurrent` of them, and the guesses per second it checks for one user name
    /// (docs/reliability.md).
    Login {
        #[arg(long, default_value_t = 64)]
        concurrent: usize,
        #[arg(long, default_value_t = 30)]
        seconds: u64,
    },
    /// Every budget of docs/benchmarks.md: `local` on this store, then `sync`, with the
    /// machine they ran on.
    All {
        #[arg(long, default_value_t = 200)]
        devices: usize,
        #[arg(long, default_value_t = 10)]
        syncs_per_device: usize,
    },
}

pub fn run(db: &Path, key: Option<&StoreKey>, cmd: BenchCmd, out: &Out) -> CliResult {
    match cmd {
        BenchCmd::Local {
            encrypted: true,
            locale,
        } => {
            if key.is_some() {
                return Err(crate::error::usage(
                    "--encrypted makes its own encrypted copy of a plain store: drop --key-file",
                ));
            }
            let report = local::run_encrypted(db, !out.json, locale)?;
            out.emit(&report, || local::print_encrypted(&report))
        }
        BenchCmd::Local {
            encrypted: false,
            locale,
        } => {
            let report = local::run(db, key, !out.json, locale)?;
            out.emit(&report, || local::print(&report))
        }
        BenchCmd::Sync {
            devices,
            syncs_per_device,
        } => {
            let report = sync::run(devices, syncs_per_device)?;
            out.emit(&report, || sync::print(&report))
        }
        BenchCmd::Login {
            concurrent,
            seconds,
        } => {
            let report = login::run(concurrent, seconds)?;
            out.emit(&report, || login::print(&report))
        }
        BenchCmd::All {
            devices,
            syncs_per_device,
        } => {
            let machine = Machine::here();
            let local = local::run(db, key, !out.json, Locale::default())?;
            let sync = sync::run(devices, syncs_per_device)?;
            let all = serde_json::json!({ "machine": machine, "local": local, "sync": sync });
            out.emit(&all, || {
                println!(
                    "machine: {} cores, {}, {}\n",
                    machine.cores, machine.cpu, machine.os
                );
                println!("== device (bench local)");
                local::print(&local);
                println!("\n== sync (bench sync)");
                sync::print(&sync);
            })
        }
    }
}

/// Where a benchmark ran, printed with its figures.
#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub name: &'static str,
    pub value: f64,
    pub unit: &'static str,
    /// The budget in the same unit, for the figures that have one.
    pub budget: Option<Budget>,
}

/// A budget: a ceiling (latency, bytes) or a floor (throughput).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Budget {
    Below(f64),
    AtLeast(f64),
}

impl Figure {
    fn met(&self) -> Option<bool> {
        self.budget.map(|b| match b {
            Budget::Below(v) => self.value < v,
            Budget::AtLeast(v) => self.value >= v,
        })
    }
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_by(f64::total_cmp);
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx.min(samples.len() - 1)]
}

fn print_figures(figures: &[Figure]) {
    println!("{:<42} {:>12} {:>10}  met", "figure", "value", "budget");
    for f in figures {
        let budget = f
            .budget
            .map(|b| match b {
                Budget::Below(v) => format!("< {v} {}", f.unit),
                Budget::AtLeast(v) => format!(">= {v} {}", f.unit),
            })
            .unwrap_or_else(|| "-".into());
        let met = match f.met() {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        println!(
            "{:<42} {:>9.2} {:<2} {:>10}  {}",
            f.name, f.value, f.unit, budget, met
        );
    }
}

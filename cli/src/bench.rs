//! `fieldsales bench local`: the device budgets of DESIGN.md section 8, measured on a real
//! store file. A store with fewer than 20k accounts is first seeded to the budgets' size
//! (20k accounts, 500 products, 50k orders, 20k visits). Figures are printed, never asserted.
//!
//! The durable-write figure creates real draft orders, so every run leaves that many more
//! orders in the store; point it at a scratch file, not at a store you sync.

use std::path::{Path, PathBuf};
use std::time::Instant;

use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{Account, Kind, Order, Product, Role};
use fieldsales_core::seed::{SeedOptions, SeedProgress, SeedReport, seed};
use fieldsales_core::store::{Filter, ListQuery};
use fieldsales_core::time::Day;
use fieldsales_core::{Error, InitOptions, Store};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

/// Latency of one operation over many runs, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timing {
    pub runs: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Timing {
    /// Percentiles by nearest rank over the sorted samples.
    fn of(mut samples: Vec<f64>) -> Timing {
        if samples.is_empty() {
            return Timing::default();
        }
        samples.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = (p * samples.len() as f64).ceil() as usize;
            samples[i.clamp(1, samples.len()) - 1]
        };
        Timing {
            runs: samples.len(),
            p50_ms: rank(0.50),
            p99_ms: rank(0.99),
            max_ms: samples[samples.len() - 1],
        }
    }
}

/// Every figure of one `bench local` run.
#[derive(Debug, Clone, Serialize)]
pub struct LocalBench {
    pub db: PathBuf,
    /// What seeding wrote, when the store had to be filled first.
    pub seeded: Option<SeedReport>,
    /// Records in the store at the end (including the orders the write benchmark added).
    pub accounts: i64,
    pub contacts: i64,
    pub products: i64,
    pub orders: i64,
    pub visits: i64,
    pub documents: i64,
    /// `Store::open` plus the first page of 50 accounts by name (OS file cache warm).
    pub open_first_page_ms: f64,
    /// 50 accounts of one city, sorted by name, at a random offset.
    pub list_page: Timing,
    /// Prefix search over accounts and contacts, 50 hits at most.
    pub search: Timing,
    /// Mean number of hits per search, to show the queries found something.
    pub search_hits_mean: f64,
    /// `new_order_with_lines` with 20 lines: priced, numbered, written with synchronous=FULL.
    pub order_20_lines: Timing,
    /// `get::<Order>` with no document open: load snapshot and chunks, hydrate.
    pub open_document: Timing,
    /// Resident memory after all of the above; 0 where /proc is not available.
    pub rss_mb: f64,
    /// The most resident memory the process had, seeding included.
    pub peak_rss_mb: f64,
    /// The database file plus its write-ahead log.
    pub file_bytes: u64,
    pub bytes_per_record: f64,
    pub notes: Vec<String>,
}

/// How big a store to bench and how many runs of each measurement.
struct Plan {
    seed: SeedOptions,
    runs: usize,
    document_runs: usize,
}

impl Plan {
    /// The sizes of DESIGN.md section 8.
    fn budgets() -> Plan {
        Plan {
            seed: SeedOptions {
                accounts: 20_000,
                products: 500,
                orders: 50_000,
                visits: 20_000,
                seed: 42,
                today: Day::today_utc(),
            },
            runs: 200,
            document_runs: 1_000,
        }
    }
}

/// Bench the store at `db`, seeding it first if it holds fewer than 20k accounts (with a
/// progress bar on stderr when `progress`).
pub fn run_local(db: &Path, progress: bool) -> Result<LocalBench, Error> {
    run(db, progress, &Plan::budgets())
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1_000.0
}

/// `VmRSS` and `VmHWM` of this process in MB, if the platform has /proc.
fn memory_mb() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn with_suffix(db: &Path, suffix: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn seed_bar(progress: bool) -> ProgressBar {
    if !progress {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("seeding {prefix:>11} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

fn first_page(store: &Store) -> Result<Vec<Account>, Error> {
    store.list(&ListQuery::default().order("name", false).limit(50))
}

fn run(db: &Path, progress: bool, plan: &Plan) -> Result<LocalBench, Error> {
    let mut notes = Vec::new();
    let mut store = if db.exists() {
        Store::open(db)?
    } else {
        Store::init(db, InitOptions::new("bench", Role::Manager))?
    };
    let mut seeded = None;
    let before = store.count(Kind::Account)?;
    if before < plan.seed.accounts as i64 {
        if before > 0 {
            notes.push(format!(
                "the store held {before} accounts; seeding added {} more",
                plan.seed.accounts
            ));
        }
        let bar = seed_bar(progress);
        let report = seed(&mut store, &plan.seed, &mut |p: SeedProgress| {
            bar.set_prefix(p.phase);
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        });
        bar.finish_and_clear();
        seeded = Some(report?);
    }
    let mut rng = StdRng::seed_from_u64(plan.seed.seed);

    // Opening the app: closing the store checkpoints the WAL, as an app going to the
    // background would; then open and show the first page.
    drop(store);
    let t = Instant::now();
    let mut store = Store::open(db)?;
    let page = first_page(&store)?;
    let open_first_page_ms = ms_since(t);
    std::hint::black_box(page);

    // A list page of one city, sorted by name, somewhere in the city's accounts.
    let cities: Vec<(String, i64)> = {
        let mut st = store
            .conn()
            .prepare("SELECT city, count(*) FROM idx_account GROUP BY city ORDER BY city")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut samples = Vec::with_capacity(plan.runs);
    for _ in 0..plan.runs {
        let Some((city, n)) = cities.get(rng.random_range(0..cities.len().max(1))) else {
            break;
        };
        let offset = rng.random_range(0..=(n - 50).max(0)) as u32;
        let q = ListQuery::default()
            .filter(Filter::eq("city", city.clone()))
            .order("name", false)
            .limit(50)
            .offset(offset);
        let t = Instant::now();
        let rows: Vec<Account> = store.list(&q)?;
        samples.push(ms_since(t));
        std::hint::black_box(rows);
    }
    let list_page = Timing::of(samples);

    // Search: 3 to 5 letter prefixes of words of seeded account and contact names.
    let words: Vec<String> = {
        let mut st = store.conn().prepare(
            "SELECT name FROM (SELECT name FROM idx_account ORDER BY id LIMIT 500) \
             UNION ALL SELECT name FROM (SELECT name FROM idx_contact ORDER BY id LIMIT 500)",
        )?;
        let names = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut words = Vec::new();
        for name in names {
            words.extend(
                name?
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_string),
            );
        }
        words
    };
    let mut samples = Vec::with_capacity(plan.runs);
    let mut hits = 0;
    for _ in 0..plan.runs {
        let Some(word) = words.get(rng.random_range(0..words.len().max(1))) else {
            break;
        };
        let prefix: String = word.chars().take(rng.random_range(3..=5)).collect();
        let t = Instant::now();
        let found = store.search(&prefix, &[Kind::Account, Kind::Contact], 50)?;
        samples.push(ms_since(t));
        hits += found.len();
    }
    let search = Timing::of(samples);
    let search_hits_mean = hits as f64 / search.runs.max(1) as f64;

    // A durable order with 20 lines, as the rep taps "save".
    let products: Vec<Product> = store.list(
        &ListQuery::default()
            .filter(Filter::eq("active", 1i64))
            .limit(10_000),
    )?;
    let account_ids: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM idx_account ORDER BY id LIMIT 1000")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut samples = Vec::with_capacity(plan.runs);
    if products.is_empty() || account_ids.is_empty() {
        notes.push("no active products or accounts: the order write was not measured".into());
    } else {
        for _ in 0..plan.runs {
            let account = &account_ids[rng.random_range(0..account_ids.len())];
            let lines: Vec<NewLine> = (0..20)
                .map(|_| {
                    let p = &products[rng.random_range(0..products.len())];
                    NewLine::new(&p.id, rng.random_range(1..=30) * 1_000, 0)
                })
                .collect();
            let t = Instant::now();
            let order = store.new_order_with_lines(account, &lines)?;
            samples.push(ms_since(t));
            std::hint::black_box(order);
        }
        notes.push(format!(
            "the write benchmark added {} draft orders to the store",
            samples.len()
        ));
    }
    let order_20_lines = Timing::of(samples);

    // Opening one order's document from disk, with nothing cached.
    let picked: Vec<String> = {
        let mut st = store.conn().prepare("SELECT id FROM idx_order")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let ids: Vec<String> = rows.collect::<Result<_, _>>()?;
        (0..plan.document_runs)
            .filter_map(|_| ids.get(rng.random_range(0..ids.len().max(1))).cloned())
            .collect()
    };
    let mut samples = Vec::with_capacity(picked.len());
    for id in &picked {
        store.close_documents();
        let t = Instant::now();
        let order: Order = store.get(id)?;
        samples.push(ms_since(t));
        std::hint::black_box(order);
    }
    let open_document = Timing::of(samples);

    let (rss_mb, peak_rss_mb) = memory_mb().unwrap_or_else(|| {
        notes.push("/proc/self/status is not available: memory not measured".into());
        (0.0, 0.0)
    });
    if seeded.is_some() {
        notes.push("peak memory includes seeding, which ran in this process".into());
    }

    let documents: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
    let mut file_bytes = std::fs::metadata(db)?.len();
    if let Ok(m) = std::fs::metadata(with_suffix(db, "-wal")) {
        file_bytes += m.len();
    }
    Ok(LocalBench {
        db: db.to_path_buf(),
        seeded,
        accounts: store.count(Kind::Account)?,
        contacts: store.count(Kind::Contact)?,
        products: store.count(Kind::Product)?,
        orders: store.count(Kind::Order)?,
        visits: store.count(Kind::Visit)?,
        documents,
        open_first_page_ms,
        list_page,
        search,
        search_hits_mean,
        order_20_lines,
        open_document,
        rss_mb,
        peak_rss_mb,
        file_bytes,
        bytes_per_record: file_bytes as f64 / documents.max(1) as f64,
        notes,
    })
}

/// One row of the table: what, the measured figure, the budget, and whether it is met.
struct Row {
    figure: &'static str,
    measured: String,
    budget: &'static str,
    met: Option<bool>,
}

impl LocalBench {
    fn rows(&self) -> Vec<Row> {
        let timing = |t: &Timing| format!("p50 {:.2} / p99 {:.2} ms", t.p50_ms, t.p99_ms);
        let under = |t: &Timing, budget: f64| (t.runs > 0).then_some(t.p99_ms < budget);
        vec![
            Row {
                figure: "open + first list page",
                measured: format!("{:.2} ms", self.open_first_page_ms),
                budget: "< 150 ms",
                met: Some(self.open_first_page_ms < 150.0),
            },
            Row {
                figure: "list page (50, filtered, sorted)",
                measured: timing(&self.list_page),
                budget: "< 5 ms",
                met: under(&self.list_page, 5.0),
            },
            Row {
                figure: "search accounts + contacts",
                measured: timing(&self.search),
                budget: "< 10 ms",
                met: under(&self.search, 10.0),
            },
            Row {
                figure: "order with 20 lines, durable",
                measured: timing(&self.order_20_lines),
                budget: "p99 < 5 ms",
                met: under(&self.order_20_lines, 5.0),
            },
            Row {
                figure: "open one document",
                measured: timing(&self.open_document),
                budget: "p99 < 1 ms",
                met: under(&self.open_document, 1.0),
            },
            Row {
                figure: "resident memory (RSS)",
                measured: format!("{:.1} MB", self.rss_mb),
                budget: "< 60 MB",
                met: (self.rss_mb > 0.0).then_some(self.rss_mb < 60.0),
            },
            Row {
                figure: "bytes per record (db + wal)",
                measured: format!("{:.0} B", self.bytes_per_record),
                budget: "-",
                met: None,
            },
        ]
    }
}

/// The figures as a table on stdout: figure, measured, budget, met.
pub fn print_local(b: &LocalBench) {
    if let Some(s) = &b.seeded {
        println!(
            "seeded {} accounts, {} contacts, {} products, {} price lists, {} orders ({} lines), {} visits in {:.1} s",
            s.accounts,
            s.contacts,
            s.products,
            s.price_lists,
            s.orders,
            s.order_lines,
            s.visits,
            s.seconds
        );
    }
    println!(
        "{}: {} accounts, {} contacts, {} products, {} orders, {} visits; {} documents, {:.1} MB",
        b.db.display(),
        b.accounts,
        b.contacts,
        b.products,
        b.orders,
        b.visits,
        b.documents,
        b.file_bytes as f64 / 1_048_576.0
    );
    println!();
    println!("{:<34} {:>28}  {:>10}  met", "figure", "measured", "budget");
    for r in b.rows() {
        let met = match r.met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "-",
        };
        println!(
            "{:<34} {:>28}  {:>10}  {met}",
            r.figure, r.measured, r.budget
        );
    }
    println!();
    println!(
        "budgets are judged at p99; search found {:.1} hits per query on average",
        b.search_hits_mean
    );
    for n in &b.notes {
        println!("note: {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Plan {
        Plan {
            seed: SeedOptions {
                accounts: 60,
                products: 30,
                orders: 40,
                visits: 10,
                seed: 1,
                today: Day::parse("2026-11-22").unwrap(),
            },
            runs: 5,
            document_runs: 10,
        }
    }

    #[test]
    fn a_tiny_store_is_seeded_once_and_every_figure_is_filled() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bench.db");
        let b = run(&db, false, &tiny()).unwrap();
        let s = b.seeded.as_ref().unwrap();
        assert_eq!((b.accounts, b.contacts), (60, s.contacts as i64));
        assert_eq!(b.orders, 40 + 5);
        for t in [b.list_page, b.search, b.order_20_lines] {
            assert_eq!(t.runs, 5);
            assert!(0.0 < t.p50_ms && t.p50_ms <= t.p99_ms && t.p99_ms <= t.max_ms);
        }
        assert_eq!(b.open_document.runs, 10);
        assert!(b.open_first_page_ms > 0.0);
        assert!(b.search_hits_mean > 0.0);
        assert!(b.documents > b.accounts + b.orders && b.bytes_per_record > 0.0);
        assert_eq!(b.rows().len(), 7);
        serde_json::to_string(&b).unwrap();

        // big enough now: a second run measures without seeding
        let again = run(&db, false, &tiny()).unwrap();
        assert!(again.seeded.is_none());
        assert_eq!(again.orders, 40 + 10);
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let t = Timing::of((1..=100).map(f64::from).rev().collect());
        assert_eq!(
            (t.runs, t.p50_ms, t.p99_ms, t.max_ms),
            (100, 50.0, 99.0, 100.0)
        );
        assert_eq!(Timing::of(vec![]), Timing::default());
        assert_eq!(Timing::of(vec![3.0]).p99_ms, 3.0);
    }
}

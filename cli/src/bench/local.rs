//! `fieldsales bench local`: the device budgets, measured on a store (seeded to 20k accounts /
//! 50k orders first if it is smaller).

use std::path::Path;
use std::time::Instant;

use fieldsales_core::Env;
use fieldsales_core::generate::{GenerateOptions, Locale, generate};
use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{Account, Kind, Order, Product, QuotaMetric};
use fieldsales_core::reports::{self, KpiGroup};
use fieldsales_core::store::fts::is_unspaced;
use fieldsales_core::store::{Filter, ListQuery};
use fieldsales_core::{Error, OpenOptions, Store, StoreKey};
use rand::{Rng, SeedableRng};
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;

use super::{Budget, Figure, percentile, print_figures};
use crate::output::progress_bar;

#[derive(Debug, Clone, Serialize)]
pub struct LocalBench {
    /// The names' language the store was seeded with here (None: it was seeded before).
    pub seeded_locale: Option<Locale>,
    pub accounts: i64,
    pub contacts: i64,
    pub orders: i64,
    pub documents: i64,
    pub seeded_seconds: Option<f64>,
    pub figures: Vec<Figure>,
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// What a user types to find `name`: the first 3 to 5 characters of one of its words, or, in
/// a word of an unspaced script (Thai, Chinese), 1 to 4 characters from anywhere inside it,
/// starting at a character that is not a combining mark (no one starts typing with a Thai
/// tone mark).
fn typed_query(name: &str, rng: &mut impl Rng) -> String {
    let words: Vec<Vec<char>> = name
        .split_whitespace()
        .map(|w| w.chars().collect::<Vec<_>>())
        .filter(|w| w.len() >= 3 || w.iter().any(|c| is_unspaced(*c)))
        .collect();
    if words.is_empty() {
        return name.to_string();
    }
    let w = &words[rng.random_range(0..words.len())];
    if !w.iter().any(|c| is_unspaced(*c)) {
        let n = rng.random_range(3..=5).min(w.len());
        return w[..n].iter().collect();
    }
    let starts: Vec<usize> = (0..w.len())
        .filter(|&i| !is_combining_mark(w[i]) && is_unspaced(w[i]))
        .collect();
    let start = starts
        .get(rng.random_range(0..starts.len().max(1)))
        .copied()
        .unwrap_or(0);
    let n = rng.random_range(1..=4).min(w.len() - start);
    w[start..start + n].iter().collect()
}

fn first_page(store: &Store) -> Result<Vec<Account>, Error> {
    store.list(&ListQuery::default().order("name", false).limit(50))
}

fn open(db: &Path, key: Option<&StoreKey>) -> Result<Store, Error> {
    Store::open_with_options(
        db,
        OpenOptions {
            key: key.cloned(),
            ..OpenOptions::default()
        },
    )
}

pub fn run(
    db: &Path,
    key: Option<&StoreKey>,
    progress: bool,
    locale: Locale,
) -> Result<LocalBench, Error> {
    let mut store = match open(db, key) {
        Ok(s) => s,
        Err(Error::NotInitialised(_)) => {
            let mut opts =
                fieldsales_core::InitOptions::new("bench", fieldsales_core::records::Role::Manager);
            opts.key = key.cloned();
            Store::init(db, opts)?
        }
        Err(e) => return Err(e),
    };
    let mut seeded_seconds = None;
    let mut seeded_locale = None;
    if store.count(Kind::Account)? < 20_000 {
        let (bar, mut p) = progress_bar(progress);
        let opts = GenerateOptions {
            accounts: 20_000,
            products: 500,
            orders: 50_000,
            visits: 20_000,
            seed: 42,
            today: store.env().today_utc(),
            territory_id: None,
            locale,
        };
        let started = Instant::now();
        generate(&mut store, &opts, &mut p)?;
        bar.finish_and_clear();
        seeded_seconds = Some(started.elapsed().as_secs_f64());
        seeded_locale = Some(locale);
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut figures = Vec::new();

    // open the app: a cold store, then the first list page
    drop(store);
    let t = Instant::now();
    let store_opened = open(db, key)?;
    let page = first_page(&store_opened)?;
    figures.push(Figure {
        name: "open + first list page",
        value: ms(t),
        unit: "ms",
        budget: Some(Budget::Below(150.0)),
    });
    let mut store = store_opened;
    let cities: Vec<String> = page.iter().map(|a| a.billing.city.clone()).collect();

    // list page, filtered and sorted
    let mut samples = Vec::new();
    for i in 0..200 {
        let city = cities
            .get(i % cities.len().max(1))
            .cloned()
            .unwrap_or_default();
        let q = ListQuery::default()
            .filter(Filter::eq("city", city))
            .order("name", false)
            .limit(50)
            .offset(rng.random_range(0..200));
        let t = Instant::now();
        let rows: Vec<Account> = store.list(&q)?;
        samples.push(ms(t));
        std::hint::black_box(rows);
    }
    figures.push(Figure {
        name: "list page (50, filtered, sorted) p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "list page (50, filtered, sorted) p99",
        value: percentile(&mut samples, 0.99),
        unit: "ms",
        budget: Some(Budget::Below(5.0)),
    });

    // full-text search over accounts and contacts: what a user types of a name on the first
    // page (the start of a word; for Thai or Chinese 1 to 4 characters from inside a name)
    let names: Vec<&str> = page.iter().map(|a| a.name.as_str()).collect();
    let queries: Vec<String> = if names.is_empty() {
        vec![]
    } else {
        (0..200)
            .map(|i| typed_query(names[i % names.len()], &mut rng))
            .collect()
    };
    let mut samples = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let hits = store.search(q, &[Kind::Account, Kind::Contact], 50)?;
        samples.push(ms(t));
        std::hint::black_box(hits);
    }
    figures.push(Figure {
        name: "FTS search (accounts + contacts) p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "FTS search (accounts + contacts) p99",
        value: percentile(&mut samples, 0.99),
        unit: "ms",
        budget: Some(Budget::Below(10.0)),
    });
    // the account list with the same searches, sorted by name: every match is joined to its
    // index row and sorted, so a query that matches most names (one Thai letter, a Latin
    // prefix every tax id shares) costs what the whole list costs. Measured, no budget yet
    let mut samples = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let rows: Vec<Account> = store.list(
            &ListQuery::default()
                .search(q.as_str())
                .order("name", false)
                .limit(50),
        )?;
        samples.push(ms(t));
        std::hint::black_box(rows);
    }
    figures.push(Figure {
        name: "account list searched, sorted by name p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "account list searched, sorted by name p99",
        value: percentile(&mut samples, 0.99),
        unit: "ms",
        budget: None,
    });

    // an order with 20 lines, durable (one transaction, synchronous=FULL)
    let products: Vec<Product> = store.list(
        &ListQuery::default()
            .filter(Filter::eq("active", 1i64))
            .limit(500),
    )?;
    let account_id = page.first().map(|a| a.id.clone()).unwrap_or_default();
    // as the app does when idle: the measured writes do not pay for an old WAL's checkpoint
    store.checkpoint()?;
    let mut samples = Vec::new();
    for _ in 0..200 {
        let lines: Vec<NewLine> = (0..20)
            .map(|_| {
                let p = &products[rng.random_range(0..products.len())];
                NewLine::new(&p.id, rng.random_range(1..30) * 1000, 0)
            })
            .collect();
        let t = Instant::now();
        let o = store.new_order_with_lines(&account_id, &lines)?;
        samples.push(ms(t));
        std::hint::black_box(o);
    }
    figures.push(Figure {
        name: "order with 20 lines, durable p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "order with 20 lines, durable p99",
        value: percentile(&mut samples, 0.99),
        unit: "ms",
        budget: Some(Budget::Below(5.0)),
    });

    // open one record's document: load snapshot + chunks, hydrate
    let order_ids: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT id FROM idx_order ORDER BY random() LIMIT 1000")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut samples = Vec::new();
    for id in &order_ids {
        store.close_documents();
        let t = Instant::now();
        let o: Order = store.get(id)?;
        samples.push(ms(t));
        std::hint::black_box(o);
    }
    figures.push(Figure {
        name: "open one document p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: None,
    });
    figures.push(Figure {
        name: "open one document p99",
        value: percentile(&mut samples, 0.99),
        unit: "ms",
        budget: Some(Budget::Below(1.0)),
    });

    // managers' reports over 50k orders, on the index
    let period = Env::system().today_utc().to_string()[..7].to_string();
    let me = store.identity().user_name.clone();
    store.set_quota(Some(&me), None, &period, QuotaMetric::Revenue, 10_000_000)?;
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(reports::attainment(&store, &period)?);
        samples.push(ms(t));
    }
    figures.push(Figure {
        name: "report attainment (50k orders) p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: Some(Budget::Below(50.0)),
    });
    let mut samples = Vec::new();
    for by in [KpiGroup::Rep, KpiGroup::Territory]
        .into_iter()
        .cycle()
        .take(20)
    {
        let t = Instant::now();
        std::hint::black_box(reports::kpis(&store, &period, by)?);
        samples.push(ms(t));
    }
    figures.push(Figure {
        name: "report kpi (50k orders) p50",
        value: percentile(&mut samples, 0.5),
        unit: "ms",
        budget: Some(Budget::Below(50.0)),
    });

    figures.push(Figure {
        name: "process RSS after all of the above",
        value: rss_mb(),
        unit: "MB",
        budget: Some(Budget::Below(60.0)),
    });

    let documents: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
    let file_bytes = ["", "-wal"]
        .iter()
        .filter_map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            std::fs::metadata(std::path::PathBuf::from(p)).ok()
        })
        .map(|m| m.len())
        .sum::<u64>();
    figures.push(Figure {
        name: "bytes per record (file / documents)",
        value: file_bytes as f64 / documents.max(1) as f64,
        unit: "B",
        budget: None,
    });
    Ok(LocalBench {
        seeded_locale,
        accounts: store.count(Kind::Account)?,
        contacts: store.count(Kind::Contact)?,
        orders: store.count(Kind::Order)?,
        documents,
        seeded_seconds,
        figures,
    })
}

pub fn print(b: &LocalBench) {
    if let (Some(s), Some(l)) = (b.seeded_seconds, b.seeded_locale) {
        println!("seeded the store ({} names) in {s:.1} s", l.as_str());
    }
    println!(
        "store: {} accounts, {} contacts, {} orders, {} documents\n",
        b.accounts, b.contacts, b.orders, b.documents
    );
    print_figures(&b.figures);
}

/// `bench local --encrypted`: the same budgets on the plain store and on an encrypted copy.
#[derive(Debug, Clone, Serialize)]
pub struct EncryptedBench {
    pub plain: LocalBench,
    pub encrypted: LocalBench,
    /// Encrypting the (seeded) plain store in place, as the first open with a key does.
    pub encrypt_in_place_ms: f64,
    pub file_mb: f64,
}

/// Run the budgets on `db` without a key, then copy it, encrypt the copy in place with a
/// random key (timed: the migration a phone does once) and run them again on the copy.
pub fn run_encrypted(db: &Path, progress: bool, locale: Locale) -> Result<EncryptedBench, Error> {
    let plain = run(db, None, progress, locale)?;
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("encrypted.db");
    std::fs::copy(db, &copy)?;
    let size = std::fs::metadata(&copy)?.len();
    let mut raw = zeroize::Zeroizing::new([0u8; 32]);
    rand::rng().fill(&mut raw[..]);
    let key = StoreKey::from_bytes(&raw[..])?;
    let t = Instant::now();
    drop(open(&copy, Some(&key))?);
    let encrypt_in_place_ms = ms(t);
    let encrypted = run(&copy, Some(&key), progress, locale)?;
    Ok(EncryptedBench {
        plain,
        encrypted,
        encrypt_in_place_ms,
        file_mb: size as f64 / 1_048_576.0,
    })
}

pub fn print_encrypted(b: &EncryptedBench) {
    print(&b.plain);
    println!("\n== the same store encrypted (SQLCipher)");
    println!(
        "encrypting the {:.0} MB store in place took {:.0} ms\n",
        b.file_mb, b.encrypt_in_place_ms
    );
    print_figures(&b.encrypted.figures);
    println!(
        "\n{:<42} {:>12} {:>12} {:>9}",
        "figure", "plain", "encrypted", "overhead"
    );
    for (p, e) in b.plain.figures.iter().zip(&b.encrypted.figures) {
        let overhead = if p.value > 0.0 {
            format!("{:+.0}%", (e.value / p.value - 1.0) * 100.0)
        } else {
            "-".into()
        };
        println!(
            "{:<42} {:>9.2} {:<2} {:>9.2} {:<2} {:>9}",
            p.name, p.value, p.unit, e.value, e.unit, overhead
        );
    }
}

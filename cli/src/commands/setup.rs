//! Creating a store and seeding it.

use std::path::Path;

use clap::Args;
use fieldsales_core::generate::{GenerateOptions, Locale, generate};
use fieldsales_core::records::Role;
use fieldsales_core::time::Day;
use fieldsales_core::{InitOptions, Store, StoreKey};

use crate::error::CliResult;
use crate::output::{Out, progress_bar};

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
    /// The user's language: new accounts take it, e.g. th-TH, vi, fa-IR, zh-CN.
    #[arg(long, default_value = "en")]
    locale: String,
}

pub fn init(db: &Path, key: Option<&StoreKey>, a: InitArgs, out: &Out) -> CliResult {
    let mut opts = InitOptions::new(a.user_name, Role::parse(&a.role)?);
    opts.key = key.cloned();
    opts.zone = a.zone;
    opts.currency = a.currency.trim().to_uppercase();
    opts.locale = a.locale;
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

/// `whoami --json`: the identity and whether the store is encrypted at rest.
#[derive(serde::Serialize)]
struct WhoAmI<'a> {
    #[serde(flatten)]
    identity: &'a fieldsales_core::Identity,
    encrypted: bool,
}

pub fn whoami(store: &Store, out: &Out) -> CliResult {
    let id = store.identity();
    let encrypted = store.is_encrypted();
    out.emit(
        &WhoAmI {
            identity: id,
            encrypted,
        },
        || {
            println!(
                "{} ({}), device {}, zone {}, {}, {}, server {}",
                id.user_name,
                id.role,
                id.device_id,
                id.zone,
                id.currency,
                id.locale,
                id.server_url.as_deref().unwrap_or("none (standalone)")
            );
            if !encrypted {
                // the token and the device's signing key are in this file too
                println!(
                    "warning: this store is not encrypted (no --key-file): its data, session \
                     token and signing key are readable by anyone who can read the file"
                );
            }
        },
    )
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
    /// The names' language: de (German-speaking Europe), th (Thai), zh (Chinese), mixed
    /// (Thai and Chinese).
    #[arg(long, default_value = "de")]
    locale: Locale,
    /// The day the data is generated around (default: today, UTC).
    #[arg(long)]
    today: Option<String>,
    /// Create the store if it does not exist yet, for this user.
    #[arg(long, default_value = "seed")]
    user_name: String,
}

/// What `seed` made, and how long it took.
#[derive(serde::Serialize)]
struct Seeded {
    #[serde(flatten)]
    generated: fieldsales_core::generate::Generated,
    seconds: f64,
}

pub fn seed(db: &Path, key: Option<&StoreKey>, a: SeedArgs, out: &Out) -> CliResult {
    let mut store = if db.exists() {
        super::open(db, key)?
    } else {
        let mut opts = InitOptions::new(a.user_name.clone(), Role::Manager);
        opts.key = key.cloned();
        Store::init(db, opts)?
    };
    let today = match &a.today {
        Some(d) => Day::parse(d)?,
        None => store.env().today_utc(),
    };
    let opts = GenerateOptions {
        accounts: a.accounts,
        products: a.products,
        orders: a.orders,
        visits: a.visits,
        seed: a.seed,
        today,
        territory_id: None,
        locale: a.locale,
    };
    let (bar, mut progress) = progress_bar(true);
    let started = std::time::Instant::now();
    let generated = generate(&mut store, &opts, &mut progress)?;
    bar.finish_and_clear();
    let report = Seeded {
        generated,
        seconds: started.elapsed().as_secs_f64(),
    };
    out.emit(&report, || {
        let g = &report.generated;
        println!(
            "seeded {} accounts, {} contacts, {} products, {} price lists, {} orders ({} lines), {} visits in {:.1} s",
            g.accounts,
            g.contacts,
            g.products,
            g.price_lists,
            g.orders,
            g.order_lines,
            g.visits,
            report.seconds
        )
    })
}

//! `fieldsales`: a headless device and admin tool over the same core the phones use.
//! Every command takes `--db FILE`; `--json` prints one JSON value on stdout; errors go to
//! stderr with a non-zero exit and change nothing.

/// Every `println!` in the CLI goes through `output::print_line`, so a reader that stops early
/// (`fieldsales ... | head -1`) ends the command quietly instead of panicking on the closed pipe.
/// Defined before the modules so that it shadows the standard macro in all of them.
macro_rules! println {
    () => {
        $crate::output::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::print_line(format_args!($($arg)*))
    };
}

mod bench;
mod commands;
mod demo;
mod error;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
    accounts, activity, catalog, company, manage, merge, price_lists, quotes, sales, setup, sync,
};

#[derive(Parser)]
#[command(
    name = "fieldsales",
    version,
    about = "Offline-first field sales: device and admin tool"
)]
struct Cli {
    /// The device store file.
    #[arg(long, global = true, env = "FIELDSALES_DB")]
    db: Option<PathBuf>,
    /// Encrypt the store with the key in this file: 64 hex characters (32 bytes), a trailing
    /// newline allowed. A plain store is encrypted in place on first use. Without it the store
    /// is plain SQLite.
    #[arg(long, global = true, env = "FIELDSALES_KEY_FILE")]
    key_file: Option<PathBuf>,
    /// Print one JSON value on stdout instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

// parsed once per run: the size of the largest command's arguments costs nothing
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Create a standalone device store for a user.
    Init(setup::InitArgs),
    /// Who this store belongs to.
    Whoami,
    /// Sign in to a sync server (creates the device store on first login).
    Login(sync::LoginArgs),
    /// Sign out: end the session on the server and delete this device's store. Refused while
    /// work is unsynced or the server is unreachable, unless --force.
    Logout(sync::LogoutArgs),
    /// Push local changes and pull what changed, in one round trip when nothing is pending.
    Sync(sync::SyncArgs),
    /// Edits the server refused, kept for you to redo.
    Rejections(sync::RejectionsArgs),
    /// Customer accounts.
    #[command(subcommand)]
    Account(accounts::AccountCmd),
    /// Contact people at accounts.
    #[command(subcommand)]
    Contact(accounts::ContactCmd),
    /// The product catalogue.
    #[command(subcommand)]
    Product(catalog::ProductCmd),
    /// Price lists and customers' special prices (managers and admins).
    #[command(subcommand)]
    PriceList(price_lists::PriceListCmd),
    /// Visits: plan, check in, check out.
    #[command(subcommand)]
    Visit(activity::VisitCmd),
    /// Follow-up tasks.
    #[command(subcommand)]
    Task(activity::TaskCmd),
    /// The plan of one day: visits in order.
    Schedule(activity::ScheduleArgs),
    /// Orders.
    #[command(subcommand)]
    Order(sales::OrderCmd),
    /// Quotes: approval, signing on site, PDF, conversion to an order.
    #[command(subcommand)]
    Quote(quotes::QuoteCmd),
    /// Territories, their rules and who works them.
    #[command(subcommand)]
    Territory(manage::TerritoryCmd),
    /// Sales targets.
    #[command(subcommand)]
    Quota(manage::QuotaCmd),
    /// The selling company's profile at the head of every quote (admins set it).
    #[command(subcommand)]
    Company(company::CompanyCmd),
    /// Attainment, KPIs, ABC segmentation.
    #[command(subcommand)]
    Report(manage::ReportCmd),
    /// Due accounts and the day's route.
    #[command(subcommand)]
    Plan(manage::PlanCmd),
    /// Search accounts, contacts and products.
    Search(accounts::SearchArgs),
    /// Write a record's whole document to a file.
    Export(merge::ExportArgs),
    /// Merge a document file into this store.
    Import(merge::ImportArgs),
    /// Fields two devices set concurrently.
    Conflicts(merge::ConflictsArgs),
    /// Fill the store with realistic generated data.
    Seed(setup::SeedArgs),
    /// Benchmarks against the performance budgets (see docs/benchmarks.md).
    #[command(subcommand)]
    Bench(bench::BenchCmd),
    /// The whole story in one command: data in a temporary directory, the signed quote's PDF
    /// kept in --out.
    Demo(demo::DemoArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = output::Out { json: cli.json };
    let key = match commands::read_key(cli.key_file.as_deref()) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(e.exit_code());
        }
    };
    let key = key.as_ref();
    let result = match cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Init(args) => {
            commands::need_db(&cli.db).and_then(|db| setup::init(db, key, args, &out))
        }
        Command::Login(args) => {
            commands::need_db(&cli.db).and_then(|db| sync::login(db, key, args, &out))
        }
        Command::Seed(args) => {
            commands::need_db(&cli.db).and_then(|db| setup::seed(db, key, args, &out))
        }
        Command::Bench(cmd) => {
            commands::need_db(&cli.db).and_then(|db| bench::run(db, key, cmd, &out))
        }
        other => commands::need_db(&cli.db)
            .and_then(|db| commands::open(db, key))
            .and_then(|mut store| match other {
                Command::Whoami => setup::whoami(&store, &out),
                Command::Sync(a) => sync::sync(&mut store, a, &out),
                Command::Logout(a) => sync::logout(store, a, &out),
                Command::Rejections(a) => sync::rejections(&mut store, a, &out),
                Command::Account(c) => accounts::account(&mut store, c, &out),
                Command::Contact(c) => accounts::contact(&mut store, c, &out),
                Command::Product(c) => catalog::product(&mut store, c, &out),
                Command::PriceList(c) => price_lists::price_list(&mut store, c, &out),
                Command::Search(a) => accounts::search(&store, a, &out),
                Command::Visit(c) => activity::visit(&mut store, c, &out),
                Command::Task(c) => activity::task(&mut store, c, &out),
                Command::Schedule(a) => activity::schedule(&mut store, a, &out),
                Command::Order(c) => sales::order(&mut store, c, &out),
                Command::Quote(c) => quotes::quote(&mut store, c, &out),
                Command::Territory(c) => manage::territory(&mut store, c, &out),
                Command::Quota(c) => manage::quota(&mut store, c, &out),
                Command::Company(c) => company::company(&mut store, c, &out),
                Command::Report(c) => manage::report(&mut store, c, &out),
                Command::Plan(c) => manage::plan(&mut store, c, &out),
                Command::Export(a) => merge::export(&mut store, a),
                Command::Import(a) => merge::import(&mut store, a, &out),
                Command::Conflicts(a) => merge::conflicts(&mut store, a, &out),
                Command::Demo(_)
                | Command::Init(_)
                | Command::Login(_)
                | Command::Seed(_)
                | Command::Bench(_) => {
                    unreachable!("handled above")
                }
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

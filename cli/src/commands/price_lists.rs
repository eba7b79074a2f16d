//! Price lists and special prices (managers and admins; reps read them).

use clap::{ArgGroup, Subcommand};
use fieldsales_core::Store;
use fieldsales_core::money::{format_money, format_qty, parse_money, parse_qty};
use fieldsales_core::ops::{NewPriceList, PriceListTarget};
use fieldsales_core::records::{Account, PriceList, Product};
use fieldsales_core::time::Day;

use crate::error::{CliResult, usage};
use crate::output::Out;

#[derive(Subcommand)]
pub enum PriceListCmd {
    /// Create a price list in a currency, optionally valid for a period only.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        currency: String,
        /// First day the list applies (YYYY-MM-DD).
        #[arg(long)]
        valid_from: Option<String>,
        /// Last day the list applies (YYYY-MM-DD).
        #[arg(long)]
        valid_to: Option<String>,
    },
    /// Set a product's price in a list, from a quantity on.
    SetPrice {
        list: String,
        #[arg(long)]
        product: String,
        /// Unit price in the list currency's minor units.
        #[arg(long, conflicts_with = "price")]
        price_minor: Option<i64>,
        /// Unit price as a decimal amount in the list's currency (12.50).
        #[arg(long)]
        price: Option<String>,
        /// The price applies from this quantity on (decimal; default: any quantity).
        #[arg(long)]
        min_qty: Option<String>,
    },
    /// Apply a list to an account or to every account of a segment.
    #[command(group(ArgGroup::new("target").required(true).args(["account", "segment"])))]
    Assign {
        list: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        segment: Option<String>,
    },
    /// Take a list off an account or a segment.
    #[command(group(ArgGroup::new("target").required(true).args(["account", "segment"])))]
    Unassign {
        list: String,
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        segment: Option<String>,
    },
    /// Every price list.
    List,
    /// One price list with its prices and assignments.
    Show { list: String },
}

fn target(account: Option<String>, segment: Option<String>) -> PriceListTarget {
    match (account, segment) {
        (Some(a), _) => PriceListTarget::Account(a),
        (None, Some(s)) => PriceListTarget::Segment(s),
        // clap's required group gives one of the two
        (None, None) => PriceListTarget::Segment(String::new()),
    }
}

fn day(s: Option<String>) -> fieldsales_core::Result<Option<Day>> {
    s.as_deref().map(Day::parse).transpose()
}

fn validity(l: &PriceList) -> String {
    match (l.valid_from, l.valid_to) {
        (None, None) => "always".into(),
        (f, t) => format!(
            "{} .. {}",
            f.map_or(String::new(), |d| d.to_string()),
            t.map_or(String::new(), |d| d.to_string())
        ),
    }
}

fn show(store: &Store, l: &PriceList) {
    println!(
        "{} ({}), {}, valid {}",
        l.name,
        l.id,
        l.currency,
        validity(l)
    );
    for p in &l.prices {
        let name = match store.find::<Product>(&p.product_id) {
            Ok(Some(p)) => format!("{} {}", p.sku, p.name),
            _ => p.product_id.clone(),
        };
        for b in &p.breaks {
            println!(
                "  {name}  from {}: {} {}",
                format_qty(b.min_qty_milli),
                format_money(b.unit_price_minor, &l.currency),
                l.currency
            );
        }
    }
    for a in &l.account_ids {
        let name = match store.find::<Account>(a) {
            Ok(Some(a)) => a.name,
            _ => a.clone(),
        };
        println!("  for account {name} ({a})");
    }
    for s in &l.segments {
        println!("  for segment {s}");
    }
}

pub fn price_list(store: &mut Store, cmd: PriceListCmd, out: &Out) -> CliResult {
    match cmd {
        PriceListCmd::Add {
            name,
            currency,
            valid_from,
            valid_to,
        } => {
            let l = store.create_price_list(NewPriceList {
                name,
                currency,
                valid_from: day(valid_from)?,
                valid_to: day(valid_to)?,
            })?;
            out.emit(&l, || println!("{}", l.id))
        }
        PriceListCmd::SetPrice {
            list,
            product,
            price_minor,
            price,
            min_qty,
        } => {
            let currency = store.price_list(&list)?.currency;
            let minor = match (price_minor, price) {
                (Some(m), None) => m,
                (None, Some(p)) => parse_money(&p, &currency)?,
                _ => return Err(usage("give the price with --price-minor or --price")),
            };
            let min = min_qty.as_deref().map(parse_qty).transpose()?.unwrap_or(0);
            let l = store.set_list_price(&list, &product, minor, min)?;
            out.emit(&l, || {
                println!(
                    "{}: {} {} from {}",
                    l.name,
                    format_money(minor, &l.currency),
                    l.currency,
                    format_qty(min)
                )
            })
        }
        PriceListCmd::Assign {
            list,
            account,
            segment,
        } => {
            let l = store.assign_price_list(&list, target(account, segment))?;
            out.emit(&l, || show(store, &l))
        }
        PriceListCmd::Unassign {
            list,
            account,
            segment,
        } => {
            let l = store.unassign_price_list(&list, target(account, segment))?;
            out.emit(&l, || show(store, &l))
        }
        PriceListCmd::List => {
            let lists = store.all_price_lists()?;
            out.emit(&lists, || {
                for l in &lists {
                    println!(
                        "{}  {:<30} {} {:>4} prices  valid {}",
                        l.id,
                        l.name,
                        l.currency,
                        l.prices.len(),
                        validity(l)
                    );
                }
            })
        }
        PriceListCmd::Show { list } => {
            let l = store.price_list(&list)?;
            out.emit(&l, || show(store, &l))
        }
    }
}

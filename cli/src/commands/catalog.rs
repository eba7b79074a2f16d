//! The catalogue: products and stock.

use clap::Subcommand;
use fieldsales_core::Store;
use fieldsales_core::money::{format_money, parse_money, parse_qty};
use fieldsales_core::ops::{NewProduct, ProductQuery};

use crate::error::{CliResult, usage};
use crate::output::{Out, col, rcol};

#[derive(Subcommand)]
pub enum ProductCmd {
    /// Add a product to the catalogue.
    Add {
        #[arg(long)]
        sku: String,
        #[arg(long)]
        name: String,
        /// Base price in minor units (cents).
        #[arg(long, conflicts_with = "price", allow_hyphen_values = true)]
        price_minor: Option<i64>,
        /// Base price as a decimal amount (12.50).
        #[arg(long)]
        price: Option<String>,
        #[arg(long)]
        currency: String,
        /// Tax rate in basis points (2000 = 20%).
        #[arg(long)]
        tax_bp: i64,
        #[arg(long, default_value = "pc")]
        unit: String,
    },
    /// List products by name, or search them.
    List {
        #[arg(long)]
        search: Option<String>,
        /// Only products still sold.
        #[arg(long)]
        active: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Set the stock of a product in a warehouse.
    Stock {
        id: String,
        #[arg(long)]
        warehouse: String,
        /// Quantity on hand (decimal).
        #[arg(long)]
        on_hand: String,
    },
}

pub fn product(store: &mut Store, cmd: ProductCmd, out: &Out) -> CliResult {
    match cmd {
        ProductCmd::Add {
            sku,
            name,
            price_minor,
            price,
            currency,
            tax_bp,
            unit,
        } => {
            let minor = match (price_minor, price) {
                (Some(m), None) => m,
                (None, Some(p)) => parse_money(&p, &currency)?,
                _ => return Err(usage("give the price with --price-minor or --price")),
            };
            let mut new = NewProduct::new(sku, name, minor, currency, tax_bp);
            new.unit = unit;
            let p = store.create_product(new)?;
            out.emit(&p, || println!("{}", p.id))
        }
        ProductCmd::List {
            search,
            active,
            limit,
            offset,
        } => {
            let list = store.products(&ProductQuery {
                search,
                include_inactive: !active,
                limit,
                offset,
            })?;
            out.emit(&list, || {
                for p in &list {
                    println!(
                        "{}  {} {} {} {}",
                        p.id,
                        col(&p.sku, 12),
                        col(&p.name, 32),
                        rcol(&format_money(p.base_price_minor, &p.currency), 10),
                        p.currency
                    );
                }
            })
        }
        ProductCmd::Stock {
            id,
            warehouse,
            on_hand,
        } => {
            let qty = parse_qty(&on_hand)?;
            let s = store.set_stock(&id, &warehouse, qty)?;
            out.emit(&s, || {
                println!("stock of {} in {}: {}", id, warehouse, on_hand)
            })
        }
    }
}

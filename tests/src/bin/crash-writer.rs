//! A device that writes orders as fast as it can and reports each one as soon as the store
//! acknowledged it: `ok <order id> <total_minor>`. The crash test kills it with SIGKILL at
//! random points and checks that every reported order survived.

use std::io::Write;

use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{Account, Product, Role};
use fieldsales_core::{InitOptions, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: crash-writer DB")?;
    let mut store = match Store::open(&path) {
        Ok(s) => s,
        Err(fieldsales_core::Error::NotInitialised(_)) => {
            Store::init(&path, InitOptions::new("crash", Role::Rep))?
        }
        Err(e) => return Err(e.into()),
    };
    let product = match store.product_by_sku("CRASH-1")? {
        Some(p) => p,
        None => store.create_product(Product::new("CRASH-1", "Widget", 1250, "EUR", 2000))?,
    };
    let account = store.create_account(Account::new("Crash Test GmbH"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready")?;
    out.flush()?;
    for i in 0u64.. {
        let lines: Vec<NewLine> = (0..1 + i % 5)
            .map(|k| NewLine::new(&product.id, 1_000 * (k as i64 + 1), 0))
            .collect();
        let order = store.new_order_with_lines(&account.id, &lines)?;
        // every other order gets a second, incremental change on top of its snapshot
        let order = if i % 2 == 0 {
            store.add_order_line(&order.id, NewLine::new(&product.id, 500, 100))?
        } else {
            order
        };
        writeln!(out, "ok {} {}", order.id, order.total_minor)?;
        out.flush()?;
    }
    Ok(())
}

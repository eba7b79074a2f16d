//! A rep's device that writes orders as fast as it can and syncs every few orders, reporting
//! on stdout:
//!
//! - `ready` once the store is open (logged in on the first start, reopened after that);
//! - `ok <order id> <total_minor>` once the store committed an order;
//! - `syncing` before a sync starts, `synced <documents pushed>` after it returned.
//!
//! The crash test kills it with SIGKILL at random points, inside writes and inside syncs,
//! and checks that every reported order survived on the device and reaches the server once.

use fieldsales_core::ops::NewAccount;
use std::io::Write;
use std::path::Path;

use fieldsales_core::ops::NewLine;
use fieldsales_core::sync::{self, session};
use fieldsales_core::{Error, Store};
use fieldsales_http::HttpTransport;

/// The SKU the test's back office puts in the catalogue.
const SKU: &str = "CRASH-1";
/// A sync after every this many orders.
const SYNC_EVERY: u64 = 3;

type Out<'a> = std::io::StdoutLock<'a>;

fn say(out: &mut Out<'_>, line: &str) -> std::io::Result<()> {
    writeln!(out, "{line}")?;
    out.flush()
}

/// The existing store if a login completed in it (it holds a token); otherwise log in, which
/// creates the store or finishes one a kill interrupted.
fn open_or_login(
    path: &Path,
    http: &HttpTransport,
    url: &str,
    user: &str,
    password: &str,
) -> Result<Store, Error> {
    match Store::open(path) {
        Ok(s) if s.meta("token")?.is_some() => return Ok(s),
        Ok(_) | Err(Error::NotInitialised(_)) => {}
        Err(e) => return Err(e),
    }
    session::login(path, http, url, user, password)
}

fn sync_now(store: &mut Store, http: &HttpTransport, out: &mut Out<'_>) -> Result<(), Error> {
    say(out, "syncing")?;
    let report = sync::sync(store, http, &mut |_| Ok(()))?;
    say(out, &format!("synced {}", report.pushed))?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, url, user, password] = args.as_slice() else {
        return Err("usage: crash-writer DB SERVER_URL USER PASSWORD".into());
    };
    let http = HttpTransport::new(url)?;
    let mut store = open_or_login(Path::new(path), &http, url, user, password)?;
    let mut out = std::io::stdout().lock();
    // the catalogue comes from the server: a new device (or one killed before its first
    // sync finished) syncs before it can price an order
    let product = match store.product_by_sku(SKU)? {
        Some(p) => p,
        None => {
            sync_now(&mut store, &http, &mut out)?;
            store
                .product_by_sku(SKU)?
                .ok_or("the server's catalogue has no CRASH-1")?
        }
    };
    // placed in the rep's territory (no rule places it elsewhere)
    let account = store.create_account(NewAccount::named("Crash Test GmbH"))?;
    say(&mut out, "ready")?;
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
        say(&mut out, &format!("ok {} {}", order.id, order.total_minor))?;
        if i % SYNC_EVERY == SYNC_EVERY - 1 {
            sync_now(&mut store, &http, &mut out)?;
        }
    }
    Ok(())
}

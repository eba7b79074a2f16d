//! Accounts, contacts, products and search.

use clap::{Args, Subcommand};
use fieldsales_core::Store;
use fieldsales_core::money::{format_minor, parse_amount};
use fieldsales_core::records::{Account, Contact, Kind, Product};
use fieldsales_core::store::{Filter, ListQuery};

use super::geo;
use crate::error::{CliResult, usage};
use crate::output::Out;

#[derive(Subcommand)]
pub enum AccountCmd {
    /// Create an account.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        legal_name: Option<String>,
        #[arg(long)]
        street: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true)]
        lon: Option<f64>,
        #[arg(long)]
        territory: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        segment: Option<String>,
        /// Visit every N days.
        #[arg(long)]
        visit_every_days: Option<i64>,
    },
    /// List accounts, by name, optionally filtered or searched.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        territory: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// One account with its contacts.
    Show { id: String },
    /// Move an account (and its contacts, visits, orders, quotes, tasks) to another
    /// territory. Managers only.
    Move {
        id: String,
        #[arg(long)]
        territory: String,
    },
    /// Change an account's fields.
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        postal_code: Option<String>,
        #[arg(long)]
        segment: Option<String>,
        #[arg(long)]
        price_list: Option<String>,
        /// Append a paragraph to the account's notes.
        #[arg(long)]
        note: Option<String>,
    },
}

pub fn account(store: &mut Store, cmd: AccountCmd, out: &Out) -> CliResult {
    match cmd {
        AccountCmd::Add {
            name,
            legal_name,
            street,
            city,
            postal_code,
            country,
            lat,
            lon,
            territory,
            phone,
            email,
            segment,
            visit_every_days,
        } => {
            let mut a = Account::new(name.trim());
            a.legal_name = legal_name.unwrap_or_default();
            a.billing.street = street.unwrap_or_default();
            a.billing.city = city.unwrap_or_default();
            a.billing.postal_code = postal_code.unwrap_or_default();
            a.billing.country = country.unwrap_or_default();
            a.shipping = a.billing.clone();
            a.geo = geo(lat, lon)?;
            a.territory_id = match territory {
                Some(t) => Some(t),
                // a signed-in rep's new customers belong to their (first) territory
                None => store.territory_ids()?.into_iter().next(),
            };
            a.phone = phone.unwrap_or_default();
            a.email = email.unwrap_or_default();
            a.segment = segment.unwrap_or_default();
            a.visit_frequency_days = visit_every_days.unwrap_or(0);
            if a.visit_frequency_days < 0 {
                return Err(usage("--visit-every-days cannot be negative"));
            }
            let a = store.create_account(a)?;
            out.emit(&a, || println!("{}", a.id))
        }
        AccountCmd::List {
            search,
            city,
            territory,
            limit,
            offset,
        } => {
            let mut q = ListQuery::default().limit(limit.min(10_000)).offset(offset);
            if let Some(s) = search {
                q = q.search(s);
            } else {
                q = q.order("name", false);
            }
            if let Some(c) = city {
                q = q.filter(Filter::eq("city", c));
            }
            if let Some(t) = territory {
                q = q.filter(Filter::eq("territory_id", t));
            }
            let list: Vec<Account> = store.list(&q)?;
            out.emit(&list, || {
                for a in &list {
                    println!("{}  {:<40} {}", a.id, a.name, a.billing.city);
                }
            })
        }
        AccountCmd::Show { id } => {
            let a: Account = store.get(&id)?;
            let contacts = store.contacts_of(&id)?;
            let mut v = serde_json::to_value(&a)?;
            v["contacts"] = serde_json::to_value(&contacts)?;
            out.emit(&v, || {
                println!("{} ({})", a.name, a.id);
                println!(
                    "  {} {} {}",
                    a.billing.street, a.billing.postal_code, a.billing.city
                );
                if let Some(g) = a.geo {
                    println!("  at {:.5}, {:.5}", g.lat, g.lon);
                }
                if !a.notes.as_str().is_empty() {
                    println!("  notes: {}", a.notes.as_str());
                }
                for c in &contacts {
                    println!("  contact {}  {}  {}", c.name, c.phone, c.email);
                }
            })
        }
        AccountCmd::Move { id, territory } => {
            let a = store.update::<Account>(&id, |a| {
                a.territory_id = Some(territory);
                Ok(())
            })?;
            out.emit(&a, || {
                println!(
                    "moved {} to territory {}",
                    a.id,
                    a.territory_id.as_deref().unwrap_or("-")
                )
            })
        }
        AccountCmd::Edit {
            id,
            name,
            phone,
            email,
            city,
            postal_code,
            segment,
            price_list,
            note,
        } => {
            if let Some(pl) = &price_list {
                store.lookup::<fieldsales_core::records::PriceList>(pl)?;
            }
            let a = store.update::<Account>(&id, |a| {
                if let Some(v) = name {
                    if v.trim().is_empty() {
                        return Err(fieldsales_core::Error::invalid(
                            "account name must not be empty",
                        ));
                    }
                    a.name = v;
                }
                if let Some(v) = phone {
                    a.phone = v;
                }
                if let Some(v) = email {
                    a.email = v;
                }
                if let Some(v) = city {
                    a.billing.city = v;
                }
                if let Some(v) = postal_code {
                    a.billing.postal_code = v;
                }
                if let Some(v) = segment {
                    a.segment = v;
                }
                if let Some(v) = price_list {
                    a.price_list_id = Some(v);
                }
                if let Some(n) = note {
                    let len = a.notes.as_str().chars().count();
                    let sep = if len == 0 { "" } else { "\n" };
                    a.notes.splice(len, 0, format!("{sep}{n}"));
                }
                Ok(())
            })?;
            out.emit(&a, || println!("updated {}", a.id))
        }
    }
}

#[derive(Subcommand)]
pub enum ContactCmd {
    /// Add a contact to an account.
    Add {
        #[arg(long)]
        account: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// The contacts of an account.
    List {
        #[arg(long)]
        account: String,
    },
}

pub fn contact(store: &mut Store, cmd: ContactCmd, out: &Out) -> CliResult {
    match cmd {
        ContactCmd::Add {
            account,
            name,
            title,
            phone,
            email,
        } => {
            let mut c = Contact::new(account, name.trim());
            c.title = title.unwrap_or_default();
            c.phone = phone.unwrap_or_default();
            c.email = email.unwrap_or_default();
            let c = store.create_contact(c)?;
            out.emit(&c, || println!("{}", c.id))
        }
        ContactCmd::List { account } => {
            store.lookup::<Account>(&account)?;
            let list = store.contacts_of(&account)?;
            out.emit(&list, || {
                for c in &list {
                    println!("{}  {:<30} {:<16} {}", c.id, c.name, c.phone, c.email);
                }
            })
        }
    }
}

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
        #[arg(long, default_value_t = 100)]
        limit: u32,
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
                (None, Some(p)) => parse_amount(&p, 2)?,
                _ => return Err(usage("give the price with --price-minor or --price")),
            };
            let mut p = Product::new(sku.trim(), name.trim(), minor, currency, tax_bp);
            p.unit = unit;
            let p = store.create_product(p)?;
            out.emit(&p, || println!("{}", p.id))
        }
        ProductCmd::List { search, limit } => {
            let mut q = ListQuery::default().limit(limit.min(10_000));
            q = match search {
                Some(s) => q.search(s),
                None => q.order("name", false),
            };
            let list: Vec<Product> = store.list(&q)?;
            out.emit(&list, || {
                for p in &list {
                    println!(
                        "{}  {:<12} {:<32} {:>10} {}",
                        p.id,
                        p.sku,
                        p.name,
                        format_minor(p.base_price_minor),
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
            let qty = fieldsales_core::money::parse_qty(&on_hand)?;
            let s = store.set_stock(&id, &warehouse, qty)?;
            out.emit(&s, || {
                println!("stock of {} in {}: {}", id, warehouse, on_hand)
            })
        }
    }
}

#[derive(Args)]
pub struct SearchArgs {
    query: String,
    #[arg(long, default_value_t = 20)]
    limit: u32,
}

pub fn search(store: &Store, a: SearchArgs, out: &Out) -> CliResult {
    let hits = store.search(
        &a.query,
        &[Kind::Account, Kind::Contact, Kind::Product],
        a.limit,
    )?;
    out.emit(&hits, || {
        for h in &hits {
            println!("{:<8} {}  {}", h.kind, h.id, h.text.trim());
        }
    })
}

//! Accounts, contacts and search.

use clap::{Args, Subcommand};
use fieldsales_core::Store;
use fieldsales_core::ops::{AccountEdit, AccountQuery, NewAccount, NewContact};

use super::geo;
use crate::error::CliResult;
use crate::output::{Out, col};

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
        /// Assign the account to this territory explicitly (without it, the territory rules
        /// place it, else your first territory does).
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
        #[arg(long)]
        tax_id: Option<String>,
        /// ISO 4217 code of the customer's orders and quotes (default: yours).
        #[arg(long)]
        currency: Option<String>,
        /// The customer's language, e.g. th-TH, vi, fa-IR, zh-CN (default: yours).
        #[arg(long)]
        locale: Option<String>,
        /// The customer's price list.
        #[arg(long)]
        price_list: Option<String>,
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
    /// One account with its contacts and its latest visits, orders, quotes and tasks.
    Show {
        id: String,
        /// How many visits, orders, quotes and tasks to show.
        #[arg(long, default_value_t = 10)]
        history: u32,
    },
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
        #[arg(long)]
        legal_name: Option<String>,
        #[arg(long)]
        street: Option<String>,
        /// Visit every N days.
        #[arg(long)]
        visit_every_days: Option<i64>,
        #[arg(long)]
        tax_id: Option<String>,
        /// The customer's language, e.g. th-TH, vi, fa-IR, zh-CN.
        #[arg(long)]
        locale: Option<String>,
        /// Special condition (managers): default discount on new quotes and orders, in basis
        /// points (250 = 2.5 %).
        #[arg(long)]
        discount_bp: Option<i64>,
        /// Special condition (managers): payment terms in days.
        #[arg(long)]
        payment_days: Option<i64>,
        /// Special condition (managers): free-text terms printed on new quotes.
        #[arg(long)]
        terms: Option<String>,
        /// Special condition (managers): credit limit in the account currency's minor units;
        /// 0 means none.
        #[arg(long)]
        credit_limit_minor: Option<i64>,
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
            tax_id,
            currency,
            locale,
            price_list,
        } => {
            let a = store.create_account(NewAccount {
                tax_id: tax_id.unwrap_or_default(),
                currency: currency.map(|c| c.trim().to_uppercase()),
                locale,
                price_list_id: price_list,
                name,
                legal_name: legal_name.unwrap_or_default(),
                street: street.unwrap_or_default(),
                city: city.unwrap_or_default(),
                postal_code: postal_code.unwrap_or_default(),
                country: country.unwrap_or_default(),
                geo: geo(lat, lon)?,
                territory_id: territory,
                phone: phone.unwrap_or_default(),
                email: email.unwrap_or_default(),
                segment: segment.unwrap_or_default(),
                visit_frequency_days: visit_every_days.unwrap_or(0),
            })?;
            out.emit(&a, || println!("{}", a.id))
        }
        AccountCmd::List {
            search,
            city,
            territory,
            limit,
            offset,
        } => {
            let list = store.accounts(&AccountQuery {
                search,
                city,
                territory_id: territory,
                limit,
                offset,
            })?;
            out.emit(&list, || {
                for a in &list {
                    println!("{}  {} {}", a.id, col(&a.name, 40), a.billing.city);
                }
            })
        }
        AccountCmd::Show { id, history } => {
            let d = store.account_detail(&id, history)?;
            out.emit(&d, || {
                let a = &d.account;
                println!("{} ({})", a.name, a.id);
                println!(
                    "  {} {} {}",
                    a.billing.street, a.billing.postal_code, a.billing.city
                );
                if let Some(g) = a.geo {
                    println!("  at {:.5}, {:.5}", g.lat, g.lon);
                }
                println!("  {}, {}", a.currency, a.locale);
                if !a.tax_id.is_empty() {
                    println!("  tax id {}", a.tax_id);
                }
                println!(
                    "  conditions: {} days{}{}{}",
                    a.payment_terms_days,
                    if a.discount_bp > 0 {
                        format!(
                            ", discount {}",
                            fieldsales_core::money::format_bp(a.discount_bp)
                        )
                    } else {
                        String::new()
                    },
                    if a.credit_limit_minor > 0 {
                        format!(
                            ", credit limit {}",
                            fieldsales_core::money::format_money(a.credit_limit_minor, &a.currency)
                        )
                    } else {
                        String::new()
                    },
                    if a.terms.is_empty() {
                        String::new()
                    } else {
                        format!(", terms: {}", a.terms)
                    }
                );
                if !a.notes.as_str().is_empty() {
                    println!("  notes: {}", a.notes.as_str());
                }
                for c in &d.contacts {
                    println!("  contact {}  {}  {}", c.name, c.phone, c.email);
                }
                for v in &d.visits {
                    println!("  visit {}  {}  {}", v.planned_start, v.status, v.outcome);
                }
                for o in &d.orders {
                    println!("  order {}  {}  {}", o.number, o.status, o.order_date);
                }
                for q in &d.quotes {
                    println!("  quote {} rev {}  {}", q.number, q.revision, q.status);
                }
                for t in &d.tasks {
                    println!("  task {}  {}", t.title, t.status);
                }
            })
        }
        AccountCmd::Move { id, territory } => {
            let a = store.move_account(&id, &territory)?;
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
            legal_name,
            street,
            visit_every_days,
            tax_id,
            locale,
            discount_bp,
            payment_days,
            terms,
            credit_limit_minor,
            note,
        } => {
            let a = store.edit_account(
                &id,
                AccountEdit {
                    name,
                    legal_name,
                    phone,
                    email,
                    street,
                    city,
                    postal_code,
                    segment,
                    price_list_id: price_list,
                    visit_frequency_days: visit_every_days,
                    tax_id,
                    locale,
                    discount_bp,
                    payment_terms_days: payment_days,
                    terms,
                    credit_limit_minor,
                    note,
                },
            )?;
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
            let c = store.create_contact(NewContact {
                account_id: account,
                name,
                title: title.unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                email: email.unwrap_or_default(),
            })?;
            out.emit(&c, || println!("{}", c.id))
        }
        ContactCmd::List { account } => {
            let list = store.contacts_of(&account)?;
            out.emit(&list, || {
                for c in &list {
                    println!("{}  {:<30} {:<16} {}", c.id, c.name, c.phone, c.email);
                }
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
    let hits = store.search_customers_and_products(&a.query, a.limit)?;
    out.emit(&hits, || {
        for h in &hits {
            println!("{:<8} {}  {}", h.kind, h.id, h.text.trim());
        }
    })
}

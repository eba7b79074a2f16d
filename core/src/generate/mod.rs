//! Realistic generated data for demos and benchmarks: accounts in real cities (European by
//! default; Thai or Chinese names with `Locale`) with contacts, a catalogue with price lists and quantity breaks, orders priced by the real
//! pricing code, visits around today. Deterministic for a seed and a day (ids included).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::Store;
use crate::error::Result;
use crate::pricing;
use crate::records::{
    Account, Contact, Fix, GeoPoint, Line, Order, OrderStatus, PriceBreak, PriceList, Product,
    ProductPrice, Visit, VisitStatus,
};
use crate::time::{Day, Ts};

mod names;
pub use names::Locale;

#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub accounts: usize,
    pub products: usize,
    pub orders: usize,
    pub visits: usize,
    pub seed: u64,
    /// The day the data is generated around.
    pub today: Day,
    /// Put every account in this territory.
    pub territory_id: Option<String>,
    /// The language of the names.
    pub locale: Locale,
}

/// Where generation is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Generated {
    pub accounts: usize,
    pub contacts: usize,
    pub products: usize,
    pub price_lists: usize,
    pub orders: usize,
    pub order_lines: usize,
    pub visits: usize,
}

const BATCH: usize = 1_000;

struct Gen {
    rng: StdRng,
    base_ms: i64,
}

impl Gen {
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.rng.random_range(0..xs.len())]
    }

    /// A UUIDv7-format id from the seeded generator, ordered by `ms`.
    fn id(&mut self, ms: i64) -> String {
        let bytes: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(ms.max(0) as u64, &bytes)
            .into_uuid()
            .to_string()
    }

    fn ts(&mut self, days_back: i64, days_ahead: i64) -> Ts {
        let d = self.rng.random_range(-days_back..=days_ahead);
        let minute = self.rng.random_range(7 * 60..18 * 60);
        Ts::from_millis(self.base_ms + d * 86_400_000 + minute * 60_000)
    }
}

/// Fill `store` with generated records, in batches of one transaction each.
pub fn generate(
    store: &mut Store,
    opts: &GenerateOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Generated> {
    let base_ms = opts
        .today
        .0
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0);
    let mut g = Gen {
        rng: StdRng::seed_from_u64(opts.seed),
        base_ms,
    };
    let owner = store.identity().user_id.clone();
    let env = store.env().clone();
    let mut report = Generated::default();

    // the catalogue
    let mut products = Vec::with_capacity(opts.products);
    for i in 0..opts.products {
        let name = opts.locale.lang(&mut g.rng).product_name(&mut g.rng);
        let price = g.rng.random_range(100..=50_000);
        let tax = if g.rng.random_bool(0.3) { 700 } else { 1900 };
        let mut p = Product::new(&env, format!("SKU-{i:06}"), name, price, "EUR", tax);
        p.id = g.id(base_ms - 400 * 86_400_000);
        p.created_at = Ts::from_millis(base_ms - 400 * 86_400_000);
        p.active = !g.rng.random_bool(0.03);
        p.unit = if g.rng.random_bool(0.2) {
            "box".into()
        } else {
            "pc".into()
        };
        products.push(p);
    }
    for (k, chunk) in products.chunks(BATCH).enumerate() {
        store.create_many(chunk.to_vec())?;
        progress(Progress {
            phase: "products",
            done: (k * BATCH + chunk.len()).min(opts.products),
            total: opts.products,
        });
    }
    report.products = products.len();

    let mut lists = Vec::new();
    for (n, segment) in [("Key accounts", "A"), ("Regular", "B"), ("Promotion", "")] {
        let mut pl = PriceList::new(&env, n, "EUR");
        pl.id = g.id(base_ms - 365 * 86_400_000);
        pl.valid_from = Some(Day(opts.today.0 - chrono::Days::new(365)));
        if !segment.is_empty() {
            pl.segments.push(segment.into());
        }
        for p in products.iter().filter(|p| p.active) {
            if !g.rng.random_bool(0.3) {
                continue;
            }
            let base = p.base_price_minor;
            pl.prices.push(ProductPrice {
                product_id: p.id.clone(),
                breaks: vec![
                    PriceBreak {
                        min_qty_milli: 0,
                        unit_price_minor: base * 95 / 100,
                    },
                    PriceBreak {
                        min_qty_milli: 10_000,
                        unit_price_minor: base * 90 / 100,
                    },
                    PriceBreak {
                        min_qty_milli: 50_000,
                        unit_price_minor: base * 85 / 100,
                    },
                ],
            });
        }
        lists.push(pl);
    }
    store.create_many(lists.clone())?;
    report.price_lists = lists.len();
    progress(Progress {
        phase: "price lists",
        done: lists.len(),
        total: lists.len(),
    });

    // accounts and contacts
    let mut accounts = Vec::with_capacity(opts.accounts);
    let mut contacts_total = 0;
    let mut batch_a = Vec::with_capacity(BATCH);
    let mut batch_c = Vec::with_capacity(BATCH * 2);
    for i in 0..opts.accounts {
        let lang = opts.locale.lang(&mut g.rng);
        let cities = lang.cities();
        let (city, lat, lon, prefix, country) = cities[g.rng.random_range(0..cities.len())];
        let name = lang.account_name(&mut g.rng, city);
        let created = g.ts(720, 0);
        let mut a = Account::new(&env, name.clone());
        a.id = g.id(created.millis());
        a.created_at = created;
        a.created_by = owner.clone();
        a.territory_id = opts.territory_id.clone();
        a.legal_name = name;
        a.tax_id = format!("{country}{:09}", g.rng.random_range(0..1_000_000_000u32));
        a.phone = format!(
            "{} {} {}",
            lang.calling_code(),
            g.rng.random_range(30..999),
            g.rng.random_range(100_000..9_999_999)
        );
        a.email = format!("info{i}@example.com");
        a.billing.street = format!("{} {}", g.pick(lang.streets()), g.rng.random_range(1..200));
        a.billing.city = city.into();
        a.billing.postal_code = format!("{prefix}{:03}", g.rng.random_range(0..1000));
        a.billing.country = country.into();
        a.shipping = a.billing.clone();
        a.geo = Some(GeoPoint {
            lat: lat + g.rng.random_range(-0.08..0.08),
            lon: lon + g.rng.random_range(-0.12..0.12),
        });
        a.segment = ["A", "B", "B", "C", "C", "C"][g.rng.random_range(0..6)].into();
        a.visit_frequency_days = [7, 14, 28, 0][g.rng.random_range(0..4)];
        a.payment_terms_days = [14, 30, 60][g.rng.random_range(0..3)];
        a.credit_limit_minor = g.rng.random_range(1..100) * 100_000;
        if g.rng.random_bool(0.2) {
            a.tags.push("franchise".into());
        }
        for _ in 0..g.rng.random_range(1..=3) {
            let mut c = Contact::new(&env, &a.id, lang.person_name(&mut g.rng));
            c.id = g.id(created.millis());
            c.created_at = created;
            c.title = g.pick(lang.titles()).into();
            c.phone = format!(
                "{}{} {}",
                lang.mobile_prefix(),
                g.rng.random_range(0..10),
                g.rng.random_range(1_000_000..9_999_999)
            );
            c.email = if lang.latin() {
                format!(
                    "{}.{}@example.com",
                    c.name.split(' ').next().unwrap_or("x").to_lowercase(),
                    i
                )
            } else {
                format!("contact.{}.{}@example.com", i, batch_c.len())
            };
            batch_c.push(c);
        }
        accounts.push(a.clone());
        batch_a.push(a);
        if batch_a.len() == BATCH || i + 1 == opts.accounts {
            store.create_many(std::mem::take(&mut batch_a))?;
            contacts_total += batch_c.len();
            store.create_many(std::mem::take(&mut batch_c))?;
            progress(Progress {
                phase: "accounts",
                done: i + 1,
                total: opts.accounts,
            });
        }
    }
    report.accounts = accounts.len();
    report.contacts = contacts_total;

    // orders, priced by the real pricing code at their dates
    let active: Vec<&Product> = products.iter().filter(|p| p.active).collect();
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..opts.orders {
        if accounts.is_empty() || active.is_empty() {
            break;
        }
        let account = &accounts[g.rng.random_range(0..accounts.len())];
        let created = g.ts(364, 0);
        let mut o = Order::new(&env, format!("SEED-{i:06}"), &account.id, &owner, "EUR");
        o.id = g.id(created.millis());
        o.created_at = created;
        o.order_date = Day(created.date_utc());
        let n = if g.rng.random_bool(0.9) {
            g.rng.random_range(1..=8)
        } else {
            g.rng.random_range(9..=20)
        };
        for _ in 0..n {
            let p = active[g.rng.random_range(0..active.len())];
            let qty = g.rng.random_range(1..=60) * 1000;
            let discount = [0, 0, 0, 250, 500, 1000][g.rng.random_range(0..6)];
            let price = pricing::unit_price(p, account, &lists, o.order_date, qty);
            let amounts =
                pricing::line_amounts(price.unit_price_minor, qty, discount, 0, p.tax_bp)?;
            o.lines.push(Line {
                line_id: g.id(created.millis()),
                product_id: p.id.clone(),
                description: p.name.clone(),
                qty_milli: qty,
                unit_price_minor: price.unit_price_minor,
                discount_bp: discount,
                tax_bp: p.tax_bp,
                net_minor: amounts.net_minor,
                tax_minor: amounts.tax_minor,
            });
        }
        report.order_lines += o.lines.len();
        let roll = g.rng.random_range(0..100);
        o.status = match roll {
            0..=4 => OrderStatus::Draft,
            5..=7 => OrderStatus::Cancelled,
            8..=24 => OrderStatus::Submitted,
            25..=54 => OrderStatus::Confirmed,
            55..=74 => OrderStatus::Fulfilled,
            _ => OrderStatus::Invoiced,
        };
        if o.status != OrderStatus::Draft {
            o.submitted_at = Some(Ts::from_millis(created.millis() + 3_600_000));
        }
        batch.push(o);
        if batch.len() == BATCH || i + 1 == opts.orders {
            // generated orders arrive in their final states, as a back office import would
            store.create_many_unchecked(std::mem::take(&mut batch))?;
            progress(Progress {
                phase: "orders",
                done: i + 1,
                total: opts.orders,
            });
        }
        report.orders = i + 1;
    }

    // visits around today: past ones mostly completed, future ones planned
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..opts.visits {
        if accounts.is_empty() {
            break;
        }
        let account = &accounts[g.rng.random_range(0..accounts.len())];
        let start = g.ts(60, 14);
        let end = Ts::from_millis(start.millis() + g.rng.random_range(2..=8) * 15 * 60_000);
        let mut v = Visit::new(&env, &account.id, &owner, start, end);
        v.id = g.id(start.millis());
        v.created_at = Ts::from_millis(start.millis() - 7 * 86_400_000);
        if start.millis() < base_ms {
            if g.rng.random_bool(0.85) {
                v.status = VisitStatus::Completed;
                v.check_in = Some(Fix {
                    at: start,
                    place: account.geo,
                });
                v.check_out = Some(Fix {
                    at: end,
                    place: account.geo,
                });
                v.outcome = [
                    "order taken",
                    "follow-up agreed",
                    "no need now",
                    "samples left",
                ][g.rng.random_range(0..4)]
                .into();
            } else {
                v.status = VisitStatus::Missed;
            }
        }
        batch.push(v);
        if batch.len() == BATCH || i + 1 == opts.visits {
            store.create_many_unchecked(std::mem::take(&mut batch))?;
            progress(Progress {
                phase: "visits",
                done: i + 1,
                total: opts.visits,
            });
        }
        report.visits = i + 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::records::Kind;
    use crate::store::ListQuery;
    use crate::{InitOptions, records::Role};

    fn small(dir: &std::path::Path, name: &str) -> (Store, Generated) {
        let mut s = Store::init(dir.join(name), InitOptions::new("seed", Role::Manager)).unwrap();
        let opts = GenerateOptions {
            accounts: 40,
            products: 25,
            orders: 60,
            visits: 30,
            seed: 7,
            today: Day::parse("2026-11-22").unwrap(),
            territory_id: None,
            locale: Locale::De,
        };
        let r = generate(&mut s, &opts, &mut |_| {}).unwrap();
        (s, r)
    }

    #[test]
    fn thai_and_chinese_names_are_found_by_a_word_from_inside() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::init(
            dir.path().join("m.db"),
            InitOptions::new("m", Role::Manager),
        )
        .unwrap();
        let opts = GenerateOptions {
            accounts: 60,
            products: 20,
            orders: 0,
            visits: 0,
            seed: 3,
            today: Day::parse("2026-11-22").unwrap(),
            territory_id: None,
            locale: Locale::Mixed,
        };
        generate(&mut s, &opts, &mut |_| {}).unwrap();
        let accounts: Vec<Account> = s.list(&ListQuery::default().limit(100)).unwrap();
        let is_thai = |a: &Account| {
            a.name
                .chars()
                .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
        };
        let thai = accounts.iter().filter(|a| is_thai(a)).count();
        assert!(thai > 10 && thai < 50, "about half Thai: {thai} of 60");
        assert!(
            accounts
                .iter()
                .all(|a| a.billing.country == "TH" || a.billing.country == "CN")
        );
        for a in &accounts {
            // two characters from the middle of the name's longest word
            let word: Vec<char> = a
                .name
                .split_whitespace()
                .max_by_key(|w| w.chars().count())
                .unwrap()
                .chars()
                .collect();
            let mut start = word.len() / 2;
            while start > 0 && unicode_normalization::char::is_combining_mark(word[start]) {
                start -= 1;
            }
            let q: String = word[start..(start + 2).min(word.len())].iter().collect();
            let found: Vec<Account> = s
                .list(&ListQuery::default().search(q.as_str()).limit(100))
                .unwrap();
            assert!(
                found.iter().any(|f| f.id == a.id),
                "{q} did not find {}",
                a.name
            );
        }
        assert!(Locale::De == "de".parse().unwrap());
        assert!("klingon".parse::<Locale>().is_err());
    }

    #[test]
    fn same_seed_same_data_and_every_order_adds_up() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, ra) = small(dir.path(), "a.db");
        let (b, _) = small(dir.path(), "b.db");
        let q = ListQuery::default()
            .order("created_at", false)
            .limit(10_000);
        // everything but the owner (each store has its own user) is the same
        let (oa, mut ob): (Vec<Order>, Vec<Order>) = (a.list(&q).unwrap(), b.list(&q).unwrap());
        ob.iter_mut()
            .for_each(|o| o.owner_id = oa[0].owner_id.clone());
        assert!(
            oa == ob,
            "orders differ between two runs with the same seed"
        );
        let (aa, mut ab): (Vec<Account>, Vec<Account>) = (a.list(&q).unwrap(), b.list(&q).unwrap());
        ab.iter_mut()
            .for_each(|x| x.created_by = aa[0].created_by.clone());
        assert!(
            aa == ab,
            "accounts differ between two runs with the same seed"
        );
        assert_eq!(ra.accounts as i64, a.count(Kind::Account).unwrap());
        assert_eq!(ra.contacts as i64, a.count(Kind::Contact).unwrap());
        assert_eq!(ra.orders as i64, a.count(Kind::Order).unwrap());
        assert_eq!(ra.visits as i64, a.count(Kind::Visit).unwrap());
        for o in &oa {
            let sum: i64 = o.lines.iter().map(|l| l.net_minor + l.tax_minor).sum();
            assert_eq!(o.total_minor, sum);
            for l in &o.lines {
                let x = pricing::line_amounts(
                    l.unit_price_minor,
                    l.qty_milli,
                    l.discount_bp,
                    0,
                    l.tax_bp,
                )
                .unwrap();
                assert_eq!((x.net_minor, x.tax_minor), (l.net_minor, l.tax_minor));
            }
            // the document says what the index says
            assert_eq!(&a.get::<Order>(&o.id).unwrap(), o);
        }
    }
}

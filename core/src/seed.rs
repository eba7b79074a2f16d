//! Realistic generated data for demos, manual testing and the benchmarks of DESIGN.md
//! section 8: companies in ~30 European cities with their contacts, a catalogue with price
//! lists and quantity breaks, a year of orders priced by the real pricing code, and visits
//! around today.
//!
//! Everything, ids and timestamps included, follows from `seed` and `today`: two runs with the
//! same options write the same index rows. Only what the store adds itself differs (the
//! document's actor and change times).

use std::time::Instant;

use autosurgeon::Text;
use chrono::{Datelike, NaiveTime};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::Store;
use crate::error::Result;
use crate::pricing;
use crate::records::{
    Account, Address, Contact, Fix, GeoPoint, Line, Order, OrderStatus, PriceBreak, PriceList,
    Product, ProductPrice, Visit, VisitStatus,
};
use crate::time::{Day, Ts};

/// How much to generate, and from what.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedOptions {
    pub accounts: usize,
    pub products: usize,
    pub orders: usize,
    pub visits: usize,
    /// Same seed and day, same data.
    pub seed: u64,
    /// The day the data is generated around: orders in the year up to it, visits from 60
    /// days before to 14 days after it.
    pub today: Day,
}

/// Where seeding is, reported after every batch (for a progress bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedProgress {
    /// "accounts", "contacts", "products", "price lists", "orders" or "visits".
    pub phase: &'static str,
    pub done: usize,
    pub total: usize,
}

/// What was written, and how long it took.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SeedReport {
    pub accounts: usize,
    pub contacts: usize,
    pub products: usize,
    pub price_lists: usize,
    pub orders: usize,
    pub order_lines: usize,
    pub visits: usize,
    pub seconds: f64,
}

/// Records per transaction: large enough that the commit's fsync is paid rarely, small
/// enough that a progress bar moves.
const BATCH: usize = 1_000;

const DAY_MS: i64 = 86_400_000;
const MINUTE_MS: i64 = 60_000;

// ---- tables ------------------------------------------------------------------------------

/// How a country writes its postal codes.
#[derive(Clone, Copy)]
enum Postal {
    /// All digits, this many.
    Digits(usize),
    /// Two groups of digits with a separator (`00-950`, `110 00`).
    Split(usize, usize, char),
    /// Four digits, a space and two letters (`1012 AB`).
    Dutch,
}

struct Country {
    code: &'static str,
    dial: &'static str,
    mobile: &'static [&'static str],
    postal: Postal,
    streets: &'static [&'static str],
    /// `12 Rue de la Gare` rather than `Hauptstraße 12`.
    number_first: bool,
    forms: &'static [&'static str],
}

const GERMAN_STREETS: &[&str] = &[
    "Hauptstraße",
    "Bahnhofstraße",
    "Industriestraße",
    "Gewerbepark",
    "Lindenallee",
    "Schillerstraße",
    "Goethestraße",
    "Am Markt",
    "Mühlenweg",
    "Hafenstraße",
    "Gartenstraße",
    "Ringstraße",
];
const DUTCH_STREETS: &[&str] = &[
    "Kerkstraat",
    "Stationsstraat",
    "Industrieweg",
    "Dorpsstraat",
    "Havenstraat",
    "Marktplein",
];
const FRENCH_STREETS: &[&str] = &[
    "Rue de la Gare",
    "Avenue de la Liberté",
    "Rue du Commerce",
    "Boulevard Victor Hugo",
    "Route d'Arlon",
];

const DE: Country = Country {
    code: "DE",
    dial: "+49",
    mobile: &["151", "160", "170", "172", "176"],
    postal: Postal::Digits(5),
    streets: GERMAN_STREETS,
    number_first: false,
    forms: &[
        "GmbH",
        "GmbH",
        "GmbH",
        "KG",
        "GmbH & Co. KG",
        "AG",
        "e.K.",
        "OHG",
    ],
};
const AT: Country = Country {
    code: "AT",
    dial: "+43",
    mobile: &["664", "676", "699"],
    postal: Postal::Digits(4),
    streets: GERMAN_STREETS,
    number_first: false,
    forms: &["GmbH", "GmbH", "KG", "e.U."],
};
const CH: Country = Country {
    code: "CH",
    dial: "+41",
    mobile: &["76", "78", "79"],
    postal: Postal::Digits(4),
    streets: GERMAN_STREETS,
    number_first: false,
    forms: &["AG", "GmbH"],
};
const NL: Country = Country {
    code: "NL",
    dial: "+31",
    mobile: &["6"],
    postal: Postal::Dutch,
    streets: DUTCH_STREETS,
    number_first: false,
    forms: &["B.V.", "B.V.", "V.O.F."],
};
const BE: Country = Country {
    code: "BE",
    dial: "+32",
    mobile: &["470", "475", "485"],
    postal: Postal::Digits(4),
    streets: DUTCH_STREETS,
    number_first: false,
    forms: &["BV", "NV"],
};
const LU: Country = Country {
    code: "LU",
    dial: "+352",
    mobile: &["621", "661", "691"],
    postal: Postal::Digits(4),
    streets: FRENCH_STREETS,
    number_first: true,
    forms: &["S.à r.l.", "S.A."],
};
const DK: Country = Country {
    code: "DK",
    dial: "+45",
    mobile: &["20", "30", "40"],
    postal: Postal::Digits(4),
    streets: &[
        "Vestergade",
        "Nørregade",
        "Industrivej",
        "Havnegade",
        "Strandvejen",
    ],
    number_first: false,
    forms: &["ApS", "A/S"],
};
const FR: Country = Country {
    code: "FR",
    dial: "+33",
    mobile: &["6", "7"],
    postal: Postal::Digits(5),
    streets: FRENCH_STREETS,
    number_first: true,
    forms: &["SARL", "SAS"],
};
const IT: Country = Country {
    code: "IT",
    dial: "+39",
    mobile: &["333", "347", "380"],
    postal: Postal::Digits(5),
    streets: &[
        "Via Roma",
        "Via Garibaldi",
        "Corso Buenos Aires",
        "Via dell'Industria",
    ],
    number_first: false,
    forms: &["S.r.l.", "S.p.A."],
};
const PL: Country = Country {
    code: "PL",
    dial: "+48",
    mobile: &["501", "601", "691"],
    postal: Postal::Split(2, 3, '-'),
    streets: &[
        "ul. Długa",
        "ul. Przemysłowa",
        "ul. Świdnicka",
        "ul. Kościuszki",
    ],
    number_first: false,
    forms: &["Sp. z o.o."],
};
const CZ: Country = Country {
    code: "CZ",
    dial: "+420",
    mobile: &["602", "721", "777"],
    postal: Postal::Split(3, 2, ' '),
    streets: &["Národní", "Vinohradská", "Průmyslová", "Dlouhá"],
    number_first: false,
    forms: &["s.r.o.", "a.s."],
};

struct City {
    name: &'static str,
    country: &'static Country,
    lat: f64,
    lon: f64,
    /// The leading digits of the city's postal codes.
    postal_prefix: &'static str,
}

const fn city(
    name: &'static str,
    country: &'static Country,
    lat: f64,
    lon: f64,
    postal_prefix: &'static str,
) -> City {
    City {
        name,
        country,
        lat,
        lon,
        postal_prefix,
    }
}

/// Real cities with their centres; German-speaking ones weigh more, as a DACH sales team's
/// customers would.
const CITIES: &[City] = &[
    city("Berlin", &DE, 52.5200, 13.4050, "10"),
    city("Hamburg", &DE, 53.5511, 9.9937, "20"),
    city("München", &DE, 48.1351, 11.5820, "80"),
    city("Köln", &DE, 50.9375, 6.9603, "50"),
    city("Frankfurt am Main", &DE, 50.1109, 8.6821, "60"),
    city("Stuttgart", &DE, 48.7758, 9.1829, "70"),
    city("Düsseldorf", &DE, 51.2277, 6.7735, "40"),
    city("Leipzig", &DE, 51.3397, 12.3731, "04"),
    city("Dresden", &DE, 51.0504, 13.7373, "01"),
    city("Hannover", &DE, 52.3759, 9.7320, "30"),
    city("Nürnberg", &DE, 49.4521, 11.0767, "90"),
    city("Bremen", &DE, 53.0793, 8.8017, "28"),
    city("Wien", &AT, 48.2082, 16.3738, "1"),
    city("Graz", &AT, 47.0707, 15.4395, "80"),
    city("Linz", &AT, 48.3069, 14.2858, "40"),
    city("Salzburg", &AT, 47.8095, 13.0550, "50"),
    city("Zürich", &CH, 47.3769, 8.5417, "80"),
    city("Basel", &CH, 47.5596, 7.5886, "40"),
    city("Bern", &CH, 46.9480, 7.4474, "30"),
    city("Amsterdam", &NL, 52.3676, 4.9041, "10"),
    city("Rotterdam", &NL, 51.9244, 4.4777, "30"),
    city("Utrecht", &NL, 52.0907, 5.1214, "35"),
    city("Antwerpen", &BE, 51.2194, 4.4025, "20"),
    city("Brussel", &BE, 50.8503, 4.3517, "10"),
    city("Luxembourg", &LU, 49.6116, 6.1319, "1"),
    city("København", &DK, 55.6761, 12.5683, "1"),
    city("Aarhus", &DK, 56.1629, 10.2039, "80"),
    city("Strasbourg", &FR, 48.5734, 7.7521, "67"),
    city("Lyon", &FR, 45.7640, 4.8357, "690"),
    city("Milano", &IT, 45.4642, 9.1900, "201"),
    city("Wrocław", &PL, 51.1079, 17.0385, "50"),
    city("Poznań", &PL, 52.4064, 16.9252, "60"),
    city("Praha", &CZ, 50.0755, 14.4378, "1"),
];

const STEMS: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Wolf",
    "Neumann",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Nordwind",
    "Alpenland",
    "Rheintal",
    "Elbtal",
    "Sonnenhof",
    "Bergblick",
    "Hansa",
    "Adler",
    "Lindenhof",
    "Eichenwald",
    "Van Dijk",
    "De Vries",
    "Jansen",
    "Dubois",
    "Rossi",
    "Nowak",
    "Novák",
    "Jensen",
];
const TRADES: &[&str] = &[
    "Haustechnik",
    "Logistik",
    "Bäckerei",
    "Gastronomie",
    "Bürobedarf",
    "Elektrotechnik",
    "Bau",
    "Handel",
    "Apotheke",
    "Hotel",
    "Café",
    "Metallbau",
    "Getränkehandel",
    "Feinkost",
    "Werkzeugbau",
    "Sanitär",
    "Druckerei",
    "Autohaus",
    "Gartenbau",
    "Gebäudereinigung",
    "Catering",
    "Baustoffe",
    "Fleischerei",
    "Kaffeerösterei",
    "Malerbetrieb",
    "Schreinerei",
];
const TAGS: &[&str] = &[
    "key account",
    "franchise",
    "wholesale",
    "retail",
    "horeca",
    "export",
    "new",
    "online shop",
];
const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Katrin",
    "Lukas", "Marie", "Niklas", "Olga", "Paul", "Rita", "Stefan", "Tanja", "Uwe", "Sophie", "Jan",
    "Lea", "Thomas", "Julia", "Pieter", "Camille", "Giulia", "Piotr", "Lars",
];
const LAST_NAMES: &[&str] = &[
    "Schulz",
    "Meier",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hartmann",
    "Lange",
    "Koch",
    "Richter",
    "Klein",
    "Werner",
    "Schröder",
    "Jung",
    "Hahn",
    "Bakker",
    "Peeters",
    "Martin",
    "Bianchi",
    "Kowalski",
    "Dvořák",
    "Nielsen",
    "Gruber",
];
const CONTACT_TITLES: &[&str] = &[
    "Purchasing Manager",
    "Managing Director",
    "Owner",
    "Store Manager",
    "Head Chef",
    "Office Manager",
    "Warehouse Lead",
    "Accounts Payable",
    "Operations Manager",
];
const ADJECTIVES: &[&str] = &[
    "Premium",
    "Classic",
    "Eco",
    "Pro",
    "Compact",
    "Heavy-duty",
    "Organic",
    "Deluxe",
    "Standard",
    "Industrial",
    "Basic",
    "Professional",
];

struct Noun {
    name: &'static str,
    unit: &'static str,
    /// Food: the reduced VAT rate.
    food: bool,
    /// Base price range in cents, inside 1.00..=500.00 EUR.
    price: (i64, i64),
}

const fn noun(name: &'static str, unit: &'static str, food: bool, lo: i64, hi: i64) -> Noun {
    Noun {
        name,
        unit,
        food,
        price: (lo, hi),
    }
}

const NOUNS: &[Noun] = &[
    noun("Espresso beans", "kg", true, 1_200, 3_500),
    noun("Filter coffee", "kg", true, 900, 2_500),
    noun("Black tea", "pack", true, 300, 1_200),
    noun("Wheat flour", "kg", true, 100, 400),
    noun("Cane sugar", "kg", true, 150, 450),
    noun("Olive oil", "l", true, 600, 2_000),
    noun("Pasta", "kg", true, 150, 600),
    noun("Chocolate bars", "box", true, 800, 3_000),
    noun("Paper cups", "box", false, 1_500, 4_500),
    noun("Napkins", "pack", false, 200, 900),
    noun("Cleaning agent", "l", false, 300, 1_500),
    noun("Dish soap", "l", false, 250, 900),
    noun("Work gloves", "pack", false, 500, 2_500),
    noun("Copy paper", "box", false, 2_000, 5_000),
    noun("Toner cartridge", "pc", false, 3_000, 15_000),
    noun("LED bulb", "pc", false, 200, 1_500),
    noun("Cable ties", "pack", false, 300, 1_200),
    noun("Wood screws", "box", false, 400, 3_000),
    noun("Drill bit set", "pc", false, 1_500, 9_000),
    noun("Silicone sealant", "pc", false, 500, 1_800),
    noun("Safety goggles", "pc", false, 500, 3_000),
    noun("Extension cable", "pc", false, 900, 4_000),
    noun("Pallet wrap", "roll", false, 1_500, 4_000),
    noun("Shipping boxes", "pack", false, 800, 3_500),
    noun("Cordless drill", "pc", false, 8_000, 50_000),
    noun("Pressure washer", "pc", false, 15_000, 50_000),
];
const ORDER_NOTES: &[&str] = &[
    "Deliver before 10:00",
    "Partial delivery OK",
    "Call before delivery",
    "Ship to warehouse 2",
];
const VISIT_OUTCOMES: &[&str] = &[
    "order taken",
    "follow-up agreed",
    "samples left",
    "no need right now",
    "price negotiation",
    "complaint handled",
    "met new contact",
];

// ---- the generator -------------------------------------------------------------------------

/// What later phases need of an account, kept small so 20k of them cost little memory.
struct Customer {
    id: String,
    segment: &'static str,
    created_ms: i64,
    geo: GeoPoint,
    domain: String,
    country: &'static Country,
}

struct Gen {
    rng: StdRng,
    /// Midnight UTC at the start of `today`.
    today_ms: i64,
}

impl Gen {
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.random_range(0..xs.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A UUIDv7-format id from the seeded generator, time-ordered by `ms` like a real one.
    fn id(&mut self, ms: i64) -> String {
        let random: [u8; 10] = self.rng.random();
        uuid::Builder::from_unix_timestamp_millis(u64::try_from(ms).unwrap_or(0), &random)
            .into_uuid()
            .to_string()
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.random_range(0..10u8)))
            .collect()
    }

    /// An instant on the day `days` from today (negative: before), in working hours.
    fn working_time(&mut self, days: i64, from_hour: i64, to_hour: i64) -> i64 {
        let minute = self.rng.random_range(from_hour * 60..to_hour * 60);
        self.today_ms + days * DAY_MS + minute * MINUTE_MS
    }

    fn postal_code(&mut self, city: &City) -> String {
        let prefix = city.postal_prefix;
        match city.country.postal {
            Postal::Digits(n) => format!("{prefix}{}", self.digits(n - prefix.len())),
            Postal::Split(a, b, sep) => {
                let all = format!("{prefix}{}", self.digits(a + b - prefix.len()));
                format!("{}{sep}{}", &all[..a], &all[a..])
            }
            Postal::Dutch => {
                let letters: String = (0..2)
                    .map(|_| char::from(b'A' + self.rng.random_range(0..26u8)))
                    .collect();
                format!("{prefix}{} {letters}", self.digits(4 - prefix.len()))
            }
        }
    }

    fn tax_id(&mut self, country: &Country) -> String {
        match country.code {
            "AT" => format!("ATU{}", self.digits(8)),
            "CH" => format!(
                "CHE-{}.{}.{} MWST",
                self.digits(3),
                self.digits(3),
                self.digits(3)
            ),
            "NL" => format!("NL{}B01", self.digits(9)),
            "BE" => format!("BE0{}", self.digits(9)),
            "FR" => format!("FR{}", self.digits(11)),
            "IT" => format!("IT{}", self.digits(11)),
            "PL" => format!("PL{}", self.digits(10)),
            "LU" | "DK" | "CZ" => format!("{}{}", country.code, self.digits(8)),
            code => format!("{code}{}", self.digits(9)),
        }
    }

    fn phone(&mut self, country: &Country) -> String {
        let area = self.rng.random_range(20..990);
        format!("{} {area} {}", country.dial, self.digits(7))
    }

    fn mobile(&mut self, country: &Country) -> String {
        let prefix = self.pick(country.mobile);
        format!("{} {prefix} {}", country.dial, self.digits(7))
    }

    fn street(&mut self, country: &Country) -> String {
        let street = self.pick(country.streets);
        let number = self.rng.random_range(1..200);
        if country.number_first {
            format!("{number} {street}")
        } else {
            format!("{street} {number}")
        }
    }

    /// The trading name, the registered name and the web domain of a company.
    fn company(&mut self, city: &City) -> (String, String, String) {
        let stem = self.pick(STEMS);
        let trade = self.pick(TRADES);
        let form = self.pick(city.country.forms);
        let roll = self.rng.random_range(0..100);
        let (name, core) = match roll {
            0..60 => (format!("{stem} {trade} {form}"), format!("{stem} {trade}")),
            60..75 => (format!("{trade} {stem} {form}"), format!("{trade} {stem}")),
            75..85 => {
                let other = self.pick(LAST_NAMES);
                (
                    format!("{stem} & {other} {form}"),
                    format!("{stem} {other}"),
                )
            }
            // a trading name without the legal form, as on the shop sign
            _ => (
                format!("{stem} {trade} {}", city.name),
                format!("{stem} {trade}"),
            ),
        };
        let legal = format!("{core} {form}");
        let domain = format!("{}.example", slug(&core));
        (name, legal, domain)
    }
}

/// Lower-case ASCII for e-mail addresses: umlauts spelled out, other marks dropped.
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' | 'ø' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'å' => out.push_str("aa"),
            'á' | 'à' | 'â' => out.push('a'),
            'é' | 'è' | 'ê' | 'ě' => out.push('e'),
            'í' => out.push('i'),
            'ó' | 'ô' => out.push('o'),
            'ú' | 'ů' => out.push('u'),
            'ł' => out.push('l'),
            'ś' | 'š' => out.push('s'),
            'ń' | 'ň' => out.push('n'),
            'ř' => out.push('r'),
            'č' | 'ć' => out.push('c'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            'ý' => out.push('y'),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Write `records` in transactions of `BATCH`, reporting after each.
fn write_batches<R: crate::records::Record>(
    store: &mut Store,
    records: &mut Vec<R>,
    done: &mut usize,
    total: usize,
    phase: &'static str,
    progress: &mut dyn FnMut(SeedProgress),
    unchecked: bool,
) -> Result<()> {
    let batch = std::mem::take(records);
    *done += batch.len();
    if unchecked {
        store.create_many_unchecked(batch)?;
    } else {
        store.create_many(batch)?;
    }
    progress(SeedProgress {
        phase,
        done: *done,
        total,
    });
    Ok(())
}

/// Fill `store` with generated records, one transaction per batch of about a thousand.
///
/// Orders are written without the lifecycle rules (`Store::create_many_unchecked`): they
/// arrive already submitted, confirmed or invoiced, as a back-office import would, and the
/// rules only let a new order start as a draft. Everything else goes through the rules.
pub fn seed(
    store: &mut Store,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<SeedReport> {
    let started = Instant::now();
    let mut g = Gen {
        rng: StdRng::seed_from_u64(opts.seed),
        today_ms: opts
            .today
            .0
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp_millis(),
    };
    let owner = store.identity().user_id.clone();
    let mut report = SeedReport::default();

    let customers = seed_accounts(store, &mut g, opts, &owner, progress)?;
    report.accounts = customers.len();
    report.contacts = seed_contacts(store, &mut g, &customers, progress)?;
    let products = seed_products(store, &mut g, opts, progress)?;
    report.products = products.len();
    let lists = seed_price_lists(store, &mut g, opts, &products, progress)?;
    report.price_lists = lists.len();
    (report.orders, report.order_lines) = seed_orders(
        store, &mut g, opts, &owner, &customers, &products, &lists, progress,
    )?;
    report.visits = seed_visits(store, &mut g, opts, &owner, &customers, progress)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn seed_accounts(
    store: &mut Store,
    g: &mut Gen,
    opts: &SeedOptions,
    owner: &str,
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<Vec<Customer>> {
    let mut customers = Vec::with_capacity(opts.accounts);
    let mut batch = Vec::with_capacity(BATCH);
    let mut done = 0;
    for _ in 0..opts.accounts {
        let city = &CITIES[g.rng.random_range(0..CITIES.len())];
        let country = city.country;
        let (name, legal_name, domain) = g.company(city);
        let age_days = g.rng.random_range(1..=730);
        let created_ms = g.working_time(-age_days, 7, 19);
        let mut a = Account::new(name);
        a.id = g.id(created_ms);
        a.created_at = Ts::from_millis(created_ms);
        a.created_by = owner.to_string();
        a.legal_name = legal_name;
        a.tax_id = g.tax_id(country);
        a.phone = g.phone(country);
        a.email = format!(
            "{}@{domain}",
            g.pick(&["info", "office", "einkauf", "orders"])
        );
        a.billing = Address {
            street: g.street(country),
            city: city.name.into(),
            postal_code: g.postal_code(city),
            country: country.code.into(),
        };
        a.shipping = if g.chance(0.15) {
            // a separate goods entrance or warehouse in the same city
            Address {
                street: g.street(country),
                postal_code: g.postal_code(city),
                ..a.billing.clone()
            }
        } else {
            a.billing.clone()
        };
        // a few kilometres around the centre
        let geo = GeoPoint {
            lat: city.lat + g.rng.random_range(-0.06..0.06),
            lon: city.lon + g.rng.random_range(-0.09..0.09),
        };
        a.geo = Some(geo);
        let segment = match g.rng.random_range(0..100) {
            0..15 => "A",
            15..50 => "B",
            _ => "C",
        };
        a.segment = segment.into();
        a.visit_frequency_days = match segment {
            "A" => g.pick(&[7, 7, 14]),
            "B" => g.pick(&[14, 28, 28]),
            _ => g.pick(&[28, 0, 0]),
        };
        a.payment_terms_days = g.pick(&[14, 30, 30, 60]);
        a.credit_limit_minor = match segment {
            "A" => g.rng.random_range(50..=500) * 100_000,
            "B" => g.rng.random_range(10..=100) * 100_000,
            _ => g.rng.random_range(1..=20) * 100_000,
        };
        for _ in 0..g.pick(&[0, 0, 1, 1, 2]) {
            let tag = g.pick(TAGS).to_string();
            if !a.tags.contains(&tag) {
                a.tags.push(tag);
            }
        }
        customers.push(Customer {
            id: a.id.clone(),
            segment,
            created_ms,
            geo,
            domain,
            country,
        });
        batch.push(a);
        if batch.len() == BATCH {
            write_batches(
                store,
                &mut batch,
                &mut done,
                opts.accounts,
                "accounts",
                progress,
                false,
            )?;
        }
    }
    if !batch.is_empty() {
        write_batches(
            store,
            &mut batch,
            &mut done,
            opts.accounts,
            "accounts",
            progress,
            false,
        )?;
    }
    Ok(customers)
}

fn seed_contacts(
    store: &mut Store,
    g: &mut Gen,
    customers: &[Customer],
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<usize> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut done = 0;
    // the total is known only at the end; the bar follows the accounts done so far
    let mut accounts_done = 0;
    for c in customers {
        let n = match g.rng.random_range(0..100) {
            0..45 => 1,
            45..80 => 2,
            _ => 3,
        };
        for _ in 0..n {
            let (first, last) = (g.pick(FIRST_NAMES), g.pick(LAST_NAMES));
            let created_ms = c.created_ms + g.rng.random_range(0..30) * MINUTE_MS;
            let mut contact = Contact::new(&c.id, format!("{first} {last}"));
            contact.id = g.id(created_ms);
            contact.created_at = Ts::from_millis(created_ms);
            contact.title = g.pick(CONTACT_TITLES).into();
            contact.phone = g.mobile(c.country);
            contact.email = format!("{}.{}@{}", slug(first), slug(last), c.domain);
            batch.push(contact);
        }
        accounts_done += 1;
        if batch.len() >= BATCH || accounts_done == customers.len() {
            let n = batch.len();
            store.create_many(std::mem::take(&mut batch))?;
            done += n;
            progress(SeedProgress {
                phase: "contacts",
                done: accounts_done,
                total: customers.len(),
            });
        }
    }
    Ok(done)
}

fn seed_products(
    store: &mut Store,
    g: &mut Gen,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<Vec<Product>> {
    let mut products = Vec::with_capacity(opts.products);
    let mut done = 0;
    for i in 0..opts.products {
        let noun = &NOUNS[g.rng.random_range(0..NOUNS.len())];
        let name = format!("{} {}", g.pick(ADJECTIVES), noun.name);
        let price = g.rng.random_range(noun.price.0..=noun.price.1);
        let tax_bp = if noun.food { 700 } else { 1_900 };
        let age_days = g.rng.random_range(400..=800);
        let created_ms = g.working_time(-age_days, 7, 19);
        let mut p = Product::new(format!("FS-{:05}", 10_001 + i), name, price, "EUR", tax_bp);
        p.id = g.id(created_ms);
        p.created_at = Ts::from_millis(created_ms);
        p.unit = noun.unit.into();
        p.active = !g.chance(0.03);
        products.push(p);
    }
    for chunk in products.chunks(BATCH) {
        store.create_many(chunk.to_vec())?;
        done += chunk.len();
        progress(SeedProgress {
            phase: "products",
            done,
            total: opts.products,
        });
    }
    Ok(products)
}

/// A unit price `pct` per cent of `base`, rounded to the cent, never free.
fn percent_of(base: i64, pct: i64) -> i64 {
    ((base * pct + 50) / 100).max(1)
}

fn seed_price_lists(
    store: &mut Store,
    g: &mut Gen,
    opts: &SeedOptions,
    products: &[Product],
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<Vec<PriceList>> {
    let year_ago = Day(opts.today.0 - chrono::Days::new(365));
    let created_ms = g.today_ms - 366 * DAY_MS;
    let mut key = PriceList::new(format!("Key accounts {}", year_ago.0.year() + 1), "EUR");
    key.segments = vec!["A".into()];
    let mut trade = PriceList::new(format!("Trade {}", year_ago.0.year() + 1), "EUR");
    trade.segments = vec!["B".into()];
    // volume deals for products neither list covers, for A and B, running out in a quarter
    let mut volume = PriceList::new("Volume deals", "EUR");
    volume.segments = vec!["A".into(), "B".into()];
    volume.valid_to = Some(Day(opts.today.0 + chrono::Days::new(90)));
    for list in [&mut key, &mut trade, &mut volume] {
        list.id = g.id(created_ms);
        list.valid_from = Some(year_ago);
    }
    for p in products.iter().filter(|p| p.active) {
        let base = p.base_price_minor;
        let roll = g.rng.random_range(0..100);
        let off = g.rng.random_range(3..=10);
        let (list, breaks) = match roll {
            0..40 => (
                &mut key,
                vec![(0, 100 - off), (10_000, 96 - off), (50_000, 92 - off)],
            ),
            40..70 => (&mut trade, vec![(0, 100 - off / 2), (25_000, 97 - off)]),
            70..80 => (&mut volume, vec![(20_000, 90), (100_000, 85)]),
            _ => continue,
        };
        list.prices.push(ProductPrice {
            product_id: p.id.clone(),
            breaks: breaks
                .into_iter()
                .map(|(min_qty_milli, pct)| PriceBreak {
                    min_qty_milli,
                    unit_price_minor: percent_of(base, pct),
                })
                .collect(),
        });
    }
    let lists = vec![key, trade, volume];
    store.create_many(lists.clone())?;
    progress(SeedProgress {
        phase: "price lists",
        done: lists.len(),
        total: lists.len(),
    });
    Ok(lists)
}

/// How much of a product one order line takes, in thousandths of its unit.
fn quantity(g: &mut Gen, unit: &str) -> i64 {
    match unit {
        // weights and volumes in halves
        "kg" | "l" => g.rng.random_range(1..=40) * 500,
        "pc" if g.chance(0.1) => g.rng.random_range(25..=120) * 1_000,
        "pc" => g.rng.random_range(1..=24) * 1_000,
        _ if g.chance(0.15) => g.rng.random_range(10..=60) * 1_000,
        _ => g.rng.random_range(1..=12) * 1_000,
    }
}

/// The status of an order `age_days` old: recent ones are still moving, old ones invoiced.
fn order_status(g: &mut Gen, age_days: i64) -> OrderStatus {
    use OrderStatus::*;
    let roll = g.rng.random_range(0..100);
    match age_days {
        0..=2 => match roll {
            0..25 => Draft,
            25..80 => Submitted,
            80..97 => Confirmed,
            _ => Cancelled,
        },
        3..=20 => match roll {
            0..4 => Draft,
            4..20 => Submitted,
            20..55 => Confirmed,
            55..92 => Fulfilled,
            92..94 => Rejected,
            _ => Cancelled,
        },
        _ => match roll {
            0..2 => Draft,
            2..4 => Submitted,
            4..10 => Confirmed,
            10..25 => Fulfilled,
            25..94 => Invoiced,
            94..95 => Rejected,
            _ => Cancelled,
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn seed_orders(
    store: &mut Store,
    g: &mut Gen,
    opts: &SeedOptions,
    owner: &str,
    customers: &[Customer],
    products: &[Product],
    lists: &[PriceList],
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<(usize, usize)> {
    let active: Vec<&Product> = products.iter().filter(|p| p.active).collect();
    if customers.is_empty() || active.is_empty() {
        return Ok((0, 0));
    }
    // Pricing reads an account's id, segment and own price list. Seeded accounts have no own
    // list, so this view prices exactly as the stored account does (a test checks it), without
    // keeping 20k whole accounts in memory.
    let mut view = Account::new("pricing view");
    let mut batch = Vec::with_capacity(BATCH);
    let (mut done, mut lines_total) = (0, 0);
    let mut chosen: Vec<usize> = Vec::with_capacity(20);
    for i in 0..opts.orders {
        // A and B customers order more often than C ones
        let mut c = &customers[g.rng.random_range(0..customers.len())];
        if (c.segment == "C" && g.chance(0.6)) || (c.segment == "B" && g.chance(0.3)) {
            c = &customers[g.rng.random_range(0..customers.len())];
        }
        view.id.clone_from(&c.id);
        view.segment = c.segment.into();

        let age_days = g.rng.random_range(0..365);
        let created_ms = g.working_time(-age_days, 7, 18);
        let mut o = Order::new(format!("SEED-{:06}", i + 1), &c.id, owner, "EUR");
        o.id = g.id(created_ms);
        o.created_at = Ts::from_millis(created_ms);
        o.order_date = Day(o.created_at.date_utc());
        let n = if g.chance(0.85) {
            g.rng.random_range(1..=8)
        } else {
            g.rng.random_range(9..=20)
        };
        // distinct products, the catalogue's first ones the best sellers
        chosen.clear();
        for _ in 0..n * 4 {
            if chosen.len() == n {
                break;
            }
            let u: f64 = g.rng.random();
            let k = ((u * u) * active.len() as f64) as usize;
            let k = k.min(active.len() - 1);
            if !chosen.contains(&k) || active.len() < n {
                chosen.push(k);
            }
        }
        for &k in &chosen {
            let p = active[k];
            let qty_milli = quantity(g, &p.unit);
            let discount_bp = if g.chance(0.75) {
                0
            } else {
                g.pick(&[200, 300, 500, 1_000, 1_500])
            };
            let price = pricing::unit_price(p, &view, lists, o.order_date, qty_milli);
            let amounts =
                pricing::line_amounts(price.unit_price_minor, qty_milli, discount_bp, 0, p.tax_bp)?;
            o.lines.push(Line {
                line_id: g.id(created_ms),
                product_id: p.id.clone(),
                description: p.name.clone(),
                qty_milli,
                unit_price_minor: price.unit_price_minor,
                discount_bp,
                tax_bp: p.tax_bp,
                net_minor: amounts.net_minor,
                tax_minor: amounts.tax_minor,
            });
        }
        lines_total += o.lines.len();
        o.status = order_status(g, age_days);
        if o.status != OrderStatus::Draft {
            o.submitted_at = Some(Ts::from_millis(
                created_ms + g.rng.random_range(5..=240) * MINUTE_MS,
            ));
        }
        if g.chance(0.1) {
            o.notes = Text::with_value(g.pick(ORDER_NOTES));
        }
        batch.push(o);
        if batch.len() == BATCH || i + 1 == opts.orders {
            write_batches(
                store,
                &mut batch,
                &mut done,
                opts.orders,
                "orders",
                progress,
                true,
            )?;
        }
    }
    Ok((done, lines_total))
}

fn seed_visits(
    store: &mut Store,
    g: &mut Gen,
    opts: &SeedOptions,
    owner: &str,
    customers: &[Customer],
    progress: &mut dyn FnMut(SeedProgress),
) -> Result<usize> {
    if customers.is_empty() {
        return Ok(0);
    }
    let mut batch = Vec::with_capacity(BATCH);
    let mut done = 0;
    for i in 0..opts.visits {
        let c = &customers[g.rng.random_range(0..customers.len())];
        let day = g.rng.random_range(-60..=14);
        // on the quarter hour, between 07:00 and 17:00
        let start_ms = g.today_ms + day * DAY_MS + g.rng.random_range(28..68) * 15 * MINUTE_MS;
        let length_ms = g.rng.random_range(2..=8) * 15 * MINUTE_MS;
        let (start, end) = (
            Ts::from_millis(start_ms),
            Ts::from_millis(start_ms + length_ms),
        );
        let mut v = Visit::new(&c.id, owner, start, end);
        let created_ms = start_ms - g.rng.random_range(1..=21) * DAY_MS;
        v.id = g.id(created_ms);
        v.created_at = Ts::from_millis(created_ms);
        if day < 0 {
            match g.rng.random_range(0..100) {
                0..82 => {
                    let arrived = start_ms + g.rng.random_range(-10..=20) * MINUTE_MS;
                    let left = arrived + length_ms + g.rng.random_range(-10..=25) * MINUTE_MS;
                    // a phone's fix lands within some tens of metres of the door
                    let mut near = |p: GeoPoint| GeoPoint {
                        lat: p.lat + g.rng.random_range(-0.0004..0.0004),
                        lon: p.lon + g.rng.random_range(-0.0006..0.0006),
                    };
                    v.check_in = Some(Fix {
                        at: Ts::from_millis(arrived),
                        place: Some(near(c.geo)),
                    });
                    v.check_out = Some(Fix {
                        at: Ts::from_millis(left.max(arrived + 5 * MINUTE_MS)),
                        place: Some(near(c.geo)),
                    });
                    v.status = VisitStatus::Completed;
                    v.outcome = g.pick(VISIT_OUTCOMES).into();
                }
                82..92 => v.status = VisitStatus::Missed,
                _ => v.status = VisitStatus::Cancelled,
            }
        } else if g.chance(0.03) {
            v.status = VisitStatus::Cancelled;
        }
        batch.push(v);
        if batch.len() == BATCH || i + 1 == opts.visits {
            write_batches(
                store,
                &mut batch,
                &mut done,
                opts.visits,
                "visits",
                progress,
                false,
            )?;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitOptions;
    use crate::records::{Kind, Role};
    use crate::store::ListQuery;

    const USER_ID: &str = "0190a5c4-0000-7000-8000-000000000001";

    fn options(seed: u64) -> SeedOptions {
        SeedOptions {
            accounts: 60,
            products: 40,
            orders: 80,
            visits: 50,
            seed,
            today: Day::parse("2026-11-22").unwrap(),
        }
    }

    /// A fresh store (the same user in every one, so owner ids agree) seeded with `opts`.
    fn seeded(dir: &std::path::Path, opts: &SeedOptions) -> (Store, SeedReport, Vec<SeedProgress>) {
        let mut init = InitOptions::new("seed", Role::Manager);
        init.user_id = Some(USER_ID.into());
        let mut store = Store::init(dir.join("store.db"), init).unwrap();
        let mut seen = Vec::new();
        let report = seed(&mut store, opts, &mut |p| seen.push(p)).unwrap();
        (store, report, seen)
    }

    fn index_rows(store: &Store, kind: Kind) -> Vec<(String, String)> {
        let mut st = store
            .conn()
            .prepare(&format!(
                "SELECT id, json FROM {} ORDER BY id",
                kind.table()
            ))
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    const SEEDED_KINDS: [Kind; 6] = [
        Kind::Account,
        Kind::Contact,
        Kind::Product,
        Kind::PriceList,
        Kind::Order,
        Kind::Visit,
    ];

    #[test]
    fn same_seed_and_day_give_the_same_records() {
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (a, ra, _) = seeded(d1.path(), &options(7));
        let (b, rb, _) = seeded(d2.path(), &options(7));
        assert_eq!(
            SeedReport { seconds: 0.0, ..ra },
            SeedReport { seconds: 0.0, ..rb }
        );
        for kind in SEEDED_KINDS {
            let (x, y) = (index_rows(&a, kind), index_rows(&b, kind));
            assert!(!x.is_empty(), "no {kind} seeded");
            assert!(x == y, "{kind} rows differ between two runs with seed 7");
        }

        let d3 = tempfile::tempdir().unwrap();
        let (c, _, _) = seeded(d3.path(), &options(8));
        assert_ne!(
            index_rows(&a, Kind::Account),
            index_rows(&c, Kind::Account),
            "another seed, other data"
        );
    }

    #[test]
    fn orders_are_priced_by_the_pricing_code_and_add_up() {
        let dir = tempfile::tempdir().unwrap();
        let opts = options(11);
        let (mut store, report, _) = seeded(dir.path(), &opts);
        let all = ListQuery::default().limit(100_000);
        let orders: Vec<Order> = store.list(&all).unwrap();
        let lists: Vec<PriceList> = store.list(&all).unwrap();
        let mut from_lists = 0;
        let mut lines = 0;
        for o in &orders {
            let account: Account = store.lookup(&o.account_id).unwrap();
            assert_eq!(o.currency, "EUR");
            assert_eq!(o.owner_id, USER_ID);
            assert!(o.number.starts_with("SEED-"));
            assert!(!o.lines.is_empty() && o.lines.len() <= 20);
            assert_eq!(o.submitted_at.is_some(), o.status != OrderStatus::Draft);
            let days_back = (opts.today.0 - o.order_date.0).num_days();
            assert!((0..365).contains(&days_back), "order date {}", o.order_date);
            let (mut net, mut tax) = (0, 0);
            for l in &o.lines {
                let product: Product = store.lookup(&l.product_id).unwrap();
                assert!(product.active, "seeded orders sell active products only");
                let price =
                    pricing::unit_price(&product, &account, &lists, o.order_date, l.qty_milli);
                assert_eq!(l.unit_price_minor, price.unit_price_minor);
                if matches!(price.source, pricing::PriceSource::PriceList { .. }) {
                    from_lists += 1;
                }
                let x = pricing::line_amounts(
                    l.unit_price_minor,
                    l.qty_milli,
                    l.discount_bp,
                    0,
                    l.tax_bp,
                )
                .unwrap();
                assert_eq!((l.net_minor, l.tax_minor), (x.net_minor, x.tax_minor));
                net += l.net_minor;
                tax += l.tax_minor;
            }
            assert_eq!((o.subtotal_minor, o.tax_minor), (net, tax));
            assert_eq!(o.total_minor, net + tax);
            lines += o.lines.len();
        }
        assert_eq!(lines, report.order_lines);
        assert!(from_lists > 0, "no line took its price from a price list");
        // the documents say what the index says
        for o in orders.iter().take(10) {
            assert_eq!(&store.get::<Order>(&o.id).unwrap(), o);
        }
    }

    #[test]
    fn the_report_counts_what_the_store_holds() {
        let dir = tempfile::tempdir().unwrap();
        let opts = options(3);
        let (store, r, seen) = seeded(dir.path(), &opts);
        assert_eq!(
            (r.accounts, r.products, r.orders, r.visits),
            (opts.accounts, opts.products, opts.orders, opts.visits)
        );
        let count = |k| store.count(k).unwrap() as usize;
        assert_eq!(r.accounts, count(Kind::Account));
        assert_eq!(r.contacts, count(Kind::Contact));
        assert_eq!(r.products, count(Kind::Product));
        assert_eq!(r.price_lists, count(Kind::PriceList));
        assert_eq!(r.orders, count(Kind::Order));
        assert_eq!(r.visits, count(Kind::Visit));
        assert!((opts.accounts..=3 * opts.accounts).contains(&r.contacts));
        let phases: Vec<&str> = seen.iter().map(|p| p.phase).collect();
        for phase in [
            "accounts",
            "contacts",
            "products",
            "price lists",
            "orders",
            "visits",
        ] {
            let last = seen.iter().rfind(|p| p.phase == phase).unwrap();
            assert_eq!(last.done, last.total, "{phase} did not finish: {phases:?}");
        }
    }

    #[test]
    fn ids_are_uuid_v7_and_times_follow_today() {
        let dir = tempfile::tempdir().unwrap();
        let opts = options(5);
        let (store, _, _) = seeded(dir.path(), &opts);
        for kind in SEEDED_KINDS {
            for (id, _) in index_rows(&store, kind) {
                let u = uuid::Uuid::parse_str(&id).unwrap();
                assert_eq!(u.get_version_num(), 7, "{kind} id {id}");
            }
        }
        let today_ms = opts
            .today
            .0
            .and_time(NaiveTime::MIN)
            .and_utc()
            .timestamp_millis();
        let visits: Vec<Visit> = store.list(&ListQuery::default().limit(10_000)).unwrap();
        for v in &visits {
            let day = (v.planned_start.millis() - today_ms).div_euclid(DAY_MS);
            assert!((-60..=14).contains(&day), "visit {day} days from today");
            assert!(v.planned_end > v.planned_start);
            if day >= 0 {
                assert!(matches!(
                    v.status,
                    VisitStatus::Planned | VisitStatus::Cancelled
                ));
            }
            if v.status == VisitStatus::Completed {
                let (i, o) = (v.check_in.as_ref().unwrap(), v.check_out.as_ref().unwrap());
                assert!(i.at < o.at && i.place.is_some() && !v.outcome.is_empty());
            }
        }
        assert!(visits.iter().any(|v| v.status == VisitStatus::Completed));
        assert!(visits.iter().any(|v| v.status == VisitStatus::Planned));
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Müller Haustechnik"), "mueller-haustechnik");
        assert_eq!(slug("Novák & Dvořák"), "novak-dvorak");
        assert_eq!(slug("Van Dijk"), "van-dijk");
    }
}

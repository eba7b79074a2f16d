//! Territories, quotas, reports and the day's plan.

use clap::Subcommand;
use fieldsales_core::Store;
use fieldsales_core::money::format_money;
use fieldsales_core::records::{GeoPoint, QuotaMetric, Territory, User};
use fieldsales_core::reports::{self, KpiGroup};
use fieldsales_core::sync::Transport;
use fieldsales_core::time::Day;

use super::geo;
use crate::error::{CliResult, usage};
use crate::output::Out;

#[derive(Subcommand)]
pub enum TerritoryCmd {
    /// Create a territory (or a region, with territories under it).
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        parent: Option<String>,
    },
    /// Every territory.
    List,
    /// Give a user a territory.
    Assign {
        id: String,
        #[arg(long)]
        user: String,
    },
    /// Take a territory from a user.
    Unassign {
        id: String,
        #[arg(long)]
        user: String,
    },
    /// Assign accounts by rule: a postal-code prefix or a polygon; realigns accounts.
    Rule {
        id: String,
        #[arg(long)]
        postal_prefix: Option<String>,
        /// `lat,lon;lat,lon;lat,lon...`
        #[arg(long, allow_hyphen_values = true)]
        polygon: Option<String>,
        /// The day the rule takes effect (default: now).
        #[arg(long)]
        effective: Option<String>,
    },
    /// Apply the rules in effect today to every account not assigned explicitly.
    Realign,
}

fn parse_polygon(s: &str) -> CliResult<Vec<GeoPoint>> {
    s.split(';')
        .map(|pair| {
            let (lat, lon) = pair
                .split_once(',')
                .ok_or_else(|| usage(format!("`{pair}` is not lat,lon")))?;
            let lat: f64 = lat
                .trim()
                .parse()
                .map_err(|_| usage(format!("bad latitude `{lat}`")))?;
            let lon: f64 = lon
                .trim()
                .parse()
                .map_err(|_| usage(format!("bad longitude `{lon}`")))?;
            Ok(GeoPoint::new(lat, lon)?)
        })
        .collect()
}

pub fn territory(store: &mut Store, cmd: TerritoryCmd, out: &Out) -> CliResult {
    match cmd {
        TerritoryCmd::Add { name, parent } => {
            let t = store.create_territory(&name, parent.as_deref())?;
            out.emit(&t, || println!("{}", t.id))
        }
        TerritoryCmd::List => {
            let list = store.territories()?;
            out.emit(&list, || {
                for t in &list {
                    println!(
                        "{}  {:<24} parent {}",
                        t.id,
                        t.name,
                        t.parent_id.as_deref().unwrap_or("-")
                    );
                }
            })
        }
        TerritoryCmd::Assign { id, user } => {
            let u = store.assign_territory(&id, &user)?;
            out.emit(&u, || {
                println!("{} now has {} territories", u.name, u.territory_ids.len())
            })
        }
        TerritoryCmd::Unassign { id, user } => {
            let u = store.unassign_territory(&id, &user)?;
            out.emit(&u, || {
                println!("{} now has {} territories", u.name, u.territory_ids.len())
            })
        }
        TerritoryCmd::Rule {
            id,
            postal_prefix,
            polygon,
            effective,
        } => {
            let effective = effective
                .map(|d| Day::parse_in(&d, &store.identity().locale))
                .transpose()?;
            let moved = match (postal_prefix, polygon) {
                (Some(p), None) => store.add_postal_rule(&id, &p, effective)?,
                (None, Some(poly)) => {
                    store.set_polygon_rule(&id, parse_polygon(&poly)?, effective)?
                }
                _ => return Err(usage("give --postal-prefix or --polygon")),
            };
            out.emit(&moved, || println!("{} account(s) moved", moved.len()))
        }
        TerritoryCmd::Realign => {
            let moved = store.realign(None)?;
            out.emit(&moved, || println!("{} account(s) moved", moved.len()))
        }
    }
}

#[derive(Subcommand)]
pub enum QuotaCmd {
    /// Set a target for a user or a territory in a period.
    Set {
        #[arg(long, conflicts_with = "territory")]
        user: Option<String>,
        #[arg(long)]
        territory: Option<String>,
        /// `2026-11` or `2026-Q4`.
        #[arg(long)]
        period: String,
        #[arg(long, value_parser = ["revenue", "orders", "visits", "new_accounts"])]
        metric: String,
        /// Minor units for revenue, a count otherwise.
        #[arg(long)]
        target: i64,
        /// The currency of a revenue target (default: yours).
        #[arg(long)]
        currency: Option<String>,
    },
    /// Quotas, of one period or all.
    List {
        #[arg(long)]
        period: Option<String>,
    },
}

pub fn quota(store: &mut Store, cmd: QuotaCmd, out: &Out) -> CliResult {
    match cmd {
        QuotaCmd::Set {
            user,
            territory,
            period,
            metric,
            target,
            currency,
        } => {
            let locale = store.identity().locale.clone();
            let currency = currency.unwrap_or_else(|| store.identity().currency.clone());
            let q = store.set_quota_in(
                user.as_deref(),
                territory.as_deref(),
                &reports::period_label(&period, &locale)?,
                QuotaMetric::parse(&metric)?,
                target,
                &currency,
            )?;
            out.emit(&q, || println!("{}", q.id))
        }
        QuotaCmd::List { period } => {
            let locale = store.identity().locale.clone();
            let period = period
                .map(|p| reports::period_label(&p, &locale))
                .transpose()?;
            let list = store.quotas(period.as_deref())?;
            out.emit(&list, || {
                for q in &list {
                    let who = match (&q.user_id, &q.territory_id) {
                        (Some(u), _) => match store.find::<User>(u) {
                            Ok(Some(u)) => u.name,
                            _ => u.clone(),
                        },
                        (None, Some(t)) => match store.find::<Territory>(t) {
                            Ok(Some(t)) => t.name,
                            _ => t.clone(),
                        },
                        (None, None) => "-".into(),
                    };
                    let target = if q.metric == QuotaMetric::Revenue {
                        let currency = if q.currency.is_empty() {
                            store.identity().currency.as_str()
                        } else {
                            q.currency.as_str()
                        };
                        format!("{} {currency}", format_money(q.target, currency))
                    } else {
                        q.target.to_string()
                    };
                    println!(
                        "{}  {} {:<12} {:>16}  {}",
                        q.id,
                        reports::period_display(&q.period, &locale),
                        q.metric,
                        target,
                        who
                    );
                }
            })
        }
    }
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// Quota attainment in a period (pending = not yet synced).
    Attainment {
        #[arg(long)]
        period: String,
        /// Ask the server (managers): everything it holds in your territories, including
        /// what your reps' phones have synced and this device has not pulled yet.
        #[arg(long)]
        on_server: bool,
    },
    /// KPIs per rep or per territory in a period.
    Kpi {
        #[arg(long)]
        period: String,
        #[arg(long, default_value = "rep", value_parser = ["rep", "territory"])]
        by: String,
        /// Ask the server (managers), as for `attainment`.
        #[arg(long)]
        on_server: bool,
    },
    /// ABC classes by trailing-12-month revenue; `--apply` writes them to the accounts.
    Abc {
        #[arg(long)]
        apply: bool,
    },
}

/// A report computed by the server this store is signed in to.
fn from_server<T: serde::de::DeserializeOwned>(
    store: &Store,
    report: &str,
    period: &str,
    by: Option<&str>,
) -> CliResult<Vec<T>> {
    let url = store
        .identity()
        .server_url
        .clone()
        .ok_or_else(|| usage("this store is not signed in to a server: run `login` first"))?;
    let token = store
        .meta("token")?
        .ok_or_else(|| usage("this store has no session: run `login` again"))?;
    let transport =
        fieldsales_http::HttpTransport::new(&url).map_err(fieldsales_core::Error::from)?;
    let value = transport
        .report(&token, report, period, by)
        .map_err(fieldsales_core::Error::from)?;
    serde_json::from_value(value)
        .map_err(|e| usage(format!("the server's report was unreadable: {e}")))
}

pub fn report(store: &mut Store, cmd: ReportCmd, out: &Out) -> CliResult {
    match cmd {
        ReportCmd::Attainment { period, on_server } => {
            let locale = store.identity().locale.clone();
            let period = reports::period_label(&period, &locale)?;
            let rows: Vec<reports::AttainmentRow> = if on_server {
                from_server(store, "attainment", &period, None)?
            } else {
                reports::attainment(store, &period)?
            };
            out.emit(&rows, || {
                for r in &rows {
                    let who = r.user.as_deref().or(r.territory.as_deref()).unwrap_or("-");
                    let fmt = |v: i64| match &r.currency {
                        Some(c) => format!("{} {c}", format_money(v, c)),
                        None => v.to_string(),
                    };
                    let target = if r.target == 0 {
                        "no target".to_string()
                    } else {
                        fmt(r.target)
                    };
                    println!(
                        "{} {:<16} {:<12} {:>16} of {:>16} ({} pending)  {:>6.1}%",
                        reports::period_display(&period, &locale),
                        who,
                        r.metric,
                        fmt(r.actual),
                        target,
                        fmt(r.pending),
                        r.pct
                    );
                }
            })
        }
        ReportCmd::Kpi {
            period,
            by,
            on_server,
        } => {
            let period = reports::period_label(&period, &store.identity().locale)?;
            let rows: Vec<reports::KpiRow> = if on_server {
                from_server(store, "kpi", &period, Some(&by))?
            } else {
                let by = if by == "territory" {
                    KpiGroup::Territory
                } else {
                    KpiGroup::Rep
                };
                reports::kpis(store, &period, by)?
            };
            out.emit(&rows, || {
                for r in &rows {
                    println!(
                        "{:<20} revenue {:>12} {}  orders {:>5}  avg {:>10}  visits {:>4}  conv {:>5.1}%  new {:>3}",
                        r.name,
                        format_money(r.revenue_minor, &r.currency),
                        r.currency,
                        r.orders,
                        format_money(r.avg_order_minor, &r.currency),
                        r.visits_completed,
                        r.conversion_pct,
                        r.new_accounts
                    );
                }
            })
        }
        ReportCmd::Abc { apply } => {
            let rows = store.abc_segments(apply)?;
            out.emit(&rows, || {
                let mut currencies: Vec<&str> = rows.iter().map(|r| r.currency.as_str()).collect();
                currencies.dedup();
                for currency in currencies {
                    for class in ["A", "B", "C"] {
                        let of = || {
                            rows.iter()
                                .filter(|r| r.class == class && r.currency == currency)
                        };
                        let rev: i64 = of().map(|r| r.revenue_minor).sum();
                        println!(
                            "{currency} {class}: {} accounts, revenue {} {currency}",
                            of().count(),
                            format_money(rev, currency)
                        );
                    }
                }
            })
        }
    }
}

#[derive(Subcommand)]
pub enum PlanCmd {
    /// Accounts due or overdue for a visit by their visit frequency.
    Due,
    /// Order a day's visits by travel distance.
    Day {
        #[arg(long)]
        date: String,
        #[arg(long, allow_hyphen_values = true)]
        start_lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true)]
        start_lon: Option<f64>,
    },
}

pub fn plan(store: &mut Store, cmd: PlanCmd, out: &Out) -> CliResult {
    match cmd {
        PlanCmd::Due => {
            let due = store.due_accounts(None)?;
            out.emit(&due, || {
                for d in &due {
                    println!(
                        "{:<32} due {}  ({} days over)",
                        d.name, d.due_on, d.overdue_days
                    );
                }
            })
        }
        PlanCmd::Day {
            date,
            start_lat,
            start_lon,
        } => {
            let p = store.plan_day(
                Day::parse_in(&date, &store.identity().locale)?,
                geo(start_lat, start_lon)?,
            )?;
            out.emit(&p, || {
                for (i, s) in p.visits.iter().enumerate() {
                    println!(
                        "{:>2}. {:<32} {}  +{:.1} km",
                        i + 1,
                        s.account_name,
                        s.planned_start,
                        s.leg_km
                    );
                }
                println!(
                    "{:.1} km in this order ({:.1} km as planned)",
                    p.distance_km, p.planned_order_km
                );
            })
        }
    }
}

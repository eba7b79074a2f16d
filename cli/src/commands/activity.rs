//! Visits, tasks and the day's schedule.

use clap::{Args, Subcommand};
use fieldsales_core::Store;
use fieldsales_core::ops::{TaskQuery, VisitQuery};
use fieldsales_core::records::{Account, TaskStatus, Visit};
use fieldsales_core::time::{Day, Ts};

use super::geo;
use crate::error::{CliResult, read_file};
use crate::output::{Out, col};

#[derive(Subcommand)]
pub enum VisitCmd {
    /// Plan a visit.
    Plan {
        #[arg(long)]
        account: String,
        /// Start, RFC 3339 (2026-11-22T09:00:00+01:00).
        #[arg(long)]
        at: String,
        #[arg(long, default_value_t = 60)]
        minutes: i64,
        /// Plan it for another user (managers plan for their reps).
        #[arg(long = "for")]
        for_user: Option<String>,
    },
    /// Arrive at the customer.
    CheckIn {
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true)]
        lon: Option<f64>,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Leave, with the outcome.
    CheckOut {
        id: String,
        #[arg(long)]
        outcome: String,
        #[arg(long, allow_hyphen_values = true)]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true)]
        lon: Option<f64>,
        #[arg(long)]
        at: Option<String>,
    },
    /// Add a note.
    Note {
        id: String,
        #[arg(long)]
        text: String,
    },
    /// Attach a photo file.
    Photo {
        id: String,
        #[arg(long)]
        file: std::path::PathBuf,
    },
    /// Cancel a planned visit.
    Cancel { id: String },
    /// Visits, of one local day or all.
    List {
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        account: Option<String>,
    },
    /// One visit.
    Show { id: String },
}

/// A time given on the command line, if any (none: now, on the store's clock).
fn time(at: Option<String>) -> CliResult<Option<Ts>> {
    Ok(at.map(|s| Ts::parse(&s)).transpose()?)
}

/// A visit on one line: its local time in the user's zone and the customer's name.
fn print_visit(store: &Store, v: &Visit) {
    let customer = match store.find::<Account>(&v.account_id) {
        Ok(Some(a)) => a.name,
        _ => v.account_id.clone(),
    };
    println!(
        "{}  {}  {:<10}  {}{}",
        v.id,
        v.planned_start.local(&store.identity().zone),
        v.status,
        col(&customer, 36),
        if v.outcome.is_empty() {
            String::new()
        } else {
            format!("  ({})", v.outcome)
        }
    );
}

pub fn visit(store: &mut Store, cmd: VisitCmd, out: &Out) -> CliResult {
    let v = match cmd {
        VisitCmd::Plan {
            account,
            at,
            minutes,
            for_user,
        } => match for_user {
            Some(u) => store.plan_visit_for(&u, &account, Ts::parse(&at)?, minutes)?,
            None => store.plan_visit(&account, Ts::parse(&at)?, minutes)?,
        },
        VisitCmd::CheckIn { id, lat, lon, at } => store.check_in(&id, time(at)?, geo(lat, lon)?)?,
        VisitCmd::CheckOut {
            id,
            outcome,
            lat,
            lon,
            at,
        } => store.check_out(&id, time(at)?, &outcome, geo(lat, lon)?)?,
        VisitCmd::Note { id, text } => store.add_visit_note(&id, &text)?,
        VisitCmd::Photo { id, file } => {
            store.add_visit_photo(&id, &read_file("read photo", &file)?)?
        }
        VisitCmd::Cancel { id } => store.cancel_visit(&id)?,
        VisitCmd::Show { id } => store.get::<Visit>(&id)?,
        VisitCmd::List { date, account } => {
            let list = store.visits(&VisitQuery {
                date: date
                    .map(|d| Day::parse_in(&d, &store.identity().locale))
                    .transpose()?,
                account_id: account,
            })?;
            return out.emit(&list, || list.iter().for_each(|v| print_visit(store, v)));
        }
    };
    out.emit(&v, || print_visit(store, &v))
}

#[derive(Subcommand)]
pub enum TaskCmd {
    /// Create a follow-up task.
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        account: Option<String>,
        /// Due date, YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
    },
    /// Mark a task done.
    Done { id: String },
    /// Open tasks, by due date.
    List {
        #[arg(long)]
        all: bool,
    },
}

pub fn task(store: &mut Store, cmd: TaskCmd, out: &Out) -> CliResult {
    let t = match cmd {
        TaskCmd::Add {
            title,
            account,
            due,
        } => {
            let due = due
                .map(|d| Day::parse_in(&d, &store.identity().locale))
                .transpose()?;
            store.create_task(&title, account.as_deref(), due)?
        }
        TaskCmd::Done { id } => store.complete_task(&id)?,
        TaskCmd::List { all } => {
            let list = store.tasks(&TaskQuery {
                owner_id: None,
                status: (!all).then_some(TaskStatus::Open),
                limit: 1000,
            })?;
            return out.emit(&list, || {
                for t in &list {
                    let due = t.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
                    println!("{}  {:<10} {:<6} {}", t.id, due, t.status, t.title);
                }
            });
        }
    };
    out.emit(&t, || println!("{}  {}  {}", t.id, t.status, t.title))
}

#[derive(Args)]
pub struct ScheduleArgs {
    /// The local day, YYYY-MM-DD (default: today in the user's zone).
    #[arg(long)]
    date: Option<String>,
}

pub fn schedule(store: &mut Store, a: ScheduleArgs, out: &Out) -> CliResult {
    let day = a
        .date
        .map(|d| Day::parse_in(&d, &store.identity().locale))
        .transpose()?;
    let d = store.schedule_for(day)?;
    out.emit(&d, || {
        println!("{} ({})", d.schedule.date, d.schedule.zone);
        d.visits.iter().for_each(|v| print_visit(store, v));
    })
}

//! Managers' views on the server: attainment and KPIs over everything the server holds in the
//! manager's scopes, computed by the same core report code the phones run. The view is a
//! throwaway device store filled from the stored documents (indexed from the records the
//! server's checks read, ADR 0003), then queried with the core's SQL.

use fieldsales_core::records::Role;
use fieldsales_core::reports::{KpiGroup, Period, attainment, kpis};
use fieldsales_core::sync::protocol::PullDoc;
use fieldsales_core::{InitOptions, Store};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::scope::Access;
use crate::store::{ServerStore, UserRow};

/// Documents copied into the view per transaction.
const PAGE: u32 = 2_000;

/// Which report, for which period.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportQuery {
    pub period: String,
    /// For KPIs: `rep` (default) or `territory`.
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    Attainment,
    Kpi,
}

impl Report {
    pub fn parse(s: &str) -> Result<Report> {
        match s {
            "attainment" => Ok(Report::Attainment),
            "kpi" => Ok(Report::Kpi),
            other => Err(Error::NotFound(format!("no report `{other}`"))),
        }
    }
}

/// Run a report for a manager (or admin) over their scopes; reps are refused.
pub fn run(
    store: &dyn ServerStore,
    user: &UserRow,
    report: Report,
    q: &ReportQuery,
) -> Result<serde_json::Value> {
    if user.role == Role::Rep {
        return Err(Error::Forbidden(
            "the server's reports are for managers; a rep's phone has their own".into(),
        ));
    }
    Period::parse(&q.period).map_err(|e| Error::BadRequest(e.to_string()))?;
    let by = match q.by.as_deref() {
        None | Some("rep") => KpiGroup::Rep,
        Some("territory") => KpiGroup::Territory,
        Some(other) => {
            return Err(Error::BadRequest(format!(
                "`{other}` is not a grouping (rep or territory)"
            )));
        }
    };
    let dir = tempfile::tempdir()?;
    let view = view_of(store, user, dir.path())?;
    let value = match report {
        Report::Attainment => serde_json::to_value(attainment(&view, &q.period)?),
        Report::Kpi => serde_json::to_value(kpis(&view, &q.period, by)?),
    };
    value.map_err(|e| Error::Internal(e.to_string()))
}

/// A device store holding what `user` may read, as the server holds it now.
fn view_of(store: &dyn ServerStore, user: &UserRow, dir: &std::path::Path) -> Result<Store> {
    let access = Access::for_user(store, user)?;
    let mut opts = InitOptions::new(&user.name, user.role);
    opts.user_id = Some(user.id.clone());
    // the user's own record comes from the server's documents like everything else
    opts.user_record = false;
    let mut view = Store::init(dir.join("view.db"), opts)?;
    let mut after: Option<String> = None;
    loop {
        let docs = store.docs_in_scopes(&access.readable, after.as_deref(), PAGE)?;
        let full = docs.len() as u32 == PAGE;
        after = docs.last().map(|d| d.id.clone());
        let page: Vec<PullDoc> = docs
            .into_iter()
            .map(|d| PullDoc {
                id: d.id,
                kind: d.kind,
                bytes: d.snapshot,
                snapshot: true,
                heads: d.heads,
                record: d.record,
            })
            .collect();
        view.apply_pulled(&page)?;
        if !full {
            break;
        }
    }
    Ok(view)
}

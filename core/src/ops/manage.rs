//! Managing the team and planning the day: territories and their rules, realignment,
//! quotas, visits planned for reps, due accounts, the day's route.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::non_empty;
use crate::Store;
use crate::error::{Error, Result};
use crate::records::{
    Account, GeoPoint, Quota, QuotaMetric, Schedule, Territory, User, Visit, VisitStatus,
};
use crate::reports::AbcRow;
use crate::route;
use crate::store::{Filter, ListQuery};
use crate::time::{Day, Ts};

/// An account a territory rule moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub account_id: String,
    pub from: Option<String>,
    pub to: String,
}

/// An account due for a visit by its visit frequency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DueAccount {
    pub account_id: String,
    pub name: String,
    pub visit_frequency_days: i64,
    pub last_visit: Option<Ts>,
    pub due_on: Day,
    /// Days past due (0 when due today).
    pub overdue_days: i64,
}

/// One stop of a planned day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stop {
    pub visit_id: String,
    pub account_id: String,
    pub account_name: String,
    pub planned_start: Ts,
    pub place: Option<GeoPoint>,
    /// Distance from the previous stop (or the start).
    pub leg_km: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayPlan {
    pub date: Day,
    pub start: Option<GeoPoint>,
    pub visits: Vec<Stop>,
    /// From the start through the last visit with a known place.
    pub distance_km: f64,
    /// The same, in the order the visits were planned.
    pub planned_order_km: f64,
}

/// Ray casting: is `p` inside the polygon (vertices in order, closed implicitly)?
pub fn in_polygon(p: GeoPoint, polygon: &[GeoPoint]) -> bool {
    if polygon.len() < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = polygon.len() - 1;
    for i in 0..polygon.len() {
        let (a, b) = (polygon[i], polygon[j]);
        if (a.lat > p.lat) != (b.lat > p.lat)
            && p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// The territory a rule assigns an account to: the longest matching postal prefix, else a
/// polygon containing its point; only rules in effect on `today`.
fn rule_match<'a>(
    account: &Account,
    territories: &'a [Territory],
    today: Day,
) -> Option<&'a Territory> {
    let active = |t: &&Territory| t.rules_effective.is_none_or(|d| d <= today);
    let pc = account.billing.postal_code.trim();
    let by_prefix = territories
        .iter()
        .filter(active)
        .filter_map(|t| {
            t.postal_prefixes
                .iter()
                .filter(|p| !p.is_empty() && pc.starts_with(p.as_str()))
                .map(|p| p.len())
                .max()
                .map(|len| (len, t))
        })
        .max_by(|(la, ta), (lb, tb)| la.cmp(lb).then_with(|| tb.id.cmp(&ta.id)))
        .map(|(_, t)| t);
    by_prefix.or_else(|| {
        let g = account.geo?;
        territories
            .iter()
            .filter(active)
            .filter(|t| in_polygon(g, &t.polygon))
            .min_by(|a, b| a.id.cmp(&b.id))
    })
}

impl Store {
    pub fn user_by_name(&self, name: &str) -> Result<User> {
        self.list::<User>(
            &ListQuery::default()
                .filter(Filter::eq("name", name.to_string()))
                .limit(1),
        )?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found("user", name))
    }

    pub fn create_territory(&mut self, name: &str, parent_id: Option<&str>) -> Result<Territory> {
        non_empty("territory name", name)?;
        if let Some(p) = parent_id {
            self.require::<Territory>(p)?;
        }
        let mut t = Territory::new(self.env(), name.trim());
        t.parent_id = parent_id.map(str::to_string);
        self.create(t)
    }

    /// Give a user a territory (a rep works it, a manager manages it and those under it).
    pub fn assign_territory(&mut self, territory_id: &str, user_name: &str) -> Result<User> {
        self.require::<Territory>(territory_id)?;
        let user = self.user_by_name(user_name)?;
        self.update::<User>(&user.id, |u| {
            if !u.territory_ids.iter().any(|t| t == territory_id) {
                u.territory_ids.push(territory_id.to_string());
            }
            Ok(())
        })
    }

    /// Take a territory from a user: a rep no longer works it (the server then revokes its
    /// records from their devices). Taking one they do not have changes nothing.
    pub fn unassign_territory(&mut self, territory_id: &str, user_name: &str) -> Result<User> {
        self.require::<Territory>(territory_id)?;
        let user = self.user_by_name(user_name)?;
        if !user.territory_ids.iter().any(|t| t == territory_id) {
            return Ok(user);
        }
        self.update::<User>(&user.id, |u| {
            u.territory_ids.retain(|t| t != territory_id);
            Ok(())
        })
    }

    /// Add a postal-code prefix rule to a territory and realign accounts.
    pub fn add_postal_rule(
        &mut self,
        territory_id: &str,
        prefix: &str,
        effective: Option<Day>,
    ) -> Result<Vec<Moved>> {
        let prefix = prefix.trim();
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::invalid(format!(
                "`{prefix}` is not a postal-code prefix"
            )));
        }
        self.update::<Territory>(territory_id, |t| {
            if !t.postal_prefixes.iter().any(|p| p == prefix) {
                t.postal_prefixes.push(prefix.to_string());
            }
            if effective.is_some() {
                t.rules_effective = effective;
            }
            Ok(())
        })?;
        self.realign(None)
    }

    /// Set a territory's polygon rule and realign accounts.
    pub fn set_polygon_rule(
        &mut self,
        territory_id: &str,
        polygon: Vec<GeoPoint>,
        effective: Option<Day>,
    ) -> Result<Vec<Moved>> {
        if polygon.len() < 3 {
            return Err(Error::invalid("a polygon needs at least three points"));
        }
        self.update::<Territory>(territory_id, |t| {
            t.polygon = polygon;
            if effective.is_some() {
                t.rules_effective = effective;
            }
            Ok(())
        })?;
        self.realign(None)
    }

    /// The territory the rules in effect today place an account in, if any.
    pub(super) fn rule_territory(&self, account: &Account) -> Result<Option<String>> {
        let territories = self.territories()?;
        Ok(rule_match(account, &territories, self.today()).map(|t| t.id.clone()))
    }

    /// Every territory this store holds, by name.
    pub fn territories(&self) -> Result<Vec<Territory>> {
        self.list(&ListQuery::default().order("name", false).limit(100_000))
    }

    /// Apply the territory rules in effect on `on` (None: today on the user's calendar) to
    /// every account not assigned explicitly. Moved accounts take their documents to the new
    /// territory at the next sync.
    pub fn realign(&mut self, on: Option<Day>) -> Result<Vec<Moved>> {
        let today = on.unwrap_or_else(|| self.today());
        let territories = self.territories()?;
        let mut moved = Vec::new();
        let mut offset = 0;
        loop {
            let page: Vec<Account> = self.list(
                &ListQuery::default()
                    .order("created_at", false)
                    .limit(1000)
                    .offset(offset),
            )?;
            if page.is_empty() {
                break;
            }
            offset += page.len() as u32;
            for a in page {
                if a.territory_id.is_some() && !a.territory_by_rule {
                    continue;
                }
                let Some(t) = rule_match(&a, &territories, today) else {
                    continue;
                };
                if a.territory_id.as_deref() == Some(t.id.as_str()) {
                    continue;
                }
                let to = t.id.clone();
                self.update::<Account>(&a.id, |x| {
                    x.territory_id = Some(to.clone());
                    x.territory_by_rule = true;
                    Ok(())
                })?;
                moved.push(Moved {
                    account_id: a.id,
                    from: a.territory_id,
                    to,
                });
            }
        }
        Ok(moved)
    }

    /// Set (or change) the target of a user's or a territory's quota for a period.
    pub fn set_quota(
        &mut self,
        user_name: Option<&str>,
        territory_id: Option<&str>,
        period: &str,
        metric: QuotaMetric,
        target: i64,
    ) -> Result<Quota> {
        let currency = self.identity().currency.clone();
        self.set_quota_in(user_name, territory_id, period, metric, target, &currency)
    }

    /// [`Store::set_quota`] with the currency of a revenue target (other metrics count
    /// orders, visits or accounts and keep the currency only for display).
    pub fn set_quota_in(
        &mut self,
        user_name: Option<&str>,
        territory_id: Option<&str>,
        period: &str,
        metric: QuotaMetric,
        target: i64,
        currency: &str,
    ) -> Result<Quota> {
        let currency = currency.trim().to_uppercase();
        crate::money::check_currency(&currency)?;
        crate::reports::Period::parse(period)?;
        if target <= 0 {
            return Err(Error::invalid("a quota target must be greater than zero"));
        }
        let (user_id, territory_id) = match (user_name, territory_id) {
            (Some(u), None) => (Some(self.user_by_name(u)?.id), None),
            (None, Some(t)) => (None, Some(self.require::<Territory>(t)?.id)),
            _ => return Err(Error::invalid("a quota is for one user or one territory")),
        };
        let existing: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT id FROM idx_quota WHERE period = ?1 AND metric = ?2
                 AND user_id IS ?3 AND territory_id IS ?4",
            )?
            .query_row(
                rusqlite::params![period, metric.as_str(), user_id, territory_id],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => self.update::<Quota>(&id, |q| {
                q.target = target;
                q.currency = currency;
                Ok(())
            }),
            None => {
                let mut q = Quota::new(self.env(), period, metric, target);
                q.currency = currency;
                q.user_id = user_id;
                q.territory_id = territory_id;
                self.create(q)
            }
        }
    }

    /// A manager plans a visit for one of their reps.
    pub fn plan_visit_for(
        &mut self,
        user_name: &str,
        account_id: &str,
        start: Ts,
        minutes: i64,
    ) -> Result<Visit> {
        let owner = self.user_by_name(user_name)?;
        self.require::<Account>(account_id)?;
        if !(1..=24 * 60).contains(&minutes) {
            return Err(Error::invalid(
                "a visit lasts between 1 minute and 24 hours",
            ));
        }
        let end = Ts::from_millis(start.millis() + minutes * 60_000);
        let visit = Visit::new(self.env(), account_id, owner.id, start, end);
        self.create(visit)
    }

    /// The quotas this store holds, of one period (`2026-11`, `2026-Q4`) or all.
    pub fn quotas(&self, period: Option<&str>) -> Result<Vec<Quota>> {
        let mut q = ListQuery::default().order("period", false).limit(100_000);
        if let Some(p) = period {
            crate::reports::Period::parse(p)?;
            q = q.filter(Filter::eq("period", p.to_string()));
        }
        self.list(&q)
    }

    /// ABC classes of the accounts by trailing-12-month revenue up to today; with `apply`,
    /// each account whose segment differs takes its class as its segment.
    pub fn abc_segments(&mut self, apply: bool) -> Result<Vec<AbcRow>> {
        let rows = crate::reports::abc(self, self.today())?;
        if apply {
            for r in rows.iter().filter(|r| r.segment != r.class) {
                let class = r.class.clone();
                self.update::<Account>(&r.account_id, |a| {
                    a.segment = class;
                    Ok(())
                })?;
            }
        }
        Ok(rows)
    }

    /// Accounts with a visit frequency whose last completed visit is that long ago (or that
    /// were never visited) by `on` (None: today), most overdue first.
    pub fn due_accounts(&self, on: Option<Day>) -> Result<Vec<DueAccount>> {
        let today = on.unwrap_or_else(|| self.today());
        let mut st = self.conn().prepare_cached(
            "SELECT a.id, a.name, a.visit_frequency_days, a.created_at,
                    (SELECT max(v.completed_at) FROM idx_visit v
                     WHERE v.account_id = a.id AND v.status = 'completed')
             FROM idx_account a WHERE a.visit_frequency_days > 0",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, every, created, last) = row?;
            let due_on = match last {
                Some(ms) => Day(Ts::from_millis(ms).date_utc() + chrono::Days::new(every as u64)),
                // never visited: due from the day it became a customer
                None => Day(Ts::from_millis(created).date_utc()),
            };
            if due_on <= today {
                out.push(DueAccount {
                    account_id: id,
                    name,
                    visit_frequency_days: every,
                    last_visit: last.map(Ts::from_millis),
                    due_on,
                    overdue_days: (today.0 - due_on.0).num_days(),
                });
            }
        }
        out.sort_by(|a, b| {
            b.overdue_days
                .cmp(&a.overdue_days)
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(out)
    }

    /// Order the user's visits of a local day by travel distance from `start` (else from the
    /// first planned visit's place) and save the order as the day's schedule.
    pub fn plan_day(&mut self, day: Day, start: Option<GeoPoint>) -> Result<DayPlan> {
        let owner = self.identity().user_id.clone();
        let visits: Vec<Visit> = self
            .visits_on(day)?
            .into_iter()
            .filter(|v| {
                v.owner_id == owner
                    && matches!(v.status, VisitStatus::Planned | VisitStatus::CheckedIn)
            })
            .collect();
        let mut located = Vec::new(); // (visit, account name, place)
        let mut unlocated = Vec::new();
        for v in visits {
            let acc = self.find::<Account>(&v.account_id)?;
            let name = acc.as_ref().map(|a| a.name.clone()).unwrap_or_default();
            match acc.and_then(|a| a.geo) {
                Some(g) => located.push((v, name, g)),
                None => unlocated.push((v, name)),
            }
        }
        let points: Vec<GeoPoint> = located.iter().map(|(_, _, g)| *g).collect();
        let origin = start.or_else(|| points.first().copied());
        let (order, km, given_km) = match origin {
            Some(o) => {
                let order = route::plan(o, &points);
                let given: Vec<usize> = (0..points.len()).collect();
                (
                    order.clone(),
                    route::path_km(o, &points, &order),
                    route::path_km(o, &points, &given),
                )
            }
            None => (vec![], 0.0, 0.0),
        };
        let mut stops = Vec::new();
        let mut here = origin;
        for &i in &order {
            let (v, name, g) = &located[i];
            let leg = here.map(|h| route::distance_km(h, *g)).unwrap_or(0.0);
            here = Some(*g);
            stops.push(Stop {
                visit_id: v.id.clone(),
                account_id: v.account_id.clone(),
                account_name: name.clone(),
                planned_start: v.planned_start,
                place: Some(*g),
                leg_km: leg,
            });
        }
        for (v, name) in unlocated {
            stops.push(Stop {
                visit_id: v.id.clone(),
                account_id: v.account_id.clone(),
                account_name: name,
                planned_start: v.planned_start,
                place: None,
                leg_km: 0.0,
            });
        }
        let schedule = self.day_schedule(day)?;
        let ids: Vec<String> = stops.iter().map(|s| s.visit_id.clone()).collect();
        self.update::<Schedule>(&schedule.id, |s| {
            s.visit_ids = ids;
            s.start = start;
            Ok(())
        })?;
        Ok(DayPlan {
            date: day,
            start,
            visits: stops,
            distance_km: km,
            planned_order_km: given_km,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_in_polygon() {
        let square = [
            GeoPoint { lat: 0.0, lon: 0.0 },
            GeoPoint { lat: 0.0, lon: 1.0 },
            GeoPoint { lat: 1.0, lon: 1.0 },
            GeoPoint { lat: 1.0, lon: 0.0 },
        ];
        assert!(in_polygon(GeoPoint { lat: 0.5, lon: 0.5 }, &square));
        assert!(!in_polygon(GeoPoint { lat: 1.5, lon: 0.5 }, &square));
        assert!(!in_polygon(GeoPoint { lat: 0.5, lon: 0.5 }, &square[..2]));
    }
}

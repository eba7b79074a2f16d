//! Visits, tasks and the rep's day.

use chrono::{NaiveTime, TimeZone};
use chrono_tz::Tz;
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::accounts::MAX_PAGE;
use super::{append_paragraph, non_empty};
use crate::Store;
use crate::error::{Error, Result};
use crate::records::{Account, GeoPoint, Schedule, Task, TaskStatus, Visit, VisitStatus};
use crate::store::{Filter, ListQuery};
use crate::time::{Day, Ts};

/// Visits, of one local day (in the user's zone) or all, of one account or all, earliest
/// first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitQuery {
    pub date: Option<Day>,
    pub account_id: Option<String>,
}

/// Tasks by due date, of one owner or all, open only unless asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskQuery {
    pub owner_id: Option<String>,
    /// `None`: every status.
    pub status: Option<TaskStatus>,
    pub limit: u32,
}

impl Default for TaskQuery {
    fn default() -> Self {
        TaskQuery {
            owner_id: None,
            status: Some(TaskStatus::Open),
            limit: MAX_PAGE,
        }
    }
}

/// A day's plan with its visits in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DaySchedule {
    pub schedule: Schedule,
    pub visits: Vec<Visit>,
}

/// Whether `bytes` start like an image a phone's camera or gallery gives: JPEG, PNG, WebP, or
/// an ISO-BMFF image (HEIC, HEIF, AVIF). Only the signature is read: the bytes are kept as they
/// are and shown by the phone, which decodes them.
fn is_image(bytes: &[u8]) -> bool {
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    // the major brands of still images in an ISO-BMFF `ftyp` box
    const BMFF_BRANDS: &[&[u8; 4]] = &[
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif", b"avis",
    ];
    let webp = bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP";
    let bmff = bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && BMFF_BRANDS.iter().any(|b| &bytes[8..12] == *b);
    bytes.starts_with(JPEG) || bytes.starts_with(PNG) || webp || bmff
}

/// The UTC instants bounding a local day in a zone.
pub fn day_bounds(day: Day, zone: &str) -> Result<(Ts, Ts)> {
    let tz: Tz = zone
        .parse()
        .map_err(|_| Error::invalid(format!("`{zone}` is not an IANA time zone")))?;
    let start_of = |d: chrono::NaiveDate| -> Result<Ts> {
        let naive = d.and_time(NaiveTime::MIN);
        // earliest instant of the local day, even across a DST gap at midnight
        let local = tz
            .from_local_datetime(&naive)
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                    .earliest()
            })
            .ok_or_else(|| Error::invalid(format!("{d} has no start in {zone}")))?;
        Ok(Ts::from(local.with_timezone(&chrono::Utc)))
    };
    let next = day
        .0
        .succ_opt()
        .ok_or_else(|| Error::invalid("date out of range"))?;
    Ok((start_of(day.0)?, start_of(next)?))
}

impl Store {
    /// Plan a visit to an account for this user.
    pub fn plan_visit(&mut self, account_id: &str, start: Ts, minutes: i64) -> Result<Visit> {
        self.require::<Account>(account_id)?;
        if !(1..=24 * 60).contains(&minutes) {
            return Err(Error::invalid(
                "a visit lasts between 1 minute and 24 hours",
            ));
        }
        let end = Ts::from_millis(start.millis() + minutes * 60_000);
        let owner = self.identity().user_id.clone();
        let visit = Visit::new(self.env(), account_id, owner, start, end);
        self.create(visit)
    }

    /// Arrive at the customer, at `at` (None: now).
    pub fn check_in(
        &mut self,
        visit_id: &str,
        at: Option<Ts>,
        place: Option<GeoPoint>,
    ) -> Result<Visit> {
        let at = at.unwrap_or_else(|| self.now());
        self.update::<Visit>(visit_id, |v| {
            v.status = VisitStatus::CheckedIn;
            v.check_in = Some(crate::records::Fix { at, place });
            Ok(())
        })
    }

    /// Leave the customer, at `at` (None: now), with what came of the visit.
    pub fn check_out(
        &mut self,
        visit_id: &str,
        at: Option<Ts>,
        outcome: &str,
        place: Option<GeoPoint>,
    ) -> Result<Visit> {
        non_empty("outcome", outcome)?;
        let at = at.unwrap_or_else(|| self.now());
        self.update::<Visit>(visit_id, |v| {
            if let Some(ci) = &v.check_in
                && at < ci.at
            {
                return Err(Error::invalid("check-out cannot be before check-in"));
            }
            v.status = VisitStatus::Completed;
            v.check_out = Some(crate::records::Fix { at, place });
            v.outcome = outcome.trim().to_string();
            Ok(())
        })
    }

    /// Append a paragraph to a visit's notes (Automerge text: concurrent notes interleave,
    /// nothing is lost).
    pub fn add_visit_note(&mut self, visit_id: &str, text: &str) -> Result<Visit> {
        non_empty("note", text)?;
        self.update::<Visit>(visit_id, |v| {
            append_paragraph(&mut v.notes, text);
            Ok(())
        })
    }

    /// Attach a photo to a visit: JPEG, PNG, WebP or HEIC/HEIF/AVIF bytes.
    pub fn add_visit_photo(&mut self, visit_id: &str, bytes: &[u8]) -> Result<Visit> {
        self.require::<Visit>(visit_id)?;
        if !is_image(bytes) {
            return Err(Error::invalid(
                "the photo is not an image (JPEG, PNG, WebP or HEIC)",
            ));
        }
        let hash = self.put_blob(bytes)?;
        self.update::<Visit>(visit_id, |v| {
            if !v.photos.contains(&hash) {
                v.photos.push(hash);
            }
            Ok(())
        })
    }

    pub fn cancel_visit(&mut self, visit_id: &str) -> Result<Visit> {
        self.update::<Visit>(visit_id, |v| {
            v.status = VisitStatus::Cancelled;
            Ok(())
        })
    }

    /// Visits planned to start on a local day (in the user's zone), earliest first.
    pub fn visits_on(&self, day: Day) -> Result<Vec<Visit>> {
        let (from, to) = day_bounds(day, &self.identity().zone)?;
        self.list(
            &ListQuery::default()
                .filter(Filter::Range {
                    column: "planned_start".into(),
                    min: Some(SqlValue::Integer(from.millis())),
                    max: Some(SqlValue::Integer(to.millis())),
                })
                .order("planned_start", false)
                .limit(1000),
        )
    }

    /// Visits earliest first: of a local day (the user's zone) or all, of an account or all.
    pub fn visits(&self, q: &VisitQuery) -> Result<Vec<Visit>> {
        if let Some(day) = q.date {
            let all = self.visits_on(day)?;
            return Ok(match &q.account_id {
                Some(a) => all.into_iter().filter(|v| &v.account_id == a).collect(),
                None => all,
            });
        }
        let mut list = ListQuery::default()
            .order("planned_start", false)
            .limit(1000);
        if let Some(a) = &q.account_id {
            list = list.filter(Filter::eq("account_id", a.clone()));
        }
        self.list(&list)
    }

    /// Create a follow-up task.
    pub fn create_task(
        &mut self,
        title: &str,
        account_id: Option<&str>,
        due: Option<Day>,
    ) -> Result<Task> {
        non_empty("task title", title)?;
        if let Some(a) = account_id {
            self.require::<Account>(a)?;
        }
        let mut t = Task::new(self.env(), &self.identity().user_id, title.trim());
        t.account_id = account_id.map(str::to_string);
        t.due = due;
        self.create(t)
    }

    pub fn complete_task(&mut self, task_id: &str) -> Result<Task> {
        let now = self.now();
        self.update::<Task>(task_id, |t| {
            t.status = TaskStatus::Done;
            t.done_at = Some(now);
            Ok(())
        })
    }

    /// Tasks by due date.
    pub fn tasks(&self, q: &TaskQuery) -> Result<Vec<Task>> {
        let mut list = ListQuery::default()
            .order("due", false)
            .limit(q.limit.clamp(1, 1000));
        if let Some(owner) = &q.owner_id {
            list = list.filter(Filter::eq("owner_id", owner.clone()));
        }
        if let Some(status) = q.status {
            list = list.filter(Filter::eq("status", status.as_str().to_string()));
        }
        self.list(&list)
    }

    /// This user's open tasks, by due date.
    pub fn my_open_tasks(&self, limit: u32) -> Result<Vec<Task>> {
        self.tasks(&TaskQuery {
            owner_id: Some(self.identity().user_id.clone()),
            status: Some(TaskStatus::Open),
            limit,
        })
    }

    /// The user's plan for a local day (None: today) with its visits in order.
    pub fn schedule_for(&mut self, day: Option<Day>) -> Result<DaySchedule> {
        let day = day.unwrap_or_else(|| self.today());
        let schedule = self.day_schedule(day)?;
        let mut visits = Vec::with_capacity(schedule.visit_ids.len());
        for id in &schedule.visit_ids {
            visits.push(self.get::<Visit>(id)?);
        }
        Ok(DaySchedule { schedule, visits })
    }

    /// The user's plan for a local day: every visit planned that day, in the order already
    /// planned, new visits appended by start time, visits no longer that day dropped.
    pub fn day_schedule(&mut self, day: Day) -> Result<Schedule> {
        let owner = self.identity().user_id.clone();
        let zone = self.identity().zone.clone();
        let visits: Vec<Visit> = self
            .visits_on(day)?
            .into_iter()
            .filter(|v| v.owner_id == owner && v.status != VisitStatus::Cancelled)
            .collect();
        let existing = self
            .list::<Schedule>(
                &ListQuery::default()
                    .filter(Filter::eq("owner_id", owner.clone()))
                    .filter(Filter::eq("date", day.to_string()))
                    .limit(1),
            )?
            .into_iter()
            .next();
        let arrange = |current: &[String]| -> Vec<String> {
            let mut ids: Vec<String> = current
                .iter()
                .filter(|id| visits.iter().any(|v| &v.id == *id))
                .cloned()
                .collect();
            for v in &visits {
                if !ids.contains(&v.id) {
                    ids.push(v.id.clone());
                }
            }
            ids
        };
        match existing {
            Some(s) => {
                let ids = arrange(&s.visit_ids);
                self.update::<Schedule>(&s.id, |s| {
                    s.visit_ids = ids;
                    Ok(())
                })
            }
            None => {
                let mut s = Schedule::new(self.env(), owner, day, zone);
                s.visit_ids = arrange(&[]);
                self.create(s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_bounds_follow_the_zone() {
        let d = Day::parse("2026-11-22").unwrap();
        let (a, b) = day_bounds(d, "Europe/Berlin").unwrap();
        assert_eq!(a.to_string(), "2026-11-21T23:00:00.000Z");
        assert_eq!(b.to_string(), "2026-11-22T23:00:00.000Z");
        // the day DST starts in Berlin is 23 hours long
        let (a, b) = day_bounds(Day::parse("2026-03-29").unwrap(), "Europe/Berlin").unwrap();
        assert_eq!(b.millis() - a.millis(), 23 * 3_600_000);
        assert!(day_bounds(d, "Mars/Olympus").is_err());
    }

    #[test]
    fn photos_are_recognised_by_their_signature() {
        let with_tail = |head: &[u8]| [head, b"rest of the file"].concat();
        let ftyp = |brand: &[u8; 4]| {
            with_tail(&[&[0, 0, 0, 0x18][..], b"ftyp", brand, &[0, 0, 0, 0]].concat())
        };
        for image in [
            with_tail(&[0xFF, 0xD8, 0xFF, 0xE0]),
            with_tail(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]),
            with_tail(b"RIFF\x24\0\0\0WEBPVP8 "),
            ftyp(b"heic"),
            ftyp(b"heix"),
            ftyp(b"hevc"),
            ftyp(b"mif1"),
            ftyp(b"msf1"),
            ftyp(b"avif"),
        ] {
            assert!(is_image(&image), "{image:?}");
        }
        for not_image in [
            &b""[..],
            b"a photo of the shelf",
            &[0xFF, 0xD8],
            &[0x89, b'P', b'N', b'G'],
            b"RIFF\x24\0\0\0WAVEfmt ",
            &ftyp(b"isom"),
            b"%PDF-1.7",
        ] {
            assert!(!is_image(not_image), "{not_image:?}");
        }
    }

    #[test]
    fn a_visit_photo_must_be_an_image_and_nothing_is_written_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::init(
            dir.path().join("s.db"),
            crate::InitOptions::new("ana", crate::records::Role::Rep),
        )
        .unwrap();
        let a = s
            .create_account(crate::ops::NewAccount::named("Acme"))
            .unwrap();
        let v = s
            .plan_visit(&a.id, Ts::parse("2026-11-22T09:00:00Z").unwrap(), 30)
            .unwrap();
        for bytes in [&b"just some text\n"[..], b""] {
            let e = s.add_visit_photo(&v.id, bytes).unwrap_err();
            assert!(matches!(e, Error::Invalid(_)), "{e}");
            assert!(e.to_string().contains("is not an image"), "{e}");
        }
        let blobs: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blobs, 0);
        assert!(s.get::<Visit>(&v.id).unwrap().photos.is_empty());
        let png = [
            &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
            b"IHDR",
        ]
        .concat();
        assert_eq!(s.add_visit_photo(&v.id, &png).unwrap().photos.len(), 1);
    }
}

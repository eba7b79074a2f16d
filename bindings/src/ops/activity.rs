//! Visits (plan, check in and out, notes, photos), tasks and the day plan.

use fieldsales_core::records as core;

use crate::FieldSales;
use crate::convert::{all, day, geo_in, ts};
use crate::error::Result;
use crate::types::*;

#[uniffi::export]
impl FieldSales {
    /// Today on the user's calendar (`YYYY-MM-DD` in their zone).
    pub fn today(&self) -> Result<String> {
        self.with(|s| Ok(s.today().to_string()))
    }

    /// Plan a visit for this user, starting at `start_ms` (UTC) and lasting `minutes`.
    pub fn plan_visit(&self, account_id: String, start_ms: i64, minutes: i64) -> Result<Visit> {
        self.write(&[RecordKind::Visit], |s| {
            s.plan_visit(&account_id, ts(start_ms), minutes)
        })
        .map(Into::into)
    }

    pub fn get_visit(&self, id: String) -> Result<Visit> {
        self.with(|s| s.get::<core::Visit>(&id)).map(Into::into)
    }

    /// Arrive at the customer, now, where the phone is (if it knows).
    pub fn check_in(&self, visit_id: String, place: Option<GeoPoint>) -> Result<Visit> {
        let place = geo_in(place)?;
        self.write(&[RecordKind::Visit], |s| s.check_in(&visit_id, None, place))
            .map(Into::into)
    }

    /// Leave the customer, now, with what came of the visit.
    pub fn check_out(
        &self,
        visit_id: String,
        outcome: String,
        place: Option<GeoPoint>,
    ) -> Result<Visit> {
        let place = geo_in(place)?;
        self.write(&[RecordKind::Visit], |s| {
            s.check_out(&visit_id, None, &outcome, place)
        })
        .map(Into::into)
    }

    /// Append a note to the visit (two reps' notes both survive a merge).
    pub fn add_visit_note(&self, visit_id: String, text: String) -> Result<Visit> {
        self.write(&[RecordKind::Visit], |s| s.add_visit_note(&visit_id, &text))
            .map(Into::into)
    }

    /// Attach a photo (JPEG/PNG bytes); it uploads at the next sync after the documents.
    pub fn add_visit_photo(&self, visit_id: String, bytes: Vec<u8>) -> Result<Visit> {
        self.write(&[RecordKind::Visit], |s| {
            s.add_visit_photo(&visit_id, &bytes)
        })
        .map(Into::into)
    }

    /// A photo's bytes by the hash a visit lists.
    pub fn photo(&self, hash: String) -> Result<Vec<u8>> {
        self.with(|s| s.get_blob(&hash))
    }

    pub fn cancel_visit(&self, visit_id: String) -> Result<Visit> {
        self.write(&[RecordKind::Visit], |s| s.cancel_visit(&visit_id))
            .map(Into::into)
    }

    /// Visits planned on a day (`YYYY-MM-DD`, the user's calendar), earliest first.
    pub fn visits_on(&self, date: String) -> Result<Vec<Visit>> {
        let d = day(&date)?;
        self.with(|s| s.visits_on(d)).map(all)
    }

    /// The day's visits in driving order from `start` (or the first visit), with distances.
    pub fn plan_day(&self, date: String, start: Option<GeoPoint>) -> Result<DayPlan> {
        let d = day(&date)?;
        let start = geo_in(start)?;
        self.write(&[RecordKind::Schedule], |s| s.plan_day(d, start))
            .map(Into::into)
    }

    /// Accounts whose visit rhythm says they are due by `date`, most overdue first.
    pub fn due_accounts(&self, date: String) -> Result<Vec<DueAccount>> {
        let d = day(&date)?;
        self.with(|s| s.due_accounts(Some(d))).map(all)
    }

    /// A follow-up task, for an account or not, due on a day or not.
    pub fn create_task(
        &self,
        title: String,
        account_id: Option<String>,
        due: Option<String>,
    ) -> Result<Task> {
        let due = due.as_deref().map(day).transpose()?;
        self.write(&[RecordKind::Task], |s| {
            s.create_task(&title, account_id.as_deref(), due)
        })
        .map(Into::into)
    }

    pub fn complete_task(&self, task_id: String) -> Result<Task> {
        self.write(&[RecordKind::Task], |s| s.complete_task(&task_id))
            .map(Into::into)
    }

    /// This user's open tasks, by due date.
    pub fn open_tasks(&self, limit: u32) -> Result<Vec<Task>> {
        self.with(|s| s.my_open_tasks(limit)).map(all)
    }
}

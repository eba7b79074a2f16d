//! A follow-up task: call back, send a catalogue, by a day or not.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, label_enum, opt_text, text, text_serde};
use crate::rules::{Checked, RuleContext, RuleViolation, is_owner};
use crate::time::{Day, Ts};

label_enum!(TaskStatus { Open => "open", Done => "done", Cancelled => "cancelled" });

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Task {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub account_id: Option<String>,
    pub owner_id: String,
    pub title: String,
    pub due: Option<Day>,
    pub status: TaskStatus,
    pub done_at: Option<Ts>,
    #[serde(with = "text_serde")]
    pub notes: Text,
    pub created_at: Ts,
}

impl Task {
    pub fn new(env: &Env, owner_id: impl Into<String>, title: impl Into<String>) -> Self {
        Task {
            kind: Kind::Task.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            account_id: None,
            owner_id: owner_id.into(),
            title: title.into(),
            due: None,
            status: TaskStatus::Open,
            done_at: None,
            notes: Text::default(),
            created_at: env.now(),
        }
    }
}

/// Whether a task may go from one status to another (a done task may be reopened).
pub fn task_transition_allowed(from: TaskStatus, to: TaskStatus) -> bool {
    use TaskStatus::*;
    matches!((from, to), (Open, Done) | (Open, Cancelled) | (Done, Open))
}

impl Record for Task {
    const KIND: Kind = Kind::Task;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("account_id", |t| opt_text(&t.account_id)),
        Column::text("owner_id", |t| text(&t.owner_id)),
        Column::text("status", |t| text(t.status.as_str())),
        Column::text("due", |t| {
            t.due
                .map_or(SqlValue::Null, |d| SqlValue::Text(d.to_string()))
        }),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[("due", "status, due")];

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        match &self.account_id {
            Some(a) => Home::Account(a.clone()),
            None => Home::User(self.owner_id.clone()),
        }
    }

    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        if after.title.trim().is_empty() {
            return Err(RuleViolation::InvalidRecord {
                detail: "a task needs a title".into(),
            });
        }
        // before and after: a rep who rewrote `owner_id` would otherwise take a colleague's
        // task (or hand one of hers away) in one edit
        if !is_owner(ctx, &after.owner_id) || before.is_some_and(|b| !is_owner(ctx, &b.owner_id)) {
            return Err(RuleViolation::forbidden("a rep edits only their own tasks"));
        }
        if let Some(before) = before
            && before.status != after.status
            && !task_transition_allowed(before.status, after.status)
        {
            return Err(RuleViolation::InvalidTransition {
                kind: "task".into(),
                from: before.status.to_string(),
                to: after.status.to_string(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskStatus::*;

    /// Every status change a task may make, written out.
    const ALLOWED: [(TaskStatus, TaskStatus); 3] = [(Open, Done), (Open, Cancelled), (Done, Open)];

    /// Who may do what to a task, written out: (what, author, before's owner, after's owner,
    /// allowed).
    #[test]
    fn a_rep_acts_only_on_tasks_she_owns_before_and_after() {
        use crate::records::Role;
        let ana = RuleContext::as_actor("ana", Role::Rep);
        let mia = RuleContext::as_actor("mia", Role::Manager);
        let table: [(&str, &RuleContext, Option<&str>, &str, bool); 9] = [
            ("rep creates her own", &ana, None, "ana", true),
            ("rep creates a colleague's", &ana, None, "ben", false),
            ("rep edits her own", &ana, Some("ana"), "ana", true),
            ("rep edits a colleague's", &ana, Some("ben"), "ben", false),
            ("rep takes a colleague's", &ana, Some("ben"), "ana", false),
            ("rep hands hers away", &ana, Some("ana"), "ben", false),
            ("manager reassigns", &mia, Some("ben"), "ana", true),
            ("manager edits a rep's", &mia, Some("ben"), "ben", true),
            (
                "standalone reassigns",
                &RuleContext::standalone(),
                Some("ben"),
                "ana",
                true,
            ),
        ];
        for (what, ctx, before_owner, after_owner, allowed) in table {
            let before = before_owner.map(|o| {
                let mut t = Task::new(&Env::system(), o, "Call back");
                t.id = "t1".into();
                t
            });
            let mut after = before
                .clone()
                .unwrap_or_else(|| Task::new(&Env::system(), after_owner, "Call back"));
            after.owner_id = after_owner.into();
            after.title = "Call back today".into();
            let r = crate::rules::check(ctx, before.as_ref(), &after);
            assert_eq!(r.is_ok(), allowed, "{what}: {r:?}");
        }
    }

    #[test]
    fn tasks_follow_their_lifecycle() {
        let ctx = RuleContext::standalone();
        for &from in TaskStatus::ALL {
            for &to in TaskStatus::ALL {
                if from == to {
                    continue;
                }
                let mut before = Task::new(&Env::system(), "u", "Call back");
                before.status = from;
                let mut after = before.clone();
                after.status = to;
                assert_eq!(
                    crate::rules::check(&ctx, Some(&before), &after).is_ok(),
                    ALLOWED.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }
}

//! A visit to a customer: planned, checked in and out on site, with notes, photos and what
//! came of it.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile, Text};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, GeoPoint, Home, Kind, Record, int, label_enum, text, text_serde};
use crate::rules::{Checked, RuleContext, RuleViolation, changed_fields, immutable, is_owner};
use crate::time::Ts;

label_enum!(VisitStatus {
    Planned => "planned",
    CheckedIn => "checked_in",
    Completed => "completed",
    Cancelled => "cancelled",
    Missed => "missed",
});

/// Where and when something happened on site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Fix {
    pub at: Ts,
    pub place: Option<GeoPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Visit {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub account_id: String,
    pub owner_id: String,
    pub planned_start: Ts,
    pub planned_end: Ts,
    pub status: VisitStatus,
    pub check_in: Option<Fix>,
    pub check_out: Option<Fix>,
    #[serde(with = "text_serde")]
    pub notes: Text,
    pub outcome: String,
    /// SHA-256 hashes of photo blobs.
    pub photos: Vec<String>,
    pub created_at: Ts,
}

impl Visit {
    pub fn new(
        env: &Env,
        account_id: impl Into<String>,
        owner_id: impl Into<String>,
        planned_start: Ts,
        planned_end: Ts,
    ) -> Self {
        Visit {
            kind: Kind::Visit.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            account_id: account_id.into(),
            owner_id: owner_id.into(),
            planned_start,
            planned_end,
            status: VisitStatus::Planned,
            check_in: None,
            check_out: None,
            notes: Text::default(),
            outcome: String::new(),
            photos: vec![],
            created_at: env.now(),
        }
    }
}

pub fn visit_transition_allowed(from: VisitStatus, to: VisitStatus) -> bool {
    use VisitStatus::*;
    matches!(
        (from, to),
        (Planned, CheckedIn) | (Planned, Cancelled) | (Planned, Missed) | (CheckedIn, Completed)
    )
}

impl Record for Visit {
    const KIND: Kind = Kind::Visit;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("account_id", |v| text(&v.account_id)),
        Column::text("owner_id", |v| text(&v.owner_id)),
        Column::text("status", |v| text(v.status.as_str())),
        Column::integer("planned_start", |v| int(v.planned_start.millis())),
        Column::integer("completed_at", |v| {
            v.check_out
                .as_ref()
                .map_or(SqlValue::Null, |f| int(f.at.millis()))
        }),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[
        ("start", "planned_start"),
        ("done", "completed_at, status, owner_id, account_id"),
        ("account", "account_id, planned_start"),
    ];

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Account(self.account_id.clone())
    }

    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        if after.planned_end < after.planned_start {
            return Err(RuleViolation::InvalidRecord {
                detail: "a visit cannot end before it starts".into(),
            });
        }
        if !is_owner(ctx, &after.owner_id) {
            return Err(RuleViolation::forbidden(
                "a rep plans and edits only their own visits",
            ));
        }
        let Some(before) = before else {
            return Ok(());
        };
        immutable(&changed_fields(before, after)?, &["account_id"])?;
        if !is_owner(ctx, &before.owner_id) {
            return Err(RuleViolation::forbidden(
                "a rep edits only their own visits",
            ));
        }
        if before.status != after.status && !visit_transition_allowed(before.status, after.status) {
            return Err(RuleViolation::InvalidTransition {
                kind: "visit".into(),
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
    use VisitStatus::*;

    /// Every status change a visit may make, written out.
    const ALLOWED: [(VisitStatus, VisitStatus); 4] = [
        (Planned, CheckedIn),
        (Planned, Cancelled),
        (Planned, Missed),
        (CheckedIn, Completed),
    ];

    #[test]
    fn visits_follow_their_lifecycle() {
        let ctx = RuleContext::standalone();
        let t0 = Ts::from_millis(0);
        let mut allowed = 0;
        for &from in VisitStatus::ALL {
            for &to in VisitStatus::ALL {
                if from == to {
                    continue;
                }
                let mut b = Visit::new(&Env::system(), "a", "u", t0, t0);
                b.status = from;
                let mut a = b.clone();
                a.status = to;
                let expected = ALLOWED.contains(&(from, to));
                let r = crate::rules::check(&ctx, Some(&b), &a);
                assert_eq!(r.is_ok(), expected, "{from} -> {to}");
                if let Err(e) = r {
                    assert_eq!(e.code(), "invalid_transition", "{from} -> {to}");
                }
                allowed += usize::from(expected);
            }
        }
        assert_eq!(allowed, ALLOWED.len());
    }

    #[test]
    fn a_rep_edits_only_their_own_visits() {
        let rep = RuleContext::as_actor("u1", crate::records::Role::Rep);
        let t0 = Ts::from_millis(0);
        let theirs = Visit::new(&Env::system(), "a", "u2", t0, t0);
        assert!(crate::rules::check(&rep, None, &theirs).is_err());
        let mine = Visit::new(&Env::system(), "a", "u1", t0, t0);
        assert!(crate::rules::check(&rep, None, &mine).is_ok());
        let mut moved = mine.clone();
        moved.account_id = "b".into();
        assert!(matches!(
            crate::rules::check(&rep, Some(&mine), &moved),
            Err(RuleViolation::ImmutableField { .. })
        ));
    }
}

//! A territory: a region of customers that reps work and managers manage, with the rules
//! that place accounts in it.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, GeoPoint, Home, Kind, Record, Role, opt_text, text};
use crate::rules::{Checked, RuleContext, RuleViolation, changed_fields};
use crate::time::Day;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Territory {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    /// The region (or larger territory) this one belongs to.
    pub parent_id: Option<String>,
    /// Postal-code prefixes whose accounts belong here when assigned by rule.
    pub postal_prefixes: Vec<String>,
    /// A polygon (lat/lon vertices) whose accounts belong here when assigned by rule.
    pub polygon: Vec<GeoPoint>,
    /// The day the rules take effect; realignment before it leaves accounts where they are.
    pub rules_effective: Option<Day>,
}

impl Territory {
    pub fn new(env: &Env, name: impl Into<String>) -> Self {
        Territory {
            kind: Kind::Territory.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            parent_id: None,
            postal_prefixes: vec![],
            polygon: vec![],
            rules_effective: None,
        }
    }
}

impl Record for Territory {
    const KIND: Kind = Kind::Territory;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("name", |t| text(&t.name)),
        Column::text("parent_id", |t| opt_text(&t.parent_id)),
    ];
    const MIN_WRITER: Role = Role::Manager;
    const DECIDES_ACCESS: bool = true;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Global
    }

    /// The hierarchy is the back office's: it decides which accounts a manager reads, so a
    /// manager who could create territories or re-parent one would grant herself any
    /// territory. A manager edits the rest (name, placement rules) of the territories she
    /// manages, and only those.
    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        if !ctx.below_admin() {
            return Ok(());
        }
        let Some(before) = before else {
            return Err(RuleViolation::forbidden(
                "only an admin creates territories",
            ));
        };
        if changed_fields(before, after)?.contains("parent_id") {
            return Err(RuleViolation::forbidden(
                "only an admin changes the territory hierarchy",
            ));
        }
        if !ctx.manages(&before.id) {
            return Err(RuleViolation::forbidden(
                "a manager edits only the territories she manages",
            ));
        }
        Ok(())
    }
}

/// `roots` and every territory under them (by `parent_id`, at any depth), from the (id,
/// parent id) pairs of every territory: the territories a manager of `roots` manages.
pub fn territories_under<'a>(
    roots: &[String],
    all: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<String> {
    let all: Vec<_> = all.collect();
    let mut managed: Vec<String> = roots.to_vec();
    let mut i = 0;
    while i < managed.len() {
        for (id, parent) in &all {
            if *parent == Some(managed[i].as_str()) && !managed.iter().any(|m| m == id) {
                managed.push(id.to_string());
            }
        }
        i += 1;
    }
    managed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    fn manager_of(ids: &[&str]) -> RuleContext {
        RuleContext::as_actor("m", Role::Manager)
            .with_managed_territories(ids.iter().map(|s| s.to_string()))
    }

    /// Who may do what to a territory, written out: (who, what, allowed).
    #[test]
    fn only_admins_create_territories_and_change_the_hierarchy() {
        let env = Env::system();
        let mut north = Territory::new(&env, "North");
        north.id = "north".into();
        let mut south = Territory::new(&env, "South");
        south.id = "south".into();
        let renamed = |t: &Territory| Territory {
            name: format!("{} 2", t.name),
            ..t.clone()
        };
        let prefixed = |t: &Territory| Territory {
            postal_prefixes: vec!["80".into()],
            ..t.clone()
        };
        let reparented = |t: &Territory, p: &str| Territory {
            parent_id: Some(p.into()),
            ..t.clone()
        };
        let admin = RuleContext::as_actor("root", Role::Admin);
        let north_mgr = manager_of(&["north"]);
        let unknown_mgr = RuleContext::as_actor("m", Role::Manager);
        let rep = RuleContext::as_actor("r", Role::Rep).with_managed_territories(["north".into()]);
        let standalone = RuleContext::standalone();
        let cases: [(&str, &RuleContext, Option<&Territory>, Territory, bool); 14] = [
            ("admin creates", &admin, None, north.clone(), true),
            ("manager creates", &north_mgr, None, north.clone(), false),
            ("rep creates", &rep, None, north.clone(), false),
            ("standalone creates", &standalone, None, north.clone(), true),
            ("admin renames", &admin, Some(&south), renamed(&south), true),
            (
                "manager renames own",
                &north_mgr,
                Some(&north),
                renamed(&north),
                true,
            ),
            (
                "manager adds a rule to own",
                &north_mgr,
                Some(&north),
                prefixed(&north),
                true,
            ),
            (
                "manager renames another",
                &north_mgr,
                Some(&south),
                renamed(&south),
                false,
            ),
            (
                "manager adds a rule to another",
                &north_mgr,
                Some(&south),
                prefixed(&south),
                false,
            ),
            (
                "manager without a known hierarchy",
                &unknown_mgr,
                Some(&north),
                renamed(&north),
                false,
            ),
            (
                "manager re-parents another under hers",
                &north_mgr,
                Some(&south),
                reparented(&south, "north"),
                false,
            ),
            (
                "manager re-parents her own",
                &north_mgr,
                Some(&north),
                reparented(&north, "south"),
                false,
            ),
            (
                "admin re-parents",
                &admin,
                Some(&south),
                reparented(&south, "north"),
                true,
            ),
            ("rep renames", &rep, Some(&north), renamed(&north), false),
        ];
        for (what, ctx, before, after, allowed) in cases {
            let r = check(ctx, before, &after);
            assert_eq!(r.is_ok(), allowed, "{what}: {r:?}");
            if let Err(e) = r {
                assert_eq!(
                    e.code(),
                    crate::sync::protocol::RejectReason::Forbidden,
                    "{what}"
                );
            }
        }
    }
}

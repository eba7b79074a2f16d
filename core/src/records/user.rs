//! A user's profile: role, territories, discount limit, working zone.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, label_enum, text};
use crate::rules::{Checked, RuleContext, RuleViolation, changed_fields, immutable};

label_enum!(
    /// What a user may do: reps sell in their territories, managers manage theirs, admins
    /// run the back office.
    Role { Rep => "rep", Manager => "manager", Admin => "admin" }
);

impl Role {
    /// Whether this role may do what `least` may (rep < manager < admin).
    pub fn at_least(self, least: Role) -> bool {
        let rank = |r: Role| match r {
            Role::Rep => 0,
            Role::Manager => 1,
            Role::Admin => 2,
        };
        rank(self) >= rank(least)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct User {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub name: String,
    pub role: Role,
    pub territory_ids: Vec<String>,
    /// The largest discount this user may give without a manager's approval.
    pub max_discount_bp: i64,
    /// IANA zone of the user's working day.
    pub zone: String,
    pub active: bool,
    // Added with locales: users made before them read as EUR and English.
    /// The currency of the user's quotas and of new accounts.
    #[autosurgeon(missing = "default_currency")]
    #[serde(default = "default_currency")]
    pub currency: String,
    /// BCP 47 tag of the user's language.
    #[autosurgeon(missing = "default_locale")]
    #[serde(default = "default_locale")]
    pub locale: String,
}

fn default_currency() -> String {
    "EUR".into()
}

fn default_locale() -> String {
    crate::locale::DEFAULT_LOCALE.into()
}

impl User {
    pub fn new(env: &Env, name: impl Into<String>, role: Role) -> Self {
        User {
            kind: Kind::User.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            name: name.into(),
            role,
            territory_ids: vec![],
            max_discount_bp: if role == Role::Rep { 1_000 } else { 10_000 },
            zone: "UTC".into(),
            active: true,
            currency: default_currency(),
            locale: default_locale(),
        }
    }
}

impl Record for User {
    const KIND: Kind = Kind::User;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("name", |u| text(&u.name)),
        Column::text("role", |u| text(u.role.as_str())),
        Column::integer("active", |u| SqlValue::Integer(u.active as i64)),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[("name", "name")];
    // a rep's own profile is written by managers and the back office
    const MIN_WRITER: Role = Role::Manager;
    const DECIDES_ACCESS: bool = true;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::User(self.id.clone())
    }

    /// Users are the back office's: only an admin creates one or changes a role or a discount
    /// limit. A user's territories decide what they read, so a manager changes them only on
    /// a rep's profile, and only by territories she manages; never on her own (she would
    /// grant herself any territory) nor on another manager's.
    fn rules(ctx: &RuleContext, before: Option<&Self>, after: &Self) -> Checked {
        if !ctx.below_admin() {
            return Ok(());
        }
        let Some(before) = before else {
            return Err(RuleViolation::forbidden("only an admin creates users"));
        };
        let changed = changed_fields(before, after)?;
        if let Err(RuleViolation::ImmutableField { field }) =
            immutable(&changed, &["role", "max_discount_bp"])
        {
            return Err(RuleViolation::forbidden(format!(
                "only an admin changes a user's `{field}`"
            )));
        }
        if !changed.contains("territory_ids") {
            return Ok(());
        }
        if ctx.is_user(&before.id) {
            return Err(RuleViolation::forbidden(
                "nobody but an admin changes their own territories",
            ));
        }
        if before.role != Role::Rep {
            return Err(RuleViolation::forbidden(
                "only an admin changes a manager's territories",
            ));
        }
        let added = after
            .territory_ids
            .iter()
            .filter(|t| !before.territory_ids.contains(t));
        let removed = before
            .territory_ids
            .iter()
            .filter(|t| !after.territory_ids.contains(t));
        if let Some(t) = added.chain(removed).find(|t| !ctx.manages(t)) {
            return Err(RuleViolation::forbidden(format!(
                "territory {t} is not one you manage"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    /// Who may do what to a profile, written out: (what, who, before, after, allowed). Mia
    /// manages north and its child north-east; south is another manager's.
    #[test]
    fn only_admins_create_users_and_grant_what_managers_may_not() {
        let env = Env::system();
        let user = |id: &str, role: Role, ts: &[&str]| {
            let mut u = User::new(&env, id, role);
            u.id = id.into();
            u.territory_ids = ts.iter().map(|t| t.to_string()).collect();
            u
        };
        let with = |u: &User, f: &dyn Fn(&mut User)| {
            let mut u = u.clone();
            f(&mut u);
            u
        };
        let mia_ctx = RuleContext::as_actor("mia", Role::Manager)
            .with_managed_territories(["north".into(), "north-east".into()]);
        let admin = RuleContext::as_actor("root", Role::Admin);
        let standalone = RuleContext::standalone();
        let mia = user("mia", Role::Manager, &["north"]);
        let ana = user("ana", Role::Rep, &["north"]);
        let sam = user("sam", Role::Manager, &["south"]);
        let cy = user("cy", Role::Rep, &["south"]);
        let give = |t: &'static str| move |u: &mut User| u.territory_ids.push(t.into());
        let take = |u: &mut User| u.territory_ids.clear();
        type Case<'a> = (&'a str, &'a RuleContext, Option<&'a User>, User, bool);
        let cases: Vec<Case> = vec![
            ("admin creates", &admin, None, ana.clone(), true),
            ("manager creates", &mia_ctx, None, ana.clone(), false),
            (
                "manager gives her rep a territory of hers",
                &mia_ctx,
                Some(&ana),
                with(&ana, &give("north-east")),
                true,
            ),
            (
                "manager takes her rep off her territory",
                &mia_ctx,
                Some(&ana),
                with(&ana, &take),
                true,
            ),
            (
                "manager gives her rep another's territory",
                &mia_ctx,
                Some(&ana),
                with(&ana, &give("south")),
                false,
            ),
            (
                "manager takes a rep off another's territory",
                &mia_ctx,
                Some(&cy),
                with(&cy, &take),
                false,
            ),
            (
                "manager grants herself a territory",
                &mia_ctx,
                Some(&mia),
                with(&mia, &give("south")),
                false,
            ),
            (
                "manager grants herself one of hers",
                &mia_ctx,
                Some(&mia),
                with(&mia, &give("north-east")),
                false,
            ),
            (
                "manager changes another manager's",
                &mia_ctx,
                Some(&sam),
                with(&sam, &give("north")),
                false,
            ),
            (
                "manager raises her rep's limit",
                &mia_ctx,
                Some(&ana),
                with(&ana, &|u| u.max_discount_bp = 5_000),
                false,
            ),
            (
                "manager raises her own limit",
                &mia_ctx,
                Some(&mia),
                with(&mia, &|u| u.max_discount_bp = 10_000 - 1),
                false,
            ),
            (
                "manager promotes her rep",
                &mia_ctx,
                Some(&ana),
                with(&ana, &|u| u.role = Role::Manager),
                false,
            ),
            (
                "manager renames her rep",
                &mia_ctx,
                Some(&ana),
                with(&ana, &|u| u.name = "Ana B".into()),
                true,
            ),
            (
                "manager sets her own zone",
                &mia_ctx,
                Some(&mia),
                with(&mia, &|u| u.zone = "Europe/Berlin".into()),
                true,
            ),
            (
                "admin grants herself",
                &admin,
                Some(&mia),
                with(&mia, &give("south")),
                true,
            ),
            (
                "admin raises a limit",
                &admin,
                Some(&ana),
                with(&ana, &|u| u.max_discount_bp = 5_000),
                true,
            ),
            (
                "admin promotes",
                &admin,
                Some(&ana),
                with(&ana, &|u| u.role = Role::Manager),
                true,
            ),
            (
                "standalone changes anything",
                &standalone,
                Some(&ana),
                with(&ana, &|u| u.max_discount_bp = 5_000),
                true,
            ),
        ];
        for (what, ctx, before, after, allowed) in cases {
            let r = check(ctx, before, &after);
            assert_eq!(r.is_ok(), allowed, "{what}: {r:?}");
        }
    }
}

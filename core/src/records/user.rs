//! A user's profile: role, territories, discount limit, working zone.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, label_enum, text};

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
}

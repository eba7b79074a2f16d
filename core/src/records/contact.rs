//! A contact person at an account.

use crate::env::Env;
use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, text};
use crate::time::Ts;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct Contact {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub created_at: Ts,
}

impl Contact {
    pub fn new(env: &Env, account_id: impl Into<String>, name: impl Into<String>) -> Self {
        Contact {
            kind: Kind::Contact.as_str().into(),
            id: env.new_id(),
            schema: DOC_SCHEMA,
            account_id: account_id.into(),
            name: name.into(),
            title: String::new(),
            phone: String::new(),
            email: String::new(),
            created_at: env.now(),
        }
    }
}

impl Record for Contact {
    const KIND: Kind = Kind::Contact;
    const COLUMNS: &'static [Column<Self>] = &[
        Column::text("account_id", |c| text(&c.account_id)),
        Column::text("name", |c| text(&c.name)),
    ];
    const INDEXES: &'static [(&'static str, &'static str)] = &[("account", "account_id")];

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Account(self.account_id.clone())
    }

    fn search_text(&self) -> Option<String> {
        Some([self.name.as_str(), &self.title, &self.email, &self.phone].join(" "))
    }
}

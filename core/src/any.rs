//! A record of any kind, for code that handles documents it did not create (the server's
//! checks, merges): read a document as its kind, run the rules, ask where it belongs.

use automerge::AutoCommit;

use crate::doc;
use crate::error::Result;
use crate::records::{
    Account, Contact, Kind, Order, PriceList, Product, Quota, Quote, Schedule, Stock, Task,
    Territory, User, Visit,
};
use crate::rules::{self, RuleContext, RuleViolation};

// read once per document and dropped; boxing the large variants would buy nothing
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum AnyRecord {
    Territory(Territory),
    User(User),
    Account(Account),
    Contact(Contact),
    Product(Product),
    PriceList(PriceList),
    Stock(Stock),
    Visit(Visit),
    Order(Order),
    Quote(Quote),
    Quota(Quota),
    Task(Task),
    Schedule(Schedule),
}

/// Where a record belongs, for replication: the catalogue, an account (and so the account's
/// territory), a user, or a territory directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    Global,
    /// Follows this account's territory.
    Account(String),
    /// An account itself, in this territory (None: unassigned).
    Territory(Option<String>),
    User(String),
}

impl AnyRecord {
    /// Read a document as the record its `kind` names.
    pub fn read(d: &AutoCommit) -> Result<AnyRecord> {
        Ok(match doc::kind_of(d)? {
            Kind::Territory => AnyRecord::Territory(doc::read(d)?),
            Kind::User => AnyRecord::User(doc::read(d)?),
            Kind::Account => AnyRecord::Account(doc::read(d)?),
            Kind::Contact => AnyRecord::Contact(doc::read(d)?),
            Kind::Product => AnyRecord::Product(doc::read(d)?),
            Kind::PriceList => AnyRecord::PriceList(doc::read(d)?),
            Kind::Stock => AnyRecord::Stock(doc::read(d)?),
            Kind::Visit => AnyRecord::Visit(doc::read(d)?),
            Kind::Order => AnyRecord::Order(doc::read(d)?),
            Kind::Quote => AnyRecord::Quote(doc::read(d)?),
            Kind::Quota => AnyRecord::Quota(doc::read(d)?),
            Kind::Task => AnyRecord::Task(doc::read(d)?),
            Kind::Schedule => AnyRecord::Schedule(doc::read(d)?),
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            AnyRecord::Territory(_) => Kind::Territory,
            AnyRecord::User(_) => Kind::User,
            AnyRecord::Account(_) => Kind::Account,
            AnyRecord::Contact(_) => Kind::Contact,
            AnyRecord::Product(_) => Kind::Product,
            AnyRecord::PriceList(_) => Kind::PriceList,
            AnyRecord::Stock(_) => Kind::Stock,
            AnyRecord::Visit(_) => Kind::Visit,
            AnyRecord::Order(_) => Kind::Order,
            AnyRecord::Quote(_) => Kind::Quote,
            AnyRecord::Quota(_) => Kind::Quota,
            AnyRecord::Task(_) => Kind::Task,
            AnyRecord::Schedule(_) => Kind::Schedule,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            AnyRecord::Territory(r) => &r.id,
            AnyRecord::User(r) => &r.id,
            AnyRecord::Account(r) => &r.id,
            AnyRecord::Contact(r) => &r.id,
            AnyRecord::Product(r) => &r.id,
            AnyRecord::PriceList(r) => &r.id,
            AnyRecord::Stock(r) => &r.id,
            AnyRecord::Visit(r) => &r.id,
            AnyRecord::Order(r) => &r.id,
            AnyRecord::Quote(r) => &r.id,
            AnyRecord::Quota(r) => &r.id,
            AnyRecord::Task(r) => &r.id,
            AnyRecord::Schedule(r) => &r.id,
        }
    }

    /// Where this record replicates to.
    pub fn home(&self) -> Home {
        match self {
            AnyRecord::Territory(_)
            | AnyRecord::Product(_)
            | AnyRecord::PriceList(_)
            | AnyRecord::Stock(_) => Home::Global,
            AnyRecord::User(u) => Home::User(u.id.clone()),
            AnyRecord::Account(a) => Home::Territory(a.territory_id.clone()),
            AnyRecord::Contact(c) => Home::Account(c.account_id.clone()),
            AnyRecord::Visit(v) => Home::Account(v.account_id.clone()),
            AnyRecord::Order(o) => Home::Account(o.account_id.clone()),
            AnyRecord::Quote(q) => Home::Account(q.account_id.clone()),
            AnyRecord::Task(t) => match &t.account_id {
                Some(a) => Home::Account(a.clone()),
                None => Home::User(t.owner_id.clone()),
            },
            AnyRecord::Quota(q) => match (&q.user_id, &q.territory_id) {
                (Some(u), _) => Home::User(u.clone()),
                (None, t) => Home::Territory(t.clone()),
            },
            AnyRecord::Schedule(s) => Home::User(s.owner_id.clone()),
        }
    }

    /// Run the rules on a change from `before` (None: created) to `self`.
    pub fn check(
        &self,
        ctx: &RuleContext,
        before: Option<&AnyRecord>,
    ) -> Result<(), RuleViolation> {
        macro_rules! chk {
            ($($v:ident),+) => {
                match self {
                    $(AnyRecord::$v(after) => {
                        let b = match before {
                            Some(AnyRecord::$v(b)) => Some(b),
                            Some(_) => return Err(RuleViolation::ImmutableField { field: "kind".into() }),
                            None => None,
                        };
                        rules::check(ctx, b, after)
                    })+
                }
            };
        }
        chk!(
            Territory, User, Account, Contact, Product, PriceList, Stock, Visit, Order, Quote,
            Quota, Task, Schedule
        )
    }
}

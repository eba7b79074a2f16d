//! A record of any kind, for code that handles documents it did not create (the server's
//! checks, merges, the index): read a document as its kind, run the rules, ask where it
//! belongs. Generated from the list of kinds, so a new kind needs nothing here.

use automerge::AutoCommit;

use crate::doc;
use crate::error::Result;
pub use crate::records::Home;
use crate::records::{Kind, Record};
use crate::rules::{self, RuleContext, RuleViolation};
use crate::store::index::Entry;

macro_rules! define_any {
    ($($name:ident = $label:literal),+ $(,)?) => {
        /// One record of whichever kind its document holds.
        // read once per document and dropped; boxing the large variants would buy nothing
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum AnyRecord {
            $($name(crate::records::$name)),+
        }

        impl AnyRecord {
            /// Read a document as the record its `kind` names.
            pub fn read(d: &AutoCommit) -> Result<AnyRecord> {
                Ok(match doc::kind_of(d)? {
                    $(Kind::$name => AnyRecord::$name(doc::read(d)?)),+
                })
            }

            /// A record of `kind` from its JSON (an index row, a server's hint).
            pub fn from_json(kind: Kind, json: &str) -> Result<AnyRecord> {
                Ok(match kind {
                    $(Kind::$name => AnyRecord::$name(serde_json::from_str(json)?)),+
                })
            }

            pub fn kind(&self) -> Kind {
                match self {
                    $(AnyRecord::$name(_) => Kind::$name),+
                }
            }

            pub fn id(&self) -> &str {
                match self {
                    $(AnyRecord::$name(r) => r.id()),+
                }
            }

            /// Where this record replicates to.
            pub fn home(&self) -> Home {
                match self {
                    $(AnyRecord::$name(r) => r.home()),+
                }
            }

            /// Run the rules on a change from `before` (None: created) to `self`.
            pub fn check(
                &self,
                ctx: &RuleContext,
                before: Option<&AnyRecord>,
            ) -> Result<(), RuleViolation> {
                match (self, before) {
                    $(
                        (AnyRecord::$name(after), Some(AnyRecord::$name(b))) => {
                            rules::check(ctx, Some(b), after)
                        }
                        (AnyRecord::$name(after), None) => rules::check(ctx, None, after),
                    )+
                    (_, Some(_)) => Err(RuleViolation::ImmutableField { field: "kind".into() }),
                }
            }

            /// Its row in the query index.
            pub(crate) fn entry(&self) -> Result<Entry> {
                match self {
                    $(AnyRecord::$name(r) => Entry::of(r)),+
                }
            }

            /// Its row in the query index, with its JSON already at hand.
            pub(crate) fn entry_with_json(&self, json: String) -> Entry {
                match self {
                    $(AnyRecord::$name(r) => Entry::with_json(r, json)),+
                }
            }
        }
    };
}
crate::with_record_kinds!(define_any);

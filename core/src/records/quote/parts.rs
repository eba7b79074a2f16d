//! The parts of a quote that one device sets once, as a whole: a manager's decision on a
//! discount and the customer's signature. Each is an `Option` that is `None` (a null) from the
//! quote's creation and becomes a map in a single change by the deciding or signing device, so
//! no replica ever creates the container "if missing"; the rules refuse any later edit of a
//! signature (docs/adr/0004-quote-signatures.md).

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use serde::{Deserialize, Serialize};

use crate::records::GeoPoint;
use crate::time::Ts;

/// A manager's decision on a quote's discount. An approval stays on the quote as it is
/// presented, signed and converted; a refusal only until the rep reworks the quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct QuoteApproval {
    /// Approved, or refused.
    pub approved: bool,
    /// The user id of the manager (or admin) who decided.
    pub decided_by: String,
    pub decided_by_name: String,
    pub decided_at: Ts,
    /// The largest single discount (quote-level or line) the decision covers. A quote is
    /// presented on an approval only while no discount of it exceeds this.
    pub discount_bp: i64,
}

/// Pen strokes from a signature pad: polylines of `[x, y, t_ms]`, in the pad's units with y
/// growing downward, `t_ms` since the first touch. Stored in the document as one JSON string:
/// written once, never merged point by point, and a thousand points cost one value, not a
/// thousand list objects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Strokes(pub Vec<Vec<[i64; 3]>>);

impl Strokes {
    pub fn points(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }
}

impl Reconcile for Strokes {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        // serialising integers into a string cannot fail
        r.str(serde_json::to_string(&self.0).unwrap_or_default())
    }
}

impl Hydrate for Strokes {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        serde_json::from_str(s)
            .map(Strokes)
            .map_err(|_| HydrateError::unexpected("strokes as [[[x, y, t_ms]]]", s.to_string()))
    }
}

/// A customer's signature on one revision of a quote, sealed by the signing device's Ed25519
/// key. What is hashed and what is signed is specified in docs/signing.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct QuoteSignature {
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at: Ts,
    /// Where the customer signed, when the device knew.
    pub place: Option<GeoPoint>,
    /// The consent sentence shown to the customer above the pad.
    pub consent_text: String,
    pub strokes: Strokes,
    /// SHA-256 (hex) of the canonical encoding of the revision's commercial content.
    pub content_hash: String,
    /// SHA-256 (hex) of each content field's encoding, by field name: the content hash is
    /// computed from these, so verification can name the fields that changed.
    pub content_digests: std::collections::BTreeMap<String, String>,
    pub device_id: String,
    /// The signing device's Ed25519 public key (hex, 32 bytes).
    pub public_key: String,
    /// Ed25519 signature (hex, 64 bytes) over the signed message of docs/signing.md.
    pub signature: String,
}

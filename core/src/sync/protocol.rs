//! The sync protocol, v1 (docs/protocol.md): the messages of `POST /v1/sync` and their binary
//! encoding — one version byte, then CBOR. Shared by the device and the server.

use serde::{Deserialize, Serialize};

use crate::records::Kind;

/// The first byte of every sync body.
pub const PROTOCOL_VERSION: u8 = 1;
/// Largest sync request the server accepts.
pub const MAX_REQUEST_BYTES: usize = 8 * 1024 * 1024;
/// Largest change set for one document in one push.
pub const MAX_DOC_PUSH_BYTES: usize = 1024 * 1024;
/// Most documents in one push: the server refuses a request with more (`too_many_documents`,
/// 413) before it takes its write lock, and the device splits its pushes at this size.
pub const MAX_PUSH_DOCS: usize = 500;
/// Largest document, as its whole snapshot after a push is merged, that the server stores: a
/// push within `MAX_DOC_PUSH_BYTES` that would grow a document past it is `too_large`.
pub const MAX_DOC_BYTES: usize = 4 * 1024 * 1024;
/// Most pull entries the server sends in one response.
pub const MAX_PULL_LIMIT: u32 = 2_000;

/// Where a device is in the server's feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The last feed sequence number applied; 0 for a device that starts empty.
    pub seq: u64,
    /// While a device is receiving its first snapshots: the last document id sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_after: Option<String>,
}

impl Cursor {
    /// Whether the device is still receiving the snapshots of its first sync.
    pub fn bootstrapping(&self) -> bool {
        self.seq == 0 || self.snapshot_after.is_some()
    }
}

/// Changes of one document the server has not acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushDoc {
    pub id: String,
    pub kind: Kind,
    /// Automerge changes (concatenated), loadable with `load_incremental`. For a document the
    /// server has never acknowledged, its whole history.
    #[serde(with = "serde_bytes")]
    pub changes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    pub cursor: Cursor,
    pub push: Vec<PushDoc>,
    /// Most pull entries wanted in the response (the server caps it).
    pub limit: u32,
    /// Documents the device could not bring up to date from the feed (it lacks history the
    /// changes build on): the server answers each with a whole snapshot, or lists it as
    /// revoked if the device may not have it. At most `MAX_WANT`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub want: Vec<String>,
}

/// Most snapshots a device asks for by id in one request.
pub const MAX_WANT: usize = 100;

/// A document the server took; its heads after the merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub id: String,
    /// Concatenated 32-byte change hashes.
    #[serde(with = "serde_bytes")]
    pub heads: Vec<u8>,
}

/// A document the server refused, whole, with a typed reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub id: String,
    pub reason: RejectReason,
    /// A sentence for the user, without personal data.
    pub detail: String,
    /// The server's current state of the document (a snapshot), or none if it has none.
    #[serde(default, with = "serde_bytes", skip_serializing_if = "Option::is_none")]
    pub current: Option<Vec<u8>>,
}

/// Declares `RejectReason` from one list of (variant, label, meaning), so a label is written
/// once and `KNOWN` cannot miss a variant.
macro_rules! reject_reasons {
    ($($(#[$doc:meta])* $variant:ident => $label:literal,)*) => {
        /// Why the server refused a pushed document: one snake_case label each, the same on the
        /// wire, in the server's metrics, in the device's rejections table and in
        /// docs/protocol.md (a test holds that list to this one).
        #[derive(Debug, Clone, Eq)]
        pub enum RejectReason {
            $($(#[$doc])* $variant,)*
            /// A label this build does not know, from a newer server: kept as it came, so the
            /// sync goes on and the user still sees it.
            Other(String),
        }

        impl RejectReason {
            /// Every reason this build knows, in the order of the wire documentation.
            pub const KNOWN: &'static [RejectReason] = &[$(RejectReason::$variant,)*];

            /// The label on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(RejectReason::$variant => $label,)*
                    RejectReason::Other(label) => label,
                }
            }

            /// The reason a label names; an unknown label is kept as `Other`, never an error.
            pub fn parse(label: &str) -> RejectReason {
                match label {
                    $($label => RejectReason::$variant,)*
                    other => RejectReason::Other(other.to_string()),
                }
            }
        }
    };
}

reject_reasons! {
    /// The role may not make this change (a rep editing a product, confirming an order...).
    Forbidden => "forbidden",
    /// The record is, or would land, outside the scopes the user may write.
    OutOfScope => "out_of_scope",
    /// The status cannot go from its current value to the pushed one.
    InvalidTransition => "invalid_transition",
    /// A field that never changes after creation was changed.
    ImmutableField => "immutable_field",
    /// The record's status no longer allows edits.
    NotEditable => "not_editable",
    /// A line with a quantity of zero or less.
    NonPositiveQuantity => "non_positive_quantity",
    /// A line names a product the catalogue does not have.
    UnknownProduct => "unknown_product",
    /// A line's currency differs from the record's.
    CurrencyMismatch => "currency_mismatch",
    /// The record breaks one of its own invariants (an account without territory...).
    InvalidRecord => "invalid_record",
    /// A quote's discount is over the presenter's limit and no manager approved it.
    DiscountOverLimit => "discount_over_limit",
    /// The quote's validity ended before the step.
    QuoteExpired => "quote_expired",
    /// The customer's signature on a quote does not verify against the signing device's key.
    InvalidSignature => "invalid_signature",
    /// A later revision of the quote replaces this one.
    Superseded => "superseded",
    /// The changes do not decode, build on history the server lacks, or do not make a record
    /// of the pushed kind and id.
    BadDocument => "bad_document",
    /// The changes to one document are over `MAX_DOC_PUSH_BYTES`.
    TooLarge => "too_large",
}

/// Reasons are equal when their labels are: `Other("forbidden")` is `Forbidden`.
impl PartialEq for RejectReason {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::hash::Hash for RejectReason {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for RejectReason {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RejectReason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RejectReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RejectReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(RejectReason::parse(&String::deserialize(d)?))
    }
}

/// Something that changed in the device's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullDoc {
    pub id: String,
    pub kind: Kind,
    /// Changes to merge, or a whole document when `snapshot` is set.
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    pub snapshot: bool,
    /// The server's heads for this document after these changes.
    #[serde(with = "serde_bytes")]
    pub heads: Vec<u8>,
    /// With a snapshot: the record as JSON, when the document holds no concurrent values.
    /// A device that does not have the document yet may index it from this instead of
    /// loading the document (ADR 0003).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    pub accepted: Vec<Accepted>,
    pub rejected: Vec<Rejected>,
    pub pull: Vec<PullDoc>,
    /// Documents that left the device's scope: remove them.
    pub revoked: Vec<String>,
    pub cursor: Cursor,
    /// The pull was paged: sync again for the rest.
    pub more: bool,
}

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty body")]
    Empty,
    #[error("protocol version {0} is not supported (this side speaks {PROTOCOL_VERSION})")]
    Version(u8),
    #[error("body of {0} bytes is over the limit")]
    TooLarge(usize),
    #[error("malformed body: {0}")]
    Malformed(String),
}

impl DecodeError {
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty_body",
            DecodeError::Version(_) => "unsupported_version",
            DecodeError::TooLarge(_) => "too_large",
            DecodeError::Malformed(_) => "malformed",
        }
    }
}

/// Encode a message: the version byte, then CBOR.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    let mut out = vec![PROTOCOL_VERSION];
    // writing CBOR into a Vec cannot fail for these plain data types
    if let Err(e) = ciborium::into_writer(msg, &mut out) {
        tracing::error!("cbor encoding failed: {e}");
    }
    out
}

/// Decode a message, refusing unknown versions and oversized bodies.
pub fn decode<T: for<'de> Deserialize<'de>>(body: &[u8], max: usize) -> Result<T, DecodeError> {
    if body.len() > max {
        return Err(DecodeError::TooLarge(body.len()));
    }
    let (&version, rest) = body.split_first().ok_or(DecodeError::Empty)?;
    if version != PROTOCOL_VERSION {
        return Err(DecodeError::Version(version));
    }
    ciborium::from_reader(rest).map_err(|e| DecodeError::Malformed(e.to_string()))
}

/// `POST /v1/auth/login` (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub user: String,
    pub password: String,
    pub device_id: String,
    /// The device's Ed25519 public key (hex), for quote signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub user_id: String,
    pub user_name: String,
    pub role: crate::records::Role,
    pub territory_ids: Vec<String>,
    /// Unix seconds.
    pub expires_at: i64,
    /// The user's working zone, currency and language as the server holds them (absent from
    /// servers older than locales: the device keeps its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// The JSON body of every 4xx/5xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_typed_decode_errors() {
        let req = SyncRequest {
            cursor: Cursor {
                seq: 42,
                snapshot_after: None,
            },
            push: vec![PushDoc {
                id: "d".into(),
                kind: Kind::Order,
                changes: vec![1, 2, 3],
            }],
            limit: 100,
            want: vec![],
        };
        let bytes = encode(&req);
        assert_eq!(bytes[0], PROTOCOL_VERSION);
        assert_eq!(
            decode::<SyncRequest>(&bytes, MAX_REQUEST_BYTES).unwrap(),
            req
        );
        assert_eq!(decode::<SyncRequest>(&[], 10), Err(DecodeError::Empty));
        assert_eq!(
            decode::<SyncRequest>(&[9, 0], 10),
            Err(DecodeError::Version(9))
        );
        assert!(matches!(
            decode::<SyncRequest>(&bytes[..bytes.len() - 3], MAX_REQUEST_BYTES),
            Err(DecodeError::Malformed(_))
        ));
        assert_eq!(
            decode::<SyncRequest>(&bytes, 4),
            Err(DecodeError::TooLarge(bytes.len()))
        );
    }

    /// `Rejected` as it was before the reason had a type: the wire must not change.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct UntypedRejected {
        id: String,
        reason: String,
        detail: String,
        #[serde(default, with = "serde_bytes", skip_serializing_if = "Option::is_none")]
        current: Option<Vec<u8>>,
    }

    #[test]
    fn reasons_travel_as_their_labels() {
        for reason in RejectReason::KNOWN {
            let label = reason.as_str();
            assert_eq!(RejectReason::parse(label), *reason);
            let typed = Rejected {
                id: "d".into(),
                reason: reason.clone(),
                detail: "why".into(),
                current: Some(vec![7]),
            };
            let untyped = UntypedRejected {
                id: "d".into(),
                reason: label.into(),
                detail: "why".into(),
                current: Some(vec![7]),
            };
            assert_eq!(encode(&typed), encode(&untyped), "{label}");
            assert_eq!(decode::<Rejected>(&encode(&untyped), 1024).unwrap(), typed);
        }
        let labels: std::collections::BTreeSet<&str> = RejectReason::KNOWN
            .iter()
            .map(RejectReason::as_str)
            .collect();
        assert_eq!(labels.len(), RejectReason::KNOWN.len(), "labels are unique");
        assert!(
            labels
                .iter()
                .all(|l| l.chars().all(|c| c.is_ascii_lowercase() || c == '_')),
            "labels are snake_case: {labels:?}"
        );
    }

    #[test]
    fn a_reason_from_a_newer_server_is_kept_not_refused() {
        let newer = UntypedRejected {
            id: "d".into(),
            reason: "quota_exhausted".into(),
            detail: "a reason this build has never heard of".into(),
            current: None,
        };
        let resp: Rejected = decode(&encode(&newer), 1024).unwrap();
        assert_eq!(resp.reason, RejectReason::Other("quota_exhausted".into()));
        assert_eq!(resp.reason.to_string(), "quota_exhausted");
        assert_eq!(encode(&resp), encode(&newer), "re-encoded as it came");
        // a known label spelled as `Other` is the same reason
        assert_eq!(
            RejectReason::Other("forbidden".into()),
            RejectReason::Forbidden
        );
    }

    /// The labels in docs/protocol.md's "Rejection reasons" table, in order.
    fn documented_reasons() -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/protocol.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let section = doc
            .split("\n## ")
            .find(|s| s.starts_with("Rejection reasons"))
            .expect("docs/protocol.md has a `## Rejection reasons` section");
        section
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`'))
            .map(|(label, _)| label.to_string())
            .collect()
    }

    #[test]
    fn the_protocol_doc_lists_every_reason_and_no_other() {
        let documented = documented_reasons();
        let known: Vec<String> = RejectReason::KNOWN
            .iter()
            .map(|r| r.as_str().to_string())
            .collect();
        for label in &known {
            assert!(
                documented.contains(label),
                "docs/protocol.md does not list `{label}`"
            );
        }
        for label in &documented {
            assert!(
                known.contains(label),
                "docs/protocol.md lists `{label}`, which RejectReason does not have"
            );
        }
        assert_eq!(
            documented.len(),
            known.len(),
            "listed once each: {documented:?}"
        );
    }

    #[test]
    fn an_empty_reconnect_is_small() {
        let req = SyncRequest {
            cursor: Cursor {
                seq: 123_456,
                snapshot_after: None,
            },
            push: vec![],
            limit: 500,
            want: vec![],
        };
        let resp = SyncResponse {
            cursor: Cursor {
                seq: 123_456,
                snapshot_after: None,
            },
            ..Default::default()
        };
        assert!(encode(&req).len() + encode(&resp).len() < 100);
    }
}

//! The canonical bytes of a quote revision's commercial content and of a signature's signed
//! message, specified byte by byte in docs/signing.md so a verifier in another language can
//! reproduce them. Integers are 8-byte big-endian two's complement; strings are a 4-byte
//! big-endian byte length and their UTF-8 bytes, exactly as stored; nothing is normalised.

use sha2::{Digest, Sha256};

use crate::records::{Quote, QuoteSignature, Strokes};

/// Domain separation for the content hash, so its bytes can never be read as another message.
pub const CONTENT_TAG: &str = "fieldsales/quote-content/v1";
/// Domain separation for the signed message.
pub const SIGNATURE_TAG: &str = "fieldsales/quote-signature/v1";

/// The signed content fields, in encoding order, named as in the quote record.
pub const CONTENT_FIELDS: [&str; 14] = [
    "account_id",
    "customer_name",
    "number",
    "revision",
    "currency",
    "quote_date",
    "valid_until",
    "payment_terms_days",
    "terms",
    "discount_bp",
    "lines",
    "subtotal_minor",
    "tax_minor",
    "total_minor",
];

pub type Digest32 = [u8; 32];

#[derive(Default)]
struct Enc(Vec<u8>);

impl Enc {
    fn u32(&mut self, n: usize) -> &mut Self {
        // no string or list of a record comes near 4 GiB (sync limits documents far below)
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.0.extend_from_slice(&n.to_be_bytes());
        self
    }
    fn int(&mut self, v: i64) -> &mut Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }
    fn str(&mut self, s: &str) -> &mut Self {
        self.u32(s.len());
        self.0.extend_from_slice(s.as_bytes());
        self
    }
    fn raw(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(b);
        self
    }
}

pub fn sha256(bytes: &[u8]) -> Digest32 {
    Sha256::digest(bytes).into()
}

/// The encoding of one content field's value. `None` for a name not in [`CONTENT_FIELDS`].
pub fn field_encoding(q: &Quote, field: &str) -> Option<Vec<u8>> {
    let mut e = Enc::default();
    match field {
        "account_id" => e.str(&q.account_id),
        "customer_name" => e.str(&q.customer_name),
        "number" => e.str(&q.number),
        "revision" => e.int(q.revision),
        "currency" => e.str(&q.currency),
        "quote_date" => e.str(&q.quote_date.to_string()),
        "valid_until" => e.str(&q.valid_until.to_string()),
        "payment_terms_days" => e.int(q.payment_terms_days),
        "terms" => e.str(q.terms.as_str()),
        "discount_bp" => e.int(q.discount_bp),
        "lines" => {
            e.u32(q.lines.len());
            for l in &q.lines {
                e.str(&l.product_id)
                    .str(&l.description)
                    .int(l.qty_milli)
                    .int(l.unit_price_minor)
                    .int(l.discount_bp)
                    .int(l.tax_bp)
                    .int(l.net_minor)
                    .int(l.tax_minor);
            }
            &mut e
        }
        "subtotal_minor" => e.int(q.subtotal_minor),
        "tax_minor" => e.int(q.tax_minor),
        "total_minor" => e.int(q.total_minor),
        _ => return None,
    };
    Some(e.0)
}

/// SHA-256 of each content field's encoding, in [`CONTENT_FIELDS`] order.
pub fn field_digests(q: &Quote) -> Vec<(&'static str, Digest32)> {
    CONTENT_FIELDS
        .iter()
        .map(|&f| (f, sha256(&field_encoding(q, f).unwrap_or_default())))
        .collect()
}

/// The bytes the content hash is taken over: the tag, the number of fields, then each field's
/// name and the digest of its value.
pub fn content_bytes(digests: &[(&str, Digest32)]) -> Vec<u8> {
    let mut e = Enc::default();
    e.str(CONTENT_TAG).u32(digests.len());
    for (name, d) in digests {
        e.str(name).raw(d);
    }
    e.0
}

/// The content hash of a quote as it is now.
pub fn content_hash(q: &Quote) -> Digest32 {
    sha256(&content_bytes(&field_digests(q)))
}

/// SHA-256 of the strokes: the number of strokes, then per stroke the number of points and
/// each point's x, y and t_ms.
pub fn strokes_hash(s: &Strokes) -> Digest32 {
    let mut e = Enc::default();
    e.u32(s.0.len());
    for stroke in &s.0 {
        e.u32(stroke.len());
        for p in stroke {
            e.int(p[0]).int(p[1]).int(p[2]);
        }
    }
    sha256(&e.0)
}

/// The message the device signs: the content hash with who signed, when, where, what they were
/// shown, the strokes' hash and the signing device. `None` when the stored content hash is not
/// 32 bytes of hex.
pub fn signed_message(sig: &QuoteSignature) -> Option<Vec<u8>> {
    let content: Digest32 = hex::decode(&sig.content_hash).ok()?.try_into().ok()?;
    let mut e = Enc::default();
    e.str(SIGNATURE_TAG)
        .raw(&content)
        .str(&sig.signer_name)
        .str(&sig.signer_role)
        .int(sig.signed_at.millis());
    match &sig.place {
        None => e.raw(&[0]),
        Some(p) => e
            .raw(&[1])
            .raw(&p.lat.to_bits().to_be_bytes())
            .raw(&p.lon.to_bits().to_be_bytes()),
    };
    e.str(&sig.consent_text)
        .raw(&strokes_hash(&sig.strokes))
        .str(&sig.device_id);
    Some(e.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;

    #[test]
    fn encodings_are_length_prefixed_big_endian() {
        let mut e = Enc::default();
        e.str("ab").int(-2);
        assert_eq!(
            e.0,
            [
                0, 0, 0, 2, b'a', b'b', 255, 255, 255, 255, 255, 255, 255, 254
            ]
        );
        // an empty stroke list and one empty stroke differ
        let none = strokes_hash(&Strokes(vec![]));
        let one_empty = strokes_hash(&Strokes(vec![vec![]]));
        assert_ne!(none, one_empty);
    }

    #[test]
    fn every_content_field_has_an_encoding() {
        let q = Quote::new(&Env::system(), "Q-1", "a", "u", "EUR", 30);
        for f in CONTENT_FIELDS {
            assert!(field_encoding(&q, f).is_some(), "{f}");
        }
        assert!(field_encoding(&q, "owner_id").is_none());
    }
}

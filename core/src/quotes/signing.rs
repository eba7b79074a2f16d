//! Sealing a customer's signature on a quote revision and checking it later: the content hash
//! with its per-field digests, the Ed25519 signature over the signed message (docs/signing.md).

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::Serialize;

use super::canonical::{self, CONTENT_FIELDS, Digest32};
use super::keys::public_key_hex;
use crate::error::{Error, Result};
use crate::locale;
use crate::records::{GeoPoint, Quote, QuoteSignature, Strokes};
use crate::time::Ts;

/// A signature pad's output can be large; this bounds a quote document's size.
pub const MAX_STROKE_POINTS: usize = 20_000;
const MAX_TEXT: usize = 4_000;

/// What the device captured when the customer signed.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureCapture {
    pub signer_name: String,
    pub signer_role: String,
    /// The consent sentence shown above the pad (see [`default_consent`]).
    pub consent_text: String,
    pub strokes: Vec<Vec<[i64; 3]>>,
    pub place: Option<GeoPoint>,
    /// When the customer signed (UTC).
    pub signed_at: Ts,
}

/// The result of checking a quote's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verification {
    /// The signature is the device's and the content is what was signed.
    Valid,
    /// The signature holds, but these content fields no longer hold what was signed.
    Tampered { fields: Vec<String> },
    /// The signature record does not hold together: the signature does not match its message
    /// or key, or its digests do not make up the signed content hash.
    BadSignature,
    /// The quote carries no signature.
    Unsigned,
}

impl Verification {
    pub fn label(&self) -> &'static str {
        match self {
            Verification::Valid => "valid",
            Verification::Tampered { .. } => "tampered",
            Verification::BadSignature => "bad_signature",
            Verification::Unsigned => "unsigned",
        }
    }
}

/// The content hash of a quote as it is now (hex).
pub fn content_hash_hex(quote: &Quote) -> String {
    hex::encode(canonical::content_hash(quote))
}

/// The sentence shown above the pad when the shell has none of its own, in the language of
/// the quote's locale (the customer's) with the total formatted for it. It is stored in the
/// signature and is part of the signed message, so the words the customer agreed to are sealed
/// with the strokes.
pub fn default_consent(quote: &Quote, signer_name: &str) -> String {
    let locale = quote.locale.as_str();
    locale::consent_text(
        locale,
        signer_name,
        &quote.number,
        &locale::format_number_in(quote.revision, locale),
        &locale::format_money_in(quote.total_minor, &quote.currency, locale),
    )
}

fn check_capture(c: &SignatureCapture) -> Result<()> {
    if c.signer_name.trim().is_empty() {
        return Err(Error::invalid("the signer's name is required"));
    }
    if c.consent_text.trim().is_empty() {
        return Err(Error::invalid("the consent text shown is required"));
    }
    if [&c.signer_name, &c.signer_role, &c.consent_text]
        .iter()
        .any(|s| s.len() > MAX_TEXT)
    {
        return Err(Error::invalid("signer or consent text is too long"));
    }
    let points: usize = c.strokes.iter().map(Vec::len).sum();
    if points == 0 {
        return Err(Error::invalid("a signature needs at least one stroke"));
    }
    if points > MAX_STROKE_POINTS {
        return Err(Error::invalid(format!(
            "a signature has at most {MAX_STROKE_POINTS} points, got {points}"
        )));
    }
    Ok(())
}

/// Seal `capture` on the quote's current content with `key`.
pub fn sign(
    quote: &Quote,
    capture: &SignatureCapture,
    key: &SigningKey,
    device_id: &str,
) -> Result<QuoteSignature> {
    check_capture(capture)?;
    let digests = canonical::field_digests(quote);
    let content = canonical::sha256(&canonical::content_bytes(&digests));
    let mut sig = QuoteSignature {
        signer_name: capture.signer_name.trim().to_string(),
        signer_role: capture.signer_role.trim().to_string(),
        signed_at: capture.signed_at,
        place: capture.place,
        consent_text: capture.consent_text.clone(),
        strokes: Strokes(capture.strokes.clone()),
        content_hash: hex::encode(content),
        content_digests: digests
            .iter()
            .map(|(f, d)| (f.to_string(), hex::encode(d)))
            .collect(),
        device_id: device_id.to_string(),
        public_key: public_key_hex(key),
        signature: String::new(),
    };
    let message = canonical::signed_message(&sig)
        .ok_or_else(|| Error::invalid("content hash is not 32 bytes"))?;
    sig.signature = hex::encode(key.sign(&message).to_bytes());
    Ok(sig)
}

fn signature_holds(sig: &QuoteSignature) -> bool {
    let key = hex::decode(&sig.public_key)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let signature = hex::decode(&sig.signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    match (key, signature, canonical::signed_message(sig)) {
        (Some(k), Some(s), Some(m)) => k.verify_strict(&m, &s).is_ok(),
        _ => false,
    }
}

/// The stored per-field digests, in canonical order, if they are exactly the content fields.
fn stored_digests(sig: &QuoteSignature) -> Option<Vec<(&'static str, Digest32)>> {
    if sig.content_digests.len() != CONTENT_FIELDS.len() {
        return None;
    }
    CONTENT_FIELDS
        .iter()
        .map(|&f| {
            let d = hex::decode(sig.content_digests.get(f)?).ok()?;
            Some((f, Digest32::try_from(d).ok()?))
        })
        .collect()
}

/// Check a quote's signature against the public key it names, and its content against what
/// was signed. The server must also check that key is the signing device's registered key:
/// [`verify_with_key`].
pub fn verify(quote: &Quote) -> Verification {
    let Some(sig) = &quote.signature else {
        return Verification::Unsigned;
    };
    if !signature_holds(sig) {
        return Verification::BadSignature;
    }
    let Some(signed) = stored_digests(sig) else {
        return Verification::BadSignature;
    };
    // the digests are trusted only if they make up the signed hash
    if hex::encode(canonical::sha256(&canonical::content_bytes(&signed))) != sig.content_hash {
        return Verification::BadSignature;
    }
    let now = canonical::field_digests(quote);
    let fields: Vec<String> = signed
        .iter()
        .zip(&now)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((f, _), _)| f.to_string())
        .collect();
    if fields.is_empty() {
        Verification::Valid
    } else {
        Verification::Tampered { fields }
    }
}

/// [`verify`], and the signature must be by `expected_public_key_hex` (the key the signing
/// device registered at login).
pub fn verify_with_key(quote: &Quote, expected_public_key_hex: &str) -> Verification {
    match &quote.signature {
        None => Verification::Unsigned,
        Some(sig)
            if !sig
                .public_key
                .eq_ignore_ascii_case(expected_public_key_hex.trim()) =>
        {
            Verification::BadSignature
        }
        Some(_) => verify(quote),
    }
}

#[cfg(test)]
mod worked_example {
    use super::*;
    use crate::env::Env;
    use crate::records::Line;
    use crate::time::Day;

    /// The example of docs/signing.md.
    fn quote() -> Quote {
        let mut q = Quote::new(&Env::system(), "Q-00042", "acc-1", "u-1", "EUR", 30);
        q.customer_name = "Acme GmbH".into();
        q.quote_date = Day::parse("2026-11-22").unwrap();
        q.valid_until = Day::parse("2026-12-22").unwrap();
        q.terms = autosurgeon::Text::with_value("Delivery within two weeks.");
        q.lines.push(Line {
            line_id: "l-1".into(),
            product_id: "p-1".into(),
            description: "Widget".into(),
            qty_milli: 4_000,
            unit_price_minor: 1_250,
            discount_bp: 0,
            tax_bp: 2_000,
            net_minor: 5_000,
            tax_minor: 1_000,
        });
        q.subtotal_minor = 5_000;
        q.tax_minor = 1_000;
        q.total_minor = 6_000;
        q
    }

    /// The figures printed in docs/signing.md: if this fails, the encoding changed and every
    /// signature made so far no longer verifies.
    #[test]
    fn the_documented_example_holds() {
        let q = quote();
        let digests = canonical::field_digests(&q);
        assert_eq!(
            hex::encode(canonical::field_encoding(&q, "number").unwrap()),
            "00000007512d3030303432"
        );
        assert_eq!(
            hex::encode(digests[0].1),
            "3dac08a43656409ab5819ea0b7bf8260576a2640665b51a2b9d4448ec30b0ce8"
        );
        assert_eq!(
            content_hash_hex(&q),
            "b926d6908ff8fbcef422ca12c008bb38258d97d2e266db73dff5d10fea55f978"
        );
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let capture = SignatureCapture {
            signer_name: "Dana Schulz".into(),
            signer_role: "Purchasing".into(),
            consent_text: "I accept this quote.".into(),
            strokes: vec![vec![[10, 10, 0], [20, 15, 16]]],
            place: Some(GeoPoint {
                lat: 52.52,
                lon: 13.405,
            }),
            signed_at: Ts::parse("2026-11-22T14:03:11Z").unwrap(),
        };
        let sig = sign(&q, &capture, &key, "dev-1").unwrap();
        assert_eq!(
            sig.public_key,
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        assert_eq!(
            hex::encode(canonical::strokes_hash(&sig.strokes)),
            "1f3bef4802c5fe7af4a5d432969cc7acd9bfff06945b72d1dedb009ed7414754"
        );
        assert_eq!(
            sig.signature,
            "096959607a7e53d4490d04d822c855b11686f7fb37cb6e5d2b6cda1d572ded0a\
             179e51bec6d763da4a2f4fce46b8b02b14b0b15ce0a84036948d4acf3a2b6b05"
        );
        let mut signed = q.clone();
        signed.signature = Some(sig);
        assert_eq!(verify(&signed), Verification::Valid);
        signed.terms = autosurgeon::Text::with_value("Delivery within three weeks.");
        assert_eq!(
            verify(&signed),
            Verification::Tampered {
                fields: vec!["terms".into()]
            }
        );
    }

    /// The consent sentence is in the customer's language, stored in the signature and part
    /// of the signed message: a word changed after signing breaks the signature.
    #[test]
    fn the_localized_consent_is_sealed_with_the_signature() {
        let mut q = quote();
        q.locale = "th-TH".into();
        q.currency = "THB".into();
        let consent = default_consent(&q, " สมหญิง ใจดี ");
        assert_eq!(
            consent,
            "ข้าพเจ้า สมหญิง ใจดี ยอมรับใบเสนอราคาเลขที่ Q-00042 ฉบับที่ 1 ยอดรวมทั้งสิ้น \
             ฿60.00 รวมภาษีแล้ว พร้อมทั้งเงื่อนไขและข้อตกลงทุกประการ"
        );
        q.locale = "fa-IR".into();
        assert!(default_consent(&q, "مریم احمدی").starts_with("اینجانب مریم احمدی"));
        q.locale = "th-TH".into();
        let key = SigningKey::from_bytes(&[9u8; 32]);
        let capture = SignatureCapture {
            signer_name: "สมหญิง ใจดี".into(),
            signer_role: "ฝ่ายจัดซื้อ".into(),
            consent_text: consent.clone(),
            strokes: vec![vec![[1, 2, 0], [3, 4, 5]]],
            place: None,
            signed_at: Ts::parse("2026-12-07T03:00:00Z").unwrap(),
        };
        let mut signed = q.clone();
        signed.signature = Some(sign(&q, &capture, &key, "dev-th").unwrap());
        assert_eq!(verify(&signed), Verification::Valid);
        assert_eq!(
            signed.signature.as_ref().map(|s| s.consent_text.as_str()),
            Some(consent.as_str())
        );
        let mut altered = signed.clone();
        if let Some(sig) = altered.signature.as_mut() {
            sig.consent_text = consent.replace("ยอมรับ", "ไม่ยอมรับ");
        }
        assert_eq!(verify(&altered), Verification::BadSignature);
    }

    #[test]
    fn captures_are_checked_before_signing() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let ok = SignatureCapture {
            signer_name: "Dana".into(),
            signer_role: String::new(),
            consent_text: "I accept.".into(),
            strokes: vec![vec![[1, 1, 0]]],
            place: None,
            signed_at: Ts::from_millis(0),
        };
        assert!(sign(&quote(), &ok, &key, "d").is_ok());
        for bad in [
            SignatureCapture {
                signer_name: " ".into(),
                ..ok.clone()
            },
            SignatureCapture {
                consent_text: String::new(),
                ..ok.clone()
            },
            SignatureCapture {
                strokes: vec![vec![]],
                ..ok.clone()
            },
            SignatureCapture {
                strokes: vec![vec![[0, 0, 0]; MAX_STROKE_POINTS + 1]],
                ..ok.clone()
            },
        ] {
            assert!(matches!(
                sign(&quote(), &bad, &key, "d"),
                Err(Error::Invalid(_))
            ));
        }
    }
}

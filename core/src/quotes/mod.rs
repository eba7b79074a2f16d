//! Quotes signed on site: the canonical encoding of a revision's
//! commercial content, the device key, sealing and verifying a customer's signature, and the
//! quote as a printable document. Pure functions of their inputs; the `Store` operations that
//! use them are in `ops::quotes`. What is hashed and signed: docs/signing.md; why:
//! docs/adr/0004-quote-signatures.md.

pub mod canonical;
mod document;
mod keys;
mod signing;

pub use document::{Seller, quote_document};
pub use keys::{DEVICE_KEY_META, KeyStore, MetaKeyStore, generate_signing_key, public_key_hex};
pub use signing::{
    MAX_STROKE_POINTS, SignatureCapture, Verification, content_hash_hex, default_consent, sign,
    verify, verify_with_key,
};

//! A presented quote signed on site, its verification, its PDF and its conversion to an order.

use autosurgeon::Text;
use ed25519_dalek::SigningKey;

use super::quotes::transition;
use crate::Store;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

use crate::quotes::{
    KeyStore, SignatureCapture, Verification, default_consent, quote_document, sign, verify,
};
use crate::records::{Account, GeoPoint, Order, OrderStatus, Quote, QuoteStatus, Record};
use crate::rules::RuleViolation;
use crate::store::{Filter, ListQuery};
use crate::time::{Day, Ts};

/// What the signature pad captured at the customer's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignatureInput {
    pub signer_name: String,
    pub signer_role: String,
    /// The sentence shown above the pad; `None`: the default consent for this quote and
    /// signer ([`Store::consent_text`]).
    pub consent_text: Option<String>,
    /// Pen strokes: polylines of `[x, y, t_ms]`.
    pub strokes: Vec<Vec<[i64; 3]>>,
    /// Where the customer signed, if the device knows.
    pub place: Option<GeoPoint>,
    /// `None`: now.
    pub signed_at: Option<Ts>,
}

/// A capture with everything decided (consent, time) is an input with nothing left to fill.
impl From<SignatureCapture> for SignatureInput {
    fn from(c: SignatureCapture) -> Self {
        SignatureInput {
            signer_name: c.signer_name,
            signer_role: c.signer_role,
            consent_text: Some(c.consent_text),
            strokes: c.strokes,
            place: c.place,
            signed_at: Some(c.signed_at),
        }
    }
}

impl Store {
    /// The sentence shown above the signature pad for this signer.
    pub fn consent_text(&mut self, quote_id: &str, signer_name: &str) -> Result<String> {
        Ok(default_consent(&self.get::<Quote>(quote_id)?, signer_name))
    }

    /// The customer signs a presented quote on this device; the signature is sealed with the
    /// device's key from its default key store.
    pub fn sign_quote(&mut self, quote_id: &str, input: SignatureInput) -> Result<Quote> {
        let key = self.device_keys().signing_key()?;
        self.sign_quote_with(quote_id, input, &key)
    }

    /// [`Store::sign_quote`] with a key from another key store (a platform keychain). Refused
    /// when the quote has expired on the rep's calendar at the time of signing.
    pub fn sign_quote_with(
        &mut self,
        quote_id: &str,
        input: SignatureInput,
        key: &SigningKey,
    ) -> Result<Quote> {
        let q = self.get::<Quote>(quote_id)?;
        self.require_latest(&q)?;
        let capture = SignatureCapture {
            consent_text: match input.consent_text {
                Some(c) => c,
                None => default_consent(&q, &input.signer_name),
            },
            signer_name: input.signer_name,
            signer_role: input.signer_role,
            strokes: input.strokes,
            place: input.place,
            signed_at: input.signed_at.unwrap_or_else(|| self.now()),
        };
        let day = Day::at_in(capture.signed_at, &self.identity().zone);
        let device = self.identity().device_id.clone();
        self.update::<Quote>(quote_id, |q| {
            transition(q.status, QuoteStatus::Signed)?;
            if day > q.valid_until {
                return Err(RuleViolation::QuoteExpired {
                    valid_until: q.valid_until.to_string(),
                }
                .into());
            }
            q.signature = Some(sign(q, &capture, key, &device)?);
            q.status = QuoteStatus::Signed;
            Ok(())
        })
    }

    /// Check a quote's signature and content (reading its document, not the index).
    pub fn verify_quote(&mut self, quote_id: &str) -> Result<Verification> {
        Ok(verify(&self.get::<Quote>(quote_id)?))
    }

    /// The PDF of a presented, signed or converted quote in the customer's language, headed by
    /// the company profile (the quote owner's name when none is set), with the account's
    /// address and tax id. The same quote gives the same bytes.
    pub fn quote_pdf(&mut self, quote_id: &str) -> Result<Vec<u8>> {
        let q = self.get::<Quote>(quote_id)?;
        if !matches!(
            q.status,
            QuoteStatus::Presented | QuoteStatus::Signed | QuoteStatus::Converted
        ) {
            return Err(Error::invalid(format!(
                "a quote is printed once presented; this one is {}",
                q.status
            )));
        }
        let account = self.find::<Account>(&q.account_id)?;
        let seller = self.quote_seller(&q.owner_id, &q.locale)?;
        crate::pdf::render(&quote_document(&q, account.as_ref(), &seller))
    }

    /// Turn a signed quote into a submitted order with its lines and prices as signed (not
    /// priced again) and equal totals; the quote becomes converted and names the order. A
    /// retry after an interruption between the two writes finds the order made the first time.
    pub fn convert_quote(&mut self, quote_id: &str) -> Result<(Quote, Order)> {
        let q = self.get::<Quote>(quote_id)?;
        transition(q.status, QuoteStatus::Converted)?;
        self.require_latest(&q)?;
        match verify(&q) {
            Verification::Valid => {}
            v => {
                return Err(RuleViolation::InvalidSignature {
                    detail: format!(
                        "the quote's signature is {}; it cannot be ordered",
                        v.label()
                    ),
                }
                .into());
            }
        }
        let made: Vec<Order> = self.list(
            &ListQuery::default()
                .filter(Filter::eq("from_quote_id", q.id.clone()))
                .limit(1),
        )?;
        let order = match made.into_iter().next() {
            Some(o) => o,
            None => self.order_from(&q)?,
        };
        let q = self.update::<Quote>(quote_id, |q| {
            transition(q.status, QuoteStatus::Converted)?;
            q.status = QuoteStatus::Converted;
            q.order_id = Some(order.id.clone());
            Ok(())
        })?;
        Ok((q, order))
    }

    fn order_from(&mut self, q: &Quote) -> Result<Order> {
        let owner = self.identity().user_id.clone();
        let today = self.local_today();
        let env = self.env().clone();
        let now = env.now();
        let build = |number: String| {
            let mut o = Order::new(&env, number, &q.account_id, &owner, &q.currency);
            o.order_date = today;
            o.lines = q.lines.clone();
            o.discount_bp = q.discount_bp;
            o.from_quote_id = Some(q.id.clone());
            o.status = OrderStatus::Submitted;
            o.submitted_at = Some(now);
            o.notes = Text::with_value(format!(
                "From quote {} revision {}, signed by {}.",
                q.number,
                q.revision,
                q.signature
                    .as_ref()
                    .map(|s| s.signer_name.as_str())
                    .unwrap_or_default()
            ));
            o
        };
        // the order prices the copied lines with the same code: refuse rather than store an
        // order whose totals differ from what the customer signed
        let mut probe = build(String::new());
        probe.normalize();
        if probe.totals() != q.totals() {
            return Err(Error::invalid(
                "the order's totals would differ from the signed quote's",
            ));
        }
        self.create_numbered("", build)
    }
}

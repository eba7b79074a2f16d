//! Quotes, the signature pad's input and its verification.
//! The screens' records and their field-for-field conversion from and to the core's.

use fieldsales_core::ops;
use fieldsales_core::records as core;

use super::*;
use crate::convert::{geo, geo_in};
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QuoteApproval {
    pub approved: bool,
    pub decided_by_name: String,
    pub decided_at_ms: i64,
    pub discount_bp: i64,
}

impl From<core::QuoteApproval> for QuoteApproval {
    fn from(a: core::QuoteApproval) -> Self {
        QuoteApproval {
            approved: a.approved,
            decided_by_name: a.decided_by_name,
            decided_at_ms: a.decided_at.millis(),
            discount_bp: a.discount_bp,
        }
    }
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QuoteSignature {
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at_ms: i64,
    pub place: Option<GeoPoint>,
    pub consent_text: String,
    pub strokes: Vec<Stroke>,
    pub content_hash: String,
    pub device_id: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Quote {
    pub id: String,
    pub number: String,
    pub account_id: String,
    pub owner_id: String,
    /// `draft`, `approval_requested`, `approved`, `approval_rejected`, `presented`, `signed`,
    /// `converted`, `declined`, `expired`.
    pub status: String,
    pub revision: i64,
    pub currency: String,
    pub quote_date: String,
    pub valid_until: String,
    pub lines: Vec<Line>,
    pub discount_bp: i64,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment_terms_days: i64,
    pub terms: String,
    pub customer_name: String,
    pub previous_id: Option<String>,
    pub approval: Option<QuoteApproval>,
    pub signature: Option<QuoteSignature>,
    pub order_id: Option<String>,
}

/// Terms to change on a draft quote; `None` leaves a term as it is.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct QuoteTerms {
    #[uniffi(default = None)]
    pub terms: Option<String>,
    #[uniffi(default = None)]
    pub payment_terms_days: Option<i64>,
    /// `YYYY-MM-DD`.
    #[uniffi(default = None)]
    pub valid_until: Option<String>,
}

/// One pen point on the signature pad: position and milliseconds since the stroke began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct StrokePoint {
    pub x: i64,
    pub y: i64,
    pub t_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Stroke {
    pub points: Vec<StrokePoint>,
}

/// What the signature pad captured.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SignatureInput {
    pub signer_name: String,
    pub signer_role: String,
    /// The consent shown to the signer; `None` uses the standard text (`consent_text`).
    pub consent_text: Option<String>,
    pub strokes: Vec<Stroke>,
    pub place: Option<GeoPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Verification {
    Valid,
    /// The quote changed after it was signed, in these fields.
    Tampered {
        fields: Vec<String>,
    },
    BadSignature,
    Unsigned,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ConvertedQuote {
    pub quote: Quote,
    pub order: Order,
}

impl SignatureInput {
    pub(crate) fn into_core(self) -> Result<ops::SignatureInput> {
        Ok(ops::SignatureInput {
            place: geo_in(self.place)?,
            signer_name: self.signer_name,
            signer_role: self.signer_role,
            consent_text: self.consent_text,
            strokes: self
                .strokes
                .into_iter()
                .map(|st| st.points.into_iter().map(|p| [p.x, p.y, p.t_ms]).collect())
                .collect(),
            signed_at: None,
        })
    }
}

fn strokes(s: &core::Strokes) -> Vec<Stroke> {
    s.0.iter()
        .map(|points| Stroke {
            points: points
                .iter()
                .map(|&[x, y, t_ms]| StrokePoint { x, y, t_ms })
                .collect(),
        })
        .collect()
}

impl From<core::Quote> for Quote {
    fn from(q: core::Quote) -> Self {
        Quote {
            terms: q.terms.as_str().to_string(),
            id: q.id,
            number: q.number,
            account_id: q.account_id,
            owner_id: q.owner_id,
            status: q.status.as_str().to_string(),
            revision: q.revision,
            currency: q.currency,
            quote_date: q.quote_date.to_string(),
            valid_until: q.valid_until.to_string(),
            lines: q.lines.into_iter().map(Into::into).collect(),
            discount_bp: q.discount_bp,
            subtotal_minor: q.subtotal_minor,
            tax_minor: q.tax_minor,
            total_minor: q.total_minor,
            payment_terms_days: q.payment_terms_days,
            customer_name: q.customer_name,
            previous_id: q.previous_id,
            approval: q.approval.map(Into::into),
            signature: q.signature.map(|s| QuoteSignature {
                strokes: strokes(&s.strokes),
                signer_name: s.signer_name,
                signer_role: s.signer_role,
                signed_at_ms: s.signed_at.millis(),
                place: geo(s.place),
                consent_text: s.consent_text,
                content_hash: s.content_hash,
                device_id: s.device_id,
            }),
            order_id: q.order_id,
        }
    }
}

impl From<fieldsales_core::quotes::Verification> for Verification {
    fn from(v: fieldsales_core::quotes::Verification) -> Self {
        use fieldsales_core::quotes::Verification as V;
        match v {
            V::Valid => Verification::Valid,
            V::Tampered { fields } => Verification::Tampered { fields },
            V::BadSignature => Verification::BadSignature,
            V::Unsigned => Verification::Unsigned,
        }
    }
}

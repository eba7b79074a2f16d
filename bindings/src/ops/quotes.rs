//! Quotes: lines, approval, presenting, signing with the customer's strokes, verifying, the
//! PDF, converting to an order.

use fieldsales_core::ops::QuoteTerms as CoreTerms;
use fieldsales_core::records as core;

use crate::FieldSales;
use crate::convert::{all, day};
use crate::error::Result;
use crate::types::*;

#[uniffi::export]
impl FieldSales {
    /// A draft quote for an account, valid for `valid_days` from today.
    pub fn new_quote(&self, account_id: String, valid_days: i64) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| {
            s.new_quote(&account_id, valid_days)
        })
        .map(Into::into)
    }

    pub fn get_quote(&self, id: String) -> Result<Quote> {
        self.with(|s| s.get::<core::Quote>(&id)).map(Into::into)
    }

    /// Quotes, newest first, of one account or all, of one status or all.
    pub fn list_quotes(
        &self,
        account_id: Option<String>,
        status: Option<String>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Quote>> {
        let q = super::sales_query(account_id, status, limit, offset);
        self.with(|s| s.quotes(&q)).map(all)
    }

    /// Every revision of a quote number, oldest first.
    pub fn quote_revisions(&self, number: String) -> Result<Vec<Quote>> {
        self.with(|s| s.quote_revisions(&number)).map(all)
    }

    pub fn add_quote_line(&self, quote_id: String, line: NewLine) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| {
            s.add_quote_line(&quote_id, line.into())
        })
        .map(Into::into)
    }

    /// Change a line's quantity and/or discount; `None` keeps it.
    pub fn change_quote_line(
        &self,
        quote_id: String,
        line_id: String,
        qty_milli: Option<i64>,
        discount_bp: Option<i64>,
    ) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| {
            s.change_quote_line(&quote_id, &line_id, qty_milli, discount_bp)
        })
        .map(Into::into)
    }

    pub fn remove_quote_line(&self, quote_id: String, line_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| {
            s.remove_quote_line(&quote_id, &line_id)
        })
        .map(Into::into)
    }

    /// The discount on the whole quote, in basis points. Over the user's limit the quote
    /// needs a manager's approval before it can be presented.
    pub fn set_quote_discount(&self, quote_id: String, discount_bp: i64) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| {
            s.set_quote_discount(&quote_id, discount_bp)
        })
        .map(Into::into)
    }

    pub fn set_quote_terms(&self, quote_id: String, terms: QuoteTerms) -> Result<Quote> {
        let terms = CoreTerms {
            terms: terms.terms,
            payment_terms_days: terms.payment_terms_days,
            valid_until: terms.valid_until.as_deref().map(day).transpose()?,
        };
        self.write(&[RecordKind::Quote], |s| {
            s.set_quote_terms(&quote_id, terms)
        })
        .map(Into::into)
    }

    pub fn request_quote_approval(&self, quote_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| {
            s.request_quote_approval(&quote_id)
        })
        .map(Into::into)
    }

    /// A manager approves the quote's discount.
    pub fn approve_quote(&self, quote_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| s.approve_quote(&quote_id))
            .map(Into::into)
    }

    /// A manager refuses the quote's discount.
    pub fn reject_quote(&self, quote_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| s.reject_quote(&quote_id))
            .map(Into::into)
    }

    /// Show the quote to the customer: its content is frozen from here.
    pub fn present_quote(&self, quote_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| s.present_quote(&quote_id))
            .map(Into::into)
    }

    /// The sentence shown above the signature pad for this signer.
    pub fn consent_text(&self, quote_id: String, signer_name: String) -> Result<String> {
        self.with(|s| s.consent_text(&quote_id, &signer_name))
    }

    /// The customer signs a presented quote on the pad; the device seals it with its key.
    pub fn sign_quote(&self, quote_id: String, signature: SignatureInput) -> Result<Quote> {
        let input = signature.into_core()?;
        self.write(&[RecordKind::Quote], |s| s.sign_quote(&quote_id, input))
            .map(Into::into)
    }

    /// Whether the signature still matches the quote and its device key.
    pub fn verify_quote(&self, quote_id: String) -> Result<Verification> {
        self.with(|s| s.verify_quote(&quote_id)).map(Into::into)
    }

    /// The quote as a PDF (with the signature when signed).
    pub fn quote_pdf(&self, quote_id: String) -> Result<Vec<u8>> {
        self.with(|s| s.quote_pdf(&quote_id))
    }

    /// Turn a signed quote into a submitted order.
    pub fn convert_quote(&self, quote_id: String) -> Result<ConvertedQuote> {
        let (quote, order) = self.write(&[RecordKind::Quote, RecordKind::Order], |s| {
            s.convert_quote(&quote_id)
        })?;
        Ok(ConvertedQuote {
            quote: quote.into(),
            order: order.into(),
        })
    }

    pub fn decline_quote(&self, quote_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| s.decline_quote(&quote_id))
            .map(Into::into)
    }

    /// A new draft revision of a presented or signed quote (the customer wants changes).
    pub fn revise_quote(&self, quote_id: String) -> Result<Quote> {
        self.write(&[RecordKind::Quote], |s| s.revise_quote(&quote_id))
            .map(Into::into)
    }
}

//! Quotes signed on site: the lifecycle, the discount limit and a manager's approval, the
//! signature and what tampering with a signed revision looks like, expiry, revisions,
//! conversion to an order, the PDF, and documents from before signatures existed. One test
//! binary, a file per area.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod documents;
mod lifecycle;
mod signatures;

use ed25519_dalek::SigningKey;
use fieldsales_core::Env;
use fieldsales_core::error::Error;
use fieldsales_core::ops::NewLine;
use fieldsales_core::ops::{NewAccount, NewProduct};
use fieldsales_core::quotes::{self, SignatureCapture};
use fieldsales_core::records::*;
use fieldsales_core::rules::RuleViolation;
use fieldsales_core::time::Ts;
use fieldsales_core::{InitOptions, Store};

pub(crate) fn store(dir: &tempfile::TempDir, name: &str, role: Role) -> Store {
    Store::init(
        dir.path().join(format!("{name}.db")),
        InitOptions::new(name, role),
    )
    .unwrap()
}

/// A product at 12.50 with 20% tax and a customer.
pub(crate) fn catalogue(s: &mut Store) -> (Product, Account) {
    let p = s
        .create_product(NewProduct::new("S1", "Widget", 1250, "EUR", 2000))
        .unwrap();
    let mut a = NewAccount::named("Acme Trading GmbH");
    a.street = "Hauptstrasse 1".into();
    a.city = "Berlin".into();
    a.postal_code = "10115".into();
    (p, s.create_account(a).unwrap())
}

pub(crate) fn capture_at(signed_at: Ts) -> SignatureCapture {
    SignatureCapture {
        signer_name: "Dana Schulz".into(),
        signer_role: "Purchasing".into(),
        consent_text: "I accept this quote.".into(),
        strokes: vec![
            vec![[10, 10, 0], [20, 15, 16], [30, 12, 33]],
            vec![[12, 30, 400], [40, 31, 420]],
        ],
        place: Some(GeoPoint::new(52.52, 13.405).unwrap()),
        signed_at,
    }
}

pub(crate) fn capture() -> SignatureCapture {
    capture_at(Env::system().now())
}

/// A presented quote for 4 widgets (60.00 with tax).
pub(crate) fn presented(s: &mut Store, p: &Product, a: &Account) -> Quote {
    let q = s.new_quote(&a.id, 30).unwrap();
    s.add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 0))
        .unwrap();
    s.present_quote(&q.id).unwrap()
}

pub(crate) fn signed(s: &mut Store, p: &Product, a: &Account) -> Quote {
    let q = presented(s, p, a);
    s.sign_quote(&q.id, capture().into()).unwrap()
}

pub(crate) fn rule_error(e: Error) -> RuleViolation {
    match e {
        Error::Rule(v) => v,
        other => panic!("expected a rule violation, got {other:?}"),
    }
}

pub(crate) fn test_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

pub(crate) fn decision(approved: bool) -> QuoteApproval {
    QuoteApproval {
        approved,
        decided_by: "m1".into(),
        decided_by_name: "mia".into(),
        decided_at: Env::system().now(),
        discount_bp: 0,
    }
}

pub(crate) fn line() -> Line {
    Line {
        line_id: Env::system().new_id(),
        product_id: "p".into(),
        description: "Widget".into(),
        qty_milli: 4_000,
        unit_price_minor: 1250,
        discount_bp: 0,
        tax_bp: 2000,
        net_minor: 5000,
        tax_minor: 1000,
    }
}

/// `q` moved to `to` with what that status carries (decision, signature, order).
pub(crate) fn moved(q: &Quote, to: QuoteStatus) -> Quote {
    use QuoteStatus::*;
    let mut a = q.clone();
    a.status = to;
    match to {
        Draft | ApprovalRequested => a.approval = None,
        Approved => a.approval = Some(decision(true)),
        ApprovalRejected => a.approval = Some(decision(false)),
        // a refusal is reworked in draft before anything else
        _ if a.approval.as_ref().is_some_and(|d| !d.approved) => a.approval = None,
        _ => {}
    }
    if matches!(to, Signed | Converted) && a.signature.is_none() {
        a.signature = Some(quotes::sign(&a, &capture(), &test_key(), "dev").unwrap());
    }
    if to == Converted {
        a.order_id = Some("o1".into());
    }
    a
}

/// A quote in `status` reached by allowed steps.
pub(crate) fn quote_in(status: QuoteStatus) -> Quote {
    use QuoteStatus::*;
    let mut q = Quote::new(&Env::system(), "Q-1", "a", "u", "EUR", 30);
    q.lines.push(line());
    let path: &[QuoteStatus] = match status {
        Draft => &[],
        ApprovalRequested => &[ApprovalRequested],
        Approved => &[ApprovalRequested, Approved],
        ApprovalRejected => &[ApprovalRequested, ApprovalRejected],
        Presented => &[Presented],
        Signed => &[Presented, Signed],
        Converted => &[Presented, Signed, Converted],
        Declined => &[Declined],
        Expired => &[Expired],
    };
    for &s in path {
        q = moved(&q, s);
    }
    q
}

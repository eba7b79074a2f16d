use super::*;

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn signature() -> DocumentSignature {
    DocumentSignature {
        signer_name: "Erika Mustermann".into(),
        signer_role: "Head of Purchasing".into(),
        signed_at: "22 November 2026 14:03 UTC".into(),
        place: Some("48.13710, 11.57540".into()),
        consent_text: "I accept this quote and its terms.".into(),
        strokes: vec![
            vec![[10, 50, 0], [40, 10, 16], [70, 60, 32], [120, 20, 48]],
            vec![[130, 40, 400], [180, 45, 416]],
        ],
        device_key: "a3f1".repeat(16),
    }
}

fn sample() -> QuoteDocument {
    QuoteDocument {
        locale: "en".into(),
        seller: "Acme Field Sales GmbH".into(),
        seller_lines: vec![
            "Marienplatz 8, 80331 München".into(),
            "Tax ID: DE123456789".into(),
        ],
        seller_logo: None,
        number: "Q-00042".into(),
        revision: 3,
        customer_name: "Bäckerei Müller".into(),
        customer_lines: vec!["Hauptstraße 1".into(), "80331 München".into()],
        customer_tax_id: "DE987654321".into(),
        quote_date: "22 November 2026".into(),
        valid_until: "22 December 2026".into(),
        currency: "EUR".into(),
        lines: vec![DocumentLine {
            description: "Espresso machine service kit".into(),
            qty_milli: 4000,
            unit_price_minor: 1500,
            discount_bp: 0,
            tax_bp: 1900,
            net_minor: 5042,
        }],
        discount_bp: 0,
        subtotal_minor: 5042,
        tax_minor: 958,
        total_minor: 6000,
        payment_terms_days: 30,
        terms: "Delivery within two weeks.\nPrices exclude shipping.".into(),
        content_hash: HASH.into(),
        signature: Some(signature()),
    }
}

/// The PDF of `doc`; rendering never fails on any document.
fn pdf(doc: &QuoteDocument) -> Vec<u8> {
    match render(doc) {
        Ok(b) => b,
        Err(e) => panic!("render failed: {e}"),
    }
}

fn load(bytes: &[u8]) -> lopdf::Document {
    match lopdf::Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => panic!("lopdf cannot parse the output: {e}"),
    }
}

/// Page count (lopdf) and text (poppler's `pdftotext`, an independent reader; `scripts/check`
/// installs poppler-utils, without it these tests fail rather than pass without checking).
fn text_of(bytes: &[u8]) -> (usize, String) {
    let pages = load(bytes).get_pages().len();
    (pages, pdftotext(bytes))
}

pub(super) fn pdftotext(bytes: &[u8]) -> String {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let path = dir.path().join("quote.pdf");
    if let Err(e) = std::fs::write(&path, bytes) {
        panic!("write: {e}");
    }
    let out = match std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("pdftotext could not run ({e}): install poppler-utils"),
    };
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Counts of (move_to, line_to) operators over all pages.
fn path_ops(bytes: &[u8]) -> (usize, usize) {
    let pdf = load(bytes);
    let (mut m, mut l) = (0, 0);
    for id in pdf.get_pages().values() {
        let content = pdf
            .get_and_decode_page_content(*id)
            .unwrap_or_else(|e| panic!("content stream does not decode: {e}"));
        for op in content.operations {
            match op.operator.as_str() {
                "m" => m += 1,
                "l" => l += 1,
                _ => {}
            }
        }
    }
    (m, l)
}

#[test]
fn pdf_render_contains_key_fields() {
    let bytes = pdf(&sample());
    assert!(bytes.starts_with(b"%PDF-"));
    // Helvetica is gone: every face is embedded
    assert!(!String::from_utf8_lossy(&bytes).contains("/Helvetica"));
    let (pages, text) = text_of(&bytes);
    assert_eq!(pages, 1);
    for needle in [
        "60.00",
        "Total EUR 60.00",
        HASH,
        "Content hash (SHA-256): ",
        "Erika Mustermann",
        "Espresso machine service kit",
        "Q-00042",
        "Quote Q-00042 rev 3",
        "Bäckerei Müller",
        "Payment within 30 days",
        "Prices exclude shipping.",
        "19 %",
        "Acme Field Sales GmbH",
        "Tax ID: DE987654321",
        "Signed by: Erika Mustermann, Head of Purchasing",
        "I accept this quote and its terms.",
        "Page 1 of 1",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn pdf_render_is_deterministic() {
    let doc = sample();
    assert_eq!(pdf(&doc), pdf(&doc.clone()));
}

#[test]
fn pdf_many_lines_and_long_terms_flow_onto_pages() {
    let mut doc = sample();
    doc.lines = (0..120)
        .map(|i| DocumentLine {
            description: format!("Article-{i:03} replacement part"),
            qty_milli: 1000 + i,
            unit_price_minor: 999 * i,
            discount_bp: 250,
            tax_bp: 1900,
            net_minor: 990 * i,
        })
        .collect();
    doc.discount_bp = 1250;
    doc.terms = "All deliveries are subject to availability. ".repeat(300);
    let bytes = pdf(&doc);
    let (pages, text) = text_of(&bytes);
    assert!(pages > 1, "expected several pages, got {pages}");
    for i in 0..120 {
        let d = format!("Article-{i:03} replacement part");
        assert!(text.contains(&d), "missing {d}");
    }
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(text.contains("Quote discount 12.5 %"));
    assert!(text.contains(HASH));
    // The table header is repeated on the continuation page.
    assert!(text.matches("Unit price").count() >= 2);
}

#[test]
fn pdf_signature_strokes_become_paths() {
    let signed = sample();
    let mut unsigned = sample();
    unsigned.signature = None;
    let (m_signed, l_signed) = path_ops(&pdf(&signed));
    let (m_unsigned, l_unsigned) = path_ops(&pdf(&unsigned));
    // One move_to per stroke, one line_to per further point (3 + 1), and the pad's frame
    // (one move_to, three line_to and a close).
    assert_eq!(m_signed - m_unsigned, 2 + 1);
    assert_eq!(l_signed - l_unsigned, 4 + 3);

    let (_, text) = text_of(&pdf(&unsigned));
    assert!(text.contains("Total EUR 60.00"));
    assert!(!text.contains("Erika Mustermann"));
}

#[test]
fn pdf_hostile_input_does_not_panic() {
    let mut doc = sample();
    doc.seller = "Ελλάδα 😀 Ἀθῆναι 日本語".into();
    doc.customer_name = "🚀".repeat(500);
    doc.customer_lines = vec![String::new(), "\u{0}\u{1b}\r\n\t".into()];
    doc.number = "x".repeat(2000);
    doc.revision = i64::MIN;
    doc.currency = "€€€".into();
    doc.locale = "not a locale!".into();
    doc.seller_logo = Some(b"\x89PNG\r\n\x1a\nnot really".to_vec());
    doc.seller_lines = vec![
        "\u{202E}".repeat(50),
        "ก\u{0E49}\u{0E49}\u{0E49}".repeat(40),
    ];
    doc.lines = vec![
        DocumentLine {
            description: String::new(),
            qty_milli: i64::MIN,
            unit_price_minor: i64::MAX,
            discount_bp: i64::MIN,
            tax_bp: -1,
            net_minor: i64::MIN,
        },
        DocumentLine {
            description: "Ω".repeat(20_000),
            qty_milli: -1,
            unit_price_minor: 0,
            discount_bp: 0,
            tax_bp: 0,
            net_minor: 0,
        },
    ];
    doc.discount_bp = i64::MAX;
    doc.subtotal_minor = i64::MIN;
    doc.tax_minor = i64::MAX;
    doc.total_minor = i64::MIN;
    doc.payment_terms_days = -7;
    doc.terms = "\n\n\n".into();
    doc.content_hash = "ff".repeat(400);
    let mut sig = signature();
    sig.strokes = vec![
        vec![],
        vec![[5, 5, 0]],
        vec![[i64::MIN, i64::MAX, 0], [i64::MAX, i64::MIN, 1]],
    ];
    sig.device_key = "ключ".repeat(100);
    sig.place = Some(String::new());
    doc.signature = Some(sig);
    let bytes = pdf(&doc);
    let (pages, _) = text_of(&bytes);
    assert!(pages > 1);

    // Degenerate strokes on their own: empty, single points only.
    let mut doc = sample();
    let mut sig = signature();
    sig.strokes = vec![vec![], vec![[3, 3, 0]]];
    doc.signature = Some(sig.clone());
    let (m, l) = path_ops(&pdf(&doc));
    assert!(m >= 1 && l >= 1);
    sig.strokes = vec![];
    doc.signature = Some(sig);
    doc.lines.clear();
    let (_, text) = text_of(&pdf(&doc));
    assert!(text.contains("(no line items)"));
}

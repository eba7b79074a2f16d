use super::*;

const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn signature() -> DocumentSignature {
    DocumentSignature {
        signer_name: "Erika Mustermann".into(),
        signer_role: "Head of Purchasing".into(),
        signed_at: "2026-11-22 14:03:11 UTC".into(),
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
        seller: "Acme Field Sales GmbH".into(),
        number: "Q-00042".into(),
        revision: 3,
        status: "signed".into(),
        customer_name: "Bäckerei Müller".into(),
        customer_lines: vec!["Hauptstraße 1".into(), "80331 München".into()],
        quote_date: "2026-11-22".into(),
        valid_until: "2026-12-22".into(),
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

fn load(bytes: &[u8]) -> lopdf::Document {
    match lopdf::Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => panic!("lopdf cannot parse the output: {e}"),
    }
}

fn text_of(bytes: &[u8]) -> (usize, String) {
    let pdf = load(bytes);
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).unwrap_or_default();
    (pages.len(), text)
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
    let bytes = render(&sample());
    assert!(bytes.starts_with(b"%PDF-"));
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
        "19.00 %",
        "Page 1 of 1",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

#[test]
fn pdf_render_is_deterministic() {
    let doc = sample();
    assert_eq!(render(&doc), render(&doc.clone()));
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
    let bytes = render(&doc);
    let (pages, text) = text_of(&bytes);
    assert!(pages > 1, "expected several pages, got {pages}");
    for i in 0..120 {
        let d = format!("Article-{i:03} replacement part");
        assert!(text.contains(&d), "missing {d}");
    }
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(text.contains("Quote discount 12.50 %"));
    assert!(text.contains(HASH));
    // The table header is repeated on the continuation page.
    assert!(text.matches("Unit price").count() >= 2);
}

#[test]
fn pdf_signature_strokes_become_paths() {
    let signed = sample();
    let mut unsigned = sample();
    unsigned.signature = None;
    let (m_signed, l_signed) = path_ops(&render(&signed));
    let (m_unsigned, l_unsigned) = path_ops(&render(&unsigned));
    // One move_to per stroke, one line_to per further point (3 + 1).
    assert_eq!(m_signed - m_unsigned, 2);
    assert_eq!(l_signed - l_unsigned, 4);

    let (_, text) = text_of(&render(&unsigned));
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
    let bytes = render(&doc);
    let (pages, _) = text_of(&bytes);
    assert!(pages > 1);

    // Degenerate strokes on their own: empty, single points only.
    let mut doc = sample();
    let mut sig = signature();
    sig.strokes = vec![vec![], vec![[3, 3, 0]]];
    doc.signature = Some(sig.clone());
    let (m, l) = path_ops(&render(&doc));
    assert!(m >= 1 && l >= 1);
    sig.strokes = vec![];
    doc.signature = Some(sig);
    doc.lines.clear();
    let (_, text) = text_of(&render(&doc));
    assert!(text.contains("(no line items)"));
}

/// Cross-check with poppler's `pdftotext`, an independent PDF reader (`scripts/check` installs
/// poppler-utils; without it this test fails rather than pass without checking).
#[test]
fn pdf_pdftotext_finds_total_and_hash() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let path = dir.path().join("quote.pdf");
    if let Err(e) = std::fs::write(&path, render(&sample())) {
        panic!("write: {e}");
    }
    let out = match std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("pdftotext could not run ({e}): install poppler-utils"),
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Total EUR 60.00"), "{text}");
    assert!(text.contains(HASH), "{text}");
    assert!(text.contains("Bäckerei Müller"), "{text}");
}

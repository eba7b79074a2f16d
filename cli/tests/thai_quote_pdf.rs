//! The Thai story end to end through the binary: a manager in th-TH selling in baht quotes a
//! Chiang Mai coffee shop, the buyer signs, and the PDF reads back in Thai, exactly, with the
//! labels and the consent sentence in Thai and the dates in the Buddhist Era.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn run(db: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_fieldsales"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run fieldsales");
    assert!(
        o.status.success(),
        "fieldsales {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

fn json(db: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = run(db, &a);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: no JSON ({e}): {out}"))
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}

/// A 1x1 PNG.
const ONE_PIXEL_PNG: [u8; 70] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 96, 248, 95, 15, 0, 2,
    135, 1, 128, 235, 71, 186, 146, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext could not run: install poppler-utils");
    assert!(o.status.success());
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn a_thai_quote_is_signed_and_printed_in_thai() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("somchai.db");
    run(
        &db,
        &[
            "init",
            "--user-name",
            "สมชาย ขายดี",
            "--role",
            "manager",
            "--zone",
            "Asia/Bangkok",
            "--locale",
            "th-TH",
            "--currency",
            "THB",
        ],
    );
    // the company heads the quote: set by the manager's standalone store, logo and all
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, ONE_PIXEL_PNG).unwrap();
    let company = json(
        &db,
        &[
            "company",
            "set",
            "--legal-name",
            "บริษัท ช้างน้ำ จำกัด",
            "--address",
            "99 ถนนสุขุมวิท\\nกรุงเทพมหานคร 10110",
            "--tax-id",
            "0105556012345",
            "--phone",
            "+66 2 123 4567",
            "--logo",
            logo.to_str().unwrap(),
        ],
    );
    assert_eq!(company["address"], "99 ถนนสุขุมวิท\nกรุงเทพมหานคร 10110");
    assert_eq!(company["logo"]["format"], "png");
    let big = dir.path().join("big.png");
    let mut too_large = ONE_PIXEL_PNG.to_vec();
    too_large.resize(300 * 1024, 0);
    std::fs::write(&big, too_large).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_fieldsales"))
        .arg("--db")
        .arg(&db)
        .args(["company", "set", "--legal-name", "X", "--logo"])
        .arg(&big)
        .output()
        .unwrap();
    assert!(!o.status.success(), "a 300 KB logo is refused");
    let shown = json(&db, &["company", "show"]);
    assert_eq!(shown["legal_name"], "บริษัท ช้างน้ำ จำกัด");
    assert_eq!(shown["logo"]["bytes"], ONE_PIXEL_PNG.len());

    let product = "น้ำดื่มตราช้าง 600 มล.";
    let customer = "ร้านกาแฟดอยช้างเชียงใหม่";
    let terms = "ชำระเงินภายใน 30 วัน";
    let (signer, role) = ("สมหญิง ใจดี", "ฝ่ายจัดซื้อ");
    let p = id(&json(
        &db,
        &[
            "product",
            "add",
            "--sku",
            "W600",
            "--name",
            product,
            "--price",
            "7.50",
            "--currency",
            "THB",
            "--tax-bp",
            "700",
        ],
    ));
    let acc = id(&json(
        &db,
        &[
            "account",
            "add",
            "--name",
            customer,
            "--city",
            "เชียงใหม่",
            "--tax-id",
            "0505561001234",
            "--currency",
            "THB",
            "--locale",
            "th-TH",
        ],
    ));
    let q = id(&json(&db, &["quote", "new", "--account", &acc]));
    json(
        &db,
        &["quote", "add-line", &q, "--product", &p, "--qty", "24"],
    );
    json(&db, &["quote", "terms", &q, "--text", terms]);
    json(&db, &["quote", "present", &q]);
    let strokes = dir.path().join("strokes.json");
    std::fs::write(&strokes, "[[[10,10,0],[20,15,16],[30,12,33]]]").unwrap();
    let signed = json(
        &db,
        &[
            "quote",
            "sign",
            &q,
            "--signer",
            signer,
            "--role",
            role,
            "--strokes",
            strokes.to_str().unwrap(),
        ],
    );
    let consent = signed["signature"]["consent_text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        consent.starts_with("ข้าพเจ้า สมหญิง ใจดี ยอมรับใบเสนอราคา"),
        "{consent}"
    );
    assert_eq!(json(&db, &["quote", "verify", &q])["status"], "valid");

    let pdf = dir.path().join("quote.pdf");
    json(&db, &["quote", "pdf", &q, "--out", pdf.to_str().unwrap()]);
    let text = pdftotext(&pdf);
    for needle in [
        product,
        customer,
        terms,
        signer,
        role,
        "ยอดรวมทั้งสิ้น ฿192.60",
        "ลงนามโดย",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // the consent sentence is printed as it was signed (pdftotext may break its lines)
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    assert!(
        flat(&text).contains(&flat(&consent)),
        "consent not printed:\n{text}"
    );
    assert!(!text.contains("??"), "question marks in:\n{text}");
    // a Buddhist Era year (2569 or later) is printed, not the Gregorian one
    assert!(text.contains("256") || text.contains("257"), "{text}");
}

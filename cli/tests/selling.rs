//! Selling in the customer's language and money from the command line: a Thai manager's
//! profile, price lists and special conditions, amounts in each currency's digits, Buddhist
//! Era periods, order discounts a manager approves, and tables that line up in any script.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{Device, id};

fn thai_manager(dir: &std::path::Path) -> Device {
    let d = Device {
        db: dir.join("somchai.db"),
    };
    d.ok(&[
        "init",
        "--user-name",
        "somchai",
        "--role",
        "manager",
        "--zone",
        "Asia/Bangkok",
        "--currency",
        "THB",
        "--locale",
        "th-TH",
    ]);
    d
}

#[test]
fn a_thai_managers_price_list_and_conditions_price_the_quote() {
    let dir = tempfile::tempdir().unwrap();
    let m = thai_manager(dir.path());
    let who = m.json(&["whoami"]);
    assert_eq!(
        (&who["currency"], &who["locale"]),
        (&"THB".into(), &"th-TH".into())
    );
    let p = id(&m.json(&[
        "product",
        "add",
        "--sku",
        "TH1",
        "--name",
        "น้ำดื่มตราช้าง 600 มล.",
        "--price-minor",
        "1250",
        "--currency",
        "THB",
        "--tax-bp",
        "700",
    ]));
    let a = id(&m.json(&["account", "add", "--name", "ร้านกาแฟดอยช้างเชียงใหม่"]));
    let shown = m.json(&["account", "show", &a]);
    assert_eq!(
        (&shown["currency"], &shown["locale"]),
        (&"THB".into(), &"th-TH".into())
    );
    m.json(&[
        "account",
        "edit",
        &a,
        "--discount-bp",
        "250",
        "--payment-days",
        "45",
        "--terms",
        "ชำระเงินภายใน 45 วัน",
        "--credit-limit-minor",
        "5000000",
    ]);
    let err = m.fails(&["account", "edit", &a, "--discount-bp", "10001"]);
    assert!(err.contains("basis points"), "{err}");

    let l = id(&m.json(&[
        "price-list",
        "add",
        "--name",
        "ราคาพิเศษ",
        "--currency",
        "THB",
    ]));
    m.json(&[
        "price-list",
        "set-price",
        &l,
        "--product",
        &p,
        "--price-minor",
        "1000",
    ]);
    m.json(&[
        "price-list",
        "set-price",
        &l,
        "--product",
        &p,
        "--price",
        "๙.๕๐",
        "--min-qty",
        "12",
    ]);
    m.json(&["price-list", "assign", &l, "--account", &a]);
    let shown = m.json(&["price-list", "show", &l]);
    assert_eq!(shown["prices"][0]["breaks"][1]["unit_price_minor"], 950);
    assert_eq!(shown["account_ids"][0], a.as_str());
    assert_eq!(m.json(&["price-list", "list"]).as_array().unwrap().len(), 1);
    let text = m.ok(&["price-list", "show", &l]);
    assert!(
        text.contains("ร้านกาแฟดอยช้างเชียงใหม่"),
        "names, not ids: {text}"
    );
    m.fails(&["price-list", "assign", &l]);
    m.fails(&["price-list", "add", "--name", "x", "--currency", "ABC"]);

    let q = id(&m.json(&["quote", "new", "--account", &a]));
    m.json(&["quote", "add-line", &q, "--product", &p, "--qty", "12"]);
    let q = m.json(&["quote", "show", &q]);
    assert_eq!(q["lines"][0]["unit_price_minor"], 950);
    assert_eq!(q["discount_bp"], 250);
    assert_eq!(q["payment_terms_days"], 45);
    assert_eq!(q["terms"], "ชำระเงินภายใน 45 วัน");
}

#[test]
fn vnd_has_no_decimals_and_reports_keep_currencies_apart() {
    let dir = tempfile::tempdir().unwrap();
    let m = thai_manager(dir.path());
    let v = id(&m.json(&[
        "account",
        "add",
        "--name",
        "Công ty Hoà Bình",
        "--currency",
        "VND",
        "--locale",
        "vi-VN",
    ]));
    let pv = id(&m.json(&[
        "product",
        "add",
        "--sku",
        "VN1",
        "--name",
        "Cà phê sữa",
        "--price-minor",
        "25000",
        "--currency",
        "VND",
        "--tax-bp",
        "1000",
    ]));
    let o = id(&m.json(&["order", "new", "--account", &v]));
    m.json(&["order", "add-line", &o, "--product", &pv, "--qty", "3"]);
    let shown = m.ok(&["order", "show", &o]);
    assert!(shown.contains("total 82500 VND"), "{shown}");
    m.json(&["order", "submit", &o]);
    // the period in the Buddhist Era, as a Thai user writes it
    let today = m.json(&["whoami"]);
    assert_eq!(today["locale"], "th-TH");
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let be = format!(
        "{}{}",
        month[..4].parse::<i32>().unwrap() + 543,
        &month[4..]
    );
    m.json(&[
        "quota", "set", "--user", "somchai", "--period", &be, "--metric", "revenue", "--target",
        "100000",
    ]);
    let quotas = m.json(&["quota", "list", "--period", &be]);
    assert_eq!(quotas[0]["period"], month.as_str(), "stored Gregorian");
    assert_eq!(quotas[0]["currency"], "THB");
    let rows = m.json(&["report", "attainment", "--period", &be]);
    let rows: Vec<(String, i64, i64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["currency"].as_str().unwrap().to_string(),
                r["actual"].as_i64().unwrap(),
                r["target"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("VND".to_string(), 75_000, 0),
            ("THB".to_string(), 0, 100_000)
        ]
    );
    let text = m.ok(&["report", "attainment", "--period", &be]);
    assert!(text.contains(&be), "shown in the Buddhist Era: {text}");
    assert!(
        text.contains("75000 VND") && text.contains("no target"),
        "{text}"
    );
}

#[test]
fn tables_line_up_by_display_width_and_show_names() {
    let dir = tempfile::tempdir().unwrap();
    let m = thai_manager(dir.path());
    for name in [
        "ร้านกาแฟดอยช้างเชียงใหม่",
        "乌龙茶礼盒专卖店",
        "Bäckerei Müller",
    ] {
        m.json(&["account", "add", "--name", name, "--city", "CITY"]);
    }
    let listed = m.ok(&["account", "list"]);
    // the city column starts at the same terminal column on every line: a Thai combining
    // mark takes no column, a Chinese character two
    let city_at: Vec<usize> = listed
        .lines()
        .map(|l| unicode_width::UnicodeWidthStr::width(&l[..l.find("CITY").unwrap()]))
        .collect();
    assert_eq!(city_at.len(), 3, "{listed}");
    assert!(
        city_at.iter().all(|&c| c == city_at[0]),
        "{city_at:?}\n{listed}"
    );
    let a = id(&m.json(&["account", "list"])[0]);
    m.json(&[
        "visit",
        "plan",
        "--account",
        &a,
        "--at",
        "2026-12-07T03:00:00Z",
    ]);
    let visits = m.ok(&["visit", "list"]);
    assert!(
        visits.contains("2026-12-07 10:00"),
        "in Bangkok's time: {visits}"
    );
    assert!(
        !visits.contains(&a),
        "the customer's name, not the id: {visits}"
    );
}

#[test]
fn an_order_over_the_limit_waits_for_a_managers_decision() {
    let dir = tempfile::tempdir().unwrap();
    let m = thai_manager(dir.path());
    let p = id(&m.json(&[
        "product",
        "add",
        "--sku",
        "TH1",
        "--name",
        "ชาเขียว",
        "--price",
        "100",
        "--currency",
        "THB",
        "--tax-bp",
        "700",
    ]));
    let a = id(&m.json(&["account", "add", "--name", "มินิมาร์ทบ้านสวน"]));
    let o = id(&m.json(&["order", "new", "--account", &a]));
    m.json(&[
        "order",
        "add-line",
        &o,
        "--product",
        &p,
        "--qty",
        "2",
        "--discount-bp",
        "2000",
    ]);
    let asked = m.json(&["order", "request-approval", &o]);
    assert_eq!(asked["approval_requested"], true);
    let waiting = m.json(&["order", "awaiting-approval"]);
    assert_eq!(waiting[0]["id"], o.as_str());
    let listed = m.ok(&["order", "awaiting-approval"]);
    assert!(
        listed.contains("มินิมาร์ทบ้านสวน") && listed.contains("approval requested"),
        "{listed}"
    );
    let decided = m.json(&["order", "approve-discount", &o]);
    assert_eq!(decided["approval"]["discount_bp"], 2000);
    assert_eq!(
        m.json(&["order", "awaiting-approval"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(m.json(&["order", "submit", &o])["status"], "submitted");
    m.fails(&["order", "approve-discount", &o]);
}

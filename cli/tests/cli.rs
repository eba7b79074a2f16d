//! The `fieldsales` binary as scripts use it: exact JSON shapes, errors on stderr with a
//! non-zero exit that change nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{Device, id};

#[test]
fn order_show_has_the_documented_shape_and_pricing() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    let p = id(&a.json(&[
        "product",
        "add",
        "--sku",
        "S1",
        "--name",
        "Widget",
        "--price-minor",
        "1250",
        "--currency",
        "EUR",
        "--tax-bp",
        "2000",
    ]));
    let acc = id(&a.json(&[
        "account",
        "add",
        "--name",
        "Acme Trading GmbH",
        "--city",
        "Berlin",
        "--postal-code",
        "10115",
        "--lat",
        "52.53",
        "--lon",
        "13.38",
    ]));
    let o = id(&a.json(&["order", "new", "--account", &acc]));
    a.json(&[
        "order",
        "add-line",
        &o,
        "--product",
        &p,
        "--qty",
        "3",
        "--discount-bp",
        "1000",
    ]);
    a.json(&["order", "add-line", &o, "--product", &p, "--qty", "0.5"]);
    let show = a.json(&["order", "show", &o]);
    for key in [
        "id",
        "number",
        "status",
        "currency",
        "lines",
        "subtotal_minor",
        "tax_minor",
        "total_minor",
    ] {
        assert!(show.get(key).is_some(), "order show lacks {key}: {show}");
    }
    let l0 = &show["lines"][0];
    for key in [
        "product_id",
        "qty",
        "unit_price_minor",
        "discount_bp",
        "tax_bp",
        "net_minor",
        "tax_minor",
    ] {
        assert!(l0.get(key).is_some(), "line lacks {key}");
    }
    assert_eq!(l0["qty"], 3);
    assert_eq!(show["lines"][1]["qty"], 0.5);
    // 3375 + 675, then 0.5 x 12.50 = 6.25 + 1.25
    assert_eq!(show["total_minor"], 4050 + 750);
    assert_eq!(show["status"], "draft");
    a.ok(&["order", "submit", &o]);
    let list = a.json(&["order", "list"]);
    assert_eq!(list[0]["status"], "submitted");
    let accounts = a.json(&["account", "list", "--search", "acme"]);
    assert_eq!(accounts.as_array().unwrap().len(), 1);
    let shown = a.json(&["account", "show", &acc]);
    assert_eq!(shown["billing"]["city"], "Berlin");
    assert_eq!(shown["geo"]["lat"], 52.53);
}

#[test]
fn errors_go_to_stderr_exit_non_zero_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    let p = id(&a.json(&[
        "product",
        "add",
        "--sku",
        "S1",
        "--name",
        "Widget",
        "--price-minor",
        "1250",
        "--currency",
        "EUR",
        "--tax-bp",
        "2000",
    ]));
    let acc = id(&a.json(&["account", "add", "--name", "Acme"]));
    let o = id(&a.json(&["order", "new", "--account", &acc]));
    a.json(&["order", "add-line", &o, "--product", &p, "--qty", "1"]);
    let before = a.ok(&["order", "show", &o, "--json"]);
    assert!(
        a.fails(&["order", "add-line", &o, "--product", "nope", "--qty", "1"])
            .contains("unknown product")
    );
    assert!(
        a.fails(&["order", "add-line", &o, "--product", &p, "--qty", "0"])
            .contains("greater than zero")
    );
    assert!(
        a.fails(&["order", "add-line", &o, "--product", &p, "--qty", "-2"])
            .contains("greater than zero")
    );
    assert!(
        a.fails(&["order", "add-line", &o, "--product", &p, "--qty", "abc"])
            .contains("not a quantity")
    );
    a.fails(&["order", "show", "no-such-order"]);
    a.fails(&[
        "account", "add", "--name", "Geo", "--lat", "95", "--lon", "10",
    ]);
    a.fails(&["account", "add", "--name", "Geo", "--lat", "50"]);
    a.fails(&[
        "product",
        "add",
        "--sku",
        "S1",
        "--name",
        "Again",
        "--price-minor",
        "1",
        "--currency",
        "EUR",
        "--tax-bp",
        "0",
    ]);
    a.fails(&["visit", "plan", "--account", &acc, "--at", "tomorrow"]);
    a.fails(&["import", "/definitely/not/here.am"]);
    assert_eq!(a.ok(&["order", "show", &o, "--json"]), before);
    a.ok(&["order", "submit", &o]);
    assert!(
        a.fails(&["order", "add-line", &o, "--product", &p, "--qty", "1"])
            .contains("submitted")
    );
    a.fails(&["order", "submit", &o]);
    // an uninitialised store and a second init are refused
    let ghost = Device {
        db: dir.path().join("ghost.db"),
    };
    assert!(
        ghost
            .fails(&["account", "list"])
            .contains("not initialised")
    );
    a.fails(&["init", "--user-name", "ana", "--role", "rep"]);
    let accounts = a.json(&["account", "list"]);
    assert_eq!(
        accounts.as_array().unwrap().len(),
        1,
        "failed commands created nothing"
    );
}

#[test]
fn export_import_merges_and_lists_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "anna", "rep");
    let b = Device::new(dir.path(), "ben", "rep");
    let acc = id(&a.json(&["account", "add", "--name", "Acme", "--city", "Berlin"]));
    let file = dir.path().join("acc.am");
    a.ok(&["export", &acc, "--out", file.to_str().unwrap()]);
    let imported = b.json(&["import", file.to_str().unwrap()]);
    assert_eq!(imported["created"], true);
    a.ok(&["account", "edit", &acc, "--phone", "+49 1"]);
    b.ok(&["account", "edit", &acc, "--phone", "+49 2"]);
    a.ok(&["export", &acc, "--out", file.to_str().unwrap()]);
    b.ok(&["import", file.to_str().unwrap()]);
    b.ok(&["export", &acc, "--out", file.to_str().unwrap()]);
    a.ok(&["import", file.to_str().unwrap()]);
    let ca = a.json(&["conflicts"]);
    let cb = b.json(&["conflicts"]);
    assert_eq!(ca.as_array().unwrap().len(), 1);
    assert_eq!(ca[0]["path"], "phone");
    assert_eq!(ca[0]["winner"], cb[0]["winner"]);
    let pa = a.json(&["account", "show", &acc])["phone"].clone();
    assert_eq!(pa, b.json(&["account", "show", &acc])["phone"]);
    a.ok(&["conflicts", "dismiss", &acc, "--path", "phone"]);
    assert_eq!(a.json(&["conflicts"]).as_array().unwrap().len(), 0);
}

#[test]
fn visits_by_local_day_and_the_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    let acc = id(&a.json(&["account", "add", "--name", "Acme"]));
    let v = id(&a.json(&[
        "visit",
        "plan",
        "--account",
        &acc,
        "--at",
        "2026-11-22T09:00:00Z",
    ]));
    a.json(&[
        "visit",
        "plan",
        "--account",
        &acc,
        "--at",
        "2026-11-23T09:00:00Z",
    ]);
    let day = a.json(&["visit", "list", "--date", "2026-11-22"]);
    assert_eq!(day.as_array().unwrap().len(), 1);
    a.ok(&["visit", "check-in", &v, "--lat", "52.5", "--lon", "13.4"]);
    a.ok(&["visit", "check-out", &v, "--outcome", "ordered"]);
    let shown = a.json(&["visit", "show", &v]);
    assert_eq!(shown["status"], "completed");
    assert_eq!(shown["check_in"]["place"]["lat"], 52.5);
    let sched = a.json(&["schedule", "--date", "2026-11-22"]);
    assert_eq!(sched["schedule"]["visit_ids"][0], v.as_str());
    a.fails(&["visit", "check-in", &v]);
    let t = id(&a.json(&[
        "task",
        "add",
        "--title",
        "Send samples",
        "--account",
        &acc,
        "--due",
        "2026-11-25",
    ]));
    assert_eq!(a.json(&["task", "done", &t])["status"], "done");
}

#[test]
fn no_db_is_a_usage_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_fieldsales"))
        .args(["account", "list"])
        .env_remove("FIELDSALES_DB")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--db"));
}

#[test]
fn the_demo_tells_the_whole_story_and_exits_zero() {
    // the demo keeps its files in ./fieldsales-demo: not in the source tree
    let cwd = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_fieldsales"))
        .arg("demo")
        .current_dir(cwd.path())
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for word in [
        "identical",
        "conflict",
        "rejected",
        "forbidden",
        "removed 2",
        "attainment",
        "signed",
        "valid",
    ] {
        assert!(out.contains(word), "the demo never says `{word}`:\n{out}");
    }
    assert!(cwd.path().join("fieldsales-demo/quote.pdf").is_file());
}

#[test]
fn the_demo_keeps_the_signed_quote_in_its_out_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("files");
    std::fs::create_dir(&folder).unwrap();
    let someone_elses = folder.join("notes.txt");
    std::fs::write(&someone_elses, "mine").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_fieldsales"))
        .args(["demo", "--out"])
        .arg(&folder)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = folder.join("quote.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let printed = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("PDF written to "))
        .and_then(|rest| rest.rsplit_once(" (").map(|(path, _)| path))
        .unwrap_or_else(|| panic!("the demo never says where the PDF is:\n{out}"));
    assert_eq!(
        Path::new(printed).canonicalize().unwrap(),
        pdf.canonicalize().unwrap()
    );
    let last = out.lines().rev().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        last.contains(folder.to_str().unwrap()) && last.contains("quote.pdf"),
        "the last lines do not say where the files are:\n{last}"
    );
    assert_eq!(std::fs::read_to_string(&someone_elses).unwrap(), "mine");
}

#[test]
fn a_visit_photo_must_be_a_readable_image() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    let acc = id(&a.json(&["account", "add", "--name", "Acme"]));
    let v = id(&a.json(&[
        "visit",
        "plan",
        "--account",
        &acc,
        "--at",
        "2026-11-22T09:00:00Z",
    ]));
    let missing = dir.path().join("no-such-photo.jpg");
    let o = a.run(&["visit", "photo", &v, "--file", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("cannot read photo {}", missing.display())),
        "{err}"
    );
    assert!(err.contains("No such file or directory"), "{err}");

    let text = dir.path().join("notes.jpg");
    std::fs::write(&text, "not a picture at all\n").unwrap();
    let o = a.run(&["visit", "photo", &v, "--file", text.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is not an image (JPEG, PNG, WebP or HEIC)"),
        "{err}"
    );
    assert_eq!(
        a.json(&["visit", "show", &v])["photos"],
        serde_json::json!([])
    );

    let png = dir.path().join("shelf.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let shown = a.json(&["visit", "photo", &v, "--file", png.to_str().unwrap()]);
    assert_eq!(shown["photos"].as_array().unwrap().len(), 1);
}

fn exit_code(o: &Output) -> Option<i32> {
    assert!(
        o.stdout.is_empty(),
        "a failing command prints nothing on stdout"
    );
    o.status.code()
}

#[test]
fn exit_codes_tell_scripts_what_went_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");

    // 2: the command or its input must change
    assert_eq!(
        exit_code(&a.run(&["account", "list", "--no-such-flag"])),
        Some(2)
    );
    assert_eq!(
        exit_code(&a.run(&[
            "account", "add", "--name", "Geo", "--lat", "95", "--lon", "10"
        ])),
        Some(2)
    );
    assert_eq!(
        exit_code(&a.run(&["init", "--user-name", "ana", "--role", "rep"])),
        Some(2),
        "already initialised"
    );
    let ghost = Device {
        db: dir.path().join("ghost.db"),
    };
    assert_eq!(
        exit_code(&ghost.run(&["account", "list"])),
        Some(2),
        "not initialised"
    );

    // 3: not found
    assert_eq!(
        exit_code(&a.run(&["order", "show", "no-such-order"])),
        Some(3)
    );

    // 4: refused by a rule
    let acc = id(&a.json(&["account", "add", "--name", "Acme"]));
    let o = id(&a.json(&["order", "new", "--account", &acc]));
    let p = id(&a.json(&[
        "product",
        "add",
        "--sku",
        "S1",
        "--name",
        "Widget",
        "--price-minor",
        "1250",
        "--currency",
        "EUR",
        "--tax-bp",
        "2000",
    ]));
    a.json(&["order", "add-line", &o, "--product", &p, "--qty", "1"]);
    a.ok(&["order", "submit", &o]);
    assert_eq!(
        exit_code(&a.run(&["order", "add-line", &o, "--product", &p, "--qty", "1"])),
        Some(4)
    );

    // 5: storage: a store file that is not a database (moved aside, never deleted)
    let broken = Device {
        db: dir.path().join("broken.db"),
    };
    std::fs::write(&broken.db, vec![b'x'; 8192]).unwrap();
    let o = broken.run(&["account", "list"]);
    assert_eq!(
        exit_code(&o),
        Some(5),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // 6: the network: nothing listens on a port just closed
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let server = format!("http://127.0.0.1:{port}");
    let phone = Device {
        db: dir.path().join("phone.db"),
    };
    let o = phone.run(&[
        "login",
        "--server",
        &server,
        "--user",
        "ana",
        "--password",
        "pw",
    ]);
    assert_eq!(
        exit_code(&o),
        Some(6),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn write_strokes(dir: &Path) -> String {
    let f = dir.join("strokes.json");
    std::fs::write(
        &f,
        "[[[10,10,0],[20,15,16],[30,12,33]],[[12,30,400],[40,31,420]]]",
    )
    .unwrap();
    f.to_str().unwrap().to_string()
}

#[test]
fn a_quote_is_presented_signed_verified_printed_and_converted() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    let p = id(&a.json(&[
        "product",
        "add",
        "--sku",
        "S1",
        "--name",
        "Widget",
        "--price-minor",
        "1250",
        "--currency",
        "EUR",
        "--tax-bp",
        "2000",
    ]));
    let acc = id(&a.json(&["account", "add", "--name", "Acme", "--city", "Berlin"]));
    let q = id(&a.json(&["quote", "new", "--account", &acc]));
    let shown = a.json(&["quote", "add-line", &q, "--product", &p, "--qty", "4"]);
    assert_eq!(shown["lines"][0]["qty"], 4);
    assert_eq!(shown["total_minor"], 6000);
    assert_eq!(shown["customer_name"], "Acme");
    a.ok(&["quote", "present", &q]);
    let strokes = write_strokes(dir.path());

    // a strokes file that is not strokes changes nothing
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"x\": 1}").unwrap();
    let err = a.fails(&[
        "quote",
        "sign",
        &q,
        "--signer",
        "Dana",
        "--strokes",
        bad.to_str().unwrap(),
    ]);
    assert!(err.contains("strokes"), "{err}");
    assert_eq!(a.json(&["quote", "show", &q])["status"], "presented");

    let signed = a.json(&[
        "quote",
        "sign",
        &q,
        "--signer",
        "Dana Schulz",
        "--role",
        "Purchasing",
        "--strokes",
        &strokes,
        "--lat",
        "52.52",
        "--lon",
        "13.405",
    ]);
    assert_eq!(signed["status"], "signed");
    let sig = &signed["signature"];
    assert_eq!(sig["signer_name"], "Dana Schulz");
    assert_eq!(sig["strokes"][1][1], serde_json::json!([40, 31, 420]));
    assert!(sig["consent_text"].as_str().unwrap().contains("EUR 60.00"));
    assert_eq!(sig["content_hash"].as_str().unwrap().len(), 64);
    let v = a.json(&["quote", "verify", &q]);
    assert_eq!(v["status"], "valid");
    assert_eq!(v["content_hash"], sig["content_hash"]);

    let err = a.fails(&["quote", "add-line", &q, "--product", &p, "--qty", "1"]);
    assert!(err.contains("signed"), "{err}");
    let o = a.run(&["quote", "add-line", &q, "--product", &p, "--qty", "1"]);
    assert_eq!(o.status.code(), Some(4), "refused by a rule");

    let (f1, f2) = (dir.path().join("q1.pdf"), dir.path().join("q2.pdf"));
    let out = a.json(&["quote", "pdf", &q, "--out", f1.to_str().unwrap()]);
    a.ok(&["quote", "pdf", &q, "--out", f2.to_str().unwrap()]);
    let (b1, b2) = (std::fs::read(&f1).unwrap(), std::fs::read(&f2).unwrap());
    assert!(b1.starts_with(b"%PDF-"));
    assert_eq!(b1, b2, "the same quote gives the same PDF");
    assert_eq!(out["bytes"], b1.len());

    let conv = a.json(&["quote", "convert", &q]);
    let order = conv["order_id"].as_str().unwrap();
    let o = a.json(&["order", "show", order]);
    assert_eq!(o["total_minor"], 6000);
    assert_eq!(o["from_quote_id"], q.as_str());
    assert_eq!(o["status"], "submitted");
    let shown = a.json(&["quote", "show", &q]);
    assert_eq!(shown["status"], "converted");
    assert_eq!(shown["order_id"], order);
    a.fails(&["quote", "convert", &q]);
}

#[test]
fn over_the_limit_needs_approval_and_tampering_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    let p = id(&a.json(&[
        "product",
        "add",
        "--sku",
        "S1",
        "--name",
        "Widget",
        "--price-minor",
        "1250",
        "--currency",
        "EUR",
        "--tax-bp",
        "2000",
    ]));
    let acc = id(&a.json(&["account", "add", "--name", "Acme"]));
    let q = id(&a.json(&["quote", "new", "--account", &acc, "--valid-days", "14"]));
    a.json(&["quote", "add-line", &q, "--product", &p, "--qty", "2.5"]);
    a.json(&["quote", "discount", &q, "--bp", "1500"]);
    let err = a.fails(&["quote", "present", &q]);
    assert!(err.contains("manager"), "{err}");
    assert_eq!(
        a.json(&["quote", "request-approval", &q])["status"],
        "approval_requested"
    );
    let approved = a.json(&["quote", "approve", &q]);
    assert_eq!(approved["approval"]["discount_bp"], 1500);
    a.ok(&["quote", "present", &q]);
    let strokes = write_strokes(dir.path());
    a.json(&[
        "quote",
        "sign",
        &q,
        "--signer",
        "Dana",
        "--strokes",
        &strokes,
    ]);

    // someone edits the signed document behind the app's back
    let file = dir.path().join("q.am");
    a.ok(&["export", &q, "--out", file.to_str().unwrap()]);
    let mut d = automerge::AutoCommit::load(&std::fs::read(&file).unwrap()).unwrap();
    automerge::transaction::Transactable::put(
        &mut d,
        automerge::ROOT,
        "payment_terms_days",
        120_i64,
    )
    .unwrap();
    d.commit();
    std::fs::write(&file, d.save()).unwrap();
    a.ok(&["import", file.to_str().unwrap()]);
    let v = a.json(&["quote", "verify", &q]);
    assert_eq!(v["status"], "tampered");
    assert_eq!(v["fields"], serde_json::json!(["payment_terms_days"]));
    a.fails(&["quote", "convert", &q]);

    let rev = a.json(&["quote", "revise", &q]);
    assert_eq!(rev["revision"], 2);
    assert_eq!(rev["previous_id"], q.as_str());
    assert_eq!(rev["status"], "draft");
    let rev_id = id(&rev);
    assert_eq!(a.json(&["quote", "decline", &rev_id])["status"], "declined");
    assert_eq!(a.json(&["quote", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn territories_are_assigned_and_unassigned_by_user_name() {
    let dir = tempfile::tempdir().unwrap();
    let mia = Device::new(dir.path(), "mia", "manager");
    let t = id(&mia.json(&["territory", "add", "--name", "North"]));
    let u = mia.json(&["territory", "assign", &t, "--user", "mia"]);
    assert_eq!(u["territory_ids"], serde_json::json!([t]));
    let u = mia.json(&["territory", "unassign", &t, "--user", "mia"]);
    assert_eq!(u["territory_ids"], serde_json::json!([]));
    // twice changes nothing; an unknown territory or user is not found (exit 3)
    let u = mia.json(&["territory", "unassign", &t, "--user", "mia"]);
    assert_eq!(u["territory_ids"], serde_json::json!([]));
    let o = mia.run(&[
        "territory",
        "unassign",
        "no-such-territory",
        "--user",
        "mia",
    ]);
    assert_eq!(exit_code(&o), Some(3));
    let o = mia.run(&["territory", "unassign", &t, "--user", "nobody"]);
    assert_eq!(exit_code(&o), Some(3));
}

/// A Thai rep's notes and a German quote's terms: a second Thai note used to panic (exit 101)
/// and any non-ASCII terms were refused with "index N is out of bounds".
#[test]
fn thai_notes_and_non_ascii_terms_are_kept_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "somchai", "rep");
    let acc = id(&a.json(&["account", "add", "--name", "ร้านกาแฟดอยช้าง"]));
    a.ok(&["account", "edit", &acc, "--note", "ลูกค้าสั่งกาแฟทุกเดือน"]);
    a.ok(&["account", "edit", &acc, "--note", "โทรก่อนไปเยี่ยม"]);
    let shown = a.json(&["account", "show", &acc]);
    assert_eq!(shown["notes"], "ลูกค้าสั่งกาแฟทุกเดือน\nโทรก่อนไปเยี่ยม");
    let q = id(&a.json(&["quote", "new", "--account", &acc]));
    for t in ["Grüße", "ชำระเงินภายใน 30 วัน"] {
        let shown = a.json(&["quote", "terms", &q, "--text", t]);
        assert_eq!(shown["terms"], t);
    }
}

/// Prices are read and shown with the currency's own decimals: 25,000 đồng is `25000`, not
/// `250.00`, and a fraction of a đồng is refused.
#[test]
fn prices_use_their_currencys_decimals() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "root", "admin");
    let add = |sku: &str, name: &str, price: &str, currency: &str| {
        a.run(&[
            "product",
            "add",
            "--sku",
            sku,
            "--name",
            name,
            "--price",
            price,
            "--currency",
            currency,
            "--tax-bp",
            "0",
        ])
    };
    let pho = add("PHO", "Phở bò", "25000", "VND");
    assert!(
        pho.status.success(),
        "{}",
        String::from_utf8_lossy(&pho.stderr)
    );
    assert!(add("KWD-1", "Dates", "1.250", "KWD").status.success());
    assert_eq!(
        exit_code(&add("PHO-2", "Phở gà", "25000.5", "VND")),
        Some(2)
    );
    // a Thai keyboard's digits: ๑๒.๕๐ is 12.50
    assert!(add("CHA", "ชาไทย", "๑๒.๕๐", "THB").status.success());
    let listed = a.ok(&["product", "list"]);
    assert!(listed.contains("12.50 THB"), "{listed}");
    assert!(listed.contains("25000 VND"), "{listed}");
    assert!(listed.contains("1.250 KWD"), "{listed}");
    let json = a.json(&["product", "list"]);
    let prices: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["base_price_minor"].as_i64().unwrap())
        .collect();
    assert!(
        prices.contains(&25_000) && prices.contains(&1_250),
        "{prices:?}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    for i in 0..3 {
        a.ok(&["account", "add", "--name", &format!("Shop {i}")]);
    }
    for json in [true, false] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_fieldsales"));
        cmd.arg("--db").arg(&a.db).args(["account", "list"]);
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // the reader goes away before the first line: every write meets a closed pipe
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!stderr.contains("panicked"), "json={json}: {stderr}");
        assert!(
            stderr.is_empty(),
            "json={json}: nothing on stderr: {stderr}"
        );
        assert_eq!(o.status.code(), Some(0), "json={json}");
    }
}

#[cfg(unix)]
#[test]
fn exported_documents_and_the_store_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "anna", "rep");
    let acc = id(&a.json(&["account", "add", "--name", "Acme", "--city", "Berlin"]));
    let file = dir.path().join("acc.am");
    a.ok(&["export", &acc, "--out", file.to_str().unwrap()]);
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&a.db), 0o600);
}

#[test]
fn logout_refuses_unsynced_work_unless_forced_and_deletes_the_store() {
    use fieldsales_core::records::Role;
    let dir = tempfile::tempdir().unwrap();
    let api = std::sync::Arc::new(fieldsales_server::Api::open(&dir.path().join("srv")).unwrap());
    let north = api.service.create_territory("north", None).unwrap().id;
    api.service
        .create_user(
            "ana",
            "pw-ana-long",
            Role::Rep,
            std::slice::from_ref(&north),
        )
        .unwrap();
    let server = fieldsales_server::http::Background::start(api.clone()).unwrap();
    let a = Device {
        db: dir.path().join("ana.db"),
    };
    a.ok(&[
        "login",
        "--server",
        &server.url,
        "--user",
        "ana",
        "--password",
        "pw-ana-long",
    ]);
    a.ok(&["account", "add", "--name", "Shop", "--territory", &north]);
    let err = a.fails(&["logout"]);
    assert!(err.contains("1 document(s)"), "{err}");
    assert_eq!(exit_code(&a.run(&["logout"])), Some(4));
    assert!(a.db.exists(), "a refused logout keeps the store");
    let report = a.json(&["logout", "--force"]);
    assert_eq!(report["server_revoked"], true);
    assert_eq!(report["discarded_documents"], 1);
    assert!(!a.db.exists());
}

#[test]
fn a_key_file_encrypts_the_store_and_whoami_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "ana", "rep");
    a.ok(&["account", "add", "--name", "Quokka Plain Trading"]);
    let who = a.json(&["whoami"]);
    assert_eq!(who["encrypted"], false);
    assert!(a.ok(&["whoami"]).contains("not encrypted"));
    let key = dir.path().join("ana.key");
    std::fs::write(&key, format!("{}\n", "ab".repeat(32))).unwrap();
    let k = key.to_str().unwrap();
    // the plain store is encrypted in place on first use with the key
    let who = a.json(&["--key-file", k, "whoami"]);
    assert_eq!(who["encrypted"], true);
    assert_eq!(who["user_name"], "ana");
    let raw = std::fs::read(&a.db).unwrap();
    assert!(!raw.windows(7).any(|w| w == b"Quokka "));
    let list = a.json(&["--key-file", k, "account", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    // the environment variable names it too
    let o = Command::new(env!("CARGO_BIN_EXE_fieldsales"))
        .arg("--db")
        .arg(&a.db)
        .args(["whoami", "--json"])
        .env("FIELDSALES_KEY_FILE", &key)
        .output()
        .unwrap();
    assert!(o.status.success());
    // without it, or with a wrong or malformed key: exit 2, nothing changed, nothing moved
    assert_eq!(exit_code(&a.run(&["whoami"])), Some(2));
    let wrong = dir.path().join("wrong.key");
    std::fs::write(&wrong, "cd".repeat(32)).unwrap();
    assert_eq!(
        exit_code(&a.run(&["--key-file", wrong.to_str().unwrap(), "whoami"])),
        Some(2)
    );
    std::fs::write(&wrong, "abc").unwrap();
    let err = a.fails(&["--key-file", wrong.to_str().unwrap(), "whoami"]);
    assert!(err.contains("64 hex"), "{err}");
    assert_eq!(std::fs::read(&a.db).unwrap(), raw);
    let moved: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("corrupt"))
        .collect();
    assert!(moved.is_empty(), "nothing moved aside: {moved:?}");
    assert_eq!(
        a.json(&["--key-file", k, "account", "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Search finds a word inside a Thai or Chinese name, where nothing separates the words.
#[test]
fn search_finds_words_inside_thai_and_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let a = Device::new(dir.path(), "somchai", "rep");
    let wanted = id(&a.json(&["account", "add", "--name", "ร้านกาแฟดอยช้างเชียงใหม่"]));
    // "ช้าง" alone, and "ดอย" alone, are not "ดอยช้าง"
    a.ok(&["account", "add", "--name", "บริษัท ช้างทอง จำกัด"]);
    a.ok(&["account", "add", "--name", "ร้านดอยคำ"]);
    let found = a.json(&["account", "list", "--search", "ดอยช้าง"]);
    let ids: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [wanted.as_str()]);
    assert_eq!(found[0]["name"], "ร้านกาแฟดอยช้างเชียงใหม่");
    a.ok(&[
        "product",
        "add",
        "--sku",
        "TEA-1",
        "--name",
        "乌龙茶礼盒",
        "--price",
        "88.00",
        "--currency",
        "CNY",
        "--tax-bp",
        "1300",
    ]);
    let hits = a.json(&["search", "茶"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["kind"], "product");
    assert_eq!(hits[0]["text"], "TEA-1 乌龙茶礼盒");
}

//! Selling in the customer's money and on their conditions: price lists made by a manager,
//! an account's special conditions and locale, applied to new quotes and orders; bad input
//! refused with nothing changed; a rep bound to a server may read them, not change them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::ops::{
    AccountEdit, NewAccount, NewLine, NewPriceList, NewProduct, PriceListTarget,
};
use fieldsales_core::records::*;
use fieldsales_core::rules::RuleViolation;
use fieldsales_core::time::Day;
use fieldsales_core::{Error, InitOptions, Store};

fn thai_manager(dir: &tempfile::TempDir) -> Store {
    let mut o = InitOptions::new("somchai", Role::Manager);
    o.zone = "Asia/Bangkok".into();
    o.currency = "THB".into();
    o.locale = "th-TH".into();
    Store::init(dir.path().join("m.db"), o).unwrap()
}

fn water(s: &mut Store) -> Product {
    s.create_product(NewProduct::new(
        "TH1",
        "น้ำดื่มตราช้าง 600 มล.",
        1_250,
        "THB",
        700,
    ))
    .unwrap()
}

#[test]
fn accounts_take_the_users_currency_and_locale_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = thai_manager(&dir);
    let a = s
        .create_account(NewAccount::named("ร้านกาแฟดอยช้างเชียงใหม่"))
        .unwrap();
    assert_eq!((a.currency.as_str(), a.locale.as_str()), ("THB", "th-TH"));
    let mut vn = NewAccount::named("Công ty Hoà Bình");
    vn.currency = Some("VND".into());
    vn.locale = Some("vi-vn".into());
    let v = s.create_account(vn).unwrap();
    assert_eq!((v.currency.as_str(), v.locale.as_str()), ("VND", "vi-VN"));
    for bad in ["", "th TH", "ไทย"] {
        let mut n = NewAccount::named("x");
        n.locale = Some(bad.into());
        assert!(
            matches!(s.create_account(n), Err(Error::Invalid(_))),
            "{bad:?}"
        );
    }
    let e = s
        .edit_account(
            &a.id,
            AccountEdit {
                locale: Some("fa-IR".into()),
                discount_bp: Some(10_001),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    assert_eq!(
        s.get::<Account>(&a.id).unwrap().locale,
        "th-TH",
        "a refused edit changes nothing"
    );
}

#[test]
fn special_conditions_and_a_price_list_price_new_quotes_and_orders() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = thai_manager(&dir);
    let p = water(&mut s);
    let a = s
        .create_account(NewAccount::named("ร้านกาแฟดอยช้างเชียงใหม่"))
        .unwrap();
    let mut segment = NewAccount::named("มินิมาร์ทบ้านสวน");
    segment.segment = "B".into();
    let b = s.create_account(segment).unwrap();
    let other = s.create_account(NewAccount::named("ร้านอื่น")).unwrap();

    let l = s
        .create_price_list(NewPriceList {
            name: "ราคาพิเศษ".into(),
            currency: "thb".into(),
            valid_from: Some(Day::parse("2020-01-01").unwrap()),
            valid_to: None,
        })
        .unwrap();
    assert_eq!(l.currency, "THB");
    s.set_list_price(&l.id, &p.id, 1_000, 0).unwrap();
    s.set_list_price(&l.id, &p.id, 900, 12_000).unwrap();
    // the same break again replaces its price
    let l2 = s.set_list_price(&l.id, &p.id, 950, 12_000).unwrap();
    assert_eq!(
        l2.prices[0]
            .breaks
            .iter()
            .map(|b| (b.min_qty_milli, b.unit_price_minor))
            .collect::<Vec<_>>(),
        [(0, 1_000), (12_000, 950)]
    );
    s.assign_price_list(&l.id, PriceListTarget::Account(a.id.clone()))
        .unwrap();
    s.assign_price_list(&l.id, PriceListTarget::Segment("B".into()))
        .unwrap();
    // assigning twice changes nothing
    let again = s
        .assign_price_list(&l.id, PriceListTarget::Account(a.id.clone()))
        .unwrap();
    assert_eq!(again.account_ids, vec![a.id.clone()]);
    assert_eq!(s.all_price_lists().unwrap().len(), 1);

    s.edit_account(
        &a.id,
        AccountEdit {
            discount_bp: Some(250),
            payment_terms_days: Some(45),
            terms: Some("ชำระเงินภายใน 45 วัน".into()),
            credit_limit_minor: Some(5_000_000),
            ..Default::default()
        },
    )
    .unwrap();

    let q = s.new_quote(&a.id, 30).unwrap();
    assert_eq!(q.discount_bp, 250);
    assert_eq!(q.payment_terms_days, 45);
    assert_eq!(q.terms.as_str(), "ชำระเงินภายใน 45 วัน");
    assert_eq!(q.locale, "th-TH");
    let q = s
        .add_quote_line(&q.id, NewLine::new(&p.id, 4_000, 0))
        .unwrap();
    assert_eq!(q.lines[0].unit_price_minor, 1_000, "the list's price");
    let q = s
        .add_quote_line(&q.id, NewLine::new(&p.id, 12_000, 0))
        .unwrap();
    assert_eq!(q.lines[1].unit_price_minor, 950, "the quantity break");

    let o = s
        .new_order_with_lines(&b.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    assert_eq!(o.lines[0].unit_price_minor, 1_000, "the segment's list");
    assert_eq!(o.discount_bp, 0);
    let o = s
        .new_order_with_lines(&a.id, &[NewLine::new(&p.id, 2_000, 0)])
        .unwrap();
    assert_eq!(o.discount_bp, 250, "the account's discount");
    // 2 x 10.00 less 2.5 %
    assert_eq!(o.subtotal_minor, 1_950);
    let o = s
        .new_order_with_lines(&other.id, &[NewLine::new(&p.id, 1_000, 0)])
        .unwrap();
    assert_eq!(o.lines[0].unit_price_minor, 1_250, "no list: the catalogue");
}

#[test]
fn bad_price_list_input_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = thai_manager(&dir);
    let p = water(&mut s);
    let vnd = s
        .create_product(NewProduct::new("VN1", "Cà phê sữa", 25_000, "VND", 1_000))
        .unwrap();
    let new = |name: &str, currency: &str, from: Option<&str>, to: Option<&str>| NewPriceList {
        name: name.into(),
        currency: currency.into(),
        valid_from: from.map(|d| Day::parse(d).unwrap()),
        valid_to: to.map(|d| Day::parse(d).unwrap()),
    };
    for bad in [
        new(" ", "THB", None, None),
        new("x", "XXX", None, None),
        new("x", "THB", Some("2026-12-31"), Some("2026-01-01")),
    ] {
        assert!(
            matches!(s.create_price_list(bad.clone()), Err(Error::Invalid(_))),
            "{bad:?}"
        );
    }
    assert!(s.all_price_lists().unwrap().is_empty());
    let l = s
        .create_price_list(new("ราคาส่ง", "THB", None, None))
        .unwrap();
    assert!(s.set_list_price(&l.id, &p.id, -1, 0).is_err());
    assert!(s.set_list_price(&l.id, &p.id, 100, -5).is_err());
    assert!(s.set_list_price(&l.id, "no-such-product", 100, 0).is_err());
    let e = s.set_list_price(&l.id, &vnd.id, 100, 0).unwrap_err();
    assert!(e.to_string().contains("one currency"), "{e}");
    assert!(
        s.assign_price_list(&l.id, PriceListTarget::Account("nobody".into()))
            .is_err()
    );
    assert!(
        s.assign_price_list(&l.id, PriceListTarget::Segment(" ".into()))
            .is_err()
    );
    assert_eq!(s.price_list(&l.id).unwrap(), l, "nothing changed");
}

#[test]
fn a_rep_reads_price_lists_and_conditions_and_changes_neither() {
    let dir = tempfile::tempdir().unwrap();
    let mut rep = Store::init(dir.path().join("r.db"), InitOptions::new("ana", Role::Rep)).unwrap();
    rep.bind_server("http://127.0.0.1:9").unwrap();
    let e = rep
        .create_price_list(NewPriceList {
            name: "mine".into(),
            currency: "EUR".into(),
            valid_from: None,
            valid_to: None,
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::Rule(RuleViolation::Forbidden { .. })),
        "{e}"
    );
    let a = rep
        .create_account(NewAccount::named("Quán Phở Hà Nội"))
        .unwrap();
    for edit in [
        AccountEdit {
            discount_bp: Some(500),
            ..Default::default()
        },
        AccountEdit {
            credit_limit_minor: Some(1),
            ..Default::default()
        },
        AccountEdit {
            terms: Some("miễn phí vận chuyển".into()),
            ..Default::default()
        },
        AccountEdit {
            payment_terms_days: Some(90),
            ..Default::default()
        },
    ] {
        let e = rep.edit_account(&a.id, edit).unwrap_err();
        assert!(
            matches!(e, Error::Rule(RuleViolation::Forbidden { .. })),
            "{e}"
        );
    }
    // the rep still edits what is theirs to edit
    rep.edit_account(
        &a.id,
        AccountEdit {
            phone: Some("+84 24 3826 0000".into()),
            locale: Some("vi".into()),
            ..Default::default()
        },
    )
    .unwrap();
}

#[test]
fn reports_keep_each_currency_in_its_own_rows() {
    use fieldsales_core::reports::{self, KpiGroup};
    let dir = tempfile::tempdir().unwrap();
    let mut s = thai_manager(&dir);
    let p = water(&mut s);
    let pho = s
        .create_product(NewProduct::new("VN1", "Phở bò", 50_000, "VND", 0))
        .unwrap();
    let th = s
        .create_account(NewAccount::named("ร้านกาแฟดอยช้างเชียงใหม่"))
        .unwrap();
    let mut vn = NewAccount::named("Quán Phở Hà Nội");
    vn.currency = Some("VND".into());
    let vn = s.create_account(vn).unwrap();
    for (account, product, qty) in [(&th.id, &p.id, 8_000), (&vn.id, &pho.id, 3_000)] {
        let o = s
            .new_order_with_lines(account, &[NewLine::new(product, qty, 0)])
            .unwrap();
        s.submit_order(&o.id).unwrap();
    }
    let month = s.today().to_string()[..7].to_string();
    let me = s.identity().user_name.clone();
    // a Thai manager gives the period in the Buddhist Era
    let be = format!(
        "{}{}",
        month[..4].parse::<i32>().unwrap() + 543,
        &month[4..]
    );
    let label = reports::period_label(&be, "th-TH").unwrap();
    assert_eq!(label, month);
    let q = s
        .set_quota(Some(&me), None, &label, QuotaMetric::Revenue, 20_000)
        .unwrap();
    assert_eq!(q.currency, "THB", "the user's currency by default");
    s.set_quota(Some(&me), None, &label, QuotaMetric::Orders, 4)
        .unwrap();
    assert!(
        s.set_quota_in(Some(&me), None, &label, QuotaMetric::Revenue, 1, "XXX")
            .is_err()
    );

    let rows = reports::attainment(&s, &label).unwrap();
    let revenue: Vec<_> = rows
        .iter()
        .filter(|r| r.metric == QuotaMetric::Revenue)
        .map(|r| (r.currency.as_deref().unwrap(), r.actual, r.target))
        .collect();
    // 8 x 12.50 THB = 100.00 against 200.00; 3 x 50,000 VND in a row of its own
    assert_eq!(revenue, [("VND", 150_000, 0), ("THB", 10_000, 20_000)]);
    let orders = rows
        .iter()
        .find(|r| r.metric == QuotaMetric::Orders)
        .unwrap();
    assert_eq!(
        (orders.actual, orders.currency.as_deref()),
        (2, None),
        "counted in any currency"
    );

    let kpis = reports::kpis(&s, &label, KpiGroup::Rep).unwrap();
    let by_currency: Vec<_> = kpis
        .iter()
        .map(|k| (k.currency.as_str(), k.revenue_minor, k.orders, k.quota_pct))
        .collect();
    assert_eq!(
        by_currency,
        [("THB", 10_000, 1, Some(50.0)), ("VND", 150_000, 1, None)]
    );

    let abc = reports::abc(&s, s.today()).unwrap();
    let classes: Vec<_> = abc
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.currency.as_str(),
                r.class.as_str(),
                r.share_bp,
            )
        })
        .collect();
    assert_eq!(
        classes,
        [
            ("ร้านกาแฟดอยช้างเชียงใหม่", "THB", "A", 10_000),
            ("Quán Phở Hà Nội", "VND", "A", 10_000)
        ]
    );
}

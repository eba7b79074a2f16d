"""Selling in the customer's money and language: the user's profile, accounts' locale and
special conditions, price lists, and an order discount a manager approves over a server."""

import pytest

import fieldsales_ffi as fs
from support import line, login, new_account, run


def thai_manager(tmp_path) -> fs.FieldSales:
    s = fs.FieldSales.create(str(tmp_path / "somchai.db"), "somchai", fs.Role.MANAGER, "Asia/Bangkok")
    me = s.set_profile(None, "THB", "th-TH")
    assert (me.zone, me.currency, me.locale) == ("Asia/Bangkok", "THB", "th-TH")
    return s


def water(s: fs.FieldSales) -> fs.Product:
    return s.create_product(fs.NewProduct(sku="TH1", name="น้ำดื่มตราช้าง 600 มล.",
                                          base_price_minor=1_250, currency="THB", tax_bp=700))


def test_a_bad_profile_is_refused_and_changes_nothing(tmp_path):
    s = thai_manager(tmp_path)
    for zone, currency, locale in [("Mars/Base", None, None), (None, "XAU", None), (None, None, "th TH")]:
        with pytest.raises(fs.FieldSalesError.Invalid):
            s.set_profile(zone, currency, locale)
    me = s.identity()
    assert (me.zone, me.currency, me.locale) == ("Asia/Bangkok", "THB", "th-TH")


def test_accounts_take_the_users_money_and_language_and_carry_special_conditions(tmp_path):
    s = thai_manager(tmp_path)
    a = s.create_account(new_account("ร้านกาแฟดอยช้างเชียงใหม่"))
    assert (a.currency, a.locale, a.discount_bp, a.terms) == ("THB", "th-TH", 0, "")
    vn = new_account("Công ty Hoà Bình")
    vn.currency, vn.locale, vn.tax_id = "VND", "vi-VN", "0101234567"
    v = s.create_account(vn)
    assert (v.currency, v.locale, v.tax_id) == ("VND", "vi-VN", "0101234567")
    a = s.edit_account(a.id, fs.AccountEdit(discount_bp=250, payment_terms_days=45,
                                            terms="ชำระเงินภายใน 45 วัน", credit_limit_minor=5_000_000))
    assert (a.discount_bp, a.payment_terms_days, a.credit_limit_minor) == (250, 45, 5_000_000)
    assert a.terms == "ชำระเงินภายใน 45 วัน"
    with pytest.raises(fs.FieldSalesError.Invalid):
        s.edit_account(a.id, fs.AccountEdit(discount_bp=20_000))
    assert s.get_account(a.id).discount_bp == 250
    q = s.new_quote(a.id, 30)
    assert (q.discount_bp, q.payment_terms_days, q.terms) == (250, 45, "ชำระเงินภายใน 45 วัน")


def test_a_price_list_prices_the_customers_lines(tmp_path):
    s = thai_manager(tmp_path)
    p = water(s)
    a = s.create_account(new_account("ร้านกาแฟดอยช้างเชียงใหม่"))
    lst = s.create_price_list(fs.NewPriceList(name="ราคาพิเศษ", currency="THB"))
    assert (lst.name, lst.currency, lst.valid_from, lst.valid_to) == ("ราคาพิเศษ", "THB", None, None)
    s.set_list_price(lst.id, p.id, 1_000, 0)
    lst = s.set_list_price(lst.id, p.id, 900, 12_000)
    assert [(b.min_qty_milli, b.unit_price_minor) for b in lst.prices[0].breaks] == [(0, 1_000), (12_000, 900)]
    lst = s.assign_price_list_to_account(lst.id, a.id)
    assert lst.account_ids == [a.id]
    assert s.assign_price_list_to_segment(lst.id, "B").segments == ["B"]
    assert s.list_price_lists() == [s.get_price_list(lst.id)]
    order = s.new_order(a.id, [line(p.id, 4_000), line(p.id, 12_000)])
    assert [l.unit_price_minor for l in order.lines] == [1_000, 900]
    with pytest.raises(fs.FieldSalesError.Invalid):
        s.create_price_list(fs.NewPriceList(name="x", currency="THB", valid_from="2026-12-31",
                                            valid_to="2026-01-01"))
    with pytest.raises(fs.FieldSalesError.NotFound):
        s.set_list_price(lst.id, "no-such-product", 100, 0)
    assert len(s.list_price_lists()) == 1


def test_an_order_over_the_reps_limit_is_submitted_on_a_managers_approval(tmp_path, servers, unique):
    srv = servers.start({"root": "admin", "mia": "manager", "ana": "rep"})
    servers.cli("user", "edit", "--data", str(srv.data), "--name", "ana", "--zone", "Asia/Ho_Chi_Minh",
                "--currency", "VND", "--locale", "vi-VN")
    admin = login(tmp_path, srv, "root")
    pho = admin.create_product(fs.NewProduct(sku=f"PHO-{unique}", name="Phở bò", base_price_minor=50_000,
                                             currency="VND", tax_bp=800))
    run(admin.sync())
    ana = login(tmp_path, srv, "ana")
    me = ana.identity()
    assert (me.zone, me.currency, me.locale) == ("Asia/Ho_Chi_Minh", "VND", "vi-VN")
    run(ana.sync())
    shop = ana.create_account(new_account(f"Quán Phở {unique}", territory_id=srv.territory_id))
    assert (shop.currency, shop.locale) == ("VND", "vi-VN")
    order = ana.new_order(shop.id, [line(pho.id, 10_000, discount_bp=2_000)])
    with pytest.raises(fs.FieldSalesError.Conflict, match="manager"):
        ana.submit_order(order.id)
    assert ana.request_order_approval(order.id).approval_requested
    run(ana.sync())

    mia = login(tmp_path, srv, "mia")
    run(mia.sync())
    assert [o.id for o in mia.orders_awaiting_approval()] == [order.id]
    decided = mia.approve_order_discount(order.id)
    assert (decided.approval.approved, decided.approval.discount_bp) == (True, 2_000)
    assert decided.approval.decided_by_name == "mia"
    run(mia.sync())

    run(ana.sync())
    sent = ana.submit_order(order.id)
    assert sent.status == "submitted"
    report = run(ana.sync())
    assert report.rejected == []


def test_a_refused_discount_a_buddhist_era_period_and_a_quota_in_its_currency(tmp_path):
    s = thai_manager(tmp_path)
    p = water(s)
    a = s.create_account(new_account("มินิมาร์ทบ้านสวน"))
    order = s.new_order(a.id, [line(p.id, 2_000, discount_bp=3_000)])
    s.request_order_approval(order.id)
    refused = s.reject_order_discount(order.id)
    assert (refused.approval.approved, refused.approval_requested) == (False, False)
    assert s.orders_awaiting_approval() == []
    # asked again after a refusal: the refusal is withdrawn
    assert s.request_order_approval(order.id).approval is None

    assert s.period_label("2569-12") == "2026-12"
    assert s.period_label("๒๕๖๙-Q4") == "2026-Q4"
    with pytest.raises(fs.FieldSalesError.Invalid):
        s.period_label("2569-13")
    me = s.identity().user_name
    q = s.set_quota_in(me, None, s.period_label("2569-12"), fs.QuotaMetric.REVENUE, 500_000, "VND")
    assert (q.period, q.currency, q.target) == ("2026-12", "VND", 500_000)
    with pytest.raises(fs.FieldSalesError.Invalid):
        s.set_quota_in(me, None, "2026-12", fs.QuotaMetric.REVENUE, 1, "XYZ")

"""Accounts, contacts, search, products and stock through the bindings."""

import pytest

import fieldsales_ffi as fs
from support import (Shop, account_edit, contact_edit, gadget, line, new_account, query,
                     widget)


def test_an_account_round_trips_every_field(store):
    new = new_account("Acme", city="Potsdam", geo=fs.GeoPoint(lat=52.4, lon=13.06),
                      visit_frequency_days=21)
    made = store.create_account(new)
    assert isinstance(made, fs.Account)
    assert (made.name, made.legal_name, made.phone, made.email) == (
        new.name, new.legal_name, new.phone, new.email)
    assert (made.street, made.city, made.postal_code, made.country) == (
        new.street, new.city, new.postal_code, new.country)
    assert made.geo == fs.GeoPoint(lat=52.4, lon=13.06)
    assert (made.segment, made.visit_frequency_days, made.territory_id) == ("retail", 21, None)
    assert made.currency == "EUR" and made.created_at_ms > 0 and made.id
    assert store.get_account(made.id) == made


def test_accounts_list_by_name_with_filters_and_pages(store):
    for name, city in [("Cafe Blau", "Berlin"), ("Apotheke Nord", "Potsdam"), ("Baeckerei", "Berlin")]:
        store.create_account(new_account(name, city=city))
    names = lambda q: [a.name for a in store.list_accounts(q)]
    assert names(query()) == ["Apotheke Nord", "Baeckerei", "Cafe Blau"]
    assert names(query(city="Berlin")) == ["Baeckerei", "Cafe Blau"]
    assert names(query(search="apoth")) == ["Apotheke Nord"]
    assert names(query(limit=1, offset=1)) == ["Baeckerei"]
    assert names(query(territory_id="no-such-territory")) == []


def test_edit_account_changes_only_what_it_names(store):
    acc = store.create_account(new_account("Acme"))
    edited = store.edit_account(acc.id, account_edit(phone="+49 30 999", city="Hamburg",
                                                     note="ring twice", visit_frequency_days=7))
    assert (edited.phone, edited.city, edited.notes, edited.visit_frequency_days) == (
        "+49 30 999", "Hamburg", "ring twice", 7)
    assert (edited.name, edited.email, edited.street) == (acc.name, acc.email, acc.street)
    assert store.get_account(acc.id) == edited


def test_notes_in_thai_persian_chinese_and_vietnamese_append_exactly_in_nfc(store):
    acc = store.create_account(new_account("ร้านกาแฟดอยช้าง"))
    notes = ["ลูกค้าสั่งกาแฟทุกเดือน", "می\u200cخواهم \u200fفروشگاه", "茶叶 👩\u200d👩\u200d👧",
             "Nguye\u0302\u0303n Pho\u031b\u0309"]
    for n in notes:
        edited = store.edit_account(acc.id, account_edit(note=n))
    expected = "\n".join(notes[:3] + ["Nguyễn Phở"])
    assert edited.notes == expected
    assert store.get_account(acc.id).notes == expected


def test_edit_account_refuses_bad_input_and_changes_nothing(store):
    acc = store.create_account(new_account("Acme"))
    with pytest.raises(fs.FieldSalesError.Invalid, match="name"):
        store.edit_account(acc.id, account_edit(name="  "))
    with pytest.raises(fs.FieldSalesError.Invalid, match="negative"):
        store.edit_account(acc.id, account_edit(visit_frequency_days=-1))
    with pytest.raises(fs.FieldSalesError.NotFound) as e:
        store.edit_account(acc.id, account_edit(price_list_id="no-such-list", phone="0"))
    assert (e.value.kind, e.value.id) == ("price_list", "no-such-list")
    assert store.get_account(acc.id) == acc


def test_a_missing_record_is_not_found_with_its_kind_and_id(store):
    with pytest.raises(fs.FieldSalesError.NotFound) as e:
        store.get_account("no-such-account")
    assert (e.value.kind, e.value.id) == ("account", "no-such-account")
    assert isinstance(e.value, fs.FieldSalesError)
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.account_detail("no-such-account", 10)
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.contacts_of("no-such-account")
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.edit_contact("no-such-contact", contact_edit(name="x"))


def test_move_account_needs_a_known_territory(store):
    acc = store.create_account(new_account("Acme"))
    assert store.territories() == []  # a standalone store has none
    with pytest.raises(fs.FieldSalesError.NotFound) as e:
        store.move_account(acc.id, "no-such-territory")
    assert e.value.kind == "territory"
    assert store.get_account(acc.id).territory_id is None


def test_contacts_belong_to_their_account(store):
    acc = store.create_account(new_account("Acme"))
    other = store.create_account(new_account("Other"))
    eva = store.create_contact(fs.NewContact(account_id=acc.id, name="Eva Wolf", title="Buyer",
                                             phone="+49 1", email="eva@acme.example"))
    assert isinstance(eva, fs.Contact)
    assert (eva.account_id, eva.name, eva.title, eva.phone, eva.email) == (
        acc.id, "Eva Wolf", "Buyer", "+49 1", "eva@acme.example")
    assert store.contacts_of(acc.id) == [eva]
    assert store.contacts_of(other.id) == []

    promoted = store.edit_contact(eva.id, contact_edit(title="Head of Purchasing"))
    assert (promoted.title, promoted.name, promoted.email) == ("Head of Purchasing", eva.name, eva.email)
    assert store.contacts_of(acc.id) == [promoted]
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.edit_contact(eva.id, contact_edit(name=""))


def test_account_detail_gathers_what_happened_there(store):
    shop = Shop(store)
    acc = shop.account
    contact = store.create_contact(fs.NewContact(account_id=acc.id, name="Eva", title="",
                                                 phone="", email=""))
    order = store.new_order(acc.id, [line(shop.widget.id, 1000)])
    quote = store.new_quote(acc.id, 30)
    task = store.create_task("Send samples", acc.id, None)
    visit = store.plan_visit(acc.id, 1_900_000_000_000, 30)
    store.create_account(new_account("Elsewhere"))

    detail = store.account_detail(acc.id, 10)
    assert isinstance(detail, fs.AccountDetail)
    assert detail.account == acc
    assert detail.contacts == [contact]
    assert [o.id for o in detail.orders] == [order.id]
    assert [q.id for q in detail.quotes] == [quote.id]
    assert [t.id for t in detail.tasks] == [task.id]
    assert [v.id for v in detail.visits] == [visit.id]


def test_search_finds_accounts_contacts_and_products_by_prefix(store):
    acc = store.create_account(new_account("Wolkenbank"))
    contact = store.create_contact(fs.NewContact(account_id=acc.id, name="Wolfgang Berg",
                                                 title="", phone="", email=""))
    product = store.create_product(widget("WOL-1"))
    store.create_account(new_account("Unrelated"))
    hits = store.search("wol", 10)
    assert all(isinstance(h, fs.SearchHit) for h in hits)
    assert {(h.kind, h.id) for h in hits} == {
        (fs.RecordKind.ACCOUNT, acc.id), (fs.RecordKind.CONTACT, contact.id),
        (fs.RecordKind.PRODUCT, product.id)}
    assert store.search("wolfg berg", 10) == [h for h in hits if h.kind == fs.RecordKind.CONTACT]
    assert store.search("zzzz", 10) == []


def test_products_round_trip_and_list_by_name(store):
    w = store.create_product(widget())
    g = store.create_product(gadget())
    assert isinstance(w, fs.Product)
    assert (w.sku, w.name, w.base_price_minor, w.tax_bp, w.currency, w.active) == (
        "W-1", "Widget", 1250, 1900, "EUR", True)
    assert store.list_products(None, 10, 0) == [g, w]  # by name
    assert store.list_products("widg", 10, 0) == [w]
    assert store.list_products(None, 1, 1) == [w]
    assert store.product_by_sku("G-1") == g
    assert store.product_by_sku("NOPE") is None


def test_create_product_refuses_bad_input(store):
    store.create_product(widget())
    bad = [
        fs.NewProduct(sku="", name="x", base_price_minor=1, currency="EUR", tax_bp=0),
        fs.NewProduct(sku="N-1", name="x", base_price_minor=-1, currency="EUR", tax_bp=0),
        fs.NewProduct(sku="N-2", name="x", base_price_minor=1, currency="EURO", tax_bp=0),
        widget(),  # the SKU exists
    ]
    for product in bad:
        with pytest.raises(fs.FieldSalesError.Invalid):
            store.create_product(product)
    assert len(store.list_products(None, 10, 0)) == 1


def test_stock_per_warehouse(store):
    w = store.create_product(widget())
    main = store.set_stock(w.id, "main", 12_500)
    assert isinstance(main, fs.Stock)
    assert (main.product_id, main.warehouse, main.on_hand_milli) == (w.id, "main", 12_500)
    assert main.as_of_ms > 0
    van = store.set_stock(w.id, "van", 3_000)
    main2 = store.set_stock(w.id, "main", 11_000)
    by_warehouse = {s.warehouse: s.on_hand_milli for s in store.stock_of(w.id)}
    assert by_warehouse == {"main": 11_000, "van": 3_000}
    assert main2.id == main.id and van.id != main.id

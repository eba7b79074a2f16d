"""Orders: lines priced from known products, totals in minor units, the submitted-order rule."""

import pytest

import fieldsales_ffi as fs
from support import GADGET_PRICE, GADGET_TAX_BP, WIDGET_PRICE, WIDGET_TAX_BP, Shop, line


def test_an_order_totals_its_lines(store):
    shop = Shop(store)
    order = store.new_order(shop.account.id, [
        line(shop.widget.id, 2_000),               # 2 x 12.50          = 25.00 net, 19 % tax
        line(shop.gadget.id, 5_000, discount_bp=1_000),  # 5 x 8.00 - 10 % = 36.00 net, 7 % tax
    ])
    assert isinstance(order, fs.Order)
    assert (order.status, order.currency, order.account_id) == ("draft", "EUR", shop.account.id)
    assert order.owner_id == store.identity().user_id
    assert order.order_date == store.today()
    w, g = order.lines
    assert isinstance(w, fs.Line)
    assert (w.product_id, w.description, w.qty_milli, w.unit_price_minor, w.tax_bp) == (
        shop.widget.id, "Widget", 2_000, WIDGET_PRICE, WIDGET_TAX_BP)
    assert (w.net_minor, w.tax_minor) == (2_500, 475)
    assert (g.unit_price_minor, g.discount_bp, g.tax_bp) == (GADGET_PRICE, 1_000, GADGET_TAX_BP)
    assert (g.net_minor, g.tax_minor) == (3_600, 252)
    assert (order.subtotal_minor, order.tax_minor, order.total_minor) == (6_100, 727, 6_827)
    assert store.get_order(order.id) == order


def test_a_line_is_priced_before_it_is_added_and_nothing_is_written(store):
    shop = Shop(store)
    preview = store.price_line(shop.account.id, line(shop.gadget.id, 5_000, discount_bp=1_000))
    assert isinstance(preview, fs.Line)
    assert (preview.unit_price_minor, preview.net_minor, preview.tax_minor) == (
        GADGET_PRICE, 3_600, 252)
    assert store.list_orders(None, None, 10, 0) == []
    order = store.new_order(shop.account.id, [line(shop.gadget.id, 5_000, discount_bp=1_000)])
    assert (order.lines[0].net_minor, order.lines[0].tax_minor) == (
        preview.net_minor, preview.tax_minor)
    with pytest.raises(fs.FieldSalesError.Invalid, match="quantity"):
        store.price_line(shop.account.id, line(shop.gadget.id, -1))
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.price_line("no-such-account", line(shop.gadget.id, 1_000))


def test_lines_change_and_the_totals_follow(store):
    shop = Shop(store)
    order = store.new_order(shop.account.id, [line(shop.widget.id, 1_000)])
    order = store.add_order_line(order.id, line(shop.gadget.id, 1_000))
    assert order.total_minor == (1_250 + 238) + (800 + 56)
    widget_line, gadget_line = order.lines

    order = store.change_order_line(order.id, widget_line.line_id, 4_000, None)
    assert order.lines[0].qty_milli == 4_000 and order.lines[0].net_minor == 5_000
    order = store.change_order_line(order.id, widget_line.line_id, None, 1_000)
    assert (order.lines[0].qty_milli, order.lines[0].discount_bp, order.lines[0].net_minor) == (
        4_000, 1_000, 4_500)

    order = store.remove_order_line(order.id, gadget_line.line_id)
    assert [l.line_id for l in order.lines] == [widget_line.line_id]
    assert (order.subtotal_minor, order.tax_minor, order.total_minor) == (4_500, 855, 5_355)
    assert store.get_order(order.id) == order


def test_bad_lines_are_invalid(store):
    shop = Shop(store)
    with pytest.raises(fs.FieldSalesError.Invalid, match="unknown product"):
        store.new_order(shop.account.id, [line("no-such-product", 1_000)])
    with pytest.raises(fs.FieldSalesError.Invalid, match="quantity"):
        store.new_order(shop.account.id, [line(shop.widget.id, 0)])
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.new_order("no-such-account", [line(shop.widget.id, 1_000)])
    assert store.list_orders(None, None, 10, 0) == []


def test_a_submitted_order_is_frozen(store):
    shop = Shop(store)
    order = store.new_order(shop.account.id, [line(shop.widget.id, 1_000)])
    submitted = store.submit_order(order.id)
    assert submitted.status == "submitted" and submitted.submitted_at_ms is not None
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.add_order_line(order.id, line(shop.gadget.id, 1_000))
    assert e.value.code == "not_editable"
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.change_order_line(order.id, order.lines[0].line_id, 9_000, None)
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.remove_order_line(order.id, order.lines[0].line_id)
    assert store.get_order(order.id) == submitted

    cancelled = store.cancel_order(order.id)
    assert cancelled.status == "cancelled"
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.submit_order(order.id)
    assert e.value.code == "invalid_transition"


def test_orders_list_newest_first_by_account_and_status(store):
    shop = Shop(store)
    other = store.create_account(fs.NewAccount(
        name="Other", legal_name="", phone="", email="", street="", city="", postal_code="",
        country="DE", geo=None, segment="", territory_id=None, visit_frequency_days=0))
    first = store.new_order(shop.account.id, [line(shop.widget.id, 1_000)])
    second = store.new_order(shop.account.id, [line(shop.gadget.id, 1_000)])
    elsewhere = store.new_order(other.id, [line(shop.gadget.id, 1_000)])
    store.submit_order(second.id)

    ids = lambda orders: [o.id for o in orders]
    assert ids(store.list_orders(None, None, 10, 0)) == [elsewhere.id, second.id, first.id]
    assert ids(store.list_orders(shop.account.id, None, 10, 0)) == [second.id, first.id]
    assert ids(store.list_orders(shop.account.id, "draft", 10, 0)) == [first.id]
    assert ids(store.list_orders(None, "submitted", 10, 0)) == [second.id]
    assert ids(store.list_orders(None, None, 1, 1)) == [second.id]
    with pytest.raises(fs.FieldSalesError.Invalid, match="OrderStatus"):
        store.list_orders(None, "shipped", 10, 0)

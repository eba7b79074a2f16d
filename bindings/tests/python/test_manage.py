"""Quotas, attainment and KPIs, a manager's planning, territories, and the (local) lists of
what sync refused or merged."""

import pytest

import fieldsales_ffi as fs
from support import Shop, line


def test_quotas_and_attainment_count_submitted_orders(store):
    shop = Shop(store)
    period = store.today()[:7]
    revenue = store.set_quota("ana", None, period, fs.QuotaMetric.REVENUE, 10_000)
    assert isinstance(revenue, fs.Quota)
    assert (revenue.user_id, revenue.territory_id, revenue.period, revenue.metric,
            revenue.target) == (store.identity().user_id, None, period, fs.QuotaMetric.REVENUE,
                                10_000)
    orders = store.set_quota("ana", None, period, fs.QuotaMetric.ORDERS, 4)
    assert {q.id for q in store.quotas(period)} == {revenue.id, orders.id}
    assert store.quotas("1999-01") == []

    order = store.new_order(shop.account.id, [line(shop.widget.id, 2_000),
                                              line(shop.gadget.id, 5_000, 1_000)])
    store.submit_order(order.id)
    store.new_order(shop.account.id, [line(shop.widget.id, 1_000)])  # a draft does not count

    got = {a.metric: a for a in store.attainment(period)}
    assert all(isinstance(a, fs.Attainment) for a in got.values())
    assert (got[fs.QuotaMetric.REVENUE].actual, got[fs.QuotaMetric.REVENUE].target) == (6_100, 10_000)
    assert got[fs.QuotaMetric.REVENUE].pct == pytest.approx(61.0)
    assert (got[fs.QuotaMetric.ORDERS].actual, got[fs.QuotaMetric.ORDERS].pct) == (1, 25.0)
    assert got[fs.QuotaMetric.ORDERS].user == "ana"

    replaced = store.set_quota("ana", None, period, fs.QuotaMetric.ORDERS, 2)
    assert replaced.target == 2
    assert {q.metric: q.target for q in store.quotas(period)}[fs.QuotaMetric.ORDERS] == 2


def test_quota_input_is_checked(store):
    period = store.today()[:7]
    with pytest.raises(fs.FieldSalesError.Invalid, match="period"):
        store.set_quota("ana", None, "2026-13", fs.QuotaMetric.VISITS, 10)
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.set_quota(None, None, period, fs.QuotaMetric.NEW_ACCOUNTS, 10)
    with pytest.raises(fs.FieldSalesError.Invalid, match="period"):
        store.quotas("November")
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.attainment("November")
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.kpis("November", fs.KpiGroup.REP)
    assert store.quotas(period) == []


def test_kpis_per_rep(store):
    shop = Shop(store)
    order = store.new_order(shop.account.id, [line(shop.widget.id, 2_000)])
    store.submit_order(order.id)
    period = store.today()[:7]
    kpis = store.kpis(period, fs.KpiGroup.REP)
    assert len(kpis) == 1 and isinstance(kpis[0], fs.Kpi)
    me = kpis[0]
    assert (me.id, me.name) == (store.identity().user_id, "ana")
    assert (me.revenue_minor, me.orders, me.avg_order_minor, me.new_accounts) == (2_500, 1, 2_500, 1)
    assert store.kpis(period, fs.KpiGroup.TERRITORY) == []  # a standalone store has none
    assert store.territories() == []


def test_territories_are_given_and_taken_by_id_and_user_name(store):
    # a standalone store holds no territory to give or take
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.assign_territory("no-such-territory", "ana")
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.unassign_territory("no-such-territory", "ana")


def test_a_manager_plans_a_visit_for_a_known_rep(store):
    shop = Shop(store)
    visit = store.plan_visit_for("ana", shop.account.id, 1_900_000_000_000, 30)
    assert (visit.owner_id, visit.account_id, visit.status) == (
        store.identity().user_id, shop.account.id, "planned")
    with pytest.raises(fs.FieldSalesError.NotFound) as e:
        store.plan_visit_for("nobody", shop.account.id, 1_900_000_000_000, 30)
    assert e.value.kind == "user"


def test_nothing_refused_or_merged_before_any_sync(store):
    assert store.rejections() == []
    assert store.conflicts() == []
    assert store.dismiss_rejection(1) is False
    assert store.dismiss_conflict("no-such-doc", "phone") is False

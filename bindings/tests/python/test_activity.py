"""Visits (plan, check in and out, notes, photos), the day plan, due accounts and tasks."""

import datetime
import hashlib

import pytest

import fieldsales_ffi as fs
from support import new_account

DAY = "2030-03-15"
MIDNIGHT_MS = int(datetime.datetime(2030, 3, 15, tzinfo=datetime.timezone.utc).timestamp() * 1000)
HOUR_MS = 3_600_000
BERLIN_MITTE = fs.GeoPoint(lat=52.52, lon=13.405)


def test_a_visit_from_plan_to_check_out(store):
    acc = store.create_account(new_account("Acme"))
    visit = store.plan_visit(acc.id, MIDNIGHT_MS + 10 * HOUR_MS, 45)
    assert isinstance(visit, fs.Visit)
    assert (visit.account_id, visit.status, visit.owner_id) == (acc.id, "planned",
                                                                store.identity().user_id)
    assert visit.planned_end_ms - visit.planned_start_ms == 45 * 60_000
    assert store.get_visit(visit.id) == visit

    here = fs.GeoPoint(lat=52.5201, lon=13.4049)
    arrived = store.check_in(visit.id, here)
    assert (arrived.status, arrived.check_in_place) == ("checked_in", here)
    assert arrived.check_in_ms is not None
    noted = store.add_visit_note(visit.id, "Wants the spring catalogue")
    assert "Wants the spring catalogue" in noted.notes

    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4 + b"\xff\xd9"
    with_photo = store.add_visit_photo(visit.id, jpeg)
    assert with_photo.photos == [hashlib.sha256(jpeg).hexdigest()]
    assert store.photo(with_photo.photos[0]) == jpeg

    done = store.check_out(visit.id, "ordered", None)
    assert (done.status, done.outcome) == ("completed", "ordered")
    assert done.check_out_ms >= done.check_in_ms
    assert store.get_visit(visit.id) == done


def test_visit_rules_and_bad_input(store):
    acc = store.create_account(new_account("Acme"))
    visit = store.plan_visit(acc.id, MIDNIGHT_MS, 30)
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.check_out(visit.id, "ordered", None)  # never checked in
    assert e.value.code == "invalid_transition"
    with pytest.raises(fs.FieldSalesError.Invalid, match="point on Earth"):
        store.check_in(visit.id, fs.GeoPoint(lat=0.0, lon=200.0))
    with pytest.raises(fs.FieldSalesError.NotFound) as e:
        store.photo("0" * 64)
    assert e.value.kind == "blob"
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.plan_visit("no-such-account", MIDNIGHT_MS, 30)
    cancelled = store.cancel_visit(visit.id)
    assert cancelled.status == "cancelled"
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.check_in(visit.id, None)


def test_visits_of_a_day_and_the_driving_order(store):
    near = store.create_account(new_account("Near", geo=fs.GeoPoint(lat=52.53, lon=13.41)))
    far = store.create_account(new_account("Far", city="Potsdam",
                                           geo=fs.GeoPoint(lat=52.40, lon=13.06)))
    # planned far first, near later: from Berlin Mitte the near one is on the way
    v_far = store.plan_visit(far.id, MIDNIGHT_MS + 9 * HOUR_MS, 60)
    v_near = store.plan_visit(near.id, MIDNIGHT_MS + 14 * HOUR_MS, 30)
    store.plan_visit(near.id, MIDNIGHT_MS + 30 * HOUR_MS, 30)  # the next day

    assert [v.id for v in store.visits_on(DAY)] == [v_far.id, v_near.id]
    plan = store.plan_day(DAY, BERLIN_MITTE)
    assert isinstance(plan, fs.DayPlan)
    assert (plan.date, plan.start) == (DAY, BERLIN_MITTE)
    assert all(isinstance(s, fs.PlanStop) for s in plan.stops)
    assert [(s.visit_id, s.account_name) for s in plan.stops] == [(v_near.id, "Near"),
                                                                  (v_far.id, "Far")]
    assert plan.stops[0].place == near.geo
    assert plan.distance_km == pytest.approx(sum(s.leg_km for s in plan.stops))
    assert 20 < plan.distance_km < plan.planned_order_km
    with pytest.raises(fs.FieldSalesError.Invalid, match="date"):
        store.visits_on("15/03/2030")
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.plan_day(DAY, fs.GeoPoint(lat=91.0, lon=0.0))


def test_due_accounts_follow_the_visit_rhythm(store):
    weekly = store.create_account(new_account("Weekly", visit_frequency_days=7))
    monthly = store.create_account(new_account("Monthly", visit_frequency_days=30))
    today = datetime.date.fromisoformat(store.today())
    later = (today + datetime.timedelta(days=100)).isoformat()
    due = store.due_accounts(later)
    assert all(isinstance(d, fs.DueAccount) for d in due)
    assert {d.account_id for d in due} == {weekly.id, monthly.id}
    for d in due:
        assert d.last_visit_ms is None
        assert d.overdue_days == (datetime.date.fromisoformat(later)
                                  - datetime.date.fromisoformat(d.due_on)).days
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.due_accounts("soon")


def test_tasks_open_and_done(store):
    acc = store.create_account(new_account("Acme"))
    call = store.create_task("Call about the invoice", acc.id, "2030-01-10")
    assert isinstance(call, fs.Task)
    assert (call.title, call.account_id, call.due, call.status, call.done_at_ms) == (
        "Call about the invoice", acc.id, "2030-01-10", "open", None)
    samples = store.create_task("Order samples", None, "2030-01-05")
    loose = store.create_task("Renew parking permit", None, None)
    assert loose.due is None and loose.account_id is None

    open_ids = [t.id for t in store.open_tasks(10)]
    assert set(open_ids) == {call.id, samples.id, loose.id}
    assert open_ids.index(samples.id) < open_ids.index(call.id)  # by due date

    done = store.complete_task(call.id)
    assert done.status == "done" and done.done_at_ms is not None
    assert call.id not in [t.id for t in store.open_tasks(10)]
    with pytest.raises(fs.FieldSalesError.Invalid, match="date"):
        store.create_task("x", None, "tomorrow")
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.create_task("x", "no-such-account", None)

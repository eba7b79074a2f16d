"""The store object: create, open, close, identity, and what a closed or unbound store says."""

import datetime
import re

import pytest

import fieldsales_ffi as fs
from support import Shop, line, new_account, run


def test_create_gives_a_standalone_identity(tmp_path):
    s = fs.FieldSales.create(str(tmp_path / "mia.db"), "mia", fs.Role.MANAGER, "Europe/Vienna")
    me = s.identity()
    assert isinstance(me, fs.Identity)
    assert (me.user_name, me.role, me.zone, me.currency, me.server_url) == (
        "mia", fs.Role.MANAGER, "Europe/Vienna", "EUR", None)
    assert me.user_id and me.device_id and me.user_id != me.device_id
    s.close_store()


def test_open_sees_what_was_written_before_close(tmp_path):
    path = str(tmp_path / "ana.db")
    s = fs.FieldSales.create(path, "ana", fs.Role.REP, "Europe/Berlin")
    shop = Shop(s)
    order = s.new_order(shop.account.id, [line(shop.widget.id, 2000)])
    me = s.identity()
    s.close_store()

    again = fs.FieldSales.open(path)
    assert again.identity() == me
    assert again.get_account(shop.account.id) == shop.account
    assert again.get_order(order.id) == order
    again.close_store()


def test_a_closed_store_answers_invalid_and_closing_twice_is_fine(store):
    shop = Shop(store)
    store.close_store()
    store.close_store()
    calls = [
        store.identity,
        store.pending_changes,
        store.today,
        lambda: store.get_account(shop.account.id),
        lambda: store.create_account(new_account("Late")),
        lambda: store.list_products(None, 10, 0),
        lambda: run(store.sync()),
    ]
    for call in calls:
        with pytest.raises(fs.FieldSalesError.Invalid, match="closed"):
            call()
    # what does not touch the database still answers
    assert store.sync_state() == fs.SyncState.IDLE
    assert store.take_listener_errors() == []


def test_opening_a_missing_store_or_creating_one_twice_is_a_storage_error(tmp_path):
    with pytest.raises(fs.FieldSalesError.Storage, match="not initialised"):
        fs.FieldSales.open(str(tmp_path / "nobody.db"))
    path = str(tmp_path / "ana.db")
    fs.FieldSales.create(path, "ana", fs.Role.REP, "Europe/Berlin").close_store()
    with pytest.raises(fs.FieldSalesError.Storage, match="already initialised"):
        fs.FieldSales.create(path, "ana", fs.Role.REP, "Europe/Berlin")


def test_create_refuses_an_unknown_zone(tmp_path):
    with pytest.raises(fs.FieldSalesError.Invalid, match="time zone"):
        fs.FieldSales.create(str(tmp_path / "x.db"), "ana", fs.Role.REP, "Mars/Olympus_Mons")
    assert not (tmp_path / "x.db").exists()


def test_today_is_the_date_in_the_users_zone(store):
    try:
        from zoneinfo import ZoneInfo
        zone = ZoneInfo("Europe/Berlin")
    except Exception:  # no time zone database: check the shape only
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", store.today())
        return
    before = datetime.datetime.now(zone).date().isoformat()
    today = store.today()
    after = datetime.datetime.now(zone).date().isoformat()
    assert today in (before, after)


def test_pending_changes_count_local_writes(store):
    before = store.pending_changes()
    store.create_account(new_account("One"))
    store.create_account(new_account("Two"))
    assert store.pending_changes() == before + 2


def test_a_store_without_a_server_cannot_sync(store):
    assert store.sync_state() == fs.SyncState.IDLE
    with pytest.raises(fs.FieldSalesError.Invalid, match="log in"):
        run(store.sync())
    assert store.sync_state() == fs.SyncState.IDLE


KEY = bytes(range(32))


def test_an_encrypted_store_opens_only_with_its_key(tmp_path):
    path = str(tmp_path / "ana-enc.db")
    s = fs.FieldSales.create_with_key(path, "ana", fs.Role.REP, "Europe/Berlin", KEY)
    assert s.is_encrypted()
    shop = Shop(s)
    me = s.identity()
    s.close_store()
    with open(path, "rb") as f:
        assert not f.read().startswith(b"SQLite format 3")
    with pytest.raises(fs.FieldSalesError.Storage):
        fs.FieldSales.open_with_key(path, bytes(32))
    with pytest.raises(fs.FieldSalesError.Storage):
        fs.FieldSales.open(path)
    with pytest.raises(fs.FieldSalesError.Invalid):
        fs.FieldSales.open_with_key(path, b"short")
    again = fs.FieldSales.open_with_key(path, KEY)
    assert again.identity() == me and again.is_encrypted()
    assert again.get_account(shop.account.id) == shop.account
    again.close_store()


def test_a_plain_store_is_encrypted_on_first_open_with_a_key(tmp_path):
    path = str(tmp_path / "ana-plain.db")
    s = fs.FieldSales.create(path, "ana", fs.Role.REP, "Europe/Berlin")
    assert not s.is_encrypted()
    shop = Shop(s)
    s.close_store()
    again = fs.FieldSales.open_with_key(path, KEY)
    assert again.is_encrypted() and again.get_account(shop.account.id) == shop.account
    again.close_store()

"""Python objects as Rust's listener traits: called after committed writes, and what they raise
comes back as a value, never undoing the write."""

import pytest

import fieldsales_ffi as fs
from support import Shop, line, new_account


class Recorder(fs.DataListener):
    def __init__(self):
        self.kinds = []

    def on_changed(self, kind):
        self.kinds.append(kind)


class Raises(fs.DataListener):
    def __init__(self, error):
        self.error = error
        self.calls = 0

    def on_changed(self, kind):
        self.calls += 1
        raise self.error


def test_a_data_listener_hears_its_kind_until_removed(store):
    accounts, orders = Recorder(), Recorder()
    accounts_id = store.add_data_listener(fs.RecordKind.ACCOUNT, accounts)
    orders_id = store.add_data_listener(fs.RecordKind.ORDER, orders)
    assert isinstance(accounts_id, int) and accounts_id != orders_id

    shop = Shop(store)  # two products, one account
    assert accounts.kinds == [fs.RecordKind.ACCOUNT]
    assert orders.kinds == []
    store.new_order(shop.account.id, [line(shop.widget.id, 1_000)])
    assert orders.kinds == [fs.RecordKind.ORDER]
    assert accounts.kinds == [fs.RecordKind.ACCOUNT]

    assert store.remove_listener(accounts_id) is True
    assert store.remove_listener(accounts_id) is False
    store.create_account(new_account("Beta"))
    assert accounts.kinds == [fs.RecordKind.ACCOUNT]
    assert store.take_listener_errors() == []


def test_a_failed_write_tells_no_listener(store):
    heard = Recorder()
    store.add_data_listener(fs.RecordKind.ACCOUNT, heard)
    with pytest.raises(fs.FieldSalesError.Invalid):
        store.create_account(new_account(""))
    assert heard.kinds == []


def test_a_raising_listener_becomes_an_error_value_and_the_write_stands(store):
    python_error = Raises(ValueError("boom from Python"))
    typed_error = Raises(fs.FieldSalesError.Forbidden("not on this screen"))
    heard = Recorder()
    store.add_data_listener(fs.RecordKind.ACCOUNT, python_error)
    store.add_data_listener(fs.RecordKind.ACCOUNT, typed_error)
    store.add_data_listener(fs.RecordKind.ACCOUNT, heard)

    made = store.create_account(new_account("Still Here"))
    assert store.get_account(made.id) == made
    assert (python_error.calls, typed_error.calls, heard.kinds) == (1, 1, [fs.RecordKind.ACCOUNT])

    errors = store.take_listener_errors()
    assert len(errors) == 2
    assert errors[0].startswith("internal: a listener failed") and "boom from Python" in errors[0]
    assert errors[1] == "not on this screen"
    assert store.take_listener_errors() == []  # taken


def test_a_listener_may_read_the_store_it_listens_to(store):
    seen = []

    class ReadsBack(fs.DataListener):
        def on_changed(self, kind):
            seen.append([a.name for a in store.list_accounts(fs.AccountQuery(
                search=None, city=None, territory_id=None, limit=10, offset=0))])

    store.add_data_listener(fs.RecordKind.ACCOUNT, ReadsBack())
    store.create_account(new_account("Acme"))
    assert seen == [["Acme"]]
    assert store.take_listener_errors() == []

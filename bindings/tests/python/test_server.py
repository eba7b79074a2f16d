"""Against a real `fieldsales-server` on loopback: log in, sync, roles, what the server refuses,
what two people changed at once, and a server that goes away."""

import pytest

import fieldsales_ffi as fs
from support import login, new_account, line, password, run, widget


class SyncRecorder(fs.SyncListener):
    def __init__(self):
        self.progress = []
        self.states = []

    def on_progress(self, progress):
        self.progress.append(progress)

    def on_state(self, state):
        self.states.append(state)


class DataRecorder(fs.DataListener):
    def __init__(self):
        self.kinds = []

    def on_changed(self, kind):
        self.kinds.append(kind)


def test_an_order_travels_from_one_rep_to_another(tmp_path, server, unique):
    # the admin puts a product on the server
    admin = login(tmp_path, server, "root")
    me = admin.identity()
    assert (me.user_name, me.role, me.server_url) == ("root", fs.Role.ADMIN, server.url)
    product = admin.create_product(widget(f"W-{unique}"))
    pushed = run(admin.sync())
    assert isinstance(pushed, fs.SyncReport)
    assert pushed.rejected == [] and pushed.pushed >= 1
    assert admin.pending_changes() == 0

    # rep A gets it, sells offline, then syncs
    ana = login(tmp_path, server, "ana")
    run(ana.sync())
    assert ana.product_by_sku(f"W-{unique}") == product
    assert server.territory_id in [t.id for t in ana.territories()]
    account = ana.create_account(new_account(f"Acme {unique}", territory_id=server.territory_id))
    order = ana.submit_order(ana.new_order(account.id, [line(product.id, 4_000)]).id)
    assert (order.subtotal_minor, order.tax_minor, order.total_minor) == (5_000, 950, 5_950)
    assert ana.pending_changes() >= 2
    report = run(ana.sync())
    assert report.rejected == [] and report.pushed >= 2
    assert ana.pending_changes() == 0

    # rep B, same territory, sees the order with the same total; listeners hear the sync
    ben = login(tmp_path, server, "ben")
    progress = SyncRecorder()
    orders = DataRecorder()
    ben.add_sync_listener(progress)
    ben.add_data_listener(fs.RecordKind.ORDER, orders)
    report = run(ben.sync())
    theirs = ben.get_order(order.id)
    assert (theirs.status, theirs.total_minor, theirs.owner_id) == ("submitted", 5_950,
                                                                    ana.identity().user_id)
    assert theirs.lines == order.lines
    assert ben.get_account(account.id).name == f"Acme {unique}"
    assert fs.RecordKind.ORDER in report.changed and report.pulled >= 2
    assert orders.kinds == [fs.RecordKind.ORDER]
    assert progress.states == [fs.SyncState.SYNCING, fs.SyncState.IDLE]
    assert progress.progress and all(isinstance(p, fs.SyncProgress) for p in progress.progress)
    last = progress.progress[-1]
    assert last.phase == fs.SyncPhase.DONE and last.round_trips == report.round_trips
    assert ben.sync_state() == fs.SyncState.IDLE
    assert ben.take_listener_errors() == []


def test_a_wrong_password_is_unauthorized_and_creates_nothing(tmp_path, server):
    path = tmp_path / "ana.db"
    with pytest.raises(fs.FieldSalesError.Unauthorized):
        run(fs.login(str(path), server.url, "ana", "not-the-password"))
    with pytest.raises(fs.FieldSalesError.Unauthorized):
        run(fs.login(str(path), server.url, "nobody", password("nobody")))
    assert not path.exists()


def test_login_to_a_server_nobody_runs_is_offline(tmp_path, dead_url):
    path = tmp_path / "ana.db"
    with pytest.raises(fs.FieldSalesError.Offline):
        run(fs.login(str(path), dead_url, "ana", password("ana")))
    assert not path.exists()


def test_a_rep_may_not_do_what_managers_do(tmp_path, server, unique):
    ana = login(tmp_path, server, "ana")
    run(ana.sync())  # users and territories
    with pytest.raises(fs.FieldSalesError.Forbidden, match="product"):
        ana.create_product(widget(f"R-{unique}"))
    with pytest.raises(fs.FieldSalesError.Forbidden):
        ana.set_quota("ana", None, ana.today()[:7], fs.QuotaMetric.REVENUE, 1_000)
    assert ana.product_by_sku(f"R-{unique}") is None
    assert ana.quotas(ana.today()[:7]) == []


def test_an_edit_the_server_refuses_is_listed_and_undone(tmp_path, server, unique):
    admin = login(tmp_path, server, "root")
    product = admin.create_product(widget(f"J-{unique}"))
    run(admin.sync())
    # one rep, two phones: the second submits the order the first is still editing
    phone = login(tmp_path, server, "ana", "phone")
    tablet = login(tmp_path, server, "ana", "tablet")
    run(phone.sync())
    account = phone.create_account(new_account(f"Two Phones {unique}",
                                               territory_id=server.territory_id))
    order = phone.new_order(account.id, [line(product.id, 1_000)])
    run(phone.sync())
    run(tablet.sync())
    tablet.submit_order(order.id)
    run(tablet.sync())
    phone.change_order_line(order.id, order.lines[0].line_id, 5_000, None)  # still a draft here

    report = run(phone.sync())
    assert [(r.doc_id, r.reason) for r in report.rejected] == [(order.id, "not_editable")]
    refused = phone.rejections()
    assert len(refused) == 1 and isinstance(refused[0], fs.Rejection)
    assert (refused[0].doc_id, refused[0].kind, refused[0].reason) == (
        order.id, fs.RecordKind.ORDER, "not_editable")
    undone = phone.get_order(order.id)
    assert (undone.status, undone.lines[0].qty_milli) == ("submitted", 1_000)

    assert phone.dismiss_rejection(refused[0].id) is True
    assert phone.dismiss_rejection(refused[0].id) is False
    assert phone.rejections() == []


def test_two_reps_changing_one_field_leave_a_conflict(tmp_path, server, unique):
    ana = login(tmp_path, server, "ana")
    ben = login(tmp_path, server, "ben")
    account = ana.create_account(new_account(f"Contested {unique}",
                                              territory_id=server.territory_id))
    run(ana.sync())
    run(ben.sync())
    ana.edit_account(account.id, fs.AccountEdit(
        name=None, phone="+49 111", email=None, street=None, city=None, postal_code=None,
        segment=None, price_list_id=None, visit_frequency_days=None, note=None))
    ben.edit_account(account.id, fs.AccountEdit(
        name=None, phone="+49 222", email=None, street=None, city=None, postal_code=None,
        segment=None, price_list_id=None, visit_frequency_days=None, note=None))
    run(ana.sync())
    run(ben.sync())
    run(ana.sync())

    # both phones show the same value and keep the one that lost
    assert ana.get_account(account.id).phone == ben.get_account(account.id).phone
    shown = ana.get_account(account.id).phone
    found = [c for c in ben.conflicts() if c.doc_id == account.id]
    assert len(found) == 1 and isinstance(found[0], fs.Conflict)
    conflict = found[0]
    assert (conflict.kind, conflict.path) == (fs.RecordKind.ACCOUNT, "phone")
    assert isinstance(conflict.winner, fs.ConflictValue)
    values = {conflict.winner.value_json} | {v.value_json for v in conflict.losers}
    assert values == {'"+49 111"', '"+49 222"'}
    assert conflict.winner.value_json == f'"{shown}"'
    assert {conflict.winner.by} | {v.by for v in conflict.losers} == {"ana", "ben"}

    assert ben.dismiss_conflict(account.id, "phone") is True
    assert [c for c in ben.conflicts() if c.doc_id == account.id] == []


def test_a_sync_listener_that_raises_stops_the_sync_with_its_error(tmp_path, server):
    ana = login(tmp_path, server, "ana")

    class Stops(fs.SyncListener):
        def on_progress(self, progress):
            raise fs.FieldSalesError.Invalid("user pressed cancel")

        def on_state(self, state):
            pass

    ana.add_sync_listener(Stops())
    with pytest.raises(fs.FieldSalesError.Invalid, match="user pressed cancel"):
        run(ana.sync())
    assert ana.sync_state() == fs.SyncState.ERROR


def test_a_state_listener_that_raises_is_reported_and_the_sync_goes_on(tmp_path, server):
    ana = login(tmp_path, server, "ana")

    class Grumpy(fs.SyncListener):
        def on_progress(self, progress):
            pass

        def on_state(self, state):
            raise RuntimeError(f"cannot draw {state}")

    listener_id = ana.add_sync_listener(Grumpy())
    report = run(ana.sync())
    assert report.rejected == []
    assert ana.sync_state() == fs.SyncState.IDLE
    errors = ana.take_listener_errors()
    assert len(errors) == 2 and all("cannot draw" in e for e in errors)
    assert ana.remove_listener(listener_id) is True
    run(ana.sync())
    assert ana.take_listener_errors() == []


def test_when_the_server_goes_away_sync_is_offline_and_keeps_local_work(tmp_path, servers):
    own = servers.start({"cleo": "rep"})
    cleo = login(tmp_path, own, "cleo")
    run(cleo.sync())
    account = cleo.create_account(new_account("Offline Shop", territory_id=own.territory_id))
    pending = cleo.pending_changes()
    assert pending >= 1
    servers.stop(own)

    states = SyncRecorder()
    cleo.add_sync_listener(states)
    with pytest.raises(fs.FieldSalesError.Offline):
        run(cleo.sync())
    assert cleo.sync_state() == fs.SyncState.OFFLINE
    assert states.states == [fs.SyncState.SYNCING, fs.SyncState.OFFLINE]
    assert cleo.pending_changes() == pending
    assert cleo.get_account(account.id) == account
    me = cleo.identity()
    cleo.close_store()
    again = fs.FieldSales.open(str(tmp_path / "cleo-phone.db"))
    assert again.identity() == me and again.get_account(account.id) == account
    again.close_store()


def test_logout_refuses_unsynced_work_unless_forced_and_deletes_the_store(tmp_path, server, unique):
    ana = login(tmp_path, server, "ana", device="leaving")
    path = tmp_path / "ana-leaving.db"
    ana.create_account(new_account(f"Leaving {unique}", territory_id=server.territory_id))
    with pytest.raises(fs.FieldSalesError.Conflict) as refused:
        run(ana.logout(False))
    assert refused.value.code == "unsynced"
    assert path.exists() and ana.pending_changes() == 1
    assert ana.unsynced_work() == fs.UnsyncedWork(documents=1, photos=0)
    report = run(ana.logout(True))
    assert isinstance(report, fs.LogoutReport)
    assert (report.server_revoked, report.discarded_documents) == (True, 1)
    assert not path.exists()
    with pytest.raises(fs.FieldSalesError.Invalid):
        ana.identity()


def test_login_with_key_creates_an_encrypted_store(tmp_path, server):
    path = tmp_path / "ana-key.db"
    ana = run(fs.login_with_key(str(path), bytes(range(32)), server.url, "ana", password("ana")))
    assert ana.is_encrypted() and ana.identity().user_name == "ana"
    run(ana.sync())
    ana.close_store()
    assert not path.read_bytes().startswith(b"SQLite format 3")

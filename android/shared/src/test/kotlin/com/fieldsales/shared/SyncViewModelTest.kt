package com.fieldsales.shared

import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.NewProduct
import com.fieldsales.ffi.SyncPhase
import com.fieldsales.ffi.SyncState
import com.fieldsales.ffi.login
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.File

/**
 * A sync server on loopback with territory North, rep ana in it, manager mia over it and admin
 * boss; phones log in through the login screen's view-model, as the app does.
 */
abstract class ServerTest : StoreTest() {
    protected val server = SyncServer(File(dir, "server").apply { mkdirs() })
    protected val north = server.territory("North")

    init {
        server.user("ana", "pw-ana-secret", "rep", north)
        server.user("mia", "pw-mia-secret", "manager", north)
        server.user("boss", "pw-boss-secret", "admin")
        server.start()
    }

    @After
    fun stopServer() = server.close()

    protected fun logIn(user: String, device: String = user): Repository {
        val vm = LoginViewModel(scope, { url, u, pw -> login(File(dir, "$device.db").path, url, u, pw) }, server.url)
        vm.onUser(user)
        vm.onPassword("pw-$user-secret")
        vm.submit().done()
        assertEquals(null, vm.error.value)
        val store: FieldSales = vm.state.value.store!!
        assertEquals("", vm.state.value.password) // not kept once used
        return adopt(store)
    }

    protected fun SyncViewModel.synced(): SyncUiState {
        syncNow().done()
        assertEquals(null, error.value)
        return state.await { it.status.state == SyncState.IDLE && it.lastReport != null }
    }

    /** Reps cannot make products: the admin makes one and syncs it up. */
    protected fun catalogue() {
        val boss = logIn("boss")
        boss.product("W1", "Widget", 1250)
        SyncViewModel(boss, scope).synced()
    }
}

class SyncViewModelTest : ServerTest() {
    @Test
    fun syncShowsProgressPendingAndAnOfflineMessageWhenTheServerIsGone() {
        val boss = logIn("boss")
        boss.product("W1", "Widget", 1250)
        val bossVm = SyncViewModel(boss, scope)
        assertTrue(bossVm.state.await { it.pending > 0 }.pending > 0)
        val states = MutableStateFlow<List<SyncState>>(emptyList())
        scope.launch { boss.syncStatus.collect { s -> states.update { it + s.state } } }
        states.await { it.isNotEmpty() }
        val synced = bossVm.synced()
        assertTrue("${synced.lastReport}", synced.lastReport!!.pushed > 0u)
        assertEquals(0L, bossVm.state.await { it.pending == 0L }.pending)
        assertEquals(server.url, synced.serverUrl)
        assertTrue("${states.value}", SyncState.SYNCING in states.value)
        assertEquals(SyncPhase.DONE, synced.status.progress?.phase)

        // the rep pulls the product and her territory; a new account goes to that territory
        val ana = logIn("ana")
        val anaVm = SyncViewModel(ana, scope)
        assertTrue(anaVm.synced().lastReport!!.pulled > 0u)
        val accounts = AccountsViewModel(ana, scope, debounceMs = 10)
        assertEquals(listOf(north), accounts.state.await { it.territories.isNotEmpty() }.territories.map { it.id })
        var acmeId: String? = null
        accounts.createAccount("Acme", "Berlin", "10115", "DE") { acmeId = it }.done()
        val entry = OrderEntryViewModel(ana, scope, acmeId!!, debounceMs = 10)
        assertEquals(listOf("Widget"), entry.state.await { it.products.isNotEmpty() }.products.map { it.name })
        entry.addLine(entry.state.value.products.single().id, 2_000).done()
        entry.submit().done()
        val up = anaVm.synced()
        assertTrue(up.rejections.isEmpty())
        assertEquals(0L, anaVm.state.await { it.pending == 0L }.pending)

        // out of reach: a typed Offline message, the Offline state, and nothing lost
        OrderEntryViewModel(ana, scope, acmeId!!).addLine(entry.state.value.products.single().id, 1_000).done()
        server.stop()
        anaVm.syncNow().done()
        val e = anaVm.error.value
        assertTrue("$e", e is UiError.Offline)
        assertTrue(e!!.retryable)
        val offline = anaVm.state.await { it.status.state == SyncState.OFFLINE && it.pending > 0 }
        assertEquals(SyncState.OFFLINE, offline.status.state)
        assertEquals(2, ana.store.listOrders(acmeId, null, 10u, 0u).size)
    }

    @Test
    fun anEditTheServerRefusesIsShownUntilDismissed() {
        val ana = logIn("ana")
        val vm = SyncViewModel(ana, scope)
        // an account in a territory that is not hers: the phone takes it, the server refuses it
        val south = server.territory("South")
        vm.synced()
        val stray = ana.account("Stray Ltd", territoryId = south)
        val report = vm.synced().lastReport!!
        assertEquals(listOf(stray.id), report.rejected.map { it.docId })
        val r = vm.state.await { it.rejections.isNotEmpty() }.rejections.single()
        assertEquals(stray.id, r.docId)
        assertTrue(r.reason.isNotEmpty())
        // the record was reset to the server's state: it never reached the server
        assertTrue(runCatching { ana.store.getAccount(stray.id) }.exceptionOrNull() is FieldSalesException.NotFound)
        vm.dismissRejection(r.id).done()
        vm.state.await { it.rejections.isEmpty() }
    }

    @Test
    fun twoPhonesEditingOneFieldShowAConflictThatCanBeDismissed() {
        val phone = logIn("ana", "phone")
        val tablet = logIn("ana", "tablet")
        val phoneVm = SyncViewModel(phone, scope)
        val tabletVm = SyncViewModel(tablet, scope)
        val acme = phone.account("Acme", territoryId = north)
        phoneVm.synced()
        tabletVm.synced()
        // both change the phone number before either syncs
        phone.store.editAccount(acme.id, accountEdit(phone = "+49 30 1111"))
        tablet.store.editAccount(acme.id, accountEdit(phone = "+49 30 2222"))
        phoneVm.synced()
        tabletVm.synced()
        phoneVm.synced()
        // the device that merged the other's value keeps the losing one
        val vm = if (tablet.store.conflicts().isNotEmpty()) tabletVm else phoneVm
        val c = vm.state.await { it.conflicts.isNotEmpty() }.conflicts.first()
        assertEquals(acme.id, c.docId)
        assertTrue(c.path, c.path.contains("phone"))
        assertEquals(1, c.losers.size)
        vm.dismissConflict(c.docId, c.path).done()
        vm.state.await { it.conflicts.none { x -> x.docId == c.docId && x.path == c.path } }
    }
}

class QuoteApprovalTest : ServerTest() {
    @Test
    fun aDiscountOverTheRepsLimitIsApprovedOnTheManagersPhone() {
        catalogue()
        val ana = logIn("ana")
        val anaSync = SyncViewModel(ana, scope)
        anaSync.synced()
        val acme = ana.account("Acme", territoryId = north)
        val widget = ana.store.listProducts(null, 10u, 0u).single()
        val quoteId = ana.store.newQuote(acme.id, 30).id
        val vm = QuoteViewModel(ana, scope, quoteId, debounceMs = 10)
        vm.state.await { it.quote != null }
        vm.addLine(widget.id, 10_000).done()
        vm.setDiscount(4_000).done()
        vm.present().done()
        val e = vm.error.value
        assertTrue("$e", e is UiError.Conflict && e.code == "discount_over_limit")
        assertTrue(vm.state.value.canRequestApproval)
        vm.requestApproval().done()
        assertEquals(false, vm.state.await { it.quote!!.status == "approval_requested" }.canDecide)
        anaSync.synced()

        val mia = logIn("mia")
        SyncViewModel(mia, scope).synced()
        val miaVm = QuoteViewModel(mia, scope, quoteId, debounceMs = 10)
        assertTrue(miaVm.state.await { it.quote?.status == "approval_requested" }.canDecide)
        miaVm.approve().done()
        assertEquals(null, miaVm.error.value)
        SyncViewModel(mia, scope).synced()

        anaSync.synced()
        val approved = vm.state.await { it.quote!!.status == "approved" }
        assertTrue(approved.quote!!.approval!!.approved)
        vm.present().done()
        assertEquals(null, vm.error.value)
        vm.state.await { it.quote!!.status == "presented" }
    }
}

class LoginViewModelTest : StoreTest() {
    private fun vm(url: String) =
        LoginViewModel(scope, { u, n, pw -> login(File(dir, "ana.db").path, u, n, pw) }, url)

    @Test
    fun anUnreachableServerIsOfflineAndNoStoreIsMade() {
        val vm = vm(SyncServer.unreachableUrl())
        vm.onUser("ana")
        vm.onPassword("pw-ana-secret")
        vm.submit().done()
        val e = vm.error.value
        assertTrue("$e", e is UiError.Offline)
        assertEquals(null, vm.state.value.store)
        assertTrue(!File(dir, "ana.db").exists())
    }

    @Test
    fun aWrongPasswordOrAMalformedUrlSaySo() {
        val server = SyncServer(File(dir, "server").apply { mkdirs() })
        server.use {
            server.user("ana", "pw-ana-secret", "rep", server.territory("North"))
            val vm = vm(server.start())
            vm.onUser("ana")
            vm.onPassword("wrong")
            vm.submit().done()
            assertTrue("${vm.error.value}", vm.error.value is UiError.Unauthorized)
            vm.onServerUrl("ftp://example")
            vm.submit().done()
            assertEquals(UiError.Input(InputProblem.SERVER_URL_SCHEME), vm.error.value)
        }
    }
}

package com.fieldsales.ffi.tests

import com.fieldsales.ffi.AccountEdit
import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.NewProduct
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.Role
import com.fieldsales.ffi.SyncListener
import com.fieldsales.ffi.SyncPhase
import com.fieldsales.ffi.SyncProgress
import com.fieldsales.ffi.SyncState
import com.fieldsales.ffi.UnsyncedWork
import com.fieldsales.ffi.login
import com.fieldsales.ffi.loginWithKey
import java.io.File
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.AfterClass
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.BeforeClass
import org.junit.ClassRule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * Against a real `fieldsales-server` on loopback: log in, sync, two reps sharing a territory,
 * and the errors only a server gives. One server for the class, killed after it (also when a
 * test or the start fails).
 */
class ServerTest {
    companion object {
        @ClassRule
        @JvmField
        val tmp = TemporaryFolder()

        lateinit var server: ServerProcess

        @BeforeClass
        @JvmStatic
        fun startServer() {
            server = ServerProcess(tmp.newFolder("north"))
            Runtime.getRuntime().addShutdownHook(Thread { server.close() })
            server.start(mapOf("boss" to "admin", "ana" to "rep", "ben" to "rep", "cyd" to "rep"))
        }

        @AfterClass
        @JvmStatic
        fun stopServer() {
            server.close()
        }
    }

    private fun dbPath(name: String): String = File(tmp.root, "$name.db").path

    private suspend fun logIn(user: String, device: String = user): FieldSales =
        login(dbPath(device), server.url, user, server.password(user))

    @Test
    fun twoRepsShareAnOrderMadeOffline() = runBlocking {
        // the admin puts a product in the catalogue (reps cannot)
        logIn("boss").use { admin ->
            val me = admin.identity()
            assertEquals(Role.ADMIN, me.role)
            assertEquals(server.url, me.serverUrl)
            admin.createProduct(NewProduct("KT-1", "Widget", 1250, me.currency, 2000))
            assertTrue(admin.sync().pushed >= 1u)
            assertEquals(0L, admin.pendingChanges())
            admin.closeStore()
        }

        val a = logIn("ana")
        val b = logIn("ben")
        try {
            assertEquals(Role.REP, a.identity().role)
            val progress = RecordingSyncListener()
            a.addSyncListener(progress)
            val products = RecordingDataListener()
            a.addDataListener(RecordKind.PRODUCT, products)
            val first = a.sync()
            assertTrue(first.changed.toString(), RecordKind.PRODUCT in first.changed)
            assertEquals(listOf(RecordKind.PRODUCT), products.kinds.toList())
            assertEquals(listOf(SyncState.SYNCING, SyncState.IDLE), progress.states.toList())
            assertEquals(SyncPhase.DONE, progress.progress.last().phase)
            val widget = a.productBySku("KT-1")!!
            assertEquals(1250L, widget.basePriceMinor)
            assertEquals(listOf(server.territoryId), a.territories().map { it.id })
            assertFails<FieldSalesException.Forbidden> {
                a.createProduct(NewProduct("KT-2", "Rep's own", 100, "EUR", 0))
            }

            // offline: nothing below talks to the server until the sync
            val account = a.createAccount(newAccount("Kunde Nord", territoryId = server.territoryId))
            val draft = a.newOrder(account.id, listOf(line(widget, 3_000)))
            val order = a.submitOrder(draft.id)
            assertEquals(4500L, order.totalMinor)
            assertTrue(a.pendingChanges() >= 2)
            val pushed = a.sync()
            assertTrue(pushed.pushed >= 2u)
            assertEquals(emptyList<Any>(), pushed.rejected)
            assertEquals(0L, a.pendingChanges())
            assertEquals(order.number, a.getOrder(order.id).number)

            b.sync()
            val seen = b.getOrder(order.id)
            assertEquals(order.number, seen.number)
            assertEquals(4500L, seen.totalMinor)
            assertEquals(order.lines, seen.lines)
            assertEquals("submitted", seen.status)
            assertEquals(a.identity().userId, seen.ownerId)
            assertEquals(listOf(order.id), b.accountDetail(account.id, 10u).orders.map { it.id })

            // both rename the customer at once: one name wins everywhere, the other is kept
            val edit = AccountEdit(null, null, null, null, null, null, null, null, null, null)
            a.editAccount(account.id, edit.copy(name = "Kunde Nord (Ana)"))
            b.editAccount(account.id, edit.copy(name = "Kunde Nord (Ben)"))
            a.sync()
            b.sync()
            a.sync()
            val winner = a.getAccount(account.id).name
            assertEquals(winner, b.getAccount(account.id).name)
            val conflict = b.conflicts().single { it.docId == account.id }
            assertEquals(RecordKind.ACCOUNT, conflict.kind)
            assertEquals("name", conflict.path)
            assertEquals("\"$winner\"", conflict.winner.valueJson)
            assertEquals(1, conflict.losers.size)
            assertTrue(b.dismissConflict(conflict.docId, conflict.path))
            assertEquals(emptyList<Any>(), b.conflicts())
            assertEquals(emptyList<String>(), a.takeListenerErrors())
        } finally {
            a.close()
            b.close()
        }
    }

    @Test
    fun twoConcurrentSyncsRunOneAfterTheOther() = runBlocking {
        logIn("cyd").use { c ->
            c.sync()
            val states = RecordingSyncListener()
            c.addSyncListener(states)
            repeat(3) { c.createAccount(newAccount("Cyd $it", territoryId = server.territoryId)) }
            val pending = c.pendingChanges()
            assertTrue(pending >= 3)
            val reports = listOf(async { c.sync() }, async { c.sync() }).awaitAll()
            assertEquals(
                "the second sync starts after the first ended",
                listOf(SyncState.SYNCING, SyncState.IDLE, SyncState.SYNCING, SyncState.IDLE),
                states.states.toList(),
            )
            assertEquals("each change pushed once", pending, reports.sumOf { it.pushed.toLong() })
            assertEquals(0L, c.pendingChanges())
            assertEquals(SyncState.IDLE, c.syncState())
        }
    }

    @Test
    fun aThrowingSyncListenerStopsTheSyncWithItsError() = runBlocking {
        logIn("ana", device = "ana-tablet").use { a ->
            val failing = RecordingSyncListener(failProgress = FieldSalesException.Invalid("stop from Kotlin"))
            val id = a.addSyncListener(failing)
            val e = assertFails<FieldSalesException.Invalid> { runBlocking { a.sync() } }
            assertEquals("stop from Kotlin", e.reason)
            assertEquals(SyncState.ERROR, a.syncState())
            assertEquals(listOf(SyncState.SYNCING, SyncState.ERROR), failing.states.toList())
            assertTrue(a.removeListener(id))
            a.sync()
            assertEquals(SyncState.IDLE, a.syncState())
        }
    }

    @Test
    fun aThrowingStateListenerIsReportedAndTheSyncFinishes() = runBlocking {
        logIn("ben", device = "ben-phone").use { b ->
            val id = b.addSyncListener(object : SyncListener {
                override fun onProgress(progress: SyncProgress) {}
                override fun onState(state: SyncState) =
                    throw FieldSalesException.Invalid("status bar broke at ${state.name}")
            })
            b.createTask("Call the office", null, null)
            val report = b.sync()
            assertTrue(report.pushed >= 1u)
            assertEquals(SyncState.IDLE, b.syncState())
            assertEquals(0L, b.pendingChanges())
            assertEquals(
                listOf("status bar broke at SYNCING", "status bar broke at IDLE"),
                b.takeListenerErrors(),
            )
            assertTrue(b.removeListener(id))
        }
    }

    @Test
    fun logoutRefusesUnsyncedWorkUnlessForcedAndDeletesTheStore() = runBlocking {
        val path = dbPath("ana-leaving")
        val a = login(path, server.url, "ana", server.password("ana"))
        a.use {
            a.createAccount(newAccount("Leaving", territoryId = server.territoryId))
            val e = assertFails<FieldSalesException.Conflict> { runBlocking { a.logout(false) } }
            assertEquals("unsynced", e.code)
            assertTrue(File(path).exists())
            assertEquals(UnsyncedWork(documents = 1uL, photos = 0uL), a.unsyncedWork())
            val report = a.logout(true)
            assertTrue(report.serverRevoked)
            assertEquals(1uL, report.discardedDocuments)
            assertFalse(File(path).exists())
            assertFails<FieldSalesException.Invalid> { a.identity() }
        }
        Unit
    }

    @Test
    fun loginWithKeyCreatesAnEncryptedStore() = runBlocking {
        val path = dbPath("ana-key")
        val a = loginWithKey(path, ByteArray(32) { 3 }, server.url, "ana", server.password("ana"))
        a.use {
            assertTrue(a.isEncrypted())
            a.sync()
            a.closeStore()
        }
        assertFalse(String(File(path).readBytes().copyOf(15)) == "SQLite format 3")
    }

    @Test
    fun aWrongPasswordIsUnauthorizedAndCreatesNothing() = runBlocking {
        val path = dbPath("intruder")
        assertFails<FieldSalesException.Unauthorized> { runBlocking { login(path, server.url, "ana", "not-her-password") } }
        assertFails<FieldSalesException.Unauthorized> { runBlocking { login(path, server.url, "nobody", "pw") } }
        assertFalse(File(path).exists())
    }

    @Test
    fun aUrlNobodyListensOnIsOffline() = runBlocking {
        val path = dbPath("nowhere")
        assertFails<FieldSalesException.Offline> { runBlocking { login(path, deadUrl(), "ana", server.password("ana")) } }
        assertFalse(File(path).exists())
    }

    @Test
    fun whenTheServerIsGoneSyncIsOfflineAndNothingIsLost() = runBlocking {
        val south = ServerProcess(tmp.newFolder("south"))
        try {
            south.start(mapOf("dora" to "rep"))
            val path = dbPath("dora")
            val url = south.url
            login(path, url, "dora", south.password("dora")).use { d ->
                d.sync()
                south.close()
                val states = RecordingSyncListener()
                d.addSyncListener(states)
                val account = d.createAccount(newAccount("Offline GmbH"))
                val pending = d.pendingChanges()
                assertFails<FieldSalesException.Offline> { runBlocking { d.sync() } }
                assertEquals(SyncState.OFFLINE, d.syncState())
                assertEquals(listOf(SyncState.SYNCING, SyncState.OFFLINE), states.states.toList())
                assertEquals(pending, d.pendingChanges())
                assertEquals(account, d.getAccount(account.id))
                d.closeStore()
            }
            // the device store opens without the server, still bound to it
            FieldSales.open(path).use { again ->
                assertEquals(url, again.identity().serverUrl)
                assertEquals("dora", again.identity().userName)
            }
        } finally {
            south.close()
        }
    }
}

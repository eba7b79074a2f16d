package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.Role
import com.fieldsales.ffi.SyncState
import java.io.File
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** Creating, opening and closing a store, its identity, and the errors of the store itself. */
class StoreTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun createThenOpenKeepsIdentityAndData() {
        val path = File(tmp.root, "rep.db").path
        val created = FieldSales.create(path, "mia", Role.MANAGER, "America/New_York")
        val id = created.identity()
        assertEquals("mia", id.userName)
        assertEquals(Role.MANAGER, id.role)
        assertEquals("America/New_York", id.zone)
        assertNull("a standalone store is bound to no server", id.serverUrl)
        assertTrue(id.userId.isNotEmpty() && id.deviceId.isNotEmpty())
        val account = created.createAccount(newAccount("Kiosk Nord"))
        assertEquals("no sync yet: the standalone store stays dirty", true, created.pendingChanges() > 0)
        created.closeStore()
        created.close()

        FieldSales.open(path).use { opened ->
            assertEquals(id, opened.identity())
            assertEquals(account, opened.getAccount(account.id))
            assertEquals(SyncState.IDLE, opened.syncState())
        }
    }

    @Test
    fun anEncryptedStoreOpensOnlyWithItsKey() {
        val key = ByteArray(32) { it.toByte() }
        val path = File(tmp.root, "enc.db").path
        val created = FieldSales.createWithKey(path, "ana", Role.REP, "Europe/Berlin", key)
        assertTrue(created.isEncrypted())
        val account = created.createAccount(newAccount("Kiosk Süd"))
        created.closeStore()
        created.close()
        assertFalse(String(File(path).readBytes().copyOf(15)) == "SQLite format 3")
        assertFails<FieldSalesException.Storage> { FieldSales.openWithKey(path, ByteArray(32)) }
        assertFails<FieldSalesException.Storage> { FieldSales.open(path) }
        assertFails<FieldSalesException.Invalid> { FieldSales.openWithKey(path, ByteArray(5)) }
        FieldSales.openWithKey(path, key).use { opened ->
            assertTrue(opened.isEncrypted())
            assertEquals(account, opened.getAccount(account.id))
        }
    }

    @Test
    fun aClosedStoreRefusesEveryCallWithInvalid() {
        val store = newStore(tmp.root)
        val account = store.createAccount(newAccount("Acme"))
        store.closeStore()
        store.closeStore() // closing twice is fine
        assertFails<FieldSalesException.Invalid> { store.getAccount(account.id) }
        assertFails<FieldSalesException.Invalid> { store.identity() }
        assertFails<FieldSalesException.Invalid> { store.createAccount(newAccount("Later")) }
        assertFails<FieldSalesException.Invalid> { runBlocking { store.sync() } }
        store.close()
    }

    @Test
    fun storageErrorsForMissingAndExistingFiles() {
        val missing = File(tmp.root, "nothing-here.db").path
        assertFails<FieldSalesException.Storage> { FieldSales.open(missing) }
        assertFalse("opening creates nothing", File(missing).exists())
        newStore(tmp.root, "ada").use { it.closeStore() }
        assertFails<FieldSalesException.Storage> { newStore(tmp.root, "ada") }
    }

    @Test
    fun aBadZoneIsInvalidAndCreatesNothing() {
        val e = assertFails<FieldSalesException.Invalid> {
            FieldSales.create(File(tmp.root, "z.db").path, "ada", Role.REP, "Mars/Olympus_Mons")
        }
        assertTrue(e.reason, e.reason.contains("Mars/Olympus_Mons"))
    }

    @Test
    fun syncOfAStandaloneStoreIsInvalidAndSaysToLogIn() = runBlocking {
        newStore(tmp.root).use { store ->
            val e = assertFails<FieldSalesException.Invalid> { runBlocking { store.sync() } }
            assertTrue(e.reason, e.reason.contains("log in"))
            assertEquals(SyncState.IDLE, store.syncState())
        }
    }
}

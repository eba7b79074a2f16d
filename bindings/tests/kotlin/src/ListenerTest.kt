package com.fieldsales.ffi.tests

import com.fieldsales.ffi.AccountEdit
import com.fieldsales.ffi.DataListener
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.RecordKind
import com.sun.jna.Native
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.future.await
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** Kotlin objects as Rust's `DataListener`: told after writes; their exceptions become values. */
class ListenerTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun dataListenersHearTheirKindUntilRemoved() {
        newStore(tmp.root).use { store ->
            val accounts = RecordingDataListener()
            val orders = RecordingDataListener()
            val accountsId = store.addDataListener(RecordKind.ACCOUNT, accounts)
            val ordersId = store.addDataListener(RecordKind.ORDER, orders)
            assertTrue(accountsId != ordersId)

            val shop = Shop(store) // one product, one account
            store.editAccount(shop.account.id, AccountEdit(name = "Acme Nord", phone = null, email = null,
                street = null, city = null, postalCode = null, segment = null, priceListId = null,
                visitFrequencyDays = null, note = null))
            assertEquals(listOf(RecordKind.ACCOUNT, RecordKind.ACCOUNT), accounts.kinds.toList())
            assertEquals(emptyList<RecordKind>(), orders.kinds.toList())
            store.newOrder(shop.account.id, listOf(line(shop.product, 1000)))
            assertEquals(listOf(RecordKind.ORDER), orders.kinds.toList())

            assertTrue(store.removeListener(accountsId))
            assertFalse("removing twice finds nothing", store.removeListener(accountsId))
            store.createAccount(newAccount("Beta"))
            assertEquals(2, accounts.kinds.size)
            assertTrue(store.removeListener(ordersId))
            assertEquals(emptyList<String>(), store.takeListenerErrors())
        }
    }

    @Test
    fun aThrowingListenerBecomesAnErrorValueAndTheWriteStands() {
        newStore(tmp.root).use { store ->
            store.addDataListener(RecordKind.ACCOUNT, object : DataListener {
                override fun onChanged(kind: RecordKind) = throw IllegalStateException("boom from Kotlin")
            })
            store.addDataListener(RecordKind.ACCOUNT, object : DataListener {
                override fun onChanged(kind: RecordKind) =
                    throw FieldSalesException.Invalid("screen refused ${kind.name}")
            })
            val after = RecordingDataListener()
            store.addDataListener(RecordKind.ACCOUNT, after)

            val a = store.createAccount(newAccount("Acme"))
            assertEquals("the write stands", a, store.getAccount(a.id))
            assertEquals("later listeners still hear it", listOf(RecordKind.ACCOUNT), after.kinds.toList())
            val errors = store.takeListenerErrors()
            assertEquals(errors.toString(), 2, errors.size)
            assertTrue(errors[0], errors[0].startsWith("internal: a listener failed") && "boom from Kotlin" in errors[0])
            assertEquals("screen refused ACCOUNT", errors[1])
            assertEquals("taken means gone", emptyList<String>(), store.takeListenerErrors())
        }
    }

    /**
     * The generated callback code turns a Kotlin `Exception` into an error value, but not an
     * `Error` (`TODO()`, `AssertionError`): JNA's callback exception handler gets it, Rust sees
     * success and `takeListenerErrors()` stays empty. Nothing crashes and the write stands.
     */
    @Test
    fun aListenerThrowingAnErrorCrashesNothingButIsNotReported() {
        val escaped = Collections.synchronizedList(mutableListOf<Throwable>())
        val previous = Native.getCallbackExceptionHandler()
        Native.setCallbackExceptionHandler { _, e -> escaped += e }
        try {
            newStore(tmp.root).use { store ->
                store.addDataListener(RecordKind.ACCOUNT, object : DataListener {
                    override fun onChanged(kind: RecordKind) = TODO("screen not written yet")
                })
                val after = RecordingDataListener()
                store.addDataListener(RecordKind.ACCOUNT, after)
                val a = store.createAccount(newAccount("Acme"))
                assertEquals(a, store.getAccount(a.id))
                assertEquals(listOf(RecordKind.ACCOUNT), after.kinds.toList())
                assertEquals(listOf("NotImplementedError"), escaped.map { it::class.simpleName })
                assertEquals("lost on the way to Rust", emptyList<String>(), store.takeListenerErrors())
            }
        } finally {
            Native.setCallbackExceptionHandler(previous)
        }
    }

    @Test
    fun aCallbackFlowOverADataListenerReceivesTheKindAfterAWrite() = runBlocking {
        newStore(tmp.root).use { store ->
            val registered = CompletableFuture<ULong>()
            val removed = CompletableFuture<Boolean>()
            val next = async(Dispatchers.Default) {
                store.changes(RecordKind.CONTACT, registered, removed).first()
            }
            withTimeout(10_000) { registered.await() }
            val account = store.createAccount(newAccount("Acme"))
            store.createContact(
                com.fieldsales.ffi.NewContact(account.id, "Jo Buyer", "Purchasing", "+49 1", "jo@example.com"),
            )
            assertEquals(RecordKind.CONTACT, withTimeout(10_000) { next.await() })
            assertTrue("the flow removed its listener when collection ended", removed.get(10, TimeUnit.SECONDS))
            assertFalse(store.removeListener(registered.get()))
        }
    }
}

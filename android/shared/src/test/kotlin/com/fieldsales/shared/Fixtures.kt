package com.fieldsales.shared

import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.NewAccount
import com.fieldsales.ffi.NewProduct
import com.fieldsales.ffi.Product
import com.fieldsales.ffi.Role
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.After
import java.io.File
import java.nio.file.Files
import java.time.LocalDate
import java.time.LocalTime
import java.time.ZoneId

/**
 * A real store in a temporary directory, a [Repository] over it and a scope for view-models,
 * all closed after each test. No coroutine test library here: tests wait with [await] (the
 * first state that matches, within a timeout) and join the jobs actions return.
 */
abstract class StoreTest {
    protected val dir: File = Files.createTempDirectory("fieldsales-android-").toFile()
    private val job = SupervisorJob()
    protected val scope = CoroutineScope(job + Dispatchers.Default)
    private val opened = mutableListOf<Pair<FieldSales, Repository>>()

    protected val zone = "Europe/Berlin"

    /** A store not bound to a server, owned by [user] in [role], with a repository over it. */
    protected fun open(role: Role = Role.MANAGER, user: String = "ana"): Repository {
        val store = FieldSales.create(File(dir, "$user-${opened.size}.db").path, user, role, zone)
        return adopt(store)
    }

    protected fun adopt(store: FieldSales, forgetKey: () -> Unit = {}): Repository {
        val repo = Repository(store, forgetKey = forgetKey)
        opened += store to repo
        return repo
    }

    @After
    fun closeEverything() {
        // the view-models' flows remove their store listeners as they are cancelled, before
        // the stores go away
        runBlocking { job.cancelAndJoin() }
        for ((store, repo) in opened) {
            repo.close()
            store.closeStore()
            store.close()
        }
        dir.deleteRecursively()
    }

    protected fun <T> StateFlow<T>.await(timeoutMs: Long = 10_000, what: (T) -> Boolean): T =
        runBlocking {
            try {
                withTimeout(timeoutMs) { first(what) }
            } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
                throw AssertionError("no matching state within $timeoutMs ms; last: $value", e)
            }
        }

    protected fun Job.done() = runBlocking { withTimeout(10_000) { join() } }

    protected fun Repository.account(
        name: String,
        geo: GeoPoint? = null,
        everyDays: Long = 0,
        territoryId: String? = null,
    ) =
        store.createAccount(
            NewAccount(
                name = name, legalName = "", phone = "", email = "", street = "", city = "Berlin",
                postalCode = "10115", country = "DE", geo = geo, segment = "", territoryId = territoryId,
                visitFrequencyDays = everyDays,
            ),
        )

    /** A product in the store's currency (managers and admins only). */
    protected fun Repository.product(sku: String, name: String, priceMinor: Long, taxBp: Long = 1900): Product =
        store.createProduct(NewProduct(sku, name, priceMinor, store.identity().currency, taxBp))

    /** [hour]:00 today on the store's calendar, as UTC milliseconds. */
    protected fun Repository.todayAt(hour: Int): Long =
        LocalDate.parse(store.today()).atTime(LocalTime.of(hour, 0))
            .atZone(ZoneId.of(store.identity().zone)).toInstant().toEpochMilli()
}

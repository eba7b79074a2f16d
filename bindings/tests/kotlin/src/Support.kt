package com.fieldsales.ffi.tests

import com.fieldsales.ffi.Account
import com.fieldsales.ffi.DataListener
import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.NewAccount
import com.fieldsales.ffi.NewLine
import com.fieldsales.ffi.NewProduct
import com.fieldsales.ffi.Product
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.Role
import com.fieldsales.ffi.SyncListener
import com.fieldsales.ffi.SyncProgress
import com.fieldsales.ffi.SyncState
import java.io.File
import java.net.ServerSocket
import java.util.Collections
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import org.junit.Assert.assertEquals
import org.junit.Assert.fail

/** The repository root (the run script exports it). */
val ROOT: File = File(System.getenv("FIELDSALES_ROOT") ?: ".").absoluteFile

/** `[workspace.package] version` of the root Cargo.toml. */
fun workspaceVersion(): String {
    var inPackage = false
    for (line in File(ROOT, "Cargo.toml").readLines()) {
        val t = line.trim()
        if (t.startsWith("[")) inPackage = t == "[workspace.package]"
        if (inPackage) {
            Regex("""^version\s*=\s*"([^"]+)"""").find(t)?.let { return it.groupValues[1] }
        }
    }
    error("no [workspace.package] version in ${File(ROOT, "Cargo.toml")}")
}

/** Assert that [block] throws a [T] and return it, for its fields. */
inline fun <reified T : FieldSalesException> assertFails(block: () -> Unit): T {
    try {
        block()
    } catch (e: FieldSalesException) {
        if (e is T) return e
        throw AssertionError("expected ${T::class.simpleName}, got ${e::class.simpleName}: ${e.message}", e)
    }
    fail("expected ${T::class.simpleName}, nothing was thrown")
    throw IllegalStateException("unreachable")
}

/** A standalone store (no server): its user owns its data, so no role checks apply. */
fun newStore(dir: File, name: String = "ada", role: Role = Role.ADMIN, zone: String = "Europe/Berlin"): FieldSales =
    FieldSales.create(File(dir, "$name.db").path, name, role, zone)

fun newAccount(
    name: String,
    city: String = "Berlin",
    territoryId: String? = null,
    visitFrequencyDays: Long = 0,
) = NewAccount(
    name = name,
    legalName = "$name GmbH",
    phone = "+49 30 1234",
    email = "buyer@example.com",
    street = "Hauptstr. 1",
    city = city,
    postalCode = "10115",
    country = "DE",
    geo = null,
    segment = "retail",
    territoryId = territoryId,
    visitFrequencyDays = visitFrequencyDays,
)

/** 12.50 EUR, 20 % tax: 3 of them are 37.50 net + 7.50 tax = 45.00. */
fun FieldSales.widget(sku: String = "W-1"): Product =
    createProduct(NewProduct(sku, "Widget", 1250, identity().currency, 2000))

fun line(p: Product, qtyMilli: Long, discountBp: Long = 0) = NewLine(p.id, qtyMilli, discountBp)

/** An account and a product priced at 12.50 + 20 % tax, in a fresh standalone store. */
class Shop(val store: FieldSales) {
    val product: Product = store.widget()
    val account: Account = store.createAccount(newAccount("Acme"))
}

/** A [DataListener] that writes down every kind it hears about. */
class RecordingDataListener : DataListener {
    val kinds: MutableList<RecordKind> = Collections.synchronizedList(mutableListOf())
    override fun onChanged(kind: RecordKind) {
        kinds += kind
    }
}

/** A [SyncListener] that writes down states and progress; [failProgress] makes it throw. */
class RecordingSyncListener(private val failProgress: FieldSalesException? = null) : SyncListener {
    val states: MutableList<SyncState> = Collections.synchronizedList(mutableListOf())
    val progress: MutableList<SyncProgress> = Collections.synchronizedList(mutableListOf())
    override fun onProgress(progress: SyncProgress) {
        failProgress?.let { throw it }
        this.progress += progress
    }
    override fun onState(state: SyncState) {
        states += state
    }
}

/**
 * The kinds that change, as a Flow: what a reactive screen collects. [registered] completes
 * once the listener is in place (writes before that are not seen); the listener is removed
 * when collection ends, and [removed] says whether `removeListener` found it.
 */
fun FieldSales.changes(
    kind: RecordKind,
    registered: CompletableFuture<ULong> = CompletableFuture(),
    removed: CompletableFuture<Boolean> = CompletableFuture(),
): Flow<RecordKind> = callbackFlow {
    val id = addDataListener(kind, object : DataListener {
        override fun onChanged(kind: RecordKind) {
            trySend(kind)
        }
    })
    registered.complete(id)
    awaitClose { removed.complete(removeListener(id)) }
}

/** A loopback port nobody listens on (bound, then released). */
fun deadUrl(): String = ServerSocket(0).use { "http://127.0.0.1:${it.localPort}" }

/**
 * A `fieldsales-server` process on loopback: a data directory with one territory and users,
 * serving on a port the system picks. `close()` kills it.
 */
class ServerProcess(private val dir: File) : AutoCloseable {
    private val bin = System.getenv("FIELDSALES_SERVER") ?: File(ROOT, "target/debug/fieldsales-server").path
    private val data = File(dir, "server-data")
    private val log = File(dir, "server.log")
    private var process: Process? = null
    lateinit var url: String
        private set
    lateinit var territoryId: String
        private set

    private fun cli(vararg args: String): String {
        val p = ProcessBuilder(bin, *args).redirectErrorStream(true).start()
        val out = p.inputStream.bufferedReader().readText()
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly()
            fail("fieldsales-server ${args.joinToString(" ")} did not finish")
        }
        assertEquals("fieldsales-server ${args.joinToString(" ")}: $out", 0, p.exitValue())
        return out.trim()
    }

    /** `init`, a territory `North`, the [users] (name to role; reps get North), then `serve`. */
    fun start(users: Map<String, String>): ServerProcess {
        cli("init", "--data", data.path)
        val json = cli("territory", "add", "--data", data.path, "--name", "North", "--json")
        territoryId = Regex(""""id"\s*:\s*"([^"]+)"""").find(json)?.groupValues?.get(1)
            ?: error("no territory id in $json")
        for ((name, role) in users) {
            val territory = if (role == "admin") emptyList() else listOf("--territory", territoryId)
            cli("user", "add", "--data", data.path, "--name", name, "--password", password(name),
                "--role", role, *territory.toTypedArray())
        }
        val p = ProcessBuilder(bin, "serve", "--data", data.path, "--listen", "127.0.0.1:0")
            .redirectError(log)
            .start()
        process = p
        // the first line says where it listens; read it on another thread to bound the wait
        val first = CompletableFuture.supplyAsync { p.inputStream.bufferedReader().readLine() }
        val line = try {
            first.get(30, TimeUnit.SECONDS)
        } catch (e: Exception) {
            close()
            throw AssertionError("fieldsales-server did not say where it listens; log: ${log()}", e)
        }
        url = Regex("""listening on (http://\S+)""").find(line ?: "")?.groupValues?.get(1)
            ?: run { close(); error("unexpected first line `$line`; log: ${log()}") }
        return this
    }

    fun password(user: String) = "pw-$user-secret"

    fun log(): String = if (log.exists()) log.readText() else ""

    override fun close() {
        val p = process ?: return
        process = null
        p.destroy()
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        }
    }
}

package com.fieldsales.shared

import java.io.File
import java.net.ServerSocket
import java.util.concurrent.TimeUnit

/**
 * A real `fieldsales-server` (FIELDSALES_SERVER_BIN, built by run-jvm-tests) on a free loopback
 * port with its own data directory, set up through its CLI as the README shows.
 */
class SyncServer(private val data: File) : AutoCloseable {
    private val bin: String = System.getenv("FIELDSALES_SERVER_BIN")
        ?: throw IllegalStateException("FIELDSALES_SERVER_BIN is not set: run android/shared/run-jvm-tests")
    private var process: Process? = null

    /** `http://127.0.0.1:PORT` once [start] returned. */
    lateinit var url: String
        private set

    init {
        cli("init")
    }

    private fun cli(vararg args: String): String {
        val p = ProcessBuilder(listOf(bin, *args, "--data", data.path)).redirectErrorStream(true).start()
        val out = p.inputStream.bufferedReader().readText()
        check(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) { "fieldsales-server ${args.toList()}: $out" }
        return out
    }

    private fun id(json: String): String =
        Regex("\"id\"\\s*:\\s*\"([^\"]+)\"").find(json)?.groupValues?.get(1) ?: error("no id in $json")

    fun territory(name: String): String = id(cli("territory", "add", "--name", name, "--json"))

    fun user(name: String, password: String, role: String, territory: String? = null): String {
        val t = territory?.let { listOf("--territory", it) } ?: emptyList()
        return id(cli("user", "add", "--name", name, "--password", password, "--role", role, *t.toTypedArray(), "--json"))
    }

    /** What an admin does for a lost phone: its next contact wipes it. */
    fun revokeDevice(id: String) {
        cli("device", "revoke", "--id", id)
    }

    fun start(): String {
        val p = ProcessBuilder(bin, "serve", "--data", data.path, "--listen", "127.0.0.1:0")
            .redirectErrorStream(true).start()
        process = p
        val reader = p.inputStream.bufferedReader()
        while (true) {
            val line = reader.readLine() ?: error("fieldsales-server ended before it listened")
            if (line.startsWith("listening on ")) {
                url = line.removePrefix("listening on ").trim()
                break
            }
        }
        // keep reading its log so it never blocks on a full pipe
        Thread { reader.forEachLine { } }.apply { isDaemon = true }.start()
        return url
    }

    /** Stop serving; the port is then closed, as for a phone out of reach. */
    fun stop() {
        process?.let {
            it.destroy()
            it.waitFor(10, TimeUnit.SECONDS)
        }
        process = null
    }

    override fun close() = stop()

    companion object {
        /** A loopback URL nobody listens on. */
        fun unreachableUrl(): String {
            val port = ServerSocket(0).use { it.localPort }
            return "http://127.0.0.1:$port"
        }
    }
}

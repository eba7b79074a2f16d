package com.fieldsales.ffi.tests

import kotlin.system.exitProcess
import org.junit.runner.JUnitCore
import org.junit.runner.Request
import org.junit.runner.notification.Failure

/** Every test class of the suite; `run Name ...` picks some by simple name. */
val SUITE: List<Class<*>> = listOf(
    LibraryTest::class.java,
    LocaleTest::class.java,
    StoreTest::class.java,
    ListenerTest::class.java,
    AccountsTest::class.java,
    ActivityTest::class.java,
    OrdersTest::class.java,
    QuotesTest::class.java,
    ManageTest::class.java,
    SellingTest::class.java,
    ServerTest::class.java,
)

private val JUNIT_FRAME = Regex("""^\s+at (org\.junit\.|java\.base/(jdk\.internal\.reflect|java\.lang\.reflect)\.)""")

fun main(args: Array<String>) {
    val classes = if (args.isEmpty()) SUITE else args.map { name ->
        SUITE.firstOrNull { it.simpleName == name }
            ?: run {
                System.err.println("no test class $name; there are ${SUITE.map { it.simpleName }}")
                exitProcess(2)
            }
    }
    val core = JUnitCore()
    val failures = mutableListOf<Failure>()
    var run = 0
    for (c in classes) {
        val started = System.nanoTime()
        val result = core.run(Request.aClass(c))
        run += result.runCount
        failures += result.failures
        val ms = (System.nanoTime() - started) / 1_000_000
        println("${c.simpleName}: ${result.runCount - result.failureCount}/${result.runCount} in $ms ms")
    }
    for (f in failures) {
        println()
        println("FAILED ${f.testHeader}")
        // the test's own frames and the cause; JUnit's and reflection's frames say nothing
        f.trace.lineSequence()
            .filterNot { JUNIT_FRAME.containsMatchIn(it) }
            .forEach { println(it) }
    }
    // a failure in @BeforeClass fails the class without running its tests: count it once
    val failed = failures.size
    val passed = maxOf(0, run - failures.count { it.description.isTest })
    println("$passed passed, $failed failed")
    System.out.flush()
    exitProcess(if (failed == 0) 0 else 1)
}

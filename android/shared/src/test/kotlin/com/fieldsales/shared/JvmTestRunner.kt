package com.fieldsales.shared

import org.junit.runner.Description
import org.junit.runner.JUnitCore
import org.junit.runner.notification.Failure
import org.junit.runner.notification.RunListener
import kotlin.system.exitProcess

/**
 * Runs the JUnit 4 classes named on the command line (run-jvm-tests passes every `*Test`),
 * prints each test as it ends and each failure with its trace, and ends with exactly one
 * `N passed, N failed` line.
 */
fun main(args: Array<String>) {
    // the shared base classes of the tests are not tests
    val classes = args.map { Class.forName(it) }.filterNot { java.lang.reflect.Modifier.isAbstract(it.modifiers) }
    val core = JUnitCore()
    var passed = 0
    core.addListener(object : RunListener() {
        private val started = HashMap<Description, Long>()
        private val failed = HashSet<Description>()

        override fun testStarted(d: Description) {
            started[d] = System.nanoTime()
        }

        override fun testFailure(f: Failure) {
            failed += f.description
            println("FAIL ${f.description.className}.${f.description.methodName}")
            println(f.trace.prependIndent("    "))
        }

        override fun testFinished(d: Description) {
            val ms = (System.nanoTime() - (started[d] ?: System.nanoTime())) / 1_000_000
            if (d in failed) return
            passed += 1
            println("ok   ${d.className.substringAfterLast('.')}.${d.methodName} ($ms ms)")
        }
    })
    val result = core.run(*classes.toTypedArray())
    // a failure outside a test (a class that cannot start) counts as one failed
    val failed = result.failureCount
    println("$passed passed, $failed failed")
    exitProcess(if (failed == 0 && passed > 0) 0 else 1)
}

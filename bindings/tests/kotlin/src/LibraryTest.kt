package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.coreVersion
import com.fieldsales.ffi.currencyDecimals
import com.fieldsales.ffi.formatMoney
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Test

/** Loading the library: the contract version and checksums the generated code checks. */
class LibraryTest {
    /**
     * The generated code checks, when the library loads, that it was generated from this very
     * library (contract version and one checksum per function). The checks are private to the
     * generated file, so they are called here by reflection, after the load, once more.
     */
    @Test
    fun libraryLoadsAndItsChecksumsMatchTheGeneratedCode() {
        // touching the object loads libfieldsales_ffi through JNA and runs both checks
        val libClass = Class.forName("com.fieldsales.ffi.IntegrityCheckingUniffiLib")
        val lib = libClass.getField("INSTANCE").get(null)
        assertNotNull(lib)
        val file = Class.forName("com.fieldsales.ffi.Fieldsales_ffiKt")
        for (check in listOf("uniffiCheckContractApiVersion", "uniffiCheckApiChecksums")) {
            val m = file.getDeclaredMethod(check, libClass)
            m.isAccessible = true
            // throws (wrapped in InvocationTargetException) on a mismatch
            m.invoke(null, lib)
        }
        assertEquals(workspaceVersion(), coreVersion())
    }

    /** Money is formatted with the core's currency table: the phones keep none of their own. */
    @Test
    fun moneyUsesTheCoresCurrencyTable() {
        assertEquals(
            listOf(0u, 0u, 2u, 2u, 2u, 2u, 3u),
            listOf("VND", "JPY", "THB", "CNY", "EUR", "IRR", "KWD").map { currencyDecimals(it) },
        )
        try {
            currencyDecimals("XYZ")
            throw AssertionError("XYZ is not a currency")
        } catch (e: FieldSalesException.Invalid) {
            // expected
        }
        assertEquals("25000", formatMoney(25_000, "VND"))
        assertEquals("1500.00", formatMoney(150_000, "THB"))
        assertEquals("-1.234", formatMoney(-1_234, "KWD"))
    }
}

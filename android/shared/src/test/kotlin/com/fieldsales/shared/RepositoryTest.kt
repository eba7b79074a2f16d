package com.fieldsales.shared

import com.fieldsales.ffi.AccountQuery
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.SyncState
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class RepositoryTest : StoreTest() {
    private val all = AccountQuery(null, null, null, 100u, 0u)

    @Test
    fun observeReadsAtOnceAndAgainAfterEachCommittedWriteOfItsKindOnly() {
        val repo = open()
        val reads = MutableStateFlow<List<List<String>>>(emptyList())
        scope.launch {
            repo.observe(RecordKind.ACCOUNT) { listAccounts(all).map { it.name } }
                .collect { r -> reads.update { it + listOf(r.getOrThrow()) } }
        }
        // the first read comes after the listener is in place, so the write after it is heard
        reads.await { it.size == 1 }
        repo.account("Acme")
        reads.await { it.size == 2 }
        repo.store.createTask("call back", null, null) // another kind: no read
        repo.account("Beta")
        reads.await { it.lastOrNull() == listOf("Acme", "Beta") }
        assertEquals(listOf(emptyList(), listOf("Acme"), listOf("Acme", "Beta")), reads.value)
    }

    @Test
    fun aFailedReadIsAValueAndTheFlowGoesOn() {
        val repo = open()
        val first = runBlocking {
            withTimeout(10_000) { repo.observe(RecordKind.ACCOUNT) { getAccount("nope") }.take(1).toList() }
        }.single()
        val e = first.exceptionOrNull()
        assertTrue("$e", e is FieldSalesException.NotFound)
        assertEquals(UiError.NotFound("account"), e!!.toUiError())
    }

    @Test
    fun syncOnAStoreWithoutAServerIsInvalidAndTheStateStaysIdle() {
        val repo = open()
        val e = runBlocking { attempt { repo.sync() } }.exceptionOrNull()
        assertTrue("$e", e is FieldSalesException.Invalid)
        assertEquals(SyncState.IDLE, repo.syncStatus.value.state)
        assertEquals("idle", repo.syncStatus.value.label)
    }
}

class UiErrorTest {
    @Test
    fun everyVariantBecomesTheMessageAScreenActsOn() {
        val cases = listOf(
            FieldSalesException.NotFound("order", "o1") to UiError.NotFound("order"),
            FieldSalesException.Invalid("qty must be > 0") to UiError.Invalid("qty must be > 0"),
            FieldSalesException.Forbidden("reps") to UiError.Forbidden("reps"),
            FieldSalesException.Conflict("not_editable", "submitted") to UiError.Conflict("not_editable", "submitted"),
            FieldSalesException.Offline("refused") to UiError.Offline("refused"),
            FieldSalesException.Unauthorized("expired") to UiError.Unauthorized("expired"),
            FieldSalesException.DeviceRevoked("lost phone") to UiError.DeviceRevoked("lost phone"),
            FieldSalesException.Storage("disk") to UiError.Storage("disk"),
            FieldSalesException.Internal("bug") to UiError.Internal("bug"),
            InvalidInput("Enter a name") to UiError.Invalid("Enter a name"),
            IllegalStateException("boom") to UiError.Internal("boom"),
        )
        for ((e, want) in cases) assertEquals(want, e.toUiError())
        assertTrue(UiError.Offline("x").retryable)
        assertTrue(UiError.Unauthorized("x").needsLogin)
        assertTrue(UiError.DeviceRevoked("x").needsLogin)
        assertEquals("qty must be > 0", UiError.Invalid("qty must be > 0").text)
    }
}

class UnitsTest {
    @Test
    fun moneyQuantitiesAndRatesReadAndShowInTheCoresUnits() {
        assertEquals("12.50 EUR", Units.money(1250, "EUR"))
        assertEquals("1250 JPY", Units.money(1250, "JPY"))
        assertEquals("-0.05 EUR", Units.money(-5, "EUR"))
        assertEquals(1500L, Units.parseQtyMilli("1,5"))
        assertEquals(null, Units.parseQtyMilli("0"))
        assertEquals(null, Units.parseQtyMilli("1.0005"))
        assertEquals("1.5", Units.qty(1500))
        assertEquals(1250L, Units.parsePercentBp("12.5"))
        assertEquals(null, Units.parsePercentBp("101"))
        assertEquals("12.5%", Units.percent(1250))
        assertEquals(Periods("2026-11", "2026-Q4"), Periods.of("2026-11-22"))
        assertEquals("2026-Q1", Periods.of("2026-03-31").quarter)
    }
}

class SignaturePadTest {
    @Test
    fun strokesKeepPositionsAndMillisecondsSinceTheirStart() {
        val pad = SignaturePad()
        assertTrue(pad.isEmpty)
        pad.moveTo(1f, 1f, 5) // no stroke open: ignored
        pad.begin(10.4f, 20.6f, 1_000)
        pad.moveTo(11f, 21f, 1_016)
        pad.moveTo(11.2f, 20.9f, 1_020) // same pixel: dropped
        pad.moveTo(15f, 25f, 1_033)
        pad.end()
        pad.moveTo(99f, 99f, 1_100) // pen up: ignored
        pad.begin(30f, 30f, 2_000)
        pad.moveTo(31f, 30f, 2_008)
        pad.end()
        val strokes = pad.strokes.value
        assertEquals(2, strokes.size)
        assertEquals(listOf(Triple(10L, 21L, 0L), Triple(11L, 21L, 16L), Triple(15L, 25L, 33L)),
            strokes[0].points.map { Triple(it.x, it.y, it.tMs) })
        assertEquals(listOf(0L, 8L), strokes[1].points.map { it.tMs })
        pad.clear()
        assertTrue(pad.isEmpty)
    }
}

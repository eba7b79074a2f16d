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
        assertEquals(SyncStatus(SyncState.IDLE), repo.syncStatus.value)
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
            InvalidInput(InputProblem.ACCOUNT_NAME_MISSING) to UiError.Input(InputProblem.ACCOUNT_NAME_MISSING),
            IllegalStateException("boom") to UiError.Internal("boom"),
        )
        for ((e, want) in cases) assertEquals(want, e.toUiError())
        assertTrue(UiError.Offline("x").retryable)
        assertTrue(UiError.Unauthorized("x").needsLogin)
        assertTrue(UiError.DeviceRevoked("x").needsLogin)
    }
}

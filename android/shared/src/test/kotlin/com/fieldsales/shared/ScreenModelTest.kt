package com.fieldsales.shared

import com.fieldsales.ffi.FieldSalesException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Test

/** What a screen shows when several things fail: a revocation is not hidden by what follows. */
class ScreenModelTest {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    @After
    fun stop() = scope.cancel()

    private class Model(scope: CoroutineScope) : ScreenModel<Unit>(Unit, scope) {
        fun failing(e: Exception) = action { throw e }
        fun succeeding() = action {}
    }

    @Test
    fun aReadFailingAfterARevocationDoesNotHideIt() = runBlocking {
        val vm = Model(scope)
        vm.failing(FieldSalesException.DeviceRevoked("lost phone")).join()
        // a read that raced the core's wipe of the store
        vm.failing(FieldSalesException.Storage("no such table: documents")).join()
        assertEquals(UiError.DeviceRevoked("lost phone"), vm.error.value)
        vm.dismissError()
        vm.failing(FieldSalesException.Storage("disk full")).join()
        assertEquals(UiError.Storage("disk full"), vm.error.value)
    }

    @Test
    fun otherwiseTheLastFailureShowsAndSuccessClearsIt() = runBlocking {
        val vm = Model(scope)
        vm.failing(FieldSalesException.Unauthorized("wrong password")).join()
        assertEquals(UiError.Unauthorized("wrong password"), vm.error.value)
        vm.failing(InvalidInput(InputProblem.SERVER_URL_SCHEME)).join()
        assertEquals(UiError.Input(InputProblem.SERVER_URL_SCHEME), vm.error.value)
        vm.failing(FieldSalesException.DeviceRevoked("lost phone")).join()
        vm.succeeding().join()
        assertEquals(null, vm.error.value)
    }
}

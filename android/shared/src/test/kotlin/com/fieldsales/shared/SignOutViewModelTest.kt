package com.fieldsales.shared

import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.loginWithKey
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.File

/** Sign out as the Sync screen does it, with an encrypted store whose key must go with it. */
class SignOutViewModelTest : ServerTest() {
    private val keys = StoreKeys(MemoryKeyWrapper())
    private val path = File(dir, "ana-keyed.db").path
    private val keyFile get() = File("$path.key")

    private fun signedIn(): Repository {
        val store = runBlocking { loginWithKey(path, keys.keyFor(path), server.url, "ana", "pw-ana-secret") }
        assertTrue(keyFile.exists())
        return adopt(store) { keys.forget(path) }
    }

    private fun assertGone(repo: Repository) {
        assertTrue("${repo.ended.value}", repo.ended.value is SessionEnd.SignedOut)
        assertFalse(File(path).exists())
        assertFalse(keyFile.exists())
    }

    private fun assertKept(repo: Repository) {
        assertEquals(null, repo.ended.value)
        assertTrue(File(path).exists())
        assertTrue(keyFile.exists())
        assertEquals("ana", repo.store.identity().userName)
    }

    @Test
    fun aCleanSignOutEndsTheSessionAndDeletesTheStoreAndItsKey() {
        val repo = signedIn()
        val vm = SignOutViewModel(repo, scope)
        vm.signOut().done()
        assertEquals(null, vm.error.value)
        val done = vm.state.value as SignOutStep.SignedOut
        assertTrue(done.report.serverRevoked)
        assertEquals(0uL, done.report.discardedDocuments)
        assertGone(repo)
    }

    @Test
    fun unsyncedWorkAsksWithItsCountsAndSignOutAnywayDiscardsIt() {
        val repo = signedIn()
        repo.account("Leaving Ltd", territoryId = north)
        val vm = SignOutViewModel(repo, scope)
        vm.signOut().done()
        val ask = vm.state.value
        assertEquals(SignOutStep.ConfirmUnsynced(1, 0), ask)
        assertKept(repo)

        vm.signOutAnyway().done()
        val done = vm.state.value as SignOutStep.SignedOut
        assertEquals(1uL, done.report.discardedDocuments)
        assertTrue(done.report.serverRevoked)
        assertGone(repo)
    }

    @Test
    fun syncNowFromTheQuestionSyncsThenSignsOutWithNothingLost() {
        val repo = signedIn()
        repo.account("Staying Ltd", territoryId = north)
        val vm = SignOutViewModel(repo, scope)
        vm.signOut().done()
        assertTrue("${vm.state.value}", vm.state.value is SignOutStep.ConfirmUnsynced)
        vm.syncNow().done()
        assertEquals(null, vm.error.value)
        assertEquals(0uL, (vm.state.value as SignOutStep.SignedOut).report.discardedDocuments)
        assertGone(repo)
    }

    @Test
    fun anUnreachableServerAsksAndSignOutAnywayLeavesTheSessionToExpire() {
        val repo = signedIn()
        val vm = SignOutViewModel(repo, scope)
        server.stop()
        vm.signOut().done()
        val ask = vm.state.value
        assertTrue("$ask", ask is SignOutStep.ConfirmOffline)
        assertTrue((ask as SignOutStep.ConfirmOffline).reason.isNotEmpty())
        assertKept(repo)

        vm.signOutAnyway().done()
        val done = vm.state.value as SignOutStep.SignedOut
        assertFalse(done.report.serverRevoked)
        assertGone(repo)
    }

    @Test
    fun anUnreachableServerThenCancelKeepsEverything() {
        val repo = signedIn()
        val vm = SignOutViewModel(repo, scope)
        server.stop()
        vm.signOut().done()
        assertTrue("${vm.state.value}", vm.state.value is SignOutStep.ConfirmOffline)
        vm.cancel()
        assertEquals(SignOutStep.Idle, vm.state.value)
        assertEquals(null, vm.error.value)
        assertKept(repo)
    }

    @Test
    fun aRevokedDeviceEndsTheSessionForgetsTheKeyAndSaysWhy() {
        val repo = signedIn()
        server.revokeDevice(repo.store.identity().deviceId)
        val vm = SyncViewModel(repo, scope)
        vm.syncNow().done()
        val e = vm.error.value
        assertTrue("$e", e is UiError.DeviceRevoked)
        assertTrue(e!!.needsLogin)
        assertTrue("${repo.ended.value}", repo.ended.value is SessionEnd.Revoked)
        assertFalse(keyFile.exists())
    }

    @Test
    fun aRevocationSeenByAnyCallEndsTheSessionOnce() {
        var forgotten = 0
        val repo = Repository(open().store, forgetKey = { forgotten++ })
        repeat(2) {
            val thrown = runCatching {
                runBlocking { repo.call<Unit> { throw FieldSalesException.DeviceRevoked("device revoked: lost phone") } }
            }.exceptionOrNull()
            assertTrue("$thrown", thrown is FieldSalesException.DeviceRevoked)
        }
        assertEquals(SessionEnd.Revoked("device revoked: lost phone"), repo.ended.value)
        assertEquals(1, forgotten)
        repo.close()
    }
}

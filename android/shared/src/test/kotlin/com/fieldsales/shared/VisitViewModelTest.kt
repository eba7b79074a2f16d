package com.fieldsales.shared

import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.Role
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test

class VisitViewModelTest : StoreTest() {
    // the smallest PNG there is: one transparent pixel
    private val png = java.util.Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    )

    @Test
    fun checkInNotesAPhotoAndCheckOut() {
        val repo = open(Role.REP)
        val acme = repo.account("Acme")
        val visit = repo.store.planVisit(acme.id, System.currentTimeMillis(), 45)
        val vm = VisitViewModel(repo, scope, visit.id)
        val planned = vm.state.await { it.visit != null }
        assertEquals("Acme", planned.accountName)
        assertTrue(planned.canCheckIn)

        vm.checkIn(GeoPoint(52.52, 13.405)).done()
        val inside = vm.state.await { it.visit!!.status == "checked_in" }
        assertTrue(inside.canCheckOut)
        assertNotNull(inside.visit!!.checkInMs)
        assertEquals(GeoPoint(52.52, 13.405), inside.visit!!.checkInPlace)

        vm.addNote("Wants the spring catalogue").done()
        vm.addNote("Ask about the new warehouse").done()
        vm.addPhoto(png).done()
        val noted = vm.state.await { it.visit!!.photos.size == 1 && it.visit!!.notes.lines().size == 2 }
        assertEquals("Wants the spring catalogue\nAsk about the new warehouse", noted.visit!!.notes)
        assertArrayEquals(png, runBlocking { vm.photo(noted.visit!!.photos.single()) })

        vm.checkOut(" ").done()
        assertEquals(UiError.Input(InputProblem.OUTCOME_MISSING), vm.error.value)
        vm.checkOut("order taken").done()
        val done = vm.state.await { it.visit!!.status == "completed" }
        assertEquals("order taken", done.visit!!.outcome)
        assertTrue(done.visit!!.checkOutMs!! >= done.visit!!.checkInMs!!)
    }
}

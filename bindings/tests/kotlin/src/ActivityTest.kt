package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.GeoPoint
import java.security.MessageDigest
import java.time.LocalDate
import java.time.ZoneId
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** Visits, photos, the day plan, due accounts and tasks. */
class ActivityTest {
    @get:Rule
    val tmp = TemporaryFolder()

    /** `hour:00` today on the store user's calendar, in UTC milliseconds. */
    private fun FieldSales.todayAt(hour: Int): Long =
        LocalDate.parse(today()).atTime(hour, 0).atZone(ZoneId.of(identity().zone)).toInstant().toEpochMilli()

    @Test
    fun todayIsTheUsersCalendarDay() {
        val zone = ZoneId.of("Pacific/Kiritimati") // UTC+14: rarely the same date as UTC
        newStore(tmp.root, zone = zone.id).use { store ->
            val before = LocalDate.now(zone).toString()
            val today = store.today()
            val after = LocalDate.now(zone).toString()
            assertTrue("$today is not $before or $after", today == before || today == after)
        }
    }

    @Test
    fun aVisitFromPlanToCheckOut() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val start = store.todayAt(10)
            val v = store.planVisit(a.id, start, 45)
            assertEquals("planned", v.status)
            assertEquals(start, v.plannedStartMs)
            assertEquals(start + 45 * 60_000, v.plannedEndMs)
            assertEquals(store.identity().userId, v.ownerId)
            assertEquals(v, store.getVisit(v.id))
            assertEquals(listOf(v.id), store.visitsOn(store.today()).map { it.id })
            assertEquals(emptyList<Any>(), store.visitsOn("2001-01-01"))

            val here = GeoPoint(52.5, 13.4)
            val inside = store.checkIn(v.id, here)
            assertEquals("checked_in", inside.status)
            assertEquals(here, inside.checkInPlace)
            assertNotNull(inside.checkInMs)
            store.addVisitNote(v.id, "Met the buyer")
            val noted = store.addVisitNote(v.id, "Wants a quote")
            assertEquals("Met the buyer\nWants a quote", noted.notes)

            val jpeg = byteArrayOf(0xFF.toByte(), 0xD8.toByte(), 0xFF.toByte(), 0xE0.toByte(), 1, 2, 3, 0, -1)
            val withPhoto = store.addVisitPhoto(v.id, jpeg)
            val hash = MessageDigest.getInstance("SHA-256").digest(jpeg).joinToString("") { "%02x".format(it) }
            assertEquals(listOf(hash), withPhoto.photos)
            assertArrayEquals(jpeg, store.photo(hash))
            assertFails<FieldSalesException.NotFound> { store.photo("0".repeat(64)) }
            assertFails<FieldSalesException.Invalid> { store.addVisitPhoto(v.id, ByteArray(0)) }

            val done = store.checkOut(v.id, "ordered", null)
            assertEquals("completed", done.status)
            assertEquals("ordered", done.outcome)
            assertTrue(done.checkOutMs!! >= done.checkInMs!!)
            val e = assertFails<FieldSalesException.Conflict> { store.cancelVisit(v.id) }
            assertEquals("invalid_transition", e.code)
            assertEquals(done, store.getVisit(v.id))
        }
    }

    @Test
    fun cancelAndBadInput() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val v = store.planVisit(a.id, store.todayAt(9), 30)
            assertEquals("cancelled", store.cancelVisit(v.id).status)
            assertFails<FieldSalesException.Invalid> { store.planVisit(a.id, store.todayAt(9), 0) }
            assertFails<FieldSalesException.NotFound> { store.planVisit("nope", store.todayAt(9), 30) }
            assertFails<FieldSalesException.Invalid> { store.visitsOn("31.12.2026") }
            assertFails<FieldSalesException.Invalid> { store.checkIn(v.id, GeoPoint(91.0, 0.0)) }
            assertFails<FieldSalesException.NotFound> { store.getVisit("nope") }
        }
    }

    @Test
    fun planDayOrdersTheDaysVisitsByDistance() {
        newStore(tmp.root).use { store ->
            // planned far, near, middle; from the office the drive is near, middle, far
            val office = GeoPoint(52.52, 13.40)
            val near = store.createAccount(newAccount("Near").copy(geo = GeoPoint(52.53, 13.41)))
            val middle = store.createAccount(newAccount("Middle").copy(geo = GeoPoint(52.40, 13.06)))
            val far = store.createAccount(newAccount("Far").copy(geo = GeoPoint(53.55, 10.00)))
            store.planVisit(far.id, store.todayAt(9), 30)
            store.planVisit(near.id, store.todayAt(11), 30)
            store.planVisit(middle.id, store.todayAt(13), 30)
            val plan = store.planDay(store.today(), office)
            assertEquals(store.today(), plan.date)
            assertEquals(office, plan.start)
            assertEquals(listOf("Near", "Middle", "Far"), plan.stops.map { it.accountName })
            assertEquals(plan.distanceKm, plan.stops.sumOf { it.legKm }, 1e-6)
            assertTrue("${plan.distanceKm} < ${plan.plannedOrderKm}", plan.distanceKm < plan.plannedOrderKm)
            assertFails<FieldSalesException.Invalid> { store.planDay("tomorrow", null) }
        }
    }

    @Test
    fun dueAccountsAreTheOnesWithARhythm() {
        newStore(tmp.root).use { store ->
            val weekly = store.createAccount(newAccount("Weekly", visitFrequencyDays = 7))
            store.createAccount(newAccount("Whenever"))
            val due = store.dueAccounts(LocalDate.parse(store.today()).plusDays(30).toString())
            assertEquals(listOf(weekly.id), due.map { it.accountId })
            assertEquals("Weekly", due[0].name)
            assertEquals(7L, due[0].visitFrequencyDays)
            assertNull(due[0].lastVisitMs)
        }
    }

    @Test
    fun tasksOpenAndDone() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val call = store.createTask("Call back about the quote", a.id, "2031-12-01")
            assertEquals(a.id, call.accountId)
            assertEquals("2031-12-01", call.due)
            assertEquals("open", call.status)
            assertEquals(store.identity().userId, call.ownerId)
            val loose = store.createTask("Order brochures", null, null)
            assertNull(loose.due)
            assertEquals(setOf(call.id, loose.id), store.openTasks(10u).map { it.id }.toSet())
            val done = store.completeTask(call.id)
            assertEquals("done", done.status)
            assertNotNull(done.doneAtMs)
            assertEquals(listOf(loose.id), store.openTasks(10u).map { it.id })
            assertEquals(listOf(call.id), store.accountDetail(a.id, 5u).tasks.map { it.id })
            assertFails<FieldSalesException.Invalid> { store.createTask("Bad date", null, "someday") }
            assertFails<FieldSalesException.Invalid> { store.createTask("  ", null, null) }
            assertFails<FieldSalesException.NotFound> { store.completeTask("nope") }
        }
    }
}

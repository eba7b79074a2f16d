package com.fieldsales.shared

import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.Role
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

class TodayViewModelTest : StoreTest() {
    @Test
    fun theDaysVisitsComeInDrivingOrderWithDueAccountsAndTasks() {
        val repo = open(Role.REP)
        // three customers on one road, east of each other: west, far east, middle
        val west = repo.account("West", GeoPoint(52.50, 13.00))
        val east = repo.account("East", GeoPoint(52.50, 13.40))
        val middle = repo.account("Middle", GeoPoint(52.50, 13.20))
        val due = repo.account("Due Weekly", everyDays = 7)
        // planned in the order west, east, middle: driving them so goes back and forth
        repo.store.planVisit(west.id, repo.todayAt(9), 30)
        repo.store.planVisit(east.id, repo.todayAt(10), 30)
        repo.store.planVisit(middle.id, repo.todayAt(11), 30)
        val task = repo.store.createTask("Call Acme back", null, null)

        val vm = TodayViewModel(repo, scope)
        val s = vm.state.await { it.plan?.stops?.size == 3 }
        assertEquals(repo.store.today(), s.date)
        assertEquals(listOf("West", "Middle", "East"), s.plan!!.stops.map { it.accountName })
        assertEquals(listOf(west.id, middle.id, east.id), s.plan!!.stops.map { it.accountId })
        assertTrue(s.plan!!.distanceKm < s.plan!!.plannedOrderKm)
        assertEquals(listOf(due.id), s.due.map { it.accountId })
        assertEquals(listOf(task.id), s.tasks.map { it.id })

        // a visit planned elsewhere joins the plan; a done task leaves the list
        val farWest = repo.account("Far West", GeoPoint(52.50, 12.80))
        repo.store.planVisit(farWest.id, repo.todayAt(12), 30)
        val more = vm.state.await { it.plan?.stops?.size == 4 }
        assertEquals(listOf("West", "Far West", "Middle", "East").size, more.plan!!.stops.size)
        vm.completeTask(task.id).done()
        vm.state.await { it.tasks.isEmpty() }

        // from a start in the east, the route runs west
        vm.setStart(GeoPoint(52.50, 13.50))
        val fromEast = vm.state.await { it.plan?.start != null }
        assertEquals(listOf("East", "Middle", "West", "Far West"), fromEast.plan!!.stops.map { it.accountName })
    }
}

package com.fieldsales.shared

import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.Visit
import kotlinx.coroutines.CoroutineScope

data class VisitState(
    val visit: Visit? = null,
    val accountName: String = "",
    val zone: String = "UTC",
) {
    val canCheckIn: Boolean get() = visit?.status == "planned"
    val canCheckOut: Boolean get() = visit?.status == "checked_in"
}

/** A visit at the customer's: check in, notes, photos, check out with the outcome. */
class VisitViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
    private val visitId: String,
) : ScreenModel<VisitState>(VisitState(), scope) {

    init {
        repo.observe(RecordKind.VISIT, RecordKind.ACCOUNT) {
            val v = getVisit(visitId)
            VisitState(v, getAccount(v.accountId).name, identity().zone)
        }.into { it }
    }

    /** Arrive now, at [place] when the phone knows it. */
    fun checkIn(place: GeoPoint? = null) = action { repo.call { checkIn(visitId, place) } }

    /** Leave now with what came of the visit. */
    fun checkOut(outcome: String, place: GeoPoint? = null) = action {
        requireInput(outcome.isNotBlank(), InputProblem.OUTCOME_MISSING)
        repo.call { checkOut(visitId, outcome.trim(), place) }
    }

    fun addNote(text: String) = action {
        requireInput(text.isNotBlank(), InputProblem.NOTE_EMPTY)
        repo.call { addVisitNote(visitId, text.trim()) }
    }

    /** A photo as JPEG or PNG bytes (from the camera or the picker). */
    fun addPhoto(bytes: ByteArray) = action {
        requireInput(bytes.isNotEmpty(), InputProblem.PHOTO_EMPTY)
        repo.call { addVisitPhoto(visitId, bytes) }
    }

    fun cancel() = action { repo.call { cancelVisit(visitId) } }

    /** A photo's bytes by the hash the visit lists (for a thumbnail). */
    suspend fun photo(hash: String): ByteArray = repo.call { photo(hash) }
}
